//go:build !linux

package ingest

// pinner does nothing where there is no sched_setaffinity: newPinner
// returns nil.
type pinner struct{ cpu int }

func newPinner() *pinner     { return nil }
func (p *pinner) check() int { return -1 }
func (p *pinner) close()     {}
