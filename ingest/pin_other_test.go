//go:build !linux

package ingest

func canPin() bool { return false }
