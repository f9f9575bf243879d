package app_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// loopbackBrowser is an idpBrowser whose connections come from its own loopback
// address, so the per-address throttle does not stand in for the lockout.
func loopbackBrowser(t *testing.T, n int) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	must(t, err)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, byte(1+n/250), byte(2+n%250))}, Timeout: 10 * time.Second}
	return &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: &http.Transport{DialContext: d.DialContext},
		CheckRedirect: idpBrowser(t).CheckRedirect}
}

// passwordChecks reads the provider's count of password comparisons.
func (r *registry) passwordChecks(t *testing.T) float64 {
	t.Helper()
	families, err := r.app.Registry.Gather()
	must(t, err)
	for _, f := range families {
		if f.GetName() == "ccpor_idp_password_checks_total" {
			return f.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatal("no metric ccpor_idp_password_checks_total")
	return 0
}

// atPasswordStep opens a sign-in in c and acknowledges the use notice.
func atPasswordStep(t *testing.T, r *registry, c *http.Client) idpPage {
	t.Helper()
	res, err := c.Get(r.url + "/auth/login")
	return post(t, c, r.url, fetch(t, c, res, err), "notice", nil)
}

func TestParallelGuessesMakeAtMostFivePasswordChecks(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	r.account(t, p.ann)

	const attempts = 50
	browsers, pages := make([]*http.Client, attempts), make([]idpPage, attempts)
	for i := range attempts {
		browsers[i] = loopbackBrowser(t, i)
		pages[i] = atPasswordStep(t, r, browsers[i])
	}
	before := r.passwordChecks(t)
	answers := make([]idpPage, attempts)
	var wg sync.WaitGroup
	for i := range attempts {
		wg.Go(func() {
			password := fmt.Sprintf("wrong guess %02d", i)
			if i%16 == 15 { // three right passwords among the guesses
				password = demoPassword
			}
			answers[i] = post(t, browsers[i], r.url, pages[i], "password", url.Values{"username": {"ann"}, "password": {password}})
		})
	}
	wg.Wait()

	checks := r.passwordChecks(t) - before
	passed, locked := 0, 0
	for _, a := range answers {
		switch {
		case strings.Contains(a.body, "One-time code"):
			passed++
		case a.status == http.StatusForbidden && strings.Contains(a.body, "locked"):
			locked++
		}
	}
	if checks < 1 || checks > 5 {
		t.Errorf("%d parallel attempts made %v password checks, want 1 to 5 (%d passed, %d locked)", attempts, checks, passed, locked)
	}
	if locked < attempts-5 {
		t.Errorf("%d of %d attempts answered locked, want at least %d", locked, attempts, attempts-5)
	}
	var isLocked bool
	r.scalar(t, &isLocked, "SELECT locked_at IS NOT NULL FROM idp_accounts WHERE user_id = $1", p.ann)
	if !isLocked {
		t.Error("the account is not locked after 50 attempts")
	}
}

// An unknown username locks like a known one: the answers tell nothing of
// which usernames exist, and neither compares a password once locked.
func TestUnknownUsernameLocksLikeAKnownOne(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	r.account(t, p.ann)

	type trace struct {
		statuses []int
		bodies   []string
		checks   []float64
	}
	walk := func(username string) trace {
		var tr trace
		for i := range 7 {
			c := idpBrowser(t)
			page := atPasswordStep(t, r, c)
			before := r.passwordChecks(t)
			a := post(t, c, r.url, page, "password", url.Values{"username": {username}, "password": {fmt.Sprintf("wrong guess %d", i)}})
			tr.statuses = append(tr.statuses, a.status)
			tr.bodies = append(tr.bodies, strings.ReplaceAll(errorOf(a.body), username, "NAME"))
			tr.checks = append(tr.checks, r.passwordChecks(t)-before)
		}
		return tr
	}
	known, unknown := walk("ann"), walk("nobody-here")
	for i := range known.statuses {
		if known.statuses[i] != unknown.statuses[i] || known.bodies[i] != unknown.bodies[i] || known.checks[i] != unknown.checks[i] {
			t.Errorf("attempt %d: known user %d %q (%v checks), unknown %d %q (%v checks)", i+1,
				known.statuses[i], known.bodies[i], known.checks[i], unknown.statuses[i], unknown.bodies[i], unknown.checks[i])
		}
	}
	if last := len(unknown.statuses) - 1; unknown.statuses[last] != http.StatusForbidden || unknown.checks[last] != 0 ||
		!strings.Contains(unknown.bodies[last], "locked") {
		t.Errorf("the unknown username after 7 attempts: %d %q, %v checks", unknown.statuses[last], unknown.bodies[last], unknown.checks[last])
	}
}

// errorOf is the error message a sign-in page shows.
func errorOf(body string) string {
	i := strings.Index(body, `role="alert"`)
	if i < 0 {
		return ""
	}
	end := strings.Index(body[i:], "</div>")
	if end < 0 {
		return body[i:]
	}
	return body[i : i+end]
}
