package httpapi

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
)

// readFromRecorder is a response writer with the connection's ReadFrom, counting
// the bytes that reach it that way.
type readFromRecorder struct {
	*httptest.ResponseRecorder
	readFrom int64
}

func (r *readFromRecorder) ReadFrom(src io.Reader) (int64, error) {
	n, err := io.Copy(r.ResponseRecorder, src)
	r.readFrom += n
	return n, err
}

func compressServer(t *testing.T, file string) http.Handler {
	t.Helper()
	h, _ := New(Options{
		Logger:   slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Handlers: []func(r chi.Router){func(r chi.Router) {
			r.Get("/file", func(w http.ResponseWriter, r *http.Request) {
				f, err := os.Open(file)
				if err != nil {
					t.Error(err)
					return
				}
				defer f.Close()
				w.Header().Set("Content-Type", "image/tiff")
				http.ServeContent(w, r, "", time.Now(), f)
			})
			r.Get("/json", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(bytes.Repeat([]byte(`{"a":1}`), 500))
			})
			r.Get("/empty", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNoContent)
			})
		}},
	})
	return h
}

// A file served through the whole middleware stack reaches the connection's
// ReadFrom (which sends it with sendfile), uncompressed, whole.
func TestServedFileReachesTheConnectionsReadFrom(t *testing.T) {
	file := filepath.Join(t.TempDir(), "scan.tif")
	data := bytes.Repeat([]byte("II*\x00 not compressible here "), 20000)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	h := compressServer(t, file)
	for _, enc := range []string{"gzip, deflate, br", ""} {
		rec := &readFromRecorder{ResponseRecorder: httptest.NewRecorder()}
		req := httptest.NewRequest("GET", "/file", nil)
		req.Header.Set("Accept-Encoding", enc)
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), data) {
			t.Fatalf("Accept-Encoding %q: %d, %d bytes", enc, rec.Code, rec.Body.Len())
		}
		if rec.readFrom != int64(len(data)) {
			t.Errorf("Accept-Encoding %q: %d of %d bytes reached the connection's ReadFrom", enc, rec.readFrom, len(data))
		}
		if ce := rec.Header().Get("Content-Encoding"); ce != "" {
			t.Errorf("an image was encoded: %q", ce)
		}
	}
}

// JSON is compressed for a client that accepts gzip, and only for it.
func TestJSONCompressedWhenAccepted(t *testing.T) {
	h := compressServer(t, "")
	want := bytes.Repeat([]byte(`{"a":1}`), 500)
	for _, c := range []struct {
		accept string
		gzip   bool
	}{{"gzip", true}, {"deflate, gzip;q=0.5", true}, {"gzip;q=0", false}, {"identity", false}, {"", false}} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/json", nil)
		req.Header.Set("Accept-Encoding", c.accept)
		h.ServeHTTP(rec, req)
		got := rec.Body.Bytes()
		if c.gzip {
			if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Vary") != "Accept-Encoding" {
				t.Fatalf("%q: headers %v", c.accept, rec.Header())
			}
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatalf("%q: %v", c.accept, err)
			}
			if got, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%q: %v", c.accept, err)
			}
		} else if ce := rec.Header().Get("Content-Encoding"); ce != "" {
			t.Errorf("%q: encoded %q", c.accept, ce)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%q: body %.40q", c.accept, got)
		}
	}
	// No body, no encoding.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/empty", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("204: %d %q %v", rec.Code, rec.Body.Bytes(), rec.Header())
	}
}
