package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
)

type (
	loggerKey    struct{}
	requestIDKey struct{}
)

// RequestID returns the request's id.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// withRequestID takes a well-formed X-Request-Id from a proxy or makes one, and
// puts a logger carrying it into the context.
func withRequestID(base *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get("X-Request-Id")
			if !validRequestID.MatchString(id) {
				var b [12]byte
				_, _ = rand.Read(b[:])
				id = hex.EncodeToString(b[:])
			}
			w.Header().Set("X-Request-Id", id)
			ctx := context.WithValue(r.Context(), requestIDKey{}, id)
			ctx = context.WithValue(ctx, loggerKey{}, base.With("request_id", id))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// ReadFrom keeps the connection's ReadFrom (sendfile) within reach of
// http.ServeContent: a wrapper without it makes every file go through a buffer.
func (s *statusRecorder) ReadFrom(r io.Reader) (int64, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := readFrom(s.ResponseWriter, r)
	s.bytes += int(n)
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Metrics are the HTTP server's Prometheus collectors.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	panics   prometheus.Counter
}

// NewMetrics registers the HTTP collectors on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ccpor_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ccpor_http_request_duration_seconds", Help: "HTTP request duration by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ccpor_http_panics_total", Help: "Requests that panicked (answered 500).",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.panics)
	return m
}

// observe logs every request and counts it by its route pattern (never the raw
// path, which would explode the label set). A panic becomes a 500 problem with no
// stack trace in the response.
func observe(m *Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					m.panics.Inc()
					Logger(r.Context()).ErrorContext(r.Context(), "panic", "panic", p, "stack", string(debug.Stack()))
					if rec.status == 0 {
						writeProblem(rec, r, http.StatusInternalServerError, "internal error; quote the request id to the help desk")
					}
				}
				route := "unmatched"
				if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
					route = rc.RoutePattern()
				}
				status := rec.status
				if status == 0 {
					status = http.StatusOK
				}
				m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
				m.duration.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
				Logger(r.Context()).LogAttrs(r.Context(), slog.LevelInfo, "http",
					slog.String("method", r.Method), slog.String("route", route),
					slog.Int("status", status), slog.Int("bytes", rec.bytes),
					slog.Duration("duration", time.Since(start)))
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

// WorkerSource is the CSP worker-src of the SPA: the URL, under publicURL, of the one
// worker its build ships (pdf.js's, assets/pdf.worker.min-*.mjs), or 'none'.
func WorkerSource(publicURL, spaDir string) string {
	found, _ := filepath.Glob(filepath.Join(spaDir, "assets", "pdf.worker.min-*.mjs"))
	if len(found) != 1 || publicURL == "" {
		return "'none'"
	}
	return strings.TrimSuffix(publicURL, "/") + "/assets/" + filepath.Base(found[0])
}

// securityHeaders sets the headers every response carries; workerSrc is the one
// script that may run as a worker (WorkerSource).
func securityHeaders(hsts bool, workerSrc string) func(http.Handler) http.Handler {
	if workerSrc == "" {
		workerSrc = "'none'"
	}
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
		"frame-ancestors 'none'; worker-src " + workerSrc
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			if hsts {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}
