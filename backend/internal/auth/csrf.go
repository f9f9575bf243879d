package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
)

// CSRFHeader carries the session's CSRF token on every request that changes
// something. A cross-site page can make the browser send the cookie, but cannot
// read the token (it comes only from GET /api/v1/me, same origin) nor set a custom
// header without a CORS preflight, which this server never grants.
const CSRFHeader = "X-CSRF-Token"

// CSRFToken derives the CSRF token of a session token, so nothing more is stored:
// base64url(sha256("csrf:" + token)).
func CSRFToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("csrf:" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// CSRFValid tells whether got is the CSRF token of sessionToken.
func CSRFValid(sessionToken, got string) bool {
	want := CSRFToken(sessionToken)
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
