package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const devDB = "DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccpor?sslmode=disable"

// production is a complete, safe production environment; cases change one thing.
func production() []string {
	return []string{
		"CCPOR_ENV=production",
		"CCPOR_MAIL_OUTBOX=false", "CCPOR_SMTP_URL=smtp://ccpor:secret@mail.courts.example:587",
		"CCPOR_PUBLIC_URL=https://ccpor.courts.example",
		"CCPOR_METRICS_ADDRESS=127.0.0.1:9090",
		"DATABASE_OWNER_URL=postgres://ccpor_owner:s3cret@db:5432/ccpor?sslmode=verify-full",
		"DATABASE_APP_URL=postgres://ccpor_app:s3cret@db:5432/ccpor?sslmode=verify-full",
		"DATABASE_WORKER_URL=postgres://ccpor_worker:s3cret@db:5432/ccpor?sslmode=verify-full",
		"DATABASE_MAINT_URL=postgres://ccpor_maint:s3cret@db:5432/ccpor?sslmode=verify-full",
	}
}

func with(base []string, kv ...string) []string {
	out := []string{}
	for _, b := range base {
		k, _, _ := strings.Cut(b, "=")
		drop := false
		for _, o := range kv {
			if ok, _, _ := strings.Cut(o, "="); ok == k {
				drop = true
			}
		}
		if !drop {
			out = append(out, b)
		}
	}
	for _, o := range kv {
		if !strings.HasSuffix(o, "=") {
			out = append(out, o)
		}
	}
	return out
}

func TestDevelopmentDefaultsDeriveTheRoles(t *testing.T) {
	c, err := Load([]string{devDB})
	if err != nil {
		t.Fatal(err)
	}
	if c.Env != Development || c.Port != 8080 || c.SPADir != "frontend/dist" {
		t.Errorf("defaults: %+v", c)
	}
	for _, tc := range []struct{ url, role string }{
		{c.DatabaseOwnerURL, RoleOwner}, {c.DatabaseAppURL, RoleApp},
		{c.DatabaseWorkerURL, RoleWorker}, {c.DatabaseMaintURL, RoleMaint},
	} {
		if !strings.HasPrefix(tc.url, "postgres://"+tc.role+":") || !strings.Contains(tc.url, "@127.0.0.1:5432/ccpor?sslmode=disable") {
			t.Errorf("derived %s URL: %s", tc.role, tc.url)
		}
	}
}

func TestDevelopmentPublicURLFollowsPortAndBasePath(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{nil, "http://localhost:8080"},
		{[]string{"PORT=9000"}, "http://localhost:9000"},
		{[]string{"PORT=9000", "CCPOR_BASE_PATH=/base"}, "http://localhost:9000/base"},
		{[]string{"PORT=9000", "CCPOR_PUBLIC_URL=http://ccpor.test:8443/x"}, "http://ccpor.test:8443/x"},
	} {
		c, err := Load(append([]string{devDB}, tc.env...))
		if err != nil {
			t.Fatalf("%v: %v", tc.env, err)
		}
		if c.PublicURL != tc.want {
			t.Errorf("%v: public URL %q, want %q", tc.env, c.PublicURL, tc.want)
		}
	}
}

func TestBadValuesNameTheVariable(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
		v    string
	}{
		{"port not a number", []string{devDB, "PORT=eighty"}, "PORT"},
		{"port out of range", []string{devDB, "PORT=70000"}, "PORT"},
		{"unknown environment", []string{devDB, "CCPOR_ENV=staging"}, "CCPOR_ENV"},
		{"bad boolean", []string{devDB, "CCPOR_WORKERS=maybe"}, "CCPOR_WORKERS"},
		{"bad duration", []string{devDB, "CCPOR_SHUTDOWN_TIMEOUT=soon"}, "CCPOR_SHUTDOWN_TIMEOUT"},
		{"base path without slash", []string{devDB, "CCPOR_BASE_PATH=ccpor"}, "CCPOR_BASE_PATH"},
		{"base path trailing slash", []string{devDB, "CCPOR_BASE_PATH=/ccpor/"}, "CCPOR_BASE_PATH"},
		{"log level", []string{devDB, "CCPOR_LOG_LEVEL=loud"}, "CCPOR_LOG_LEVEL"},
		{"public url", []string{devDB, "CCPOR_PUBLIC_URL=ftp://x"}, "CCPOR_PUBLIC_URL"},
		{"blob url", []string{devDB, "CCPOR_BLOB_URL=gs://bucket"}, "CCPOR_BLOB_URL"},
		{"no database at all", nil, "DATABASE_URL"},
		{"database url not postgres", []string{"DATABASE_URL=mysql://root@x/db"}, "DATABASE_URL"},
		{"app url as the wrong role", []string{devDB, "DATABASE_APP_URL=postgres://postgres@x/ccpor"}, "DATABASE_APP_URL"},
		{"pool size", []string{devDB, "CCPOR_DB_MAX_CONNS=0"}, "CCPOR_DB_MAX_CONNS"},
		{"audit kept less than a year", []string{devDB, "CCPOR_AUDIT_RETENTION=720h"}, "CCPOR_AUDIT_RETENTION"},
		{"audit sealing too rare", []string{devDB, "CCPOR_AUDIT_SEAL_INTERVAL=2h"}, "CCPOR_AUDIT_SEAL_INTERVAL"},
		{"issuer not a URL", []string{devDB, "CCPOR_OIDC_ISSUER_URL=issuer", "CCPOR_OIDC_CLIENT_ID=x"}, "CCPOR_OIDC_ISSUER_URL"},
		{"issuer without client", []string{devDB, "CCPOR_OIDC_ISSUER_URL=http://localhost:9000"}, "CCPOR_OIDC_CLIENT_ID"},
		{"audience without issuer", []string{devDB, "CCPOR_IDP=false", "CCPOR_API_AUDIENCE=ccpor-api"}, "CCPOR_API_AUDIENCE"},
		{"idle timeout over 30m", []string{devDB, "CCPOR_SESSION_IDLE_TIMEOUT=31m"}, "CCPOR_SESSION_IDLE_TIMEOUT"},
		{"absolute under idle", []string{devDB, "CCPOR_SESSION_ABSOLUTE_TIMEOUT=10m"}, "CCPOR_SESSION_ABSOLUTE_TIMEOUT"},
		{"no bearer rate", []string{devDB, "CCPOR_BEARER_RATE=0"}, "CCPOR_BEARER_RATE"},
		{"carpos url", []string{devDB, "CCPOR_CARPOS_URL=carpos.example"}, "CCPOR_CARPOS_URL"},
		{"carpos attempts", []string{devDB, "CCPOR_CARPOS_MAX_ATTEMPTS=0"}, "CCPOR_CARPOS_MAX_ATTEMPTS"},
		{"carpos backoff", []string{devDB, "CCPOR_CARPOS_RETRY_BASE=1h", "CCPOR_CARPOS_RETRY_MAX=1m"}, "CCPOR_CARPOS_RETRY_MAX"},
		{"carpos timeout", []string{devDB, "CCPOR_CARPOS_TIMEOUT=0s"}, "CCPOR_CARPOS_TIMEOUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.env)
			var ce *Error
			if !errors.As(err, &ce) || ce.Var != tc.v {
				t.Fatalf("got %v, want an error naming %s", err, tc.v)
			}
			if !strings.Contains(err.Error(), tc.v) {
				t.Errorf("message %q does not name %s", err, tc.v)
			}
		})
	}
}

func TestSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "db")
	if err := os.WriteFile(path, []byte("postgres://postgres@db:5432/ccpor\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load([]string{"DATABASE_URL_FILE=" + path})
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "postgres://postgres@db:5432/ccpor" {
		t.Errorf("DATABASE_URL from file: %q", c.DatabaseURL)
	}
	_, err = Load([]string{"DATABASE_URL_FILE=" + filepath.Join(dir, "missing")})
	var ce *Error
	if !errors.As(err, &ce) || ce.Var != "DATABASE_URL_FILE" {
		t.Errorf("missing file: got %v", err)
	}
	_, err = Load([]string{devDB, "DATABASE_URL_FILE=" + path})
	if !errors.As(err, &ce) || ce.Var != "DATABASE_URL" {
		t.Errorf("both set: got %v", err)
	}
	// A non-secret has no _FILE form.
	c, err = Load([]string{devDB, "PORT_FILE=" + path})
	if err != nil || c.Port != 8080 {
		t.Errorf("PORT_FILE must be ignored: %v %d", err, c.Port)
	}
}

func TestProductionRefusesUnsafeSettings(t *testing.T) {
	if _, err := Load(production()); err != nil {
		t.Fatalf("the safe production set was refused: %v", err)
	}
	for _, tc := range []struct {
		name string
		env  []string
		v    string
	}{
		{"derived roles", with(production(), "DATABASE_APP_URL=", devDB), "DATABASE_APP_URL"},
		{"plain http", with(production(), "CCPOR_PUBLIC_URL=http://ccpor.courts.example"), "CCPOR_PUBLIC_URL"},
		{"no public url", with(production(), "CCPOR_PUBLIC_URL="), "CCPOR_PUBLIC_URL"},
		{"mail outbox", with(production(), "CCPOR_MAIL_OUTBOX=true"), "CCPOR_MAIL_OUTBOX"},
		{"no smtp", with(production(), "CCPOR_SMTP_URL="), "CCPOR_SMTP_URL"},
		{"public metrics", with(production(), "CCPOR_METRICS_ADDRESS="), "CCPOR_METRICS_ADDRESS"},
		{"short metrics token", with(production(), "CCPOR_METRICS_ADDRESS=", "CCPOR_METRICS_TOKEN=short"), "CCPOR_METRICS_TOKEN"},
		{"no password", with(production(), "DATABASE_WORKER_URL=postgres://ccpor_worker@db:5432/ccpor"), "DATABASE_WORKER_URL"},
		{"tls off", with(production(), "DATABASE_MAINT_URL=postgres://ccpor_maint:x@db:5432/ccpor?sslmode=disable"), "DATABASE_MAINT_URL"},
		{"http issuer", with(production(), "CCPOR_OIDC_ISSUER_URL=http://idp.courts.example", "CCPOR_OIDC_CLIENT_ID=ccpor"), "CCPOR_OIDC_ISSUER_URL"},
		{"no second factor", with(production(), "CCPOR_OIDC_ISSUER_URL=https://idp.courts.example", "CCPOR_OIDC_CLIENT_ID=ccpor", "CCPOR_OIDC_REQUIRE_SECOND_FACTOR=false"), "CCPOR_OIDC_REQUIRE_SECOND_FACTOR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.env)
			var ce *Error
			if !errors.As(err, &ce) || ce.Var != tc.v {
				t.Fatalf("got %v, want refusal naming %s", err, tc.v)
			}
		})
	}
}

func TestEveryVariableIsDocumented(t *testing.T) {
	b, err := os.ReadFile("../../../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, f := range Fields() {
		if f.Doc == "" {
			t.Errorf("%s has no doc tag", f.Var)
		}
		if !strings.Contains(doc, "`"+f.Var+"`") {
			t.Errorf("docs/configuration.md does not document %s", f.Var)
		}
	}
}
