package registry_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// storePerson adds an order of court A restraining name, born dob.
func storePerson(t testing.TB, w *world, i int, name, dob string) order.Order {
	t.Helper()
	c := sample(fmt.Sprintf("26LS%04d", i))
	c.RestrainedPerson.Name, c.RestrainedPerson.DOB = name, dob
	o, _, err := w.svc.Create(context.Background(), w.as["clerk-a"], registry.CreateRequest{Content: c})
	if err != nil {
		t.Fatalf("store %s: %v", name, err)
	}
	return o
}

// The labelled set (testdata/make_person_pairs.py): typos, nicknames, swapped and
// compound names, accents, date variants, and different people with similar
// names. Recall of the meant person in the top 10 is at least 0.95, and at most
// 5% of queries have a different person above the match floor in the top 3.
func TestLabelledSet(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	byOrder := map[string]string{}
	for i, p := range readCSV(t, "testdata/persons.csv") {
		byOrder[storePerson(t, w, i, p[1], p[2]).ID] = p[0]
	}
	queries := readCSV(t, "testdata/queries.csv")
	if len(queries) < 200 {
		t.Fatalf("the labelled set has %d queries, want at least 200", len(queries))
	}
	ctx := context.Background()
	var meant, found, wrong int
	misses := map[string]int{}
	for _, q := range queries {
		kind, name, dob, want := q[0], q[1], q[2], q[3]
		hits, err := w.svc.Search(ctx, w.as["judge-b"], "judge-b", person.SearchRequest{Name: name, DOB: dob, Role: "restrained", Reason: "labelled set"})
		if err != nil {
			t.Fatalf("%s %q %q: %v", kind, name, dob, err)
		}
		if want != "" {
			meant++
			hit := false
			for _, h := range hits {
				if byOrder[h.OrderID] == want {
					hit = true
				}
			}
			if hit {
				found++
			} else {
				misses[kind]++
				t.Logf("miss %s: %q %q (want %s)", kind, name, dob, want)
			}
		}
		for i, h := range hits {
			if i < 3 && h.Score >= person.MatchFloor && byOrder[h.OrderID] != want {
				wrong++
				t.Logf("wrong %s: %q %q gave %q %s (%.3f %q)", kind, name, dob, h.Name, h.DOB, h.Score, h.Why)
				break
			}
		}
	}
	recall := float64(found) / float64(meant)
	wrongRate := float64(wrong) / float64(len(queries))
	t.Logf("%d queries: recall in the top 10 %.3f (%d of %d; misses by kind %v); a different person above the floor in the top 3: %.3f",
		len(queries), recall, found, meant, misses, wrongRate)
	if recall < 0.95 {
		t.Errorf("recall %.3f, want >= 0.95", recall)
	}
	if wrongRate > 0.05 {
		t.Errorf("a different person above the floor in the top 3 for %.3f of queries, want <= 0.05", wrongRate)
	}
}

// A hit says why it matched: the key and the variant.
func TestSearchSaysWhy(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := storePerson(t, w, 1, "William Garcia-Lopez", "1984-11-21")
	storePerson(t, w, 2, "Ana Perez", "1990-01-01")
	for _, c := range []struct {
		name, dob, variant string
	}{
		{"Bill Lopez", "21/11/1984", "nickname bill = william"},
		{"Lopez William", "1984-11-21", "given and family names swapped"},
		{"William Garcia-Lopez", "1985-11-21", "date of birth with the year one off"},
		{"Wiliam Garcia", "1984-11-21", "spelling wiliam ~ william"},
	} {
		hits, err := w.svc.Search(context.Background(), w.as["judge-b"], "judge-b", person.SearchRequest{Name: c.name, DOB: c.dob, Reason: "26CR0001"})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].OrderID != o.ID {
			t.Fatalf("%q %q: %+v", c.name, c.dob, hits)
		}
		if hits[0].Score < person.MatchFloor || !contains(hits[0].Why, c.variant) {
			t.Errorf("%q %q: score %.3f why %q, want %q", c.name, c.dob, hits[0].Score, hits[0].Why, c.variant)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The search statements, as the application role under row-level security, use
// the key table's index on a loaded registry (no sequential scan).
func TestSearchUsesIndexes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	template, err := json.Marshal(sample("X"))
	if err != nil {
		t.Fatal(err)
	}
	maint := dbtest.Conn(t, w.d.MaintURL)
	load(t, w, maint, template, 20_000)
	loadPersons(t, maint)
	storePerson(t, w, 1, "William Garcia-Lopez", "1984-11-21")
	app, err := db.Open(context.Background(), w.d.AppURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	for name, r := range map[string]person.SearchRequest{
		"name and dob":       {Name: "Bill Lopez", DOB: "1984-11-21"},
		"name and fuzzy dob": {Name: "Bill Lopez", DOB: "21/11/1984"},
		"name only":          {Name: "Bill Lopez"},
		"name, court, type":  {Name: "Bill Lopez", Court: w.a, Type: "criminal_protective_order", Status: "active", IssuedFrom: "2020-01-01"},
		"case number":        {CaseNumber: "BULK42"},
		"case and court":     {CaseNumber: "BULK42", Court: w.a},
	} {
		q, args := registry.SearchSQL(r)
		var plan []string
		if err := app.Tx(context.Background(), w.as["judge-b"], func(tx *gorm.DB) error {
			return tx.Raw("EXPLAIN "+q, args...).Scan(&plan).Error
		}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		text := strings.Join(plan, "\n")
		for _, table := range []string{"orders", "order_persons", "order_person_keys"} {
			if strings.Contains(text, "Seq Scan on "+table) {
				t.Errorf("%s scans %s sequentially:\n%s", name, table, text)
			}
		}
	}
}

// loadPersons gives every loaded order a restrained person and ten keys, set-based.
func loadPersons(tb testing.TB, maint *pgx.Conn) {
	tb.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO order_persons (court_id, order_id, version, person, role, name, dob)
		 SELECT court_id, id, 1, 0, 'restrained', 'Person ' || case_number, DATE '1950-01-01' + (abs(hashtext(id::text)) % 20000)
		 FROM orders WHERE case_number LIKE 'BULK%'`,
		`INSERT INTO order_person_keys (court_id, order_id, version, person, role, key)
		 SELECT court_id, id, 1, 0, 'restrained', 'n:' || md5(id::text || i) FROM orders, generate_series(1, 10) i
		 WHERE case_number LIKE 'BULK%'`,
		`ANALYZE orders; ANALYZE order_persons; ANALYZE order_person_keys`,
	} {
		if _, err := maint.Exec(ctx, q); err != nil {
			tb.Fatal(err)
		}
	}
}

// A search needs its reason, which is recorded; a user searching faster than the
// limit is refused, counted for the alert and audited; other users are not held up.
func TestSearchReasonAndLimit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reg := prometheus.NewRegistry()
	w.svc.SetSearchLimits(auth.NewLimiter(1.0/3600, 2, w.clk).Allow, reg)
	storePerson(t, w, 1, "Marc Jones", "1981-11-21")
	ctx := context.Background()
	_, err := w.svc.Search(ctx, w.as["judge-b"], "judge-b", person.SearchRequest{Name: "Marc Jones", Reason: " "})
	var v *apperr.ValidationError
	if !errors.As(err, &v) || v.Fields[0].Field != "body.reason" {
		t.Fatalf("without a reason: %v", err)
	}
	for _, bad := range []struct {
		field string
		r     person.SearchRequest
	}{
		{"body.name", person.SearchRequest{Reason: "26CR0001"}},
		{"body.dob", person.SearchRequest{Name: "Marc Jones", DOB: "last spring", Reason: "26CR0001"}},
		{"body.court", person.SearchRequest{Name: "Marc Jones", Court: "alpha", Reason: "26CR0001"}},
		{"body.issuedFrom", person.SearchRequest{Name: "Marc Jones", IssuedFrom: "2026-13-01", Reason: "26CR0001"}},
	} {
		if _, err := w.svc.Search(ctx, w.as["judge-b"], "judge-b", bad.r); !errors.As(err, &v) || v.Fields[0].Field != bad.field {
			t.Errorf("%s: %v", bad.field, err)
		}
	}
	for i := range 2 {
		hits, err := w.svc.Search(ctx, w.as["judge-b"], "judge-b", person.SearchRequest{Name: "Marc Jones", Reason: "26CR0001 arraignment"})
		if err != nil || len(hits) != 1 {
			t.Fatalf("search %d: %v %+v", i, err, hits)
		}
	}
	if _, err := w.svc.Search(ctx, w.as["judge-b"], "judge-b", person.SearchRequest{Name: "Marc Jones", Reason: "26CR0001 arraignment"}); !errors.Is(err, apperr.ErrTooManyRequests) {
		t.Fatalf("third search at once: %v, want too many requests", err)
	}
	if n := bursts(t, reg); n != 1 {
		t.Errorf("bursts counted %v, want 1", n)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'order.search_burst' AND outcome = 'denied'`); n != 1 {
		t.Errorf("burst audit events %d, want 1", n)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'order.search' AND outcome = 'success' AND reason = '26CR0001 arraignment'`); n != 2 {
		t.Errorf("searches recorded with their reason %d, want 2", n)
	}
	if _, err := w.svc.Search(ctx, w.as["judge-a"], "judge-a", person.SearchRequest{Name: "Marc Jones", Reason: "26CR0001"}); err != nil {
		t.Errorf("another user: %v", err)
	}
	w.clk.Advance(time.Hour)
	if _, err := w.svc.Search(ctx, w.as["judge-b"], "judge-b", person.SearchRequest{Name: "Marc Jones", Reason: "26CR0001"}); err != nil {
		t.Errorf("an hour later: %v", err)
	}
}

// bursts is the burst counter's value.
func bursts(t *testing.T, reg *prometheus.Registry) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil || len(mfs) != 1 || mfs[0].GetName() != "ccpor_search_bursts_total" {
		t.Fatalf("metrics %v %v", mfs, err)
	}
	return mfs[0].GetMetric()[0].GetCounter().GetValue()
}

// The operations over HTTP: search, conflicts of an order, conflicts of an entry.
func TestSearchAndConflictsOverHTTP(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	x := w.create(t, sample("26CF0001"))
	status, _, body := w.do(t, "judge-b", "POST", "/orders/search", map[string]any{"name": "Jones, Mark", "dob": "21/11/1981", "reason": "26CR0001"})
	if status != http.StatusOK {
		t.Fatalf("search: %d %s", status, body)
	}
	res := decode[struct {
		Results    []person.Hit `json:"results"`
		MatchFloor float64      `json:"matchFloor"`
	}](t, body)
	if len(res.Results) != 1 || res.Results[0].OrderID != x.ID || res.Results[0].Score < res.MatchFloor || len(res.Results[0].Why) == 0 {
		t.Errorf("results %+v", res.Results)
	}
	status, _, body = w.do(t, "judge-b", "POST", "/orders/search", map[string]any{"name": "Marc Jones"})
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "reason is required") {
		t.Errorf("without a reason: %d %s", status, body)
	}
	status, _, body = w.do(t, "judge-b", "GET", "/orders/"+x.ID+"/conflicts", nil)
	if status != http.StatusOK || !strings.Contains(string(body), `"orders":[]`) {
		t.Errorf("conflicts: %d %s", status, body)
	}
	entry := sample("26FL0002")
	status, _, body = w.do(t, "clerk-b", "POST", "/orders/conflicts", map[string]any{
		"restrainedPerson": entry.RestrainedPerson, "protectedPersons": entry.ProtectedPersons, "content": entry})
	if status != http.StatusOK || !strings.Contains(string(body), x.ID) || !strings.Contains(string(body), `"inConflict":true`) {
		t.Errorf("entry conflicts: %d %s", status, body)
	}
}

// Create and Modify index the persons of each version in two statements; what
// they write is exactly what the bulk load writes (IndexRows): every person
// with aliases in order and a date or none, and every key.
func TestVersionsIndexPersonsAsTheLoadDoes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	c := sample("26IX0001")
	c.RestrainedPerson.Aliases = []string{"Zed O'Neil", "Al Bee", "José Núñez"}
	c.ProtectedPersons = append(c.ProtectedPersons, order.ProtectedPerson{Name: "Maria Lopez"})
	o, _, err := w.svc.Create(ctx, w.as["clerk-a"], registry.CreateRequest{Content: c})
	if err != nil {
		t.Fatal(err)
	}
	c2 := o.Content
	c2.RestrainedPerson.Aliases = []string{"Bill Smith"}
	c2.ProtectedPersons = c2.ProtectedPersons[:1]
	if _, err := w.svc.Modify(ctx, w.as["clerk-a"], o.ID, registry.ModifyRequest{Content: c2, IfMatch: o.ETag}); err != nil {
		t.Fatal(err)
	}
	admin := dbtest.Conn(t, w.d.AdminURL)
	read := func(q string, version int) [][]any {
		rows, err := admin.Query(ctx, q, o.ID, version)
		if err != nil {
			t.Fatal(err)
		}
		out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for version, content := range map[int]order.Content{1: c, 2: c2} {
		wantPeople, wantKeys := registry.IndexRows(w.a, o.ID, version, content)
		gotPeople := read(`SELECT court_id::text, order_id::text, version, person, role, name, aliases,
			to_char(dob, 'YYYY-MM-DD') FROM order_persons WHERE order_id = $1 AND version = $2 ORDER BY person`, version)
		gotKeys := read(`SELECT court_id::text, order_id::text, version, person, role, key
			FROM order_person_keys WHERE order_id = $1 AND version = $2 ORDER BY person, key`, version)
		if got, want := fmt.Sprint(gotPeople), fmt.Sprint(wantPeople); got != want {
			t.Errorf("version %d persons:\n got %s\nwant %s", version, got, want)
		}
		slices.SortStableFunc(wantKeys, func(a, b []any) int {
			if c := a[3].(int) - b[3].(int); c != 0 {
				return c
			}
			return strings.Compare(a[5].(string), b[5].(string))
		})
		if len(wantKeys) < 10 {
			t.Fatalf("version %d: only %d keys expected; the content is not what the test means", version, len(wantKeys))
		}
		if got, want := fmt.Sprint(gotKeys), fmt.Sprint(wantKeys); got != want {
			t.Errorf("version %d keys:\n got %s\nwant %s", version, got, want)
		}
	}
}
