// Package httpapi is the HTTP side of the platform: the router, the huma API under
// /api/v1, the problem mapping, health endpoints, metrics and the web application.
package httpapi

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options assemble the server.
type Options struct {
	BasePath  string
	SPADir    string
	WorkerSrc string // the CSP worker-src (WorkerSource); empty: 'none'

	HSTS         bool
	MetricsToken string // /metrics on the main listener only with this bearer token
	Logger       *slog.Logger
	Registry     *prometheus.Registry
	// Ready reports whether the service can take traffic (database, migrations).
	Ready  func(ctx context.Context) error
	Routes []Registrar
	// Handlers adds plain handlers under the base path, outside the API (the
	// sign-in redirects under /auth).
	Handlers []func(r chi.Router)
	// Middlewares wrap every request after the security headers (the maintenance
	// announcement and its read-only mode).
	Middlewares []func(http.Handler) http.Handler
}

// New returns the whole HTTP handler and the API (for tests that walk the spec).
func New(o Options) (http.Handler, huma.API) {
	root := chi.NewRouter()
	root.Use(withRequestID(o.Logger), observe(NewMetrics(o.Registry)), securityHeaders(o.HSTS, o.WorkerSrc),
		compress(5, "text/html", "text/css", "text/javascript", "application/javascript",
			"application/json", "application/problem+json", "application/yaml", "image/svg+xml"))
	root.Use(o.Middlewares...)
	root.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, http.StatusNotFound, "nothing here; the service lives under "+o.BasePath+"/")
	})

	var api huma.API
	mount := func(r chi.Router) {
		r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { writeStatus(w, http.StatusOK, nil) })
		r.Get("/readyz", readyz(o.Ready))
		if o.MetricsToken != "" {
			r.Handle("/metrics", requireBearer(o.MetricsToken, MetricsHandler(o.Registry)))
		} else {
			r.Handle("/metrics", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeProblem(w, r, http.StatusNotFound, "metrics are served on the metrics address")
			}))
		}
		r.Route(APIPrefix, func(ar chi.Router) {
			apiFallbacks(ar)
			api = NewAPI(ar, o.BasePath)
			for _, reg := range o.Routes {
				reg(api)
			}
		})
		for _, h := range o.Handlers {
			h(r)
		}
		r.Handle("/*", newSPA(o.SPADir, o.BasePath))
	}
	if o.BasePath == "" {
		mount(root)
	} else {
		root.Route(o.BasePath, mount)
		root.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { writeStatus(w, http.StatusOK, nil) })
	}
	return root, api
}

// MetricsHandler serves the registry in Prometheus' format.
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
}

func requireBearer(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			writeProblem(w, r, http.StatusUnauthorized, "metrics need the bearer token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func readyz(ready func(context.Context) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if ready == nil {
			writeStatus(w, http.StatusOK, nil)
			return
		}
		if err := ready(ctx); err != nil {
			Logger(r.Context()).WarnContext(r.Context(), "not ready", "err", err)
			writeStatus(w, http.StatusServiceUnavailable, err)
			return
		}
		writeStatus(w, http.StatusOK, nil)
	}
}

func writeStatus(w http.ResponseWriter, status int, err error) {
	body := map[string]string{"status": "ok"}
	if err != nil {
		body = map[string]string{"status": "unavailable", "reason": err.Error()}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
