package app_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// metricName finds the metric names of a PromQL expression: the server's own
// (ccpor_), and the Go and process collectors' (go_, process_).
var metricName = regexp.MustCompile(`\b(?:ccpor|go|process)_[a-z0-9_]+`)

// The alert rules in infra/prometheus parse, each has what an on-call person needs,
// and every metric each names is one the server exports.
func TestAlertRulesNameExportedMetrics(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../../infra/prometheus/alerts.yml")
	must(t, err)
	var file struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert, Expr, For string
				Labels           map[string]string
				Annotations      map[string]string
			}
		}
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	must(t, dec.Decode(&file))

	// What the server exports: the whole app with its workers' collectors, after a request.
	d := dbtest.New(t)
	a := build(t, d.Config(t))
	s := httptest.NewServer(a.Handler)
	t.Cleanup(s.Close)
	res, err := http.Get(s.URL + "/healthz")
	must(t, err)
	res.Body.Close()
	families, err := a.Registry.Gather()
	must(t, err)
	exported := map[string]bool{}
	for _, f := range families {
		exported[f.GetName()] = true
	}

	n := 0
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			n++
			if r.Alert == "" || strings.TrimSpace(r.Expr) == "" || r.Annotations["summary"] == "" ||
				!slices.Contains([]string{"page", "ticket"}, r.Labels["severity"]) {
				t.Errorf("rule %q: needs alert, expr, a summary and severity page or ticket", r.Alert)
			}
			names := metricName.FindAllString(r.Expr, -1)
			if len(names) == 0 {
				t.Errorf("rule %s names no metric of the server: %s", r.Alert, r.Expr)
			}
			for _, m := range names {
				base := m
				for _, suffix := range []string{"_bucket", "_sum", "_count"} {
					if b, ok := strings.CutSuffix(m, suffix); ok && exported[b] {
						base = b
					}
				}
				if !exported[base] {
					t.Errorf("rule %s names %s, which the server does not export", r.Alert, m)
				}
			}
			if strings.Count(r.Expr, "(") != strings.Count(r.Expr, ")") {
				t.Errorf("rule %s: unbalanced parentheses in %s", r.Alert, r.Expr)
			}
		}
	}
	if n == 0 {
		t.Fatal("no alert rules")
	}
}
