package idp

import (
	_ "embed"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"
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

// MinPasswordLength is the floor below which no configuration goes.
const MinPasswordLength = 8

// errPassword is a password the policy refuses; its text is shown to the user.
type errPassword string

func (e errPassword) Error() string { return string(e) }

// CheckPassword applies the password policy: at least minLength characters (never
// fewer than 8), at most 256, not the username, not on the common-password list.
func CheckPassword(password, username string, minLength int) error {
	minLength = max(minLength, MinPasswordLength)
	n := utf8.RuneCountInString(password)
	switch {
	case n < minLength:
		return errPassword("Choose a password of at least " + itoa(minLength) + " characters.")
	case n > 256:
		return errPassword("Choose a password of at most 256 characters.")
	case strings.EqualFold(password, username) || (username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username))):
		return errPassword("Choose a password that does not contain your username.")
	}
	blocklistOnce.Do(func() {
		blocklist = map[string]bool{}
		for _, line := range strings.Split(commonPasswords, "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				blocklist[line] = true
			}
		}
	})
	if blocklist[strings.ToLower(password)] {
		return errPassword("This password is on a list of commonly used passwords. Choose another.")
	}
	return nil
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
