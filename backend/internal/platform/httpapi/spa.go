package httpapi

import (
	"bytes"
	"html"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// spa serves the built web application: hashed assets cached forever, any other
// path the index page, so client routes survive a reload.
type spa struct {
	dir      string
	basePath string
	index    []byte
}

func newSPA(dir, basePath string) *spa {
	s := &spa{dir: dir, basePath: basePath}
	if b, err := os.ReadFile(filepath.Join(dir, "index.html")); err == nil {
		s.index = injectBase(b, basePath)
	}
	return s
}

// Built tells whether an index page was found.
func (s *spa) Built() bool { return s.index != nil }

// injectBase tells the page where it is mounted: asset URLs are relative, so a
// <base> makes them resolve from any client route.
func injectBase(page []byte, basePath string) []byte {
	tags := `<base href="` + html.EscapeString(basePath) + `/"><meta name="ccpor-base-path" content="` +
		html.EscapeString(basePath) + `">`
	i := bytes.Index(page, []byte("<head>"))
	if i < 0 {
		return append([]byte(tags), page...)
	}
	i += len("<head>")
	out := make([]byte, 0, len(page)+len(tags))
	out = append(out, page[:i]...)
	out = append(out, tags...)
	return append(out, page[i:]...)
}

func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeProblem(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed here")
		return
	}
	rel := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(r.URL.Path, s.basePath)), "/")
	if rel != "" && rel != "index.html" {
		full := filepath.Join(s.dir, filepath.FromSlash(rel))
		if fi, err := os.Stat(full); err == nil && !fi.IsDir() {
			if strings.HasPrefix(rel, "assets/") {
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				w.Header().Set("Cache-Control", "no-cache")
			}
			http.ServeFile(w, r, full)
			return
		}
		if strings.HasPrefix(rel, "assets/") {
			http.NotFound(w, r)
			return
		}
	}
	if s.index == nil {
		writeProblem(w, r, http.StatusServiceUnavailable, "the web application is not built (make run builds it)")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(s.index)
}
