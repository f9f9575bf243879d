// Package config loads the one Config of the process from environment variables,
// validates it once at start-up and refuses unsafe settings in production.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Environment names where the process runs.
const (
	Development = "development"
	Production  = "production"
)

// Role names of the database topology; migrations grant to these names.
const (
	RoleOwner  = "ccpor_owner"
	RoleApp    = "ccpor_app"
	RoleWorker = "ccpor_worker"
	RoleMaint  = "ccpor_maint"
)

// Config is every setting of the process. Fields tagged secret may also be given as
// NAME_FILE, the path of a file holding the value (container secrets).
type Config struct {
	Env         string `env:"CCPOR_ENV" envDefault:"development" doc:"development or production; production refuses unsafe settings"`
	BindAddress string `env:"CCPOR_BIND_ADDRESS" envDefault:"0.0.0.0" doc:"address the HTTP server listens on"`
	Port        int    `env:"PORT" envDefault:"8080" doc:"port of the HTTP server"`
	PublicURL   string `env:"CCPOR_PUBLIC_URL" doc:"the URL users reach the service at, base path included; https and required in production; unset in development: http://localhost:PORT followed by CCPOR_BASE_PATH"`
	BasePath    string `env:"CCPOR_BASE_PATH" doc:"path prefix the service is mounted under, e.g. /ccpor behind a web VPN; empty for the root"`
	SPADir      string `env:"CCPOR_SPA_DIR" envDefault:"frontend/dist" doc:"directory of the built single-page application"`
	LogLevel    string `env:"CCPOR_LOG_LEVEL" envDefault:"info" doc:"debug, info, warn or error"`

	DatabaseURL       string `env:"DATABASE_URL" secret:"true" doc:"administrative connection used by bootstrap; in development a superuser URL from which the role connections are derived"`
	DatabaseOwnerURL  string `env:"DATABASE_OWNER_URL" secret:"true" doc:"connection of ccpor_owner, which runs migrations; required in production"`
	DatabaseAppURL    string `env:"DATABASE_APP_URL" secret:"true" doc:"connection of ccpor_app, the server; required in production"`
	DatabaseWorkerURL string `env:"DATABASE_WORKER_URL" secret:"true" doc:"connection of ccpor_worker, background jobs; required in production"`
	DatabaseMaintURL  string `env:"DATABASE_MAINT_URL" secret:"true" doc:"connection of ccpor_maint (BYPASSRLS), for backups, bulk loads and benchmark baselines; required in production"`
	DevRolePassword   string `env:"CCPOR_DEV_ROLE_PASSWORD" envDefault:"ccpor-development-only" secret:"true" doc:"development only: the password bootstrap gives the derived roles"`
	DBMaxConns        int    `env:"CCPOR_DB_MAX_CONNS" envDefault:"10" doc:"connections per pool"`

	Workers         bool          `env:"CCPOR_WORKERS" envDefault:"true" doc:"run background job workers inside serve"`
	ShutdownTimeout time.Duration `env:"CCPOR_SHUTDOWN_TIMEOUT" envDefault:"20s" doc:"how long serve waits for requests and jobs to finish on SIGTERM"`

	MetricsAddress string `env:"CCPOR_METRICS_ADDRESS" doc:"separate listen address for /metrics, e.g. 127.0.0.1:9090"`
	MetricsToken   string `env:"CCPOR_METRICS_TOKEN" secret:"true" doc:"bearer token for /metrics on the main listener; /metrics is not served there without it"`

	AuditRetention    time.Duration `env:"CCPOR_AUDIT_RETENTION" envDefault:"8760h" doc:"how long audit events are kept; at least 8760h (365 days)"`
	AuditSealInterval time.Duration `env:"CCPOR_AUDIT_SEAL_INTERVAL" envDefault:"10s" doc:"how often the audit chains are sealed"`

	CarposURL         string        `env:"CCPOR_CARPOS_URL" doc:"the DOJ CARPOS endpoint messages are posted to; empty in development: serve runs the simulated DOJ (the code of ccpor carpos-sim) in-process on a loopback port; empty in production: each message fails as unsent and lands in its court's work queue after the last try"`
	CarposMaxAttempts int           `env:"CCPOR_CARPOS_MAX_ATTEMPTS" envDefault:"10" doc:"tries of a CARPOS message without an answer before it goes to its court's work queue (1-100)"`
	CarposRetryBase   time.Duration `env:"CCPOR_CARPOS_RETRY_BASE" envDefault:"2s" doc:"wait before the second try of a CARPOS message; doubles with each try"`
	CarposRetryMax    time.Duration `env:"CCPOR_CARPOS_RETRY_MAX" envDefault:"10m" doc:"longest wait between tries of a CARPOS message"`
	CarposTimeout     time.Duration `env:"CCPOR_CARPOS_TIMEOUT" envDefault:"10s" doc:"how long one submission to CARPOS may take before it counts as unanswered"`
	CarposSweep       time.Duration `env:"CCPOR_CARPOS_SWEEP" envDefault:"1m" doc:"how often the workers look for CARPOS messages whose delivery job was lost (a process killed mid-send) and start it again"`

	BlobURL        string `env:"CCPOR_BLOB_URL" envDefault:"file://.data/blobs" doc:"where order images are stored: file:///path or s3://bucket?endpoint=...; validated at start-up"`
	ImageMaxBytes  int64  `env:"CCPOR_IMAGE_MAX_BYTES" envDefault:"26214400" doc:"the largest order image file accepted, in bytes (25 MB)"`
	ImageMaxPages  int    `env:"CCPOR_IMAGE_MAX_PAGES" envDefault:"100" doc:"the most pages an order image (PDF or TIFF) may have"`
	ImageMaxPixels int64  `env:"CCPOR_IMAGE_MAX_PIXELS" envDefault:"50000000" doc:"the most pixels (width × height) one page of a TIFF, JPEG or PNG may declare; checked before decoding"`

	IDP                     bool          `env:"CCPOR_IDP" envDefault:"true" doc:"serve the built-in OpenID provider at CCPOR_PUBLIC_URL + /idp (passwords, one-time codes, lockout); the registry signs in there when CCPOR_OIDC_ISSUER_URL is empty"`
	PasswordMinLength       int           `env:"CCPOR_PASSWORD_MIN_LENGTH" envDefault:"12" doc:"the built-in provider's shortest password; at least 8"`
	MailOutbox              bool          `env:"CCPOR_MAIL_OUTBOX" envDefault:"true" doc:"development: e-mail (password reset links) lands in the mail_outbox table, listed at /idp/dev/outbox, instead of being sent; production refuses it"`
	SMTPURL                 string        `env:"CCPOR_SMTP_URL" secret:"true" doc:"where e-mail is sent when the outbox is off: smtp://user:password@host:587 (STARTTLS when the server offers it)"`
	MailFrom                string        `env:"CCPOR_MAIL_FROM" envDefault:"ccpor@localhost" doc:"the sender address of the registry's e-mail"`
	OIDCIssuerURL           string        `env:"CCPOR_OIDC_ISSUER_URL" doc:"the OpenID Connect issuer users sign in with (its discovery document is read lazily); https in production; empty: the built-in provider (CCPOR_IDP), or sign-in is off without it"`
	OIDCClientID            string        `env:"CCPOR_OIDC_CLIENT_ID" doc:"the registry's client id at the issuer; the redirect URI registered there is CCPOR_PUBLIC_URL + /auth/callback"`
	OIDCClientSecret        string        `env:"CCPOR_OIDC_CLIENT_SECRET" secret:"true" doc:"the registry's client secret at the issuer"`
	OIDCRequireSecondFactor bool          `env:"CCPOR_OIDC_REQUIRE_SECOND_FACTOR" envDefault:"true" doc:"refuse a sign-in whose ID token's amr names no second factor (otp, mfa, hwk, ...); CJIS requires it"`
	APIAudience             string        `env:"CCPOR_API_AUDIENCE" doc:"the audience machine clients' bearer access tokens must carry (the built-in provider puts it in its client-credentials tokens); empty: bearer tokens are refused"`
	BearerRate              float64       `env:"CCPOR_BEARER_RATE" envDefault:"10" doc:"requests per second each machine client may make on average (token bucket)"`
	BearerBurst             int           `env:"CCPOR_BEARER_BURST" envDefault:"20" doc:"requests a machine client may make at once (token bucket size)"`
	SearchRate              float64       `env:"CCPOR_SEARCH_RATE" envDefault:"0.2" doc:"statewide person searches each user may make per second on average (token bucket; 0.2 is 12 a minute); a search beyond it is refused, counted in ccpor_search_bursts_total and audited"`
	SearchBurst             int           `env:"CCPOR_SEARCH_BURST" envDefault:"20" doc:"statewide person searches a user may make at once (token bucket size)"`
	SessionIdleTimeout      time.Duration `env:"CCPOR_SESSION_IDLE_TIMEOUT" envDefault:"30m" doc:"a session unused this long ends (CJIS: at most 30m)"`
	SessionAbsoluteTimeout  time.Duration `env:"CCPOR_SESSION_ABSOLUTE_TIMEOUT" envDefault:"12h" doc:"a session ends this long after sign-in, however busy"`
}

// Error says which variable is wrong and why.
type Error struct {
	Var    string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("config: %s: %s", e.Var, e.Reason) }

// Load reads the configuration from environ (as os.Environ gives it), resolving
// NAME_FILE for secrets, and validates it.
func Load(environ []string) (Config, error) {
	vars := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	if err := resolveFiles(vars); err != nil {
		return Config{}, err
	}
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: vars}); err != nil {
		return Config{}, translate(err)
	}
	if err := c.validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// resolveFiles replaces NAME_FILE by the content of that file for every secret.
func resolveFiles(vars map[string]string) error {
	for _, f := range Fields() {
		if !f.Secret {
			continue
		}
		path, ok := vars[f.Var+"_FILE"]
		if !ok || path == "" {
			continue
		}
		if _, set := vars[f.Var]; set {
			return &Error{f.Var, "set both directly and through " + f.Var + "_FILE; choose one"}
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return &Error{f.Var + "_FILE", fmt.Sprintf("cannot read %s: %v", path, err)}
		}
		vars[f.Var] = strings.TrimRight(string(b), "\r\n")
	}
	return nil
}

// translate turns the parser's field names into variable names.
func translate(err error) error {
	var agg env.AggregateError
	if errors.As(err, &agg) && len(agg.Errors) > 0 {
		err = agg.Errors[0]
	}
	var pe env.ParseError
	if errors.As(err, &pe) {
		for _, f := range Fields() {
			if f.Field == pe.Name {
				return &Error{f.Var, fmt.Sprintf("not a valid %s: %v", kindName(pe.Type), errors.Unwrap(pe.Err))}
			}
		}
	}
	return fmt.Errorf("config: %w", err)
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "boolean (true or false)"
	case reflect.Int:
		return "whole number"
	case reflect.Int64:
		if t == reflect.TypeOf(time.Duration(0)) {
			return "duration (e.g. 20s, 5m)"
		}
	}
	return t.String()
}

// Field describes one variable, for the configuration reference.
type Field struct {
	Field, Var, Default, Doc string
	Secret                   bool
}

// Fields lists every variable Config reads, in declaration order.
func Fields() []Field {
	t := reflect.TypeOf(Config{})
	out := make([]Field, 0, t.NumField())
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("env"), ",")
		out = append(out, Field{
			Field: sf.Name, Var: name, Default: sf.Tag.Get("envDefault"),
			Doc: sf.Tag.Get("doc"), Secret: sf.Tag.Get("secret") == "true",
		})
	}
	return out
}

// IsProduction tells whether unsafe settings must be refused.
func (c Config) IsProduction() bool { return c.Env == Production }

func (c *Config) validate() error {
	switch c.Env {
	case Development, Production:
	default:
		return &Error{"CCPOR_ENV", fmt.Sprintf("%q is neither development nor production", c.Env)}
	}
	if c.PasswordMinLength < 8 || c.PasswordMinLength > 64 {
		return &Error{"CCPOR_PASSWORD_MIN_LENGTH", fmt.Sprintf("%d is not between 8 and 64", c.PasswordMinLength)}
	}
	if c.Port < 1 || c.Port > 65535 {
		return &Error{"PORT", fmt.Sprintf("%d is not a port (1-65535)", c.Port)}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return &Error{"CCPOR_LOG_LEVEL", fmt.Sprintf("%q is not debug, info, warn or error", c.LogLevel)}
	}
	if c.BasePath != "" {
		if !strings.HasPrefix(c.BasePath, "/") || strings.HasSuffix(c.BasePath, "/") ||
			strings.ContainsAny(c.BasePath, "?#%\"'<> ") {
			return &Error{"CCPOR_BASE_PATH", fmt.Sprintf("%q must start with / and not end with /, e.g. /ccpor", c.BasePath)}
		}
	}
	c.defaultPublicURL()
	pub, err := url.Parse(c.PublicURL)
	if c.PublicURL != "" && (err != nil || (pub.Scheme != "http" && pub.Scheme != "https") || pub.Host == "") {
		return &Error{"CCPOR_PUBLIC_URL", fmt.Sprintf("%q is not an http(s) URL", c.PublicURL)}
	}
	if c.DBMaxConns < 1 {
		return &Error{"CCPOR_DB_MAX_CONNS", "must be at least 1"}
	}
	if err := c.validateCarpos(); err != nil {
		return err
	}
	if c.ShutdownTimeout <= 0 {
		return &Error{"CCPOR_SHUTDOWN_TIMEOUT", "must be positive"}
	}
	if c.AuditRetention < 365*24*time.Hour {
		return &Error{"CCPOR_AUDIT_RETENTION", fmt.Sprintf("%v is shorter than a year (8760h); the audit log is kept at least 365 days", c.AuditRetention)}
	}
	if c.AuditSealInterval < time.Second || c.AuditSealInterval > time.Hour {
		return &Error{"CCPOR_AUDIT_SEAL_INTERVAL", "must be between 1s and 1h"}
	}
	if err := validateBlobURL(c.BlobURL); err != nil {
		return err
	}
	if c.ImageMaxBytes < 1<<20 || c.ImageMaxBytes > 1<<30 {
		return &Error{"CCPOR_IMAGE_MAX_BYTES", "must be between 1048576 (1 MB) and 1073741824 (1 GB)"}
	}
	if c.ImageMaxPages < 1 || c.ImageMaxPages > 10000 {
		return &Error{"CCPOR_IMAGE_MAX_PAGES", "must be between 1 and 10000"}
	}
	if c.ImageMaxPixels < 1_000_000 || c.ImageMaxPixels > 500_000_000 {
		return &Error{"CCPOR_IMAGE_MAX_PIXELS", "must be between 1000000 and 500000000"}
	}
	if err := c.validateSignIn(); err != nil {
		return err
	}
	if err := c.resolveDatabase(); err != nil {
		return err
	}
	if c.IsProduction() {
		return c.refuseUnsafe(pub)
	}
	return nil
}

func validateBlobURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "file" && u.Scheme != "s3") {
		return &Error{"CCPOR_BLOB_URL", fmt.Sprintf("%q is neither a file:// nor an s3:// URL", s)}
	}
	return nil
}

// resolveDatabase checks the role connections and, in development, derives the
// missing ones from DATABASE_URL.
func (c *Config) resolveDatabase() error {
	roles := []struct {
		v    string
		url  *string
		role string
	}{
		{"DATABASE_OWNER_URL", &c.DatabaseOwnerURL, RoleOwner},
		{"DATABASE_APP_URL", &c.DatabaseAppURL, RoleApp},
		{"DATABASE_WORKER_URL", &c.DatabaseWorkerURL, RoleWorker},
		{"DATABASE_MAINT_URL", &c.DatabaseMaintURL, RoleMaint},
	}
	if c.DatabaseURL != "" {
		if _, err := parsePostgresURL(c.DatabaseURL); err != nil {
			return &Error{"DATABASE_URL", err.Error()}
		}
	}
	for _, r := range roles {
		if *r.url == "" {
			if c.IsProduction() {
				return &Error{r.v, "required in production (each role has its own connection)"}
			}
			if c.DatabaseURL == "" {
				return &Error{"DATABASE_URL", "required: set it, or set every DATABASE_*_URL"}
			}
			*r.url = DeriveRoleURL(c.DatabaseURL, r.role, c.DevRolePassword)
			continue
		}
		u, err := parsePostgresURL(*r.url)
		if err != nil {
			return &Error{r.v, err.Error()}
		}
		if u.User.Username() != r.role {
			return &Error{r.v, fmt.Sprintf("connects as %q, must connect as %s", u.User.Username(), r.role)}
		}
	}
	return nil
}

func parsePostgresURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return nil, errors.New("must be a postgres:// URL")
	}
	if u.User == nil || u.User.Username() == "" {
		return nil, errors.New("names no user")
	}
	if strings.TrimPrefix(u.Path, "/") == "" {
		return nil, errors.New("names no database")
	}
	return u, nil
}

// DeriveRoleURL returns adminURL with its user and password replaced.
func DeriveRoleURL(adminURL, role, password string) string {
	u, err := url.Parse(adminURL)
	if err != nil {
		return ""
	}
	u.User = url.UserPassword(role, password)
	return u.String()
}

func (c *Config) validateSignIn() error {
	if !c.MailOutbox {
		u, err := url.Parse(c.SMTPURL)
		if c.SMTPURL == "" || err != nil || u.Scheme != "smtp" || u.Hostname() == "" || u.Port() == "" {
			return &Error{"CCPOR_SMTP_URL", "required as smtp://user:password@host:port when CCPOR_MAIL_OUTBOX is off"}
		}
	}
	if c.OIDCIssuerURL != "" {
		u, err := url.Parse(c.OIDCIssuerURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return &Error{"CCPOR_OIDC_ISSUER_URL", fmt.Sprintf("%q is not an http(s) URL without query or fragment", c.OIDCIssuerURL)}
		}
		if c.OIDCClientID == "" {
			return &Error{"CCPOR_OIDC_CLIENT_ID", "required when CCPOR_OIDC_ISSUER_URL is set"}
		}
	}
	if c.APIAudience != "" && c.OIDCIssuerURL == "" && !c.IDP {
		return &Error{"CCPOR_API_AUDIENCE", "bearer tokens need an issuer: CCPOR_OIDC_ISSUER_URL, or the built-in provider (CCPOR_IDP=true)"}
	}
	if c.SearchRate <= 0 || c.SearchBurst < 1 {
		return &Error{"CCPOR_SEARCH_RATE", "the rate must be positive and CCPOR_SEARCH_BURST at least 1"}
	}
	if c.BearerRate <= 0 || c.BearerBurst < 1 {
		return &Error{"CCPOR_BEARER_RATE", "the rate must be positive and CCPOR_BEARER_BURST at least 1"}
	}
	if c.SessionIdleTimeout < time.Minute || c.SessionIdleTimeout > 30*time.Minute {
		return &Error{"CCPOR_SESSION_IDLE_TIMEOUT", "must be between 1m and 30m (CJIS)"}
	}
	if c.SessionAbsoluteTimeout < c.SessionIdleTimeout || c.SessionAbsoluteTimeout > 24*time.Hour {
		return &Error{"CCPOR_SESSION_ABSOLUTE_TIMEOUT", "must be at least the idle timeout and at most 24h"}
	}
	return nil
}

func (c *Config) refuseUnsafe(pub *url.URL) error {
	if c.PublicURL == "" {
		return &Error{"CCPOR_PUBLIC_URL", "required in production: the https URL users reach the service at"}
	}
	if pub.Scheme != "https" {
		return &Error{"CCPOR_PUBLIC_URL", "must be https in production"}
	}
	if c.MailOutbox {
		return &Error{"CCPOR_MAIL_OUTBOX", "must be false in production: e-mail is sent through CCPOR_SMTP_URL"}
	}
	if strings.HasPrefix(strings.ToLower(c.OIDCIssuerURL), "http://") {
		return &Error{"CCPOR_OIDC_ISSUER_URL", "must be https in production"}
	}
	if c.OIDCIssuerURL != "" && !c.OIDCRequireSecondFactor {
		return &Error{"CCPOR_OIDC_REQUIRE_SECOND_FACTOR", "cannot be turned off in production (CJIS requires multi-factor sign-in)"}
	}
	if c.MetricsAddress == "" && c.MetricsToken == "" {
		return &Error{"CCPOR_METRICS_ADDRESS", "production needs /metrics on a separate address or behind CCPOR_METRICS_TOKEN"}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 32 {
		return &Error{"CCPOR_METRICS_TOKEN", "must be at least 32 characters in production"}
	}
	for _, v := range []struct{ name, url string }{
		{"DATABASE_OWNER_URL", c.DatabaseOwnerURL}, {"DATABASE_APP_URL", c.DatabaseAppURL},
		{"DATABASE_WORKER_URL", c.DatabaseWorkerURL}, {"DATABASE_MAINT_URL", c.DatabaseMaintURL},
	} {
		u, _ := url.Parse(v.url)
		if p, _ := u.User.Password(); p == "" && u.Query().Get("host") == "" && !strings.HasPrefix(u.Host, "/") {
			return &Error{v.name, "a network connection without a password is refused in production"}
		}
		if u.Query().Get("sslmode") == "disable" {
			return &Error{v.name, "sslmode=disable is refused in production"}
		}
	}
	return nil
}

// defaultPublicURL gives development its public URL from the port and the base
// path, so that a server on another port (PORT=9000) still signs in at itself.
// Production has no sensible default (refuseUnsafe requires it): users reach it
// through a name and https.
func (c *Config) defaultPublicURL() {
	if c.PublicURL == "" && !c.IsProduction() {
		c.PublicURL = fmt.Sprintf("http://localhost:%d%s", c.Port, c.BasePath)
	}
}

// HTTPS tells whether users reach the service over https (cookies get the
// __Host- prefix, responses carry HSTS).
func (c Config) HTTPS() bool { return strings.HasPrefix(strings.ToLower(c.PublicURL), "https://") }

// Address is host:port of the main listener.
func (c Config) Address() string { return fmt.Sprintf("%s:%d", c.BindAddress, c.Port) }

func (c *Config) validateCarpos() error {
	if c.CarposURL != "" {
		u, err := url.Parse(c.CarposURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &Error{"CCPOR_CARPOS_URL", fmt.Sprintf("%q is not an http(s) URL", c.CarposURL)}
		}
		if c.IsProduction() && u.Scheme != "https" {
			return &Error{"CCPOR_CARPOS_URL", "must be https in production"}
		}
	}
	if c.CarposMaxAttempts < 1 || c.CarposMaxAttempts > 100 {
		return &Error{"CCPOR_CARPOS_MAX_ATTEMPTS", fmt.Sprintf("%d is not between 1 and 100", c.CarposMaxAttempts)}
	}
	if c.CarposRetryBase <= 0 || c.CarposRetryMax < c.CarposRetryBase {
		return &Error{"CCPOR_CARPOS_RETRY_MAX", "CCPOR_CARPOS_RETRY_BASE must be positive and not longer than CCPOR_CARPOS_RETRY_MAX"}
	}
	if c.CarposSweep < time.Second {
		return &Error{"CCPOR_CARPOS_SWEEP", "must be at least 1s"}
	}
	if c.CarposTimeout <= 0 {
		return &Error{"CCPOR_CARPOS_TIMEOUT", "must be positive"}
	}
	return nil
}
