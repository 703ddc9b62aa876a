package main

import (
	"fmt"
	"sort"
	"unicode"
)

// This file builds the list of Unicode names that tables.js asks polars about. The names come from Go's
// standard library (unicode.Categories, unicode.CategoryAliases, unicode.Scripts, unicode.Properties:
// Unicode 15.0.0 in Go 1.26) and from the Unicode standard itself, written by hand below: the scripts new
// in Unicode 16.0, the binary properties that are not in Go's unicode.Properties, the Unicode versions
// (the values of Age), the values of the segmentation properties of UAX #29, and the names of the
// properties the regex crate takes values for. Short aliases are kept only where Go names them (the
// general category abbreviations such as Lu, and STerm); the four-letter script codes (Grek) and the
// other short aliases of Unicode's alias files are not listed, so rustre reports them as unsupported.
// tables.js checks every name with polars: a name polars rejects is recorded as rejected, never guessed.

// byValue lists the properties the regex crate accepts in \p{name=value}, with their long and short names
// (the short one first: it keys the sets, "sc:Greek").
var byValue = [][2]string{
	{"gc", "General_Category"},
	{"sc", "Script"},
	{"scx", "Script_Extensions"},
	{"age", "Age"},
	{"gcb", "Grapheme_Cluster_Break"},
	{"wb", "Word_Break"},
	{"sb", "Sentence_Break"},
}

// scripts16 are the scripts added in Unicode 16.0, which Go 1.26's tables (Unicode 15.0) lack.
var scripts16 = []string{"Garay", "Gurung_Khema", "Kirat_Rai", "Ol_Onal", "Sunuwar", "Todhri", "Tulu_Tigalari"}

// extraScripts are Script values of the Unicode standard that Go does not list because no code point has
// them (Unknown is the default value, Katakana_Or_Hiragana is unused): polars is expected to reject them.
var extraScripts = []string{"Unknown", "Katakana_Or_Hiragana"}

// binaryProperties are the binary properties of the Unicode standard (PropList, DerivedCoreProperties,
// emoji data, DerivedBinaryProperties, DerivedNormalizationProps) that Go's unicode.Properties does not
// have. Those the regex crate has no table for are rejected by polars and recorded as such.
var binaryProperties = []string{
	"Alphabetic", "Bidi_Mirrored", "Case_Ignorable", "Cased", "Changes_When_Casefolded",
	"Changes_When_Casemapped", "Changes_When_Lowercased", "Changes_When_NFKC_Casefolded",
	"Changes_When_Titlecased", "Changes_When_Uppercased", "Composition_Exclusion",
	"Default_Ignorable_Code_Point", "Emoji", "Emoji_Component", "Emoji_Modifier", "Emoji_Modifier_Base",
	"Emoji_Presentation", "Extended_Pictographic", "Full_Composition_Exclusion", "Grapheme_Base",
	"Grapheme_Extend", "Grapheme_Link", "ID_Compat_Math_Continue", "ID_Compat_Math_Start", "ID_Continue",
	"ID_Start", "IDS_Unary_Operator", "Lowercase", "Math", "Modifier_Combining_Mark", "Uppercase",
	"XID_Continue", "XID_Start",
}

// otherProperties are properties of the Unicode standard that are neither binary nor among byValue, with
// their short names. The regex crate knows their names but has no sets for them, so \p{name} and
// \p{name=value} are errors in polars (tables.js checks that \p{name} is); listing them lets rustre report
// a SyntaxError for them instead of an UnsupportedError.
var otherProperties = [][2]string{
	{"bc", "Bidi_Class"},
	{"blk", "Block"},
	{"ccc", "Canonical_Combining_Class"},
	{"dt", "Decomposition_Type"},
	{"ea", "East_Asian_Width"},
	{"hst", "Hangul_Syllable_Type"},
	{"InCB", "Indic_Conjunct_Break"},
	{"InPC", "Indic_Positional_Category"},
	{"InSC", "Indic_Syllabic_Category"},
	{"isc", "ISO_Comment"},
	{"jg", "Joining_Group"},
	{"jt", "Joining_Type"},
	{"lb", "Line_Break"},
	{"na", "Name"},
	{"nt", "Numeric_Type"},
	{"nv", "Numeric_Value"},
	{"vo", "Vertical_Orientation"},
}

// ages are the Unicode versions that assigned characters, up to 16.0: the values of Age (V16_0, alias 16.0).
var ages = []string{
	"1.1", "2.0", "2.1", "3.0", "3.1", "3.2", "4.0", "4.1", "5.0", "5.1", "5.2", "6.0", "6.1", "6.2", "6.3",
	"7.0", "8.0", "9.0", "10.0", "11.0", "12.0", "12.1", "13.0", "14.0", "15.0", "15.1", "16.0",
}

// segmentation holds the long value names of the UAX #29 properties (Unicode 16.0).
var segmentation = map[string][]string{
	"gcb": {
		"CR", "Control", "E_Base", "E_Base_GAZ", "E_Modifier", "Extend", "Glue_After_Zwj", "L", "LF", "LV",
		"LVT", "Other", "Prepend", "Regional_Indicator", "SpacingMark", "T", "V", "ZWJ",
	},
	"wb": {
		"ALetter", "CR", "Double_Quote", "E_Base", "E_Base_GAZ", "E_Modifier", "Extend", "ExtendNumLet",
		"Format", "Glue_After_Zwj", "Hebrew_Letter", "Katakana", "LF", "MidLetter", "MidNum", "MidNumLet",
		"Newline", "Numeric", "Other", "Regional_Indicator", "Single_Quote", "WSegSpace", "ZWJ",
	},
	"sb": {
		"ATerm", "CR", "Close", "Extend", "Format", "LF", "Lower", "Numeric", "OLetter", "Other", "SContinue",
		"STerm", "Sep", "Sp", "Upper",
	},
}

// nameList is what tables.js is asked to check (see its header), and what render turns into the lookup
// maps of tables.go.
type nameList struct {
	// Bools maps a canonical binary property name to its other names.
	Bools map[string][]string `json:"bools"`
	// Props maps the short name of each property in byValue to its names (short and long).
	Props map[string][]string `json:"props"`
	// Values maps a property's short name to canonical value -> the value's other names.
	Values map[string]map[string][]string `json:"values"`
	// Loose lists the properties whose values also stand alone: \p{Greek}, \p{Lu}.
	Loose []string `json:"loose"`
	// NoSet lists property names that polars must reject as \p{name} (they name a property that has no
	// single set); "sc", which stands alone for Currency_Symbol, is not among them.
	NoSet []string `json:"noset"`
}

// names builds the name list from Go's standard library and the tables above. It fails if Go's own tables
// are not shaped as expected (a long category name without its abbreviation, say), so that a new Go
// release is noticed rather than silently changing the list.
func names() (*nameList, error) {
	nl := &nameList{
		Bools:  map[string][]string{},
		Props:  map[string][]string{},
		Values: map[string]map[string][]string{},
		Loose:  []string{"gc", "sc"},
	}
	for _, p := range byValue {
		nl.Props[p[0]] = []string{p[0], p[1]}
		nl.Values[p[0]] = map[string][]string{}
		if p[0] != "sc" {
			nl.NoSet = append(nl.NoSet, p[0])
		}
		nl.NoSet = append(nl.NoSet, p[1])
	}
	for _, p := range otherProperties {
		nl.NoSet = append(nl.NoSet, p[0], p[1])
	}

	// General categories: Go's keys are the abbreviations, CategoryAliases maps the long names (and the
	// aliases cntrl, digit, punct, Combining_Mark) to them. The canonical name is the long one: the
	// alias named by exactly one long name that is not one of those four.
	gc := nl.Values["gc"]
	extra := map[string]bool{"cntrl": true, "digit": true, "punct": true, "Combining_Mark": true}
	long := map[string]string{}
	for alias, short := range unicode.CategoryAliases {
		if unicode.Categories[short] == nil {
			return nil, fmt.Errorf("unicode.CategoryAliases[%q] = %q is not in unicode.Categories", alias, short)
		}
		if extra[alias] {
			continue
		}
		if long[short] != "" {
			return nil, fmt.Errorf("general category %s has two long names, %s and %s", short, long[short], alias)
		}
		long[short] = alias
	}
	for short := range unicode.Categories {
		if long[short] == "" {
			return nil, fmt.Errorf("general category %s has no long name in unicode.CategoryAliases", short)
		}
		gc[long[short]] = append(gc[long[short]], short)
	}
	for alias, short := range unicode.CategoryAliases {
		if extra[alias] {
			gc[long[short]] = append(gc[long[short]], alias)
		}
	}

	for name := range unicode.Scripts {
		nl.Values["sc"][name] = nil
	}
	for _, name := range append(append([]string{}, scripts16...), extraScripts...) {
		if unicode.Scripts[name] != nil {
			return nil, fmt.Errorf("script %s is already in Go's unicode.Scripts", name)
		}
		nl.Values["sc"][name] = nil
	}
	for name := range nl.Values["sc"] {
		nl.Values["scx"][name] = nil
	}

	// Binary properties: Go's keys, where two keys share one table (STerm and Sentence_Terminal) the longer
	// is canonical and the other an alias; then the standard's properties Go lacks.
	byTable := map[*unicode.RangeTable][]string{}
	for name, t := range unicode.Properties {
		byTable[t] = append(byTable[t], name)
	}
	for _, ns := range byTable {
		sort.Slice(ns, func(i, j int) bool { return len(ns[i]) > len(ns[j]) || len(ns[i]) == len(ns[j]) && ns[i] < ns[j] })
		nl.Bools[ns[0]] = append([]string{}, ns[1:]...)
	}
	for _, name := range binaryProperties {
		if unicode.Properties[name] != nil {
			return nil, fmt.Errorf("binary property %s is already in Go's unicode.Properties", name)
		}
		nl.Bools[name] = nil
	}

	for _, v := range ages {
		var major, minor int
		if _, err := fmt.Sscanf(v, "%d.%d", &major, &minor); err != nil {
			return nil, fmt.Errorf("age %q: %w", v, err)
		}
		nl.Values["age"][fmt.Sprintf("V%d_%d", major, minor)] = []string{v}
	}
	nl.Values["age"]["Unassigned"] = nil
	for p, vs := range segmentation {
		for _, v := range vs {
			nl.Values[p][v] = nil
		}
	}
	// Every alias list is sorted and non-nil (JSON [] rather than null).
	for _, m := range append([]map[string][]string{nl.Bools}, valueMaps(nl)...) {
		for k, as := range m {
			sort.Strings(as)
			if as == nil {
				m[k] = []string{}
			}
		}
	}
	sort.Strings(nl.NoSet)
	return nl, nil
}

func valueMaps(nl *nameList) []map[string][]string {
	var ms []map[string][]string
	for _, m := range nl.Values {
		ms = append(ms, m)
	}
	return ms
}
