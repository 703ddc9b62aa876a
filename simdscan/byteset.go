package simdscan

// A ByteSet is a set of byte values prepared for IndexAny: a membership table
// for the portable code and nibble lookup tables for VPSHUFB. The zero value
// is the empty set. Neither Contains nor IndexAny changes a ByteSet, so one
// may be shared by any number of goroutines.
type ByteSet struct {
	// member[c] reports whether c is in the set.
	member [256]bool
	// n is the number of distinct members.
	n int
	// nib holds two tables indexed by the low nibble l of a byte: bit h of
	// nib[l] is set when the byte h<<4|l is in the set (h < 8), and bit h-8
	// of nib[16+l] when it is (h >= 8).
	nib [32]byte
}

// NewByteSet returns the set of the values in bytes; duplicates are allowed
// and an empty or nil bytes gives the empty set. The result does not refer to
// bytes.
func NewByteSet(bytes []byte) *ByteSet {
	s := new(ByteSet)
	for _, c := range bytes {
		if s.member[c] {
			continue
		}
		s.member[c] = true
		s.n++
		hi, lo := c>>4, c&15
		if hi < 8 {
			s.nib[lo] |= 1 << hi
		} else {
			s.nib[16+lo] |= 1 << (hi - 8)
		}
	}
	return s
}

// Contains reports whether c is in s. A nil s is the empty set.
func (s *ByteSet) Contains(c byte) bool {
	return s != nil && s.member[c]
}
