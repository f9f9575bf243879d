package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// withDatabase is u naming database name instead of its own.
func withDatabase(t *testing.T, u, name string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	p.Path = "/" + name
	return p.String()
}

// What make run does with DATABASE_URL naming a database of its own (not ccpor),
// on a port other than 8080 and nothing else set: bootstrap creates that
// database, migrate and seed fill it, serve uses it, says so, signs in at its
// own port and runs the simulated DOJ in-process.
func TestMakeRunUsesTheDatabaseOfDATABASE_URL(t *testing.T) {
	t.Parallel()
	admin := dbtest.AdminURL(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "ccpor_run_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, withDatabase(t, admin, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, err := c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
		c.Close(context.Background())
	})

	port := freePort(t)
	env := []string{"DATABASE_URL=" + withDatabase(t, admin, name), "CCPOR_SPA_DIR=" + t.TempDir(),
		"CCPOR_BLOB_URL=file://" + t.TempDir(), "CCPOR_DB_MAX_CONNS=4"}
	for _, cmd := range [][]string{{"bootstrap"}, {"migrate"}, {"seed", "demo"}} {
		var out bytes.Buffer
		if err := run(ctx, cmd, &out, append(env, fmt.Sprintf("PORT=%d", port))); err != nil {
			t.Fatalf("ccpor %v: %v\n%s", cmd, err, out.String())
		}
		if cmd[0] != "seed" && !strings.Contains(out.String(), `"database":"`+name+`"`) {
			t.Errorf("ccpor %v does not say which database: %s", cmd, out.String())
		}
	}
	var courts int
	named := dbtest.Conn(t, withDatabase(t, admin, name))
	if err := named.QueryRow(ctx, "SELECT count(*) FROM courts").Scan(&courts); err != nil || courts == 0 {
		t.Fatalf("the demo courts in %s: %d, %v", name, courts, err)
	}

	s := startServer(t, env, port)
	var served int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND usename = 'ccpor_app'", name).Scan(&served); err != nil || served == 0 {
		t.Errorf("the server's connections to %s: %d, %v", name, served, err)
	}
	res, err := client.Get(s.url + "/idp/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Issuer string `json:"issuer"`
	}
	err = json.NewDecoder(res.Body).Decode(&meta)
	res.Body.Close()
	if want := fmt.Sprintf("http://localhost:%d/idp", port); err != nil || meta.Issuer != want {
		t.Errorf("the issuer: %q (%v), want %s", meta.Issuer, err, want)
	}
	s.stop(t)
	log, err := os.ReadFile(s.log)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"database":"` + name + `"`, "simulated DOJ served in-process"} {
		if !bytes.Contains(log, []byte(want)) {
			t.Errorf("the serve log does not say %s:\n%s", want, log)
		}
	}
}

// make run's recipe (the build steps left out, ccpor replaced by a script that
// prints what each command gets) passes DATABASE_URL as given and PORT to every
// command, the seed included: its demo accounts belong to the issuer of that port.
func TestMakeRunRecipePassesDATABASE_URLAndPORT(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatal("make is not installed; make test needs it too")
	}
	stub := filepath.Join(t.TempDir(), "ccpor")
	if err := os.WriteFile(stub, []byte("#!/bin/sh\necho \"$* DATABASE_URL=$DATABASE_URL PORT=$PORT\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	const given = "postgres://someone@db.example:5433/mydb?sslmode=disable"
	for _, port := range []string{"9123", ""} {
		cmd := exec.Command("make", "--no-print-directory", "-o", "frontend", "-o", "build", "run", "BIN="+stub)
		cmd.Dir = filepath.Join("..", "..", "..")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "DATABASE_URL=" + given}
		want := port
		if port != "" {
			cmd.Env = append(cmd.Env, "PORT="+port)
		} else {
			want = "8080"
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("make run: %v\n%s", err, out)
		}
		for _, c := range []string{"bootstrap", "migrate", "seed demo", "serve"} {
			if !strings.Contains(string(out), c+" DATABASE_URL="+given+" PORT="+want+"\n") {
				t.Errorf("PORT=%q: ccpor %s did not get DATABASE_URL as given and PORT %s:\n%s", port, c, want, out)
			}
		}
		if !strings.Contains(string(out), "CCPOR on http://localhost:"+want+"\n") {
			t.Errorf("PORT=%q: make run does not say where it serves:\n%s", port, out)
		}
	}
}
