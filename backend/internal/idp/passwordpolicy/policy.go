// Package passwordpolicy decides whether a password may be chosen at the built-in
// identity provider (NIST SP 800-63B): long enough, not the account's own words,
// not common, repetitive or sequential, and strong enough by zxcvbn's estimate.
package passwordpolicy

import (
	_ "embed"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// commonPasswords is zxcvbn's list of common passwords (8 characters or more,
// lowercased); see the file's header for its source and licence.
//
//go:embed passwords/common.txt
var commonPasswords string

var (
	blocklistOnce sync.Once
	blocklist     map[string]bool
)

// MinLength is the floor below which no configuration goes.
const MinLength = 8

// minStrength is the least zxcvbn score (0 to 4) a password must reach: 3 is
// "safely unguessable" (about 10^8 guesses and more).
const minStrength = 3

// registryWords are words anyone guessing a password of this registry tries first.
var registryWords = []string{"ccpor", "court", "superior", "california", "registry", "protective", "restraining"}

// errPassword is a password the policy refuses; its text is shown to the user.
type errPassword string

func (e errPassword) Error() string { return string(e) }

// Check applies the password policy (NIST SP 800-63B 3.1.1.2): at least
// minLength characters (never fewer than 8), at most 256; not the username, nor
// the person's name or another context word (the registry's and the courts'
// words); not on the common-password list; not repetitive or sequential; and
// strong enough by zxcvbn's estimate. context holds the person's name and other
// words of the account (its courts).
func Check(password, username string, minLength int, context ...string) error {
	minLength = max(minLength, MinLength)
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	switch {
	case n < minLength:
		return errPassword("The password is too short: choose a password of at least " + itoa(minLength) + " characters.")
	case n > 256:
		return errPassword("The password is too long: choose a password of at most 256 characters.")
	case strings.EqualFold(password, username) || (username != "" && strings.Contains(lower, strings.ToLower(username))):
		return errPassword("The password contains your username: choose a password that does not contain your username.")
	}
	for _, c := range context {
		for _, part := range strings.FieldsFunc(strings.ToLower(c), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if utf8.RuneCountInString(part) >= 4 && strings.Contains(lower, part) {
				return errPassword("The password contains your name or another word of your account: choose a password without it.")
			}
		}
	}
	for _, w := range registryWords {
		if strings.Contains(lower, w) {
			return errPassword("The password contains a word of the registry or the courts (" + w + "): choose a password without it.")
		}
	}
	blocklistOnce.Do(func() {
		blocklist = map[string]bool{}
		for _, line := range strings.Split(commonPasswords, "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				blocklist[line] = true
			}
		}
	})
	switch {
	case blocklist[lower]:
		return errPassword("The password is on a list of commonly used passwords: choose another.")
	case repetitive(lower):
		return errPassword("The password repeats the same characters: choose words or characters that do not repeat.")
	case sequential(lower):
		return errPassword("The password is mostly a sequence (like 12345 or qwerty): choose a password that is not a sequence.")
	}
	inputs := append([]string{username}, registryWords...)
	inputs = append(inputs, context...)
	if zxcvbn.PasswordStrength(password, inputs).Score < minStrength {
		return errPassword("The password is easy to guess: choose a longer one, e.g. four or more unrelated words.")
	}
	return nil
}

// repetitive tells whether s is one short run repeated (aaaa, abab, passwordpassword)
// or uses fewer than four different characters.
func repetitive(s string) bool {
	r := []rune(s)
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) < 4 {
		return true
	}
	for unit := 1; unit <= len(r)/2; unit++ {
		if len(r)%unit == 0 && strings.Repeat(string(r[:unit]), len(r)/unit) == s {
			return true
		}
	}
	return false
}

// sequences are runs of characters a person types in order: the alphabet, the
// digits (wrapping from 9 to 0), and the keyboard's rows.
var sequences = []string{"abcdefghijklmnopqrstuvwxyz", "01234567890123456789", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"}

// sequential tells whether half of s or more (and at least four characters) is
// one run of a sequence, forwards or backwards.
func sequential(s string) bool {
	n := utf8.RuneCountInString(s)
	longest := 0
	for _, seq := range sequences {
		for _, q := range []string{seq, reverse(seq)} {
			longest = max(longest, longestCommonRun(s, q))
		}
	}
	return longest >= 4 && 2*longest >= n
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// longestCommonRun is the length of the longest substring of s found in seq.
func longestCommonRun(s, seq string) int {
	r := []rune(s)
	best := 0
	for i := range r {
		for j := i + best + 1; j <= len(r); j++ {
			if !strings.Contains(seq, string(r[i:j])) {
				break
			}
			best = j - i
		}
	}
	return best
}

// IsPolicyError tells whether err is a refusal by the password policy.
func IsPolicyError(err error) bool {
	var p errPassword
	return errors.As(err, &p)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
