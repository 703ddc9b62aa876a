package simdscan_test

import (
	"fmt"
	"math/bits"

	"github.com/blazetools/blaze/simdscan"
)

// Structure finds the record ends of CSV whose fields span lines: a '\n'
// inside quotes is data, and the state carries from one call to the next.
func ExampleStructure() {
	parts := [][]byte{
		[]byte("name,readme\nblaze,\"# blaze\nis "),
		[]byte("\"\"fast\"\"\"\nslow,\n"),
	}
	inside := false
	records, lines := 0, 0
	for _, p := range parts {
		blocks := make([]simdscan.Block, simdscan.Blocks(len(p)))
		var n int
		n, inside = simdscan.Structure(p, inside, blocks)
		lines += n
		for _, b := range blocks {
			records += bits.OnesCount64(b.Newline)
		}
	}
	fmt.Println(records, "records,", lines, "newlines, ends inside quotes:", inside)
	// Output: 3 records, 4 newlines, ends inside quotes: false
}

func ExampleDigitOrBlazing() {
	for _, s := range []string{"Blazingly fast", "blazin' fast", "v2 is out", "na\u00efve"} {
		hit, nonASCII := simdscan.DigitOrBlazing([]byte(s))
		fmt.Println(s, hit, nonASCII)
	}
	// Output:
	// Blazingly fast true false
	// blazin' fast false false
	// v2 is out true false
	// naïve false true
}

func ExampleIndexAny() {
	set := simdscan.NewByteSet([]byte("bB"))
	fmt.Println(simdscan.IndexAny([]byte("a Blazing start"), set))
	fmt.Println(simdscan.IndexAny([]byte("nothing here"), set))
	// Output:
	// 2
	// -1
}
