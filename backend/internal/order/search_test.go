package order_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/order"
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
	o, _, err := w.svc.Create(context.Background(), w.as["clerk-a"], order.CreateRequest{Content: c})
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
		hits, err := w.svc.Search(ctx, w.as["judge-b"], "judge-b", order.SearchRequest{Name: name, DOB: dob, Role: "restrained", Reason: "labelled set"})
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
			if i < 3 && h.Score >= order.MatchFloor && byOrder[h.OrderID] != want {
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
		hits, err := w.svc.Search(context.Background(), w.as["judge-b"], "judge-b", order.SearchRequest{Name: c.name, DOB: c.dob, Reason: "26CR0001"})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].OrderID != o.ID {
			t.Fatalf("%q %q: %+v", c.name, c.dob, hits)
		}
		if hits[0].Score < order.MatchFloor || !contains(hits[0].Why, c.variant) {
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
	for name, r := range map[string]order.SearchRequest{
		"name and dob":       {Name: "Bill Lopez", DOB: "1984-11-21"},
		"name and fuzzy dob": {Name: "Bill Lopez", DOB: "21/11/1984"},
		"name only":          {Name: "Bill Lopez"},
		"name, court, type":  {Name: "Bill Lopez", Court: w.a, Type: "criminal_protective_order", Status: "active", IssuedFrom: "2020-01-01"},
		"case number":        {CaseNumber: "BULK42"},
		"case and court":     {CaseNumber: "BULK42", Court: w.a},
	} {
		q, args := order.SearchSQL(r)
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
