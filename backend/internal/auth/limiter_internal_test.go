package auth

import (
	"strconv"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
)

// Keys come from unauthenticated client addresses: the limiter must hold at most its
// cap, forget keys gone idle, and still limit a live key.
func TestLimiterForgetsIdleKeysAndHoldsAtMostItsCap(t *testing.T) {
	clk := clock.NewManual(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	l := NewLimiter(1, 3, clk)

	for i := range limiterMaxKeys + 5000 {
		if !l.Allow("192.0.2." + strconv.Itoa(i)) {
			t.Fatalf("a new key %d was refused", i)
		}
	}
	if n := l.Len(); n > limiterMaxKeys {
		t.Errorf("the limiter holds %d keys, more than its cap %d", n, limiterMaxKeys)
	}

	clk.Advance(2 * time.Minute) // every key idle: its bucket full again
	for i := range 3 {
		if !l.Allow("live") {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	if n := l.Len(); n != 1 {
		t.Errorf("after the idle time the limiter holds %d keys, want only the live one", n)
	}
	if l.Allow("live") {
		t.Error("a fourth request within the burst was let through")
	}
	clk.Advance(time.Second)
	if !l.Allow("live") || l.Allow("live") {
		t.Error("one second after the burst, want exactly one more request")
	}
}
