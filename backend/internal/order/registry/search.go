package registry

import (
	"context"
	"fmt"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Audited acts of search.
const (
	ActionSearch      audit.Action = "order.search"
	ActionSearchBurst audit.Action = "order.search_burst"
)

// SearchLimits throttles statewide person searches per user.
type SearchLimits struct {
	Rate  float64 // searches a second on average
	Burst int     // searches at once
}

// searchGuard is the rate limiter and the burst counter.
type searchGuard struct {
	allow  func(user string) bool
	bursts prometheus.Counter
}

// SetSearchLimits installs the per-user limit of person searches and registers
// the burst counter on reg. Without it searches are not limited.
func (s *Service) SetSearchLimits(allow func(user string) bool, reg prometheus.Registerer) {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "ccpor_search_bursts_total",
		Help: "Statewide person searches refused because a user searched faster than allowed (alert on any)."})
	if reg != nil {
		reg.MustRegister(c)
	}
	s.search = &searchGuard{allow: allow, bursts: c}
}

// Search finds persons statewide in the orders the caller may read. The reason
// is recorded; searches beyond the caller's limit are refused (and counted, and
// audited as a burst).
func (s *Service) Search(ctx context.Context, p db.Principal, user string, r person.SearchRequest) ([]person.Hit, error) {
	dobs, err := person.Validate(&r)
	if err != nil {
		return nil, s.failed(ctx, p, ActionSearch, "", err)
	}
	if err := s.lookupAllowed(ctx, p, user, "search", "reason given: "+trimTo(r.Reason, 200)); err != nil {
		return nil, err
	}
	var hits []person.Hit
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		if hits, err = person.Search(tx, r, dobs, nil); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionSearch, ObjectType: "search",
			ObjectID: trimTo(r.Name+" "+r.DOB+" "+r.CaseNumber, 200), Reason: trimTo(r.Reason, 500)})
	})
	if err != nil {
		return nil, fmt.Errorf("order: search: %w", err)
	}
	return hits, nil
}

// lookupAllowed takes one statewide person lookup from user's limit, which every
// route that looks persons up statewide shares (search, the conflicts of an entry
// or of an order); beyond it the lookup is refused, counted and audited.
func (s *Service) lookupAllowed(ctx context.Context, p db.Principal, user, route, detail string) error {
	if s.search == nil || s.search.allow(user) {
		return nil
	}
	s.search.bursts.Inc()
	s.log.RecordFailureOrLog(ctx, s.db, p, audit.Event{Action: ActionSearchBurst, Outcome: audit.Denied,
		ObjectType: route, Reason: "statewide lookups faster than allowed; " + detail})
	return apperr.ErrTooManyRequests
}

// lookupUser is whose limit a lookup draws on: the signed-in user, else the session.
func lookupUser(ctx context.Context, p db.Principal) string {
	if c, err := auth.CallerFrom(ctx); err == nil && c.UserID != "" {
		return c.UserID
	}
	return p.SessionHash
}

func trimTo(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n]
	}
	return s
}
