package idp

import "testing"

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h := HashPassword("a calm river at dusk")
	if !checkPassword(h, "a calm river at dusk") || checkPassword(h, "a calm river at dawn") || h == HashPassword("a calm river at dusk") {
		t.Errorf("argon2id hash %s", h)
	}
}
