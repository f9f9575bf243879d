package httpapi

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
)

// compress gzips responses of the given media types for clients that accept it.
// Other responses (images, downloads) pass through untouched, and a handler that
// copies a file into the writer (http.ServeContent) still reaches the connection's
// io.ReaderFrom, so the kernel sends the file (sendfile) rather than the process
// copying it through a buffer.
func compress(level int, types ...string) func(http.Handler) http.Handler {
	allowed := make(map[string]bool, len(types))
	for _, t := range types {
		allowed[t] = true
	}
	pool := &sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(io.Discard, level)
		return w
	}}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
				next.ServeHTTP(w, r)
				return
			}
			cw := &compressWriter{ResponseWriter: w, allowed: allowed, pool: pool}
			defer cw.close()
			next.ServeHTTP(cw, r)
		})
	}
}

// acceptsGzip tells whether an Accept-Encoding header allows gzip (a q of 0 refuses it).
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		return !ok || strings.Trim(q, "0.") != ""
	}
	return false
}

// compressWriter decides when the header is written: a compressible body goes
// through gzip, any other straight to the connection.
type compressWriter struct {
	http.ResponseWriter
	allowed     map[string]bool
	pool        *sync.Pool
	gz          *gzip.Writer // set while compressing
	wroteHeader bool
}

func (c *compressWriter) WriteHeader(code int) {
	if c.wroteHeader || code < 200 {
		c.ResponseWriter.WriteHeader(code)
		return
	}
	c.wroteHeader = true
	h := c.Header()
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if c.allowed[mt] {
		h.Add("Vary", "Accept-Encoding")
		if h.Get("Content-Encoding") == "" && code != http.StatusNoContent && code != http.StatusNotModified {
			h.Set("Content-Encoding", "gzip")
			h.Del("Content-Length")
			c.gz = c.pool.Get().(*gzip.Writer)
			c.gz.Reset(c.ResponseWriter)
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *compressWriter) Write(p []byte) (int, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	if c.gz != nil {
		return c.gz.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

// ReadFrom hands an uncompressed body to the connection's ReadFrom (sendfile).
func (c *compressWriter) ReadFrom(r io.Reader) (int64, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	if c.gz != nil {
		return io.Copy(c.gz, r)
	}
	return readFrom(c.ResponseWriter, r)
}

func (c *compressWriter) Flush() {
	if c.gz != nil {
		_ = c.gz.Flush()
	}
	_ = http.NewResponseController(c.ResponseWriter).Flush()
}

func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (c *compressWriter) close() {
	if c.gz == nil {
		return
	}
	_ = c.gz.Close()
	c.gz.Reset(io.Discard)
	c.pool.Put(c.gz)
	c.gz = nil
}

// readFrom copies r into w by w's own ReadFrom when it has one (the connection's,
// which sends a file with sendfile), else through a buffer.
func readFrom(w http.ResponseWriter, r io.Reader) (int64, error) {
	if rf, ok := w.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w}, r)
}

// writerOnly hides every method but Write, so io.Copy does not loop back into ReadFrom.
type writerOnly struct{ io.Writer }
