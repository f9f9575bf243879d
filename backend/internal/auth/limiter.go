package auth

import (
	"sync"
	"time"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
)

// Limiter is a token bucket per machine client: rate tokens a second, at most
// burst at once. Only clients whose tokens verified reach it, so its keys are
// bounded by the issuer's registered clients.
type Limiter struct {
	rate  float64
	burst float64
	clock clock.Clock

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter returns a limiter of rate requests a second with the given burst.
func NewLimiter(rate float64, burst int, clk clock.Clock) *Limiter {
	if clk == nil {
		clk = clock.Real{}
	}
	return &Limiter{rate: rate, burst: float64(burst), clock: clk, buckets: map[string]*bucket{}}
}

// Allow takes one token from key's bucket, or answers false when it is empty.
func (l *Limiter) Allow(key string) bool {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.at).Seconds(); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed*l.rate)
		b.at = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
