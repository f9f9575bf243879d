package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
)

func TestBadConfigurationStopsStartUpNamingTheVariable(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"DATABASE_URL=postgres://p@h/db", "PORT=http"}, "PORT"},
		{[]string{"DATABASE_URL=postgres://p@h/db", "CCPOR_ENV=prod"}, "CCPOR_ENV"},
		{[]string{"CCPOR_ENV=production", "DATABASE_URL=postgres://p@h/db"}, "DATABASE_OWNER_URL"},
	} {
		err := run(context.Background(), []string{"serve"}, &bytes.Buffer{}, tc.env)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error naming %s", tc.env, err, tc.want)
		}
	}
}

func TestCommands(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"openapi"}, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "components:") || !strings.Contains(out.String(), "openapi: 3.1.0") {
		t.Errorf("openapi printed %q", out.String()[:min(80, out.Len())])
	}
	if err := run(context.Background(), []string{"frobnicate"}, &bytes.Buffer{}, []string{"DATABASE_URL=postgres://p@h/db"}); err == nil {
		t.Error("an unknown command succeeded")
	}
	if err := run(context.Background(), []string{"seed", "demo"}, &bytes.Buffer{}, []string{
		"CCPOR_ENV=production", "CCPOR_PUBLIC_URL=https://x.example", "CCPOR_METRICS_ADDRESS=127.0.0.1:9",
		"DATABASE_OWNER_URL=postgres://ccpor_owner:x@h/db", "DATABASE_APP_URL=postgres://ccpor_app:x@h/db",
		"DATABASE_WORKER_URL=postgres://ccpor_worker:x@h/db", "DATABASE_MAINT_URL=postgres://ccpor_maint:x@h/db",
	}); err == nil || !strings.Contains(err.Error(), "production") {
		t.Errorf("demo data in production: %v", err)
	}
}

// The tests act as users without signing in through dbtest; the production binary
// must not contain that package, nor any other test-only one.
func TestProductionBinaryCannotActAsAUser(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := string(out)
	if !strings.Contains(deps, "github.com/ccpor/ccpor/backend/internal/platform/db\n") {
		t.Fatalf("go list -deps did not list the binary's own packages:\n%s", deps)
	}
	for _, pkg := range []string{"internal/platform/dbtest", "net/http/httptest", "/mockoidc"} {
		if strings.Contains(deps, pkg) {
			t.Errorf("the production binary depends on %s", pkg)
		}
	}
}

// Every command of the table answers -h and --help with its usage on stdout and
// no error, before reading any configuration; a flag it does not know is an
// error with its usage on stderr.
func TestEveryCommandHasHelp(t *testing.T) {
	dev := []string{"DATABASE_URL=postgres://p@127.0.0.1:1/db?connect_timeout=1"}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			for _, args := range [][]string{{c.name, "-h"}, {c.name, "--help"}, {"help", c.name}} {
				var out, errs bytes.Buffer
				h := strings.Join(args, " ")
				if err := execute(context.Background(), args, &out, &errs, nil); err != nil {
					t.Errorf("%s: %v", h, err)
				}
				if !strings.HasPrefix(out.String(), "Usage:\n  ccpor "+c.name) || errs.Len() != 0 {
					t.Errorf("%s printed %q, and on stderr %q", h, out.String(), errs.String())
				}
				if c.flags && !strings.Contains(out.String(), "\nFlags:\n  -") {
					t.Errorf("%s lists no flags: %q", h, out.String())
				}
			}
			args := []string{c.name, "-no-such-flag"}
			if c.name == "idp" {
				args = []string{c.name, "add-client", "-no-such-flag"}
			}
			var out, errs bytes.Buffer
			err := execute(context.Background(), args, &out, &errs, dev)
			if err == nil {
				t.Fatalf("%v succeeded", args)
			}
			if !strings.HasPrefix(errs.String(), "Usage:\n  ccpor "+c.name) || out.Len() != 0 {
				t.Errorf("%v: %v; stderr %q, stdout %q", args, err, errs.String(), out.String())
			}
		})
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		var out, errs bytes.Buffer
		if err := execute(context.Background(), args, &out, &errs, nil); err != nil {
			t.Errorf("%v: %v", args, err)
		}
		for _, c := range commands {
			if !strings.Contains(out.String(), "\n  ccpor "+c.name) {
				t.Errorf("%v: the usage lacks %s", args, c.name)
			}
		}
		if errs.Len() != 0 {
			t.Errorf("%v wrote to stderr: %q", args, errs.String())
		}
	}
	for _, args := range [][]string{nil, {"frobnicate"}} {
		var out, errs bytes.Buffer
		if err := execute(context.Background(), args, &out, &errs, nil); err == nil || out.Len() != 0 ||
			!strings.Contains(errs.String(), "Usage:") {
			t.Errorf("%v: %v; stdout %q, stderr %q", args, err, out.String(), errs.String())
		}
	}
}
