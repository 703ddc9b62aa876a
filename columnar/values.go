package columnar

import (
	"strconv"
	"unsafe"
)

// parseInt parses a decimal integer with an optional sign, as PostgreSQL prints integers.
func parseInt(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 20 {
		return 0, false
	}
	neg := false
	i := 0
	if v[0] == '-' || v[0] == '+' {
		neg = v[0] == '-'
		i = 1
		if len(v) == 1 {
			return 0, false
		}
	}
	var n uint64
	for ; i < len(v); i++ {
		c := v[i] - '0'
		if c > 9 {
			return 0, false
		}
		if n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(c)
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

func parseFloat(v []byte) (float64, bool) {
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(v), len(v)), 64)
	return f, err == nil
}

// digits parses exactly len(v) ASCII digits.
func digits(v []byte) (int64, bool) {
	var n int64
	for _, c := range v {
		c -= '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int64(c)
	}
	return n, len(v) > 0
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseDate parses YYYY-MM-DD into days since the Unix epoch.
func parseDate(v []byte) (int64, bool) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(v[0:4])
	m, ok2 := digits(v[5:7])
	d, ok3 := digits(v[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

// ParseTimestamp parses a PostgreSQL timestamp as the dump prints it, "2017-01-17 19:13:05.112025+00", into
// microseconds since the Unix epoch, UTC. The fraction (1 to 6 digits) is optional, and so is the UTC offset
// (+HH, +HH:MM or -HH...; dumps before 2025-02 print timestamp without time zone, which is UTC on crates.io).
// A 'T' in place of the space is accepted too.
func ParseTimestamp(v []byte) (int64, bool) {
	if len(v) < 19 || (v[10] != ' ' && v[10] != 'T') || v[13] != ':' || v[16] != ':' {
		return 0, false
	}
	days, ok := parseDate(v[:10])
	if !ok {
		return 0, false
	}
	h, ok1 := digits(v[11:13])
	mi, ok2 := digits(v[14:16])
	s, ok3 := digits(v[17:19])
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 60 {
		return 0, false
	}
	us := ((days*24+h)*60+mi)*60*1e6 + s*1e6
	rest := v[19:]
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 7 {
			return 0, false
		}
		f, _ := digits(rest[1:n])
		for k := n - 1; k < 6; k++ {
			f *= 10
		}
		us += f
		rest = rest[n:]
	}
	if len(rest) == 0 {
		return us, true
	}
	if rest[0] == 'Z' && len(rest) == 1 {
		return us, true
	}
	if rest[0] != '+' && rest[0] != '-' || len(rest) < 3 {
		return 0, false
	}
	oh, ok := digits(rest[1:3])
	if !ok || oh > 15 {
		return 0, false
	}
	var om int64
	switch tail := rest[3:]; {
	case len(tail) == 0:
	case len(tail) == 3 && tail[0] == ':':
		if om, ok = digits(tail[1:]); !ok || om > 59 {
			return 0, false
		}
	case len(tail) == 2:
		if om, ok = digits(tail); !ok || om > 59 {
			return 0, false
		}
	default:
		return 0, false
	}
	off := (oh*60 + om) * 60 * 1e6
	if rest[0] == '+' {
		us -= off
	} else {
		us += off
	}
	return us, true
}
