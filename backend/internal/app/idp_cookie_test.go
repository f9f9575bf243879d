package app_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

const idpCookie = "ccpor_idp" // the provider's browser cookie over plain HTTP

// fixationBrowser follows redirects within the provider and the registry's /auth,
// but stops before the provider issues the code, so the test can try it first.
func fixationBrowser(t *testing.T, planted string, base *url.URL) (*http.Client, *cookiejar.Jar) {
	jar, err := cookiejar.New(nil)
	must(t, err)
	if planted != "" {
		jar.SetCookies(base, []*http.Cookie{{Name: idpCookie, Value: planted, Path: "/"}})
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == "/idp/authorize/callback" {
			return http.ErrUseLastResponse
		}
		if strings.HasPrefix(req.URL.Path, "/idp/") || strings.HasPrefix(req.URL.Path, "/auth/") {
			return nil
		}
		return http.ErrUseLastResponse
	}}, jar
}

func cookieIn(jar *cookiejar.Jar, u *url.URL, name string) string {
	for _, c := range jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// TestProviderCookieIgnoresPlantedValue: a provider cookie the browser brings but
// the server did not issue is replaced before the sign-in is bound to it, and the
// value changes again once the password is right. Neither the planted value nor
// the one issued before the password step continues the sign-in or takes its code.
func TestProviderCookieIgnoresPlantedValue(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	secret := r.account(t, p.ann)
	r.f.Exec(t, "INSERT INTO identities (issuer, subject, user_id) VALUES ($1, $2::text, $2::uuid)", r.url+"/idp", p.ann)
	base, err := url.Parse(r.url)
	must(t, err)
	planted := strings.Repeat("fixated-", 5)
	c, jar := fixationBrowser(t, planted, base)

	res, err := c.Get(r.url + "/auth/login")
	pg := fetch(t, c, res, err)
	issued := cookieIn(jar, base, idpCookie)
	if !strings.Contains(pg.body, "Use notice") || issued == "" || issued == planted {
		t.Fatalf("the sign-in's first page kept the planted cookie (%q): %d %s", issued, pg.status, pg.body)
	}
	id := formID.FindStringSubmatch(pg.body)[1]
	pg = post(t, c, r.url, pg, "notice", nil)
	pg = post(t, c, r.url, pg, "password", url.Values{"username": {"ann"}, "password": {demoPassword}})
	signedIn := cookieIn(jar, base, idpCookie)
	if !strings.Contains(pg.body, "One-time code") || signedIn == "" || signedIn == issued || signedIn == planted {
		t.Fatalf("the cookie after the password step (%q, issued %q): %d %s", signedIn, issued, pg.status, pg.body)
	}
	code, err := totp.GenerateCode(secret, r.clock.Now())
	must(t, err)
	pg = post(t, c, r.url, pg, "otp", url.Values{"code": {code}})
	if pg.status != http.StatusSeeOther || !strings.Contains(pg.header.Get("Location"), "/authorize/callback") {
		t.Fatalf("the code step: %d %s", pg.status, pg.body)
	}

	// Another browser holding an earlier value gets nothing of the sign-in.
	for name, value := range map[string]string{"planted": planted, "issued before the password": issued} {
		other, _ := fixationBrowser(t, value, base)
		other.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		res, err := other.Get(r.url + "/idp/authorize/callback?id=" + id)
		got := fetch(t, other, res, err)
		if got.status != http.StatusForbidden || strings.Contains(got.header.Get("Location"), "code=") {
			t.Errorf("%s cookie at the code's issue: %d %s", name, got.status, got.header.Get("Location"))
		}
		res, err = other.Get(r.url + "/idp/login?id=" + id)
		if got = fetch(t, other, res, err); got.status != http.StatusForbidden {
			t.Errorf("%s cookie at the sign-in page: %d", name, got.status)
		}
	}

	// The browser that signed in takes its code and gets its session.
	next, err := base.Parse(pg.header.Get("Location"))
	must(t, err)
	res, err = c.Get(next.String())
	if pg = fetch(t, c, res, err); pg.status != http.StatusSeeOther || pg.header.Get("Location") != "/" {
		t.Fatalf("the sign-in's own browser at the code's issue: %d %s %s", pg.status, pg.header.Get("Location"), pg.body)
	}
	if status, me := r.me(t, c); status != http.StatusOK || me.User.Username != "ann" {
		t.Errorf("/me: %d %+v", status, me)
	}
}
