// Package person is the persons of orders and the statewide search for them:
// names normalized into tokens, sound codes and nicknames, the blocking keys
// that index every person of every version, and the ranked search over them.
package person

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Person search keys (docs/design.md "Search under row-level security"): a person is
// found by equality on blocking keys, never by a similarity operator, so that
// the key table's btree index serves under row-level security. The keys are
// computed here, once, for both the stored persons and the query (PersonKeys);
// candidates are ranked afterwards (rankPerson).
//
// Key kinds:
//   - n: two name tokens, exact after normalization, in sorted order (so given
//     and family names may be swapped and middle names missing or extra); the
//     first token also in its nickname variants (Bill and William share one).
//   - p: the same pairs by sound code (typos that keep the sound).
//   - d: one name token's sound code with the date of birth (a typo in the other
//     name); the query adds the date's variants (day and month swapped, year ±1).

//go:embed nicknames/names.csv
var nicknameCSV []byte

// nicknames maps a given name to the names it may stand for (both ways of the
// list's relation, so Bill and William, and Peggy and Meg via Margaret, meet).
var nicknames = func() map[string][]string {
	m := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(nicknameCSV))
	for sc.Scan() {
		f := strings.Split(strings.TrimSpace(sc.Text()), ",") // the list's lines end in CR LF
		if len(f) != 3 || f[1] != "has_nickname" {
			continue
		}
		a, b := f[0], f[2]
		if !slices.Contains(m[a], b) {
			m[a] = append(m[a], b)
		}
		if !slices.Contains(m[b], a) {
			m[b] = append(m[b], a)
		}
	}
	for k := range m {
		slices.Sort(m[k])
	}
	return m
}()

// maxNicknames bounds the variants a given name brings (a few short names stand
// for a dozen).
const maxNicknames = 12

// nameVariants is a given name and the names it may stand for.
func nameVariants(t string) []string {
	out := []string{t}
	for _, n := range nicknames[t] {
		if len(out) > maxNicknames {
			break
		}
		out = append(out, n)
	}
	return out
}

var particles = map[string]bool{"de": true, "del": true, "la": true, "las": true, "los": true, "da": true, "di": true,
	"van": true, "von": true, "der": true, "den": true, "le": true, "du": true, "st": true, "y": true, "bin": true, "al": true}

var suffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// fold removes accents and case: "José Núñez" is "jose nunez".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// NameTokens normalizes a complete name into its tokens, given name first:
// accents and case folded, punctuation dropped, "Family, Given" turned around,
// suffixes dropped, hyphenated and compound family names split (and also kept
// joined: "Garcia-Lopez" is garcia, lopez and garcialopez; "de la Cruz" is cruz
// and delacruz).
func NameTokens(name string) []string {
	s := fold(name)
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = s[i+1:] + " " + s[:i]
	}
	var words []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '.' || r == ',' || r == '/' }) {
		var b strings.Builder
		for _, r := range w {
			if (r >= 'a' && r <= 'z') || r == '-' {
				b.WriteRune(r)
			}
		}
		if w := strings.Trim(b.String(), "-"); w != "" && !suffixes[w] {
			words = append(words, w)
		}
	}
	var out []string
	add := func(t string) {
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	var compound strings.Builder
	for i, w := range words {
		if i > 0 && particles[w] && i < len(words)-1 {
			compound.WriteString(w)
			continue
		}
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' })
		joined := strings.Join(parts, "")
		if compound.Len() > 0 {
			add(parts[0])
			add(compound.String() + joined)
			compound.Reset()
		} else {
			add(parts[0])
		}
		for _, p := range parts[1:] {
			add(p)
		}
		if len(parts) > 1 {
			add(joined)
		}
	}
	return out
}

// soundSpellings are the spellings SoundCode reads as one sound; built once,
// since a search computes codes for every candidate it ranks.
var soundSpellings = strings.NewReplacer("ph", "f", "ck", "k", "sch", "sk", "tch", "ch", "dg", "j", "gh", "g", "qu", "kw", "x", "ks", "th", "t")

// SoundCode is a name token's sound: letters that sound alike share a code
// ("smith" and "smyth", "stephen" and "steven", "catherine" and "katherine"),
// silent and doubled letters drop, vowels count only at the start.
func SoundCode(t string) string {
	if t == "" {
		return ""
	}
	for _, p := range [][2]string{{"kn", "n"}, {"wr", "r"}, {"ps", "s"}, {"x", "s"}, {"wh", "w"}, {"pf", "f"}} {
		if strings.HasPrefix(t, p[0]) {
			t = p[1] + t[len(p[0]):]
			break
		}
	}
	t = soundSpellings.Replace(t)
	var b strings.Builder
	last := byte(0)
	for i := 0; i < len(t); i++ {
		c := t[i]
		next := byte(0)
		if i+1 < len(t) {
			next = t[i+1]
		}
		var code byte
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'w':
			if i == 0 {
				code = 'A'
			}
		case 'b', 'p':
			code = 'P'
		case 'f', 'v':
			code = 'F'
		case 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				code = 'S'
			} else if next == 'h' {
				code = 'X'
			} else {
				code = 'K'
			}
		case 'k', 'q':
			code = 'K'
		case 'g':
			if next == 'e' || next == 'i' || next == 'y' {
				code = 'J'
			} else {
				code = 'K'
			}
		case 'j':
			code = 'J'
		case 's', 'z':
			if next == 'h' {
				code = 'X'
			} else {
				code = 'S'
			}
		case 'd', 't':
			code = 'T'
		case 'l':
			code = 'L'
		case 'm', 'n':
			code = 'N'
		case 'r':
			code = 'R'
		}
		if code == 0 {
			if c != 'h' && c != 'w' {
				last = 0 // a vowel separates doubled sounds
			}
			continue
		}
		if code != last {
			b.WriteByte(code)
		}
		last = code
	}
	return b.String()
}

// pair is two tokens in sorted order.
func pair(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// Key kinds.
const (
	KeyName  = "n"
	KeySound = "p"
	KeyDOB   = "d"
)

// PersonKeys are the blocking keys of a person: the name's, and with a date of
// birth in dobs (the stored date; for a query, also its variants) the date's.
// Indexing and search both call it.
func PersonKeys(name string, dobs []string) []string {
	toks := NameTokens(name)
	seen := map[string]bool{}
	var out []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if len(toks) == 1 {
		add(KeyName + ":" + toks[0])
		add(KeySound + ":" + SoundCode(toks[0]))
	}
	if len(toks) > 0 {
		for _, a := range nameVariants(toks[0]) {
			for _, b := range toks[1:] {
				add(KeyName + ":" + pair(a, b))
			}
		}
		for _, b := range toks[1:] {
			add(KeySound + ":" + pair(SoundCode(toks[0]), SoundCode(b)))
		}
	}
	for _, d := range dobs {
		for _, t := range toks {
			add(KeyDOB + ":" + SoundCode(t) + "|" + d)
		}
	}
	return out
}

// DOBVariants reads a date of birth as typed ("1984-11-21", "11/21/1984",
// "21/11/1984", "1984-21-11") and returns the dates it may mean: as written,
// day and month swapped, and the year one off. A text that is no date is an error
// naming what is wrong.
func DOBVariants(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ' ' })
	if len(f) != 3 {
		return nil, fmt.Errorf("is not a date: write it as YYYY-MM-DD or MM/DD/YYYY")
	}
	var n [3]int
	for i, x := range f {
		if _, err := fmt.Sscanf(x, "%d", &n[i]); err != nil || len(x) > 4 {
			return nil, fmt.Errorf("is not a date: write it as YYYY-MM-DD or MM/DD/YYYY")
		}
	}
	var y, a, b int // a, b: the two other parts, month first as written
	switch {
	case len(f[0]) == 4:
		y, a, b = n[0], n[1], n[2]
	case len(f[2]) == 4:
		y, a, b = n[2], n[0], n[1]
	default:
		return nil, fmt.Errorf("needs a four-digit year")
	}
	var out []string
	addDate := func(y, m, d int) {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if m < 1 || m > 12 || d < 1 || t.Day() != d {
			return
		}
		if s := t.Format(time.DateOnly); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, dy := range []int{0, 1, -1} {
		addDate(y+dy, a, b)
		addDate(y+dy, b, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("is not a date: no month %d or %d has a day %d or %d", a, b, b, a)
	}
	return out, nil
}
