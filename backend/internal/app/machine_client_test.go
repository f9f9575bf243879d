package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	builtin "github.com/ccpor/ccpor/backend/internal/idp"
)

// A client this project did not write (golang.org/x/oauth2's clientcredentials)
// takes a token from the built-in provider and calls the API as its court's
// service account.
func TestBuiltinProviderIssuesClientCredentialsTokens(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t, "CCPOR_API_AUDIENCE=ccpor-api")
	r.f.Statewide(t)
	alpha := r.f.Court(t, "alpha", true)
	secret, hash := builtin.NewClientSecret()
	r.f.Exec(t, `INSERT INTO idp_clients (id, secret_hash, grant_types) VALUES ('cms-alpha', decode($1, 'hex'), '["client_credentials"]')`, hash)
	svc := r.f.ServiceAccount(t, builtin.Issuer(r.url), "cms-alpha", alpha, "svc-cms-alpha", "clerk")
	ctx := context.Background()
	cfg := clientcredentials.Config{ClientID: "cms-alpha", ClientSecret: secret, TokenURL: r.url + "/idp/oauth/token"}

	tok, err := cfg.Token(ctx)
	if err != nil {
		t.Fatalf("client credentials: %v", err)
	}
	c := &http.Client{Timeout: 10 * time.Second}
	a := call(t, c, "GET", r.url+"/api/v1/me", bearer(tok.AccessToken), "")
	if a.status != 200 || !strings.Contains(a.body, `"id":"`+svc+`"`) || !strings.Contains(a.body, `"activeCourt":{"id":"`+alpha) {
		t.Fatalf("me with the provider's token: %d %s", a.status, a.body)
	}
	if a := call(t, c, "GET", r.url+"/api/v1/orders?caseNumber=X", bearer(tok.AccessToken), ""); a.status == 401 || a.status == 403 {
		t.Errorf("a clerk's service account may search orders: %d %s", a.status, a.body)
	}
	if a := call(t, c, "GET", r.url+"/api/v1/audit-events", bearer(tok.AccessToken), ""); a.status != 403 {
		t.Errorf("the audit log with a clerk's service account: %d", a.status)
	}
	disc := call(t, c, "GET", r.url+"/idp/.well-known/openid-configuration", nil, "")
	if !strings.Contains(disc.body, `"client_credentials"`) {
		t.Errorf("discovery does not offer the client credentials grant: %s", disc.body)
	}

	wrong := cfg
	wrong.ClientSecret = secret + "x"
	if _, err := wrong.Token(ctx); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("a wrong secret: %v", err)
	}
	unknown := cfg
	unknown.ClientID = "cms-nobody"
	if _, err := unknown.Token(ctx); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("an unknown client: %v", err)
	}
	builtinClient := cfg
	builtinClient.ClientID = builtin.BuiltinClientID
	if _, err := builtinClient.Token(ctx); err == nil {
		t.Error("the registry's own (public) client got a client credentials token")
	}
	// A client registered for the code flow only is not a machine client.
	secret2, hash2 := builtin.NewClientSecret()
	r.f.Exec(t, `INSERT INTO idp_clients (id, secret_hash, grant_types) VALUES ('web-app', decode($1, 'hex'), '["authorization_code"]')`, hash2)
	web := clientcredentials.Config{ClientID: "web-app", ClientSecret: secret2, TokenURL: cfg.TokenURL}
	if _, err := web.Token(ctx); err == nil || !strings.Contains(err.Error(), "unauthorized_client") {
		t.Errorf("a client without the grant: %v", err)
	}

	r.f.Exec(t, "UPDATE idp_clients SET disabled_at = now() WHERE id = 'cms-alpha'")
	if _, err := cfg.Token(ctx); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("a disabled client: %v", err)
	}
}

func TestClientCredentialsNeedAnAPIAudience(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	secret, hash := builtin.NewClientSecret()
	r.f.Exec(t, `INSERT INTO idp_clients (id, secret_hash, grant_types) VALUES ('cms-alpha', decode($1, 'hex'), '["client_credentials"]')`, hash)
	cfg := clientcredentials.Config{ClientID: "cms-alpha", ClientSecret: secret, TokenURL: r.url + "/idp/oauth/token"}
	if _, err := cfg.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "unauthorized_client") {
		t.Errorf("a token without an API audience: %v", err)
	}
}
