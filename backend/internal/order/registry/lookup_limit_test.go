package registry_test

import (
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ccpor/ccpor/backend/internal/auth"
)

// Every route that looks persons up statewide draws on one limit per user:
// search, the conflicts of an entry and the conflicts of an order. Whichever
// route used it up, the others are refused too, and refused before any lookup.
func TestOneLimitForEveryStatewidePersonLookup(t *testing.T) {
	t.Parallel()
	routes := map[string]func(w *world, orderID string) (int, []byte){
		"search": func(w *world, _ string) (int, []byte) {
			s, _, b := w.do(t, "clerk-b", "POST", "/orders/search", map[string]any{"name": "Marc Jones", "reason": "26CR0001"})
			return s, b
		},
		"entry conflicts": func(w *world, _ string) (int, []byte) {
			entry := sample("26FL0002")
			s, _, b := w.do(t, "clerk-b", "POST", "/orders/conflicts", map[string]any{
				"restrainedPerson": entry.RestrainedPerson, "protectedPersons": entry.ProtectedPersons})
			return s, b
		},
		"order conflicts": func(w *world, orderID string) (int, []byte) {
			s, _, b := w.do(t, "clerk-b", "GET", "/orders/"+orderID+"/conflicts", nil)
			return s, b
		},
	}
	for _, order := range [][2]string{
		{"search", "entry conflicts"}, {"entry conflicts", "search"},
		{"search", "order conflicts"}, {"order conflicts", "entry conflicts"},
	} {
		t.Run(order[0]+" then "+order[1], func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.svc.SetSearchLimits(auth.NewLimiter(1.0/3600, 3, w.clk).Allow, prometheus.NewRegistry())
			x := w.create(t, sample("26CF0001"))
			first, then := routes[order[0]], routes[order[1]]
			for i := range 3 {
				if s, b := first(w, x.ID); s != http.StatusOK {
					t.Fatalf("%s %d within the limit: %d %s", order[0], i+1, s, b)
				}
			}
			if s, b := first(w, x.ID); s != http.StatusTooManyRequests {
				t.Fatalf("%s beyond the limit: %d %s", order[0], s, b)
			}
			if s, b := then(w, x.ID); s != http.StatusTooManyRequests {
				t.Errorf("%s after %s used the limit up: %d %s", order[1], order[0], s, b)
			}
			if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'order.search_burst'`); n != 2 {
				t.Errorf("refused lookups audited %d, want 2", n)
			}
		})
	}
}
