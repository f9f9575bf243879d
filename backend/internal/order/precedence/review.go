package precedence

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// Audited choices about the conflicts of a saved order.
const (
	ActionConflictsProceed    audit.Action = "order.conflicts_proceed"
	ActionConflictsUnreviewed audit.Action = "order.conflicts_unreviewed"
)

// ReviewedNone is the acknowledgement of a clerk whose check before saving
// found no related order.
const ReviewedNone = "none"

// Review is what the clerk saw of an entry's conflicts before saving: the ids of
// the related orders shown (none when the check found none). A nil *Review is a
// client that never looked, which the audit log tells apart.
type Review struct {
	Orders []string
}

// ParseReview reads the conflictsReviewed parameter: absent is nil (not
// reviewed); "none" is a review that found nothing; otherwise the ids of the
// orders shown, separated by commas.
func ParseReview(s string) (*Review, error) {
	const field = "query.conflictsReviewed"
	if s == "" {
		return nil, nil
	}
	if s == ReviewedNone {
		return &Review{Orders: []string{}}, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > CheckLimit {
		return nil, apperr.Invalid(field, "names %d orders; at most %d are shown", len(parts), CheckLimit)
	}
	r := &Review{Orders: make([]string, 0, len(parts))}
	for i, id := range parts {
		id = strings.TrimSpace(id)
		if !order.IsID(id) {
			return nil, apperr.Invalid(field, "item %d (%q) is not an order id: send the ids of the orders shown, separated by commas, or %q", i+1, id, ReviewedNone)
		}
		if !slices.Contains(r.Orders, id) {
			r.Orders = append(r.Orders, id)
		}
	}
	return r, nil
}

// RecordReview appends to the audit log, in the change's transaction, that the
// clerk saved the order id despite the orders the check found, or that nobody
// reviewed them (reviewed nil). Nothing is recorded when the check found
// nothing.
func RecordReview(ctx context.Context, tx *gorm.DB, log *audit.Log, id string, reviewed *Review, rep ConflictReport) error {
	if len(rep.Orders) == 0 && len(rep.Elsewhere) == 0 {
		return nil
	}
	var conflicting, related, unseen []string
	for _, o := range rep.Orders {
		oid := o.Terms.OrderID
		if o.InConflict {
			conflicting = append(conflicting, oid)
		} else {
			related = append(related, oid)
		}
		if reviewed != nil && !slices.Contains(reviewed.Orders, oid) {
			unseen = append(unseen, oid)
		}
	}
	var b strings.Builder
	action := ActionConflictsUnreviewed
	if reviewed != nil {
		action = ActionConflictsProceed
		b.WriteString("proceeded despite ")
	} else {
		b.WriteString("not reviewed before saving: ")
	}
	b.WriteString(counted(conflicting, "conflicting order"))
	if len(related) > 0 {
		b.WriteString("; " + counted(related, "related order"))
	}
	for _, n := range rep.Elsewhere {
		fmt.Fprintf(&b, "; possibly at %s", n.CourtName)
	}
	if len(unseen) > 0 {
		b.WriteString("; not shown before saving: " + counted(unseen, "order"))
	}
	return log.Record(ctx, tx, audit.Event{Action: action, ObjectType: "order", ObjectID: id, Reason: clip(b.String(), 1000)})
}

// reviewIDs bounds the ids named per list, so the reason fits the audit column.
const reviewIDs = 8

// counted is "2 conflicting orders (id, id)", naming at most reviewIDs ids.
func counted(ids []string, noun string) string {
	s := fmt.Sprintf("%d %ss", len(ids), noun)
	if len(ids) == 1 {
		s = "1 " + noun
	}
	if len(ids) == 0 {
		return s
	}
	shown := ids[:min(len(ids), reviewIDs)]
	more := ""
	if len(ids) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(ids)-len(shown))
	}
	return s + " (" + strings.Join(shown, ", ") + more + ")"
}

// clip cuts s to at most n bytes on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
