package carpos_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// carpos_enqueue writes messages only about orders of the caller's own court, of
// a kind CARPOS knows, for a version the order has, with the text of a message of
// that kind; anything else is refused with a reason.
func TestEnqueueRefusesAnotherCourtsOrderAndBadArguments(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	own := g.create(t, "clerk-a", "26ENQ0001", false)
	other := g.create(t, "clerk-b", "26ENQ0002", false)
	// court B submits too, so only the order's court tells them apart
	g.f.Exec(t, `UPDATE courts SET clets_submitting = true, ori = 'CA030014J' WHERE id = $1`, g.b)
	enqueue := func(order, kind string, version int, body string) (sql.NullString, error) {
		var id sql.NullString
		err := g.app.Tx(context.Background(), g.as["clerk-a"], func(tx *gorm.DB) error {
			return tx.Raw(`SELECT carpos_enqueue(?, ?, ?, ?)`, order, kind, version, body).Row().Scan(&id)
		})
		return id, err
	}
	body := "MKE/MODIFY\nORI/CA030013J\nOCA/26ENQ0001\n"
	for _, tc := range []struct {
		name          string
		order, kind   string
		version       int
		body, refusal string
	}{
		{"another court's order", other.ID, "ENTER", 1, "MKE/ENTER\nORI/CA030013J\nOCA/26ENQ0002\n", "not an order of the acting court"},
		{"no such order", uuid.NewString(), "ENTER", 1, "MKE/ENTER\nORI/CA030013J\n", "not an order of the acting court"},
		{"an unknown kind", own.ID, "PURGE", 1, "MKE/PURGE\n", "kind"},
		{"a version the order does not have", own.ID, "MODIFY", 9, body, "version"},
		{"an empty text", own.ID, "MODIFY", 1, "", "text"},
		{"a text of another kind", own.ID, "MODIFY", 1, "MKE/CANCEL\nORI/CA030013J\n", "text"},
		{"any text", own.ID, "MODIFY", 1, "hello", "text"},
		{"a text with control characters", own.ID, "MODIFY", 1, body + "\x1b[2J", "text"},
	} {
		id, err := enqueue(tc.order, tc.kind, tc.version, tc.body)
		if err == nil || !strings.Contains(err.Error(), "carpos_enqueue") || !strings.Contains(err.Error(), tc.refusal) {
			t.Errorf("%s: got %v, %v; want a refusal naming %q", tc.name, id, err, tc.refusal)
		}
	}
	if id, err := enqueue(own.ID, "MODIFY", 1, body); err != nil || !id.Valid {
		t.Errorf("a message about the court's own order: %v, %v", id, err)
	}
	var n int
	if err := g.admin.QueryRow(context.Background(), `SELECT count(*) FROM carpos_messages WHERE order_id = $1`, other.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("messages about the other court's order: %d, %v", n, err)
	}
}

// An order whose CARPOS data the caller may not see (another court's, or none at
// all) is not found, as for any order the caller may not read.
func TestStatusOfAnotherCourtsOrderIsNotFound(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	base := g.serveAPI(t)
	ofA := g.create(t, "clerk-a", "26STA0001", false)
	ofB := g.create(t, "clerk-b", "26STA0002", false)
	for _, tc := range []struct{ who, order string }{
		{"certified-a", ofB.ID}, {"sheriff-b", ofA.ID}, {"certified-a", uuid.NewString()},
	} {
		if status, body := call(t, base, tc.who, "GET", "/orders/"+tc.order+"/carpos"); status != 404 {
			t.Errorf("%s reads the CARPOS status of %s: %d %s", tc.who, tc.order, status, body)
		}
	}
	if status, body := call(t, base, "certified-a", "GET", "/orders/"+ofA.ID+"/carpos"); status != 200 {
		t.Errorf("the court's own order: %d %s", status, body)
	}
}
