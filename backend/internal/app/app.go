// Package app assembles the registry from its configuration: connections, the job
// runner and the HTTP handler with every area's operations. cmd/ccpor and the
// tests that need the whole server build it the same way.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"gocloud.dev/blob"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/carpos"
	"github.com/ccpor/ccpor/backend/internal/court"
	"github.com/ccpor/ccpor/backend/internal/helpdesk"
	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/image"
	"github.com/ccpor/ccpor/backend/internal/maintenance"
	"github.com/ccpor/ccpor/backend/internal/onboarding"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
	"github.com/ccpor/ccpor/backend/internal/report"
	"github.com/ccpor/ccpor/backend/internal/users"
)

// App is a running registry.
type App struct {
	Config   config.Config
	Handler  http.Handler
	API      huma.API
	DB       *db.DB
	Worker   *pgxpool.Pool
	Jobs     *jobs.Inserter
	Runner   *jobs.Runner // nil when workers are off
	Registry *prometheus.Registry
	Clock    clock.Clock
	Authz    *authz.Enforcer
	Audit    *audit.Log
	// Sessions tells who asks (session cookies, bearer tokens); SignIn serves /auth.
	Sessions *auth.Sessions
	SignIn   *auth.SignIn
	// IDP is the built-in OpenID provider at /idp; nil when CCPOR_IDP is off.
	IDP *idp.Provider
	// Maintenance announces windows on every response and pauses changes in read-only ones.
	Maintenance *maintenance.Gate
	// Blobs is the store of order images (CCPOR_BLOB_URL).
	Blobs *blob.Bucket
	// CarposSimURL is where the in-process simulated DOJ listens (development with
	// workers and no CCPOR_CARPOS_URL); empty when none runs.
	CarposSimURL string
	carposSim    *http.Server
}

// Routes lists every area's operations; the spec printed by `ccpor openapi` is
// built from the same list with no dependencies behind it.
func Routes(cfg config.Config, version string) []httpapi.Registrar {
	return routes(cfg, version, nil)
}

// routes lists the operations with a's dependencies behind them (none when a is nil).
func routes(cfg config.Config, version string, a *App) []httpapi.Registrar {
	var regs []httpapi.Registrar
	var courts *court.Service
	var log *audit.Log
	var d *db.DB
	var orders *registry.Service
	var images *image.Service
	var carposSvc *carpos.Service
	var sessions *auth.Sessions
	var desk *helpdesk.Service
	var people *users.Service
	var windows *maintenance.Service
	var reports *report.Service
	var clk clock.Clock
	var admin *onboarding.Service
	if a != nil {
		// The guard first: huma fixes an operation's middlewares when it is registered.
		sessions = a.Sessions
		regs = append(regs, func(api huma.API) {
			api.UseMiddleware(authz.Guard(api, sessions.Authenticate, a.Authz, httpapi.Problem, a.recordDenial,
				authz.WithTentative(sessions.Tentative)))
		})
		courts, log, d = court.NewService(a.DB, a.Audit), a.Audit, a.DB
		orders = registry.NewService(a.DB, a.Audit, a.Clock)
		orders.SetSearchLimits(auth.NewLimiter(a.Config.SearchRate, a.Config.SearchBurst, a.Clock).Allow, a.Registry)
		desk = helpdesk.NewService(a.DB, a.Audit, nil, nil, 0)
		if a.IDP != nil && cfg.OIDCIssuerURL == "" { // passwords and second factors live here
			desk = helpdesk.NewService(a.DB, a.Audit, a.IDP, func(token string) string { return idp.ResetURL(cfg.PublicURL, token) }, idp.ResetTTL)
		}
		people = users.NewService(a.DB, a.Audit, users.Options{Mail: a.mail(), PublicURL: cfg.PublicURL,
			Builtin: cfg.IDP && cfg.OIDCIssuerURL == "", Clock: a.Clock})
		reports = report.NewService(a.DB)
		windows, clk = maintenance.NewService(a.DB, a.Audit, a.Clock, a.Jobs, a.Maintenance.Changed), a.Clock
		images = image.NewService(a.DB, a.Audit, a.Blobs, imageLimits(cfg))
		gateway := carpos.NewGateway(a.Jobs, carposOptions(cfg))
		orders.AddHook(gateway)
		carposSvc = carpos.NewService(a.DB, a.Audit, orders, gateway, a.Clock)
		admin = onboarding.NewService(a.DB, a.Audit, a.Clock, onboarding.Invitations{Mail: a.mail(), PublicURL: cfg.PublicURL,
			Builtin: cfg.IDP && cfg.OIDCIssuerURL == ""})
	}
	return append(regs,
		httpapi.SystemRoutes(httpapi.SystemInfo{
			Product: "CCPOR", Name: "California Courts Protective Order Registry",
			Version: version, Environment: cfg.Env,
		}),
		auth.Routes(sessions),
		court.Routes(courts),
		audit.Routes(log, d),
		registry.Routes(orders),
		helpdesk.Routes(desk),
		users.Routes(people),
		maintenance.Routes(windows, d, clk),
		report.Routes(reports, clk),
		image.Routes(images, cfg.ImageMaxBytes),
		carpos.Routes(carposSvc),
		onboarding.Routes(admin),
	)
}

// mail is how the registry sends e-mail: the development outbox or SMTP.
func (a *App) mail() idp.Mail {
	return idp.Mail{Outbox: a.Config.MailOutbox, SMTPURL: a.Config.SMTPURL, From: a.Config.MailFrom}
}

func imageLimits(cfg config.Config) image.Limits {
	return image.Limits{MaxBytes: cfg.ImageMaxBytes, MaxPages: cfg.ImageMaxPages, MaxPixels: cfg.ImageMaxPixels}
}

// carposOptions are the CARPOS delivery settings of cfg.
func carposOptions(cfg config.Config) carpos.Options {
	return carpos.Options{MaxAttempts: cfg.CarposMaxAttempts, RetryBase: cfg.CarposRetryBase,
		RetryMax: cfg.CarposRetryMax, Timeout: cfg.CarposTimeout, Sweep: cfg.CarposSweep}
}

// carposDOJ is the DOJ side messages go to: CCPOR_CARPOS_URL, else simURL.
func carposDOJ(cfg config.Config, simURL string) carpos.DOJ {
	u := cfg.CarposURL
	if u == "" {
		u = simURL
	}
	if u == "" {
		return carpos.Unconfigured{}
	}
	return carpos.HTTPDOJ{URL: strings.TrimSuffix(u, "/"), Client: &http.Client{Timeout: cfg.CarposTimeout}}
}

// recordAuth writes the sign-in flow's and the sessions' events to the audit log.
func (a *App) recordAuth(ctx context.Context, tx *gorm.DB, e auth.Event) error {
	return a.Audit.Record(ctx, tx, audit.Event{Action: audit.Action(e.Action), Outcome: audit.Outcome(e.Outcome),
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Reason: e.Reason, Actor: e.Actor})
}

// recordDenial writes every refused request to the audit log, in its own
// transaction, as the caller when one signed in.
func (a *App) recordDenial(ctx context.Context, op *huma.Operation, err error) {
	p := db.Principal{RequestID: httpapi.RequestID(ctx)}
	if c, cerr := auth.CallerFrom(ctx); cerr == nil {
		p = c.Principal
	}
	outcome := audit.Denied
	if errors.Is(err, apperr.ErrUnavailable) {
		outcome = audit.Error
	}
	e := audit.Event{Action: audit.AccessDenied, Outcome: outcome, ObjectType: "operation", ObjectID: op.OperationID, Reason: err.Error()}
	if rerr := a.Audit.RecordFailure(ctx, a.DB, p, e); rerr != nil {
		httpapi.Logger(ctx).ErrorContext(ctx, "audit: record a refusal", "err", rerr)
	}
}

// Sign-in attempts (passwords and one-time codes) each client address may make at
// the built-in provider: a burst, then one every three seconds.
const (
	idpAttemptRate  = 1.0 / 3
	idpAttemptBurst = 20
)

// Build connects and assembles everything; Close releases it.
func Build(ctx context.Context, cfg config.Config, version string, logger *slog.Logger, clk clock.Clock) (*App, error) {
	a := &App{Config: cfg, Registry: prometheus.NewRegistry(), Clock: clk}
	a.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.Audit = audit.NewLog(a.Registry)
	var err error
	if a.DB, err = db.Open(ctx, cfg.DatabaseAppURL, cfg.DBMaxConns); err != nil {
		return nil, err
	}
	if err = RefuseUnsafeData(ctx, a.DB, cfg.IsProduction()); err != nil {
		a.Close()
		return nil, err
	}
	// The role rules live as long as the app (Close stops them), not as long as ctx.
	if a.Authz, err = authz.New(authz.Options{URL: cfg.DatabaseAppURL, Logger: logger}); err != nil {
		a.Close()
		return nil, err
	}
	if err = a.Authz.Start(context.WithoutCancel(ctx)); err != nil {
		a.Close()
		return nil, err
	}
	if a.Blobs, err = image.OpenBucket(ctx, cfg.BlobURL); err != nil {
		a.Close()
		return nil, err
	}
	if a.Jobs, err = jobs.NewInserter(a.DB.SQL()); err != nil {
		a.Close()
		return nil, err
	}
	if cfg.Workers {
		if err = a.startCarposSim(logger); err != nil {
			a.Close()
			return nil, err
		}
		if a.Worker, err = db.OpenPool(ctx, cfg.DatabaseWorkerURL, cfg.DBMaxConns); err != nil {
			a.Close()
			return nil, err
		}
		if a.Runner, err = jobs.NewRunner(a.Worker, logger, a.Registry, cfg.DBMaxConns,
			audit.Jobs(a.Worker, cfg.AuditSealInterval, cfg.AuditRetention),
			registry.Jobs(a.Worker, a.Clock, time.Hour),
			users.Jobs(a.Worker, a.Clock, a.mail(), time.Hour),
			report.Jobs(a.Worker, a.Clock, 5*time.Minute),
			maintenance.Jobs(a.Worker, a.mail()),
			image.Jobs(a.Worker, a.Blobs, logger, a.Registry, time.Hour, 24*time.Hour),
			carpos.Jobs(carpos.NewDeliverer(a.Worker, carposDOJ(cfg, a.CarposSimURL), carposOptions(cfg)))); err != nil {
			a.Close()
			return nil, err
		}
	}
	issuer, clientID := cfg.OIDCIssuerURL, cfg.OIDCClientID
	handlers := []func(chi.Router){}
	if cfg.IDP {
		if a.IDP, err = idp.New(a.DB, idp.Options{
			PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, Production: cfg.IsProduction(),
			ClientSecret: cfg.OIDCClientSecret, APIAudience: cfg.APIAudience, Clock: clk, Record: a.recordAuth, PasswordMinLength: cfg.PasswordMinLength,
			Mail:     a.mail(),
			Throttle: auth.NewLimiter(idpAttemptRate, idpAttemptBurst, clk),
			Registry: a.Registry,
			OutboxReader: func(r *http.Request) bool {
				ck, err := r.Cookie(auth.SessionCookie(cfg.PublicURL))
				if err != nil || ck.Value == "" || len(ck.Value) > 200 {
					return false
				}
				c, err := a.Sessions.Resolve(r.Context(), ck.Value)
				return err == nil && a.Authz.Allowed(c.UserID, c.CourtID, authz.CourtCreate)
			},
		}); err != nil {
			a.Close()
			return nil, err
		}
		handlers = append(handlers, a.IDP.Routes)
		if issuer == "" { // the registry signs in at its own provider
			issuer, clientID = idp.Issuer(cfg.PublicURL), idp.BuiltinClientID
		}
	}
	provider := auth.NewProvider(auth.ProviderConfig{
		Issuer: issuer, ClientID: clientID, ClientSecret: cfg.OIDCClientSecret,
		RedirectURL: auth.RedirectURL(cfg.PublicURL), Audience: cfg.APIAudience, Clock: clk,
	})
	a.Sessions = auth.NewSessions(a.DB, auth.Options{
		PublicURL: cfg.PublicURL, Idle: cfg.SessionIdleTimeout, Absolute: cfg.SessionAbsoluteTimeout, Clock: clk,
		Provider: provider, Limiter: auth.NewLimiter(cfg.BearerRate, cfg.BearerBurst, clk), Record: a.recordAuth,
	})
	a.SignIn = auth.NewSignIn(a.DB, provider, a.Sessions, auth.SignInOptions{
		PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, RequireSecondFactor: cfg.OIDCRequireSecondFactor,
		SubjectIsUser: a.IDP != nil && issuer == idp.Issuer(cfg.PublicURL),
	})
	a.Maintenance = maintenance.NewGate(a.DB, clk, cfg.BasePath)
	a.Handler, a.API = httpapi.New(httpapi.Options{
		BasePath:     cfg.BasePath,
		SPADir:       cfg.SPADir,
		WorkerSrc:    httpapi.WorkerSource(cfg.PublicURL, cfg.SPADir),
		HSTS:         cfg.HTTPS(),
		Handlers:     append(handlers, a.SignIn.Routes),
		MetricsToken: cfg.MetricsToken,
		Logger:       logger,
		Registry:     a.Registry,
		Ready:        a.ready,
		Middlewares:  []func(http.Handler) http.Handler{a.Maintenance.Middleware},
		Routes:       routes(cfg, version, a),
	})
	return a, nil
}

// RefuseUnsafeData stops a production start while the database holds demo
// accounts (their passwords are published in docs/demo-accounts.md) or mail in
// the development outbox.
func RefuseUnsafeData(ctx context.Context, d *db.DB, production bool) error {
	if !production {
		return nil
	}
	var demo, mail bool
	if err := d.Tx(ctx, db.Principal{}, func(tx *gorm.DB) error {
		return tx.Raw("SELECT idp_demo_accounts_exist(), mail_outbox_exists()").Row().Scan(&demo, &mail)
	}); err != nil {
		return fmt.Errorf("app: check for demo accounts: %w", err)
	}
	if demo {
		return errors.New("app: production refuses to start: demo accounts exist (their passwords are published); remove them first")
	}
	if mail {
		return errors.New("app: production refuses to start: the development mail outbox holds mail; empty mail_outbox first")
	}
	return nil
}

func (a *App) ready(ctx context.Context) error {
	if err := a.DB.SQL().PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	return db.CheckCurrent(ctx, a.DB.SQL())
}

// Close releases the connections.
func (a *App) Close() error {
	var errs []error
	if a.Authz != nil {
		a.Authz.Stop()
	}
	if a.DB != nil {
		errs = append(errs, a.DB.Close())
	}
	if a.Worker != nil {
		a.Worker.Close()
	}
	if a.Blobs != nil {
		errs = append(errs, a.Blobs.Close())
	}
	errs = append(errs, a.stopCarposSim())
	return errors.Join(errs...)
}
