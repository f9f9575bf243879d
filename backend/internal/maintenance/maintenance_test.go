package maintenance

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestSpanIsInPacificTime(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) // 6 pm on December 2 in California
	for _, c := range []struct {
		end  time.Time
		want string
	}{
		{start.Add(3 * time.Hour), "Wednesday, December 2, 2026, 6:00 PM to 9:00 PM Pacific time"},
		{start.Add(8 * time.Hour), "Wednesday, December 2, 2026, 6:00 PM to Thursday, December 3, 2026, 2:00 AM Pacific time"},
	} {
		if got := Span(start, c.end); got != c.want {
			t.Errorf("Span: %q; want %q", got, c.want)
		}
	}
}

func TestLetterSaysWhetherChangesPause(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	ro, err := Letter("Ann", start, start.Add(time.Hour), "Storage move.", true)
	if err != nil {
		t.Fatal(err)
	}
	rw, err := Letter("Ann", start, start.Add(time.Hour), "Storage move.", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := "CCPOR maintenance Wednesday, December 2, 2026, 6:00 PM to 7:00 PM Pacific time"; ro.Subject != want {
		t.Errorf("subject: %q; want %q", ro.Subject, want)
	}
	if !strings.Contains(ro.Body, "Dear Ann") || !strings.Contains(ro.Body, "Storage move.") || !strings.Contains(ro.Body, "cannot enter or change") {
		t.Errorf("read-only letter: %q", ro.Body)
	}
	if strings.Contains(rw.Body, "cannot enter") || !strings.Contains(rw.Body, "stays available") {
		t.Errorf("letter: %q", rw.Body)
	}
}

func TestGateRefusesOnlyTheAPIsChanges(t *testing.T) {
	t.Parallel()
	g := NewGate(nil, nil, "/ccpor")
	for _, c := range []struct {
		method, path string
		refused      bool
	}{
		{"POST", "/ccpor/api/v1/orders", true},
		{"PUT", "/ccpor/api/v1/orders/x", true},
		{"PATCH", "/ccpor/api/v1/orders/x", true},
		{"DELETE", "/ccpor/api/v1/orders/x", true},
		{"GET", "/ccpor/api/v1/orders", false},
		{"HEAD", "/ccpor/api/v1/orders", false},
		{"POST", "/ccpor/auth/logout", false},
		{"POST", "/ccpor/idp/login", false},
		{"POST", "/ccpor/api/v1/me/keep-alive", false},
		{"PUT", "/ccpor/api/v1/me/active-court", false},
		{"POST", "/ccpor/api/v1/client-errors", false},
		{"POST", "/ccpor/api/v1/maintenance-windows", false},
		{"DELETE", "/ccpor/api/v1/maintenance-windows/x", false},
		{"POST", "/ccpor/api/v1/maintenance-windowsx", true},
		{"POST", "/ccpor/api/v10/orders", false},
	} {
		r, _ := httpRequest(c.method, c.path)
		if got := g.refuses(r); got != c.refused {
			t.Errorf("%s %s: refused %v, want %v", c.method, c.path, got, c.refused)
		}
	}
}

func httpRequest(method, path string) (*http.Request, error) {
	return http.NewRequest(method, "http://localhost"+path, nil)
}
