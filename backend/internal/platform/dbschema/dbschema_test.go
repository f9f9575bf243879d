package dbschema_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/platform/dbschema"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

var update = flag.Bool("update", false, "write docs/schema.sql from a freshly migrated database (make schema)")

// schemaFile is docs/schema.sql, from this package's directory.
const schemaFile = "../../../../docs/schema.sql"

// TestSchemaFile fails when docs/schema.sql is not the schema the migrations make.
func TestSchemaFile(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	got := dump(t, d.AdminURL)
	if *update {
		if err := os.WriteFile(schemaFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("read docs/schema.sql: %v; run `make schema`", err)
	}
	if line, w, g, differ := firstDifference(string(want), got); differ {
		t.Fatalf("docs/schema.sql is stale: run `make schema` (line %d: the file has %q, the migrations make %q)%s",
			line, w, g, versionNote(t, d.AdminURL))
	}
}

// TestDumpFollowsTheSchema proves the comparison above can fail: a table, policy,
// grant or function added to a migrated database shows in its dump, and two dumps
// of databases made from the same migrations are the same text.
func TestDumpFollowsTheSchema(t *testing.T) {
	t.Parallel()
	a, b := dbtest.New(t), dbtest.New(t)
	before := dump(t, a.AdminURL)
	if other := dump(t, b.AdminURL); other != before {
		line, w, g, _ := firstDifference(before, other)
		t.Fatalf("two databases of the same migrations dump differently at line %d: %q vs %q", line, w, g)
	}
	for _, name := range []string{a.Name, b.Name} {
		if strings.Contains(before, name) {
			t.Errorf("the dump names the database %s", name)
		}
	}
	owner := dbtest.Conn(t, a.OwnerURL)
	for _, s := range []string{
		`CREATE TABLE schema_probe (id bigint PRIMARY KEY, court_id uuid NOT NULL)`,
		`ALTER TABLE schema_probe ENABLE ROW LEVEL SECURITY`,
		`CREATE POLICY schema_probe_court ON schema_probe FOR SELECT TO ccpor_app USING (court_id IS NOT NULL)`,
		`GRANT SELECT ON schema_probe TO ccpor_app`,
		`CREATE FUNCTION schema_probe_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM schema_probe'`,
	} {
		if _, err := owner.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	after := dump(t, a.AdminURL)
	for _, want := range []string{
		"CREATE TABLE schema_probe (\n    id bigint NOT NULL,\n    court_id uuid NOT NULL,\n    CONSTRAINT schema_probe_pkey PRIMARY KEY (id)\n);",
		"ALTER TABLE schema_probe ENABLE ROW LEVEL SECURITY;",
		"CREATE POLICY schema_probe_court ON schema_probe FOR SELECT TO ccpor_app\n    USING ((court_id IS NOT NULL));",
		"GRANT SELECT ON TABLE schema_probe TO ccpor_app;",
		"CREATE OR REPLACE FUNCTION public.schema_probe_count()",
		"REVOKE ALL ON FUNCTION schema_probe_count() FROM PUBLIC;",
	} {
		if !strings.Contains(after, want) {
			t.Errorf("the dump lacks %q", want)
		}
	}
}

// schemaServerMajor is the PostgreSQL major version docker-compose.yml runs, on
// which docs/schema.sql is written: another one may deparse expressions otherwise.
const schemaServerMajor = 15

func versionNote(t *testing.T, url string) string {
	var num int
	if err := dbtest.Conn(t, url).QueryRow(context.Background(), "SELECT current_setting('server_version_num')::int").Scan(&num); err != nil {
		t.Fatal(err)
	}
	if num/10000 == schemaServerMajor {
		return ""
	}
	return fmt.Sprintf("; note: this server is PostgreSQL %d, docs/schema.sql is written on PostgreSQL %d", num/10000, schemaServerMajor)
}

func dump(t *testing.T, url string) string {
	t.Helper()
	s, err := dbschema.Dump(context.Background(), dbtest.Conn(t, url))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// firstDifference returns the first line (from 1) where a and b differ, with its
// text in each.
func firstDifference(a, b string) (line int, inA, inB string, differ bool) {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y || i >= len(la) || i >= len(lb) {
			return i + 1, x, y, true
		}
	}
	return 0, "", "", false
}
