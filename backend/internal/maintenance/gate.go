package maintenance

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// Header is the response header that announces the next or current window:
//
//	CCPOR-Maintenance: start=2026-12-03T02:00:00Z; end=2026-12-03T05:00:00Z; state=scheduled; read-only
const Header = "CCPOR-Maintenance"

// refresh is how long the gate trusts what it read (a change on this server
// reloads at once; another server's within this time).
const refresh = 15 * time.Second

// Gate announces windows on every response and, while a read-only window is
// under way, answers the API's changes with 503.
type Gate struct {
	db    *db.DB
	clock clock.Clock
	// apiPrefix is the base path and /api/v1; exempt are the API paths that stay
	// writable (the session itself, error reports, the windows).
	apiPrefix string
	exempt    []string

	mu      sync.Mutex
	windows []Window
	loaded  time.Time
}

// NewGate returns the gate for the API under basePath.
func NewGate(d *db.DB, clk clock.Clock, basePath string) *Gate {
	p := basePath + httpapi.APIPrefix
	return &Gate{db: d, clock: clk, apiPrefix: p,
		exempt: []string{p + "/me/keep-alive", p + "/me/active-court", p + "/client-errors", p + "/maintenance-windows"}}
}

// Changed makes the next request read the windows again.
func (g *Gate) Changed() {
	g.mu.Lock()
	g.loaded = time.Time{}
	g.mu.Unlock()
}

// current returns the window to announce (under way before upcoming), if any.
func (g *Gate) current(ctx context.Context) (Window, bool) {
	now := g.clock.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.loaded.IsZero() || now.Sub(g.loaded) > refresh || now.Before(g.loaded) {
		ws, err := Announced(ctx, g.db, now)
		if err != nil {
			// Unknown is not "none": keep what was known, try again next request.
			httpapi.Logger(ctx).WarnContext(ctx, "maintenance: read windows", "err", err)
		} else {
			g.windows, g.loaded = ws, now
		}
	}
	var next *Window
	for i := range g.windows {
		w := &g.windows[i]
		w.settle(now, false)
		switch {
		case w.State == Underway && (next == nil || next.State != Underway || (w.ReadOnly && !next.ReadOnly)):
			next = w
		case w.State == Scheduled && next == nil:
			next = w
		}
	}
	if next == nil {
		return Window{}, false
	}
	return *next, true
}

// Middleware sets the header and refuses changes during a read-only window.
func (g *Gate) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		win, ok := g.current(r.Context())
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		v := "start=" + win.StartsAt.UTC().Format(time.RFC3339) + "; end=" + win.EndsAt.UTC().Format(time.RFC3339) + "; state=" + string(win.State)
		if win.ReadOnly {
			v += "; read-only"
		}
		w.Header().Set(Header, v)
		if win.State == Underway && win.ReadOnly && g.refuses(r) {
			wait := math.Ceil(win.EndsAt.Sub(g.clock.Now()).Seconds())
			w.Header().Set("Retry-After", strconv.FormatInt(max(1, int64(wait)), 10))
			httpapi.WriteProblem(w, r, http.StatusServiceUnavailable,
				"the registry is read-only for maintenance until "+win.EndsAt.In(clock.Pacific).Format("3:04 PM on January 2")+
					" Pacific time; searching and reading go on, changes wait until then")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (g *Gate) refuses(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	if r.URL.Path != g.apiPrefix && !strings.HasPrefix(r.URL.Path, g.apiPrefix+"/") {
		return false // sign-in and sign-out (/auth, /idp) go on
	}
	for _, e := range g.exempt {
		if r.URL.Path == e || strings.HasPrefix(r.URL.Path, e+"/") {
			return false
		}
	}
	return true
}
