package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
)

// limiterMaxKeys caps the keys a limiter holds. Some of its keys are unauthenticated
// (client addresses at the built-in provider), so nothing else bounds them.
const limiterMaxKeys = 1 << 16

// evictSample is how many keys a full limiter looks at to evict the one idle the longest.
const evictSample = 8

// Limiter is a token bucket per key (a machine client, a client address, a user):
// rate tokens a second, at most burst at once. A key idle long enough for its bucket
// to fill again is forgotten, which changes no answer: a new key starts full. Beyond
// limiterMaxKeys live keys, the key idle the longest of a small sample is forgotten.
type Limiter struct {
	rate  rate.Limit
	burst int
	clock clock.Clock
	idle  time.Duration // a bucket idle this long is full again
	max   int

	mu        sync.Mutex
	keys      map[string]*limiterKey
	nextSweep time.Time
}

type limiterKey struct {
	bucket *rate.Limiter
	seen   time.Time
}

// NewLimiter returns a limiter of r requests a second with the given burst.
func NewLimiter(r float64, burst int, clk clock.Clock) *Limiter {
	if clk == nil {
		clk = clock.Real{}
	}
	idle := time.Minute
	if r > 0 {
		idle = max(idle, time.Duration(float64(burst)/r*float64(time.Second)))
	}
	return &Limiter{rate: rate.Limit(r), burst: burst, clock: clk, idle: idle, max: limiterMaxKeys,
		keys: map[string]*limiterKey{}}
}

// Allow takes one token from key's bucket, or answers false when it is empty.
func (l *Limiter) Allow(key string) bool {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !now.Before(l.nextSweep) {
		l.sweep(now)
	}
	k, ok := l.keys[key]
	if !ok {
		if len(l.keys) >= l.max {
			l.evict()
		}
		k = &limiterKey{bucket: rate.NewLimiter(l.rate, l.burst)}
		l.keys[key] = k
	}
	k.seen = now
	return k.bucket.AllowN(now, 1)
}

// Len is the number of keys the limiter holds.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// sweep forgets the keys idle since before now-idle; it runs once an idle period,
// so its cost is spread over the requests of that period.
func (l *Limiter) sweep(now time.Time) {
	for key, k := range l.keys {
		if now.Sub(k.seen) >= l.idle {
			delete(l.keys, key)
		}
	}
	l.nextSweep = now.Add(l.idle)
}

// evict forgets, of a few keys taken in the map's random order, the one idle the longest.
func (l *Limiter) evict() {
	var oldest string
	var seen time.Time
	n := 0
	for key, k := range l.keys {
		if n == 0 || k.seen.Before(seen) {
			oldest, seen = key, k.seen
		}
		if n++; n == evictSample {
			break
		}
	}
	delete(l.keys, oldest)
}
