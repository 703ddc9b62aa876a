package rustre_test

import (
	"fmt"
	"regexp"

	"github.com/blazetools/blaze/scan/rustre"
)

func ExampleTranslate() {
	p, err := rustre.Translate(`(?i)(blazing)`)
	if err != nil {
		panic(err)
	}
	fmt.Println(p)
	re := regexp.MustCompile(p)
	fmt.Println(re.FindStringSubmatch("BLAZING fast")[1], re.MatchString("BLAZİNG"))

	k, _ := rustre.Translate(`(?i)k`)
	fmt.Println(k)

	_, err = rustre.Translate(`\bfast\b`)
	fmt.Println(err)
	// Output:
	// ([Bb][Ll][Aa][Zz][Ii][Nn][Gg])
	// BLAZING false
	// [Kk\x{212a}]
	// regex at offset 0: "\\b" is not supported by Go's regexp; Go's \b and \B are ASCII-only: use (?-u:\b) for an ASCII word boundary or --engine backtrack
}
