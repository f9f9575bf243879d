package passwordpolicy

import (
	"strings"
	"testing"
)

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		password string
		min      int
		ok       bool
	}{
		{"short", 12, false},
		{"elevenchars", 12, false},
		{"twelve chars", 12, true},
		{"k9#Vq2!mZ", 4, true}, // a configured 4 is raised to the floor of 8; a strong 9 passes
		{"seven c", 4, false},
		{"password1234", 12, false}, // on the list
		{"Password1234", 12, false}, // on the list, whatever the case
		{"x-ann-smith-x-long", 12, false},
		{"a calm river at dusk", 12, true},
	} {
		err := Check(tc.password, "ann-smith", tc.min)
		if (err == nil) != tc.ok {
			t.Errorf("%q (min %d): %v", tc.password, tc.min, err)
		}
		if err != nil && !IsPolicyError(err) {
			t.Errorf("%q: not a policy error: %v", tc.password, err)
		}
	}
}

// Weak passwords long enough to pass the length rule are refused too (NIST SP
// 800-63B 3.1.1.2): repetitive, sequential, context-specific (the username, the
// person's name, the registry's and the courts' words), and any zxcvbn scores
// below 3. Each refusal names the password and says what to choose instead.
func TestPasswordPolicyRefusesWeakPasswords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		password string
		says     string
	}{
		{"aaaaaaaaaaaa", "repeats"},
		{"abababababab", "repeats"},
		{"passwordpassword", "repeats"},
		{"123456789012", "sequence"},
		{"qwertyuiopas", "sequence"},
		{"zyxwvutsrqpo", "sequence"},
		{"ccpor-is-my-login", "registry"},
		{"superior court 2026", "registry"},
		{"ann-smith-x-long", "username"},
		{"Margaret Q at the bay", "name"},
		{"bluebirdsing", "guess"},
	} {
		err := Check(tc.password, "ann-smith", 12, "Margaret Quinn")
		if err == nil || !IsPolicyError(err) || !strings.Contains(err.Error(), "password") || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: got %v, want a refusal naming the password and saying %q", tc.password, err, tc.says)
		}
	}
	for _, ok := range []string{"correct horse battery staple", "a calm river at dusk", "a green lantern by the bay"} {
		if err := Check(ok, "ann-smith", 12, "Margaret Quinn"); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
}
