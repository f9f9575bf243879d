package idp

import "testing"

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
		{"eight ch", 4, true}, // the floor is 8, and 8 suffice when configured so
		{"seven c", 4, false},
		{"password1234", 12, false}, // on the list
		{"Password1234", 12, false}, // on the list, whatever the case
		{"x-ann-smith-x-long", 12, false},
		{"a calm river at dusk", 12, true},
	} {
		err := CheckPassword(tc.password, "ann-smith", tc.min)
		if (err == nil) != tc.ok {
			t.Errorf("%q (min %d): %v", tc.password, tc.min, err)
		}
		if err != nil && !IsPolicyError(err) {
			t.Errorf("%q: not a policy error: %v", tc.password, err)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h := HashPassword("a calm river at dusk")
	if !checkPassword(h, "a calm river at dusk") || checkPassword(h, "a calm river at dawn") || h == HashPassword("a calm river at dusk") {
		t.Errorf("argon2id hash %s", h)
	}
}
