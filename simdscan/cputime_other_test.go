//go:build !linux

package simdscan

import "time"

// threadCPU reports no thread CPU time outside Linux, so the benchmarks
// report wall-clock throughput only.
func threadCPU() time.Duration { return 0 }
