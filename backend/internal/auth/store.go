package auth

import (
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// The application role cannot read sessions, login states, identities or
// invitations: every call below goes through a definer function of migration 00007
// or 00008, which finds rows by the hash of a token only.

type loginState struct {
	state, nonce, verifier, returnTo string
	invitationHash                   []byte // of the invitation presented, if any
}

func createLoginState(tx *gorm.DB, hash []byte, ls loginState, ttl time.Duration) error {
	err := tx.Exec("SELECT login_state_create(decode(?, 'hex'), ?, ?, ?, ?, decode(NULLIF(?, ''), 'hex'), make_interval(secs => ?))",
		hex.EncodeToString(hash), ls.state, ls.nonce, ls.verifier, ls.returnTo, hex.EncodeToString(ls.invitationHash), ttl.Seconds()).Error
	if err != nil {
		return fmt.Errorf("store: create login state: %w", err)
	}
	return nil
}

// takeLoginState returns the login state once; apperr.ErrNotFound when it is
// unknown, taken already or expired.
func takeLoginState(tx *gorm.DB, hash []byte) (loginState, error) {
	var ls loginState
	var inv string
	err := tx.Raw("SELECT state, nonce, pkce_verifier, return_to, coalesce(encode(invitation_hash, 'hex'), '') FROM login_state_take(decode(?, 'hex'))",
		hex.EncodeToString(hash)).Row().Scan(&ls.state, &ls.nonce, &ls.verifier, &ls.returnTo, &inv)
	if errors.Is(err, sql.ErrNoRows) {
		return loginState{}, apperr.ErrNotFound
	}
	if err != nil {
		return loginState{}, fmt.Errorf("store: take login state: %w", err)
	}
	if ls.invitationHash, err = hex.DecodeString(inv); err != nil {
		return loginState{}, fmt.Errorf("store: take login state: %w", err)
	}
	return ls, nil
}

// identitySignIn returns the user an identity stands for, or "" and the reason
// it stands for nobody. subjectIsUser binds an invitation to the user the subject
// names (the registry's own provider).
func identitySignIn(tx *gorm.DB, issuer, subject string, invitationHash []byte, subjectIsUser bool) (user, reason string, err error) {
	var u, r sql.NullString
	inv := hex.EncodeToString(invitationHash)
	bound := ""
	if subjectIsUser {
		if _, err := uuid.Parse(subject); err != nil {
			return "", "unknown_identity", nil // the provider names users by their id only
		}
		bound = subject
	}
	if err := tx.Raw("SELECT user_id::text, reason FROM identity_sign_in(?, ?, decode(NULLIF(?, ''), 'hex'), NULLIF(?, '')::uuid)", issuer, subject, inv, bound).
		Row().Scan(&u, &r); err != nil {
		return "", "", fmt.Errorf("store: identity sign-in: %w", err)
	}
	return u.String, r.String, nil
}

func createSession(tx *gorm.DB, hash []byte, user string, now time.Time, idle, absolute time.Duration) error {
	err := tx.Exec("SELECT session_create(decode(?, 'hex'), ?, ?, make_interval(secs => ?), make_interval(secs => ?))",
		hex.EncodeToString(hash), user, now, idle.Seconds(), absolute.Seconds()).Error
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

type sessionRow struct {
	userID, kind                       string
	lastSeen, expires, absoluteExpires time.Time
}

// lookupSession returns a live session; apperr.ErrUnauthenticated when there is none.
func lookupSession(tx *gorm.DB, hash []byte) (sessionRow, error) {
	var s sessionRow
	err := tx.Raw("SELECT user_id::text, kind, last_seen_at, expires_at, absolute_expires_at FROM session_lookup(decode(?, 'hex'))", hex.EncodeToString(hash)).
		Row().Scan(&s.userID, &s.kind, &s.lastSeen, &s.expires, &s.absoluteExpires)
	if errors.Is(err, sql.ErrNoRows) {
		return sessionRow{}, apperr.ErrUnauthenticated
	}
	if err != nil {
		return sessionRow{}, fmt.Errorf("store: look up session: %w", err)
	}
	return s, nil
}

// touchSession records activity (at most once a minute unless force) and returns
// the session's last activity and idle expiry.
func touchSession(tx *gorm.DB, hash []byte, now time.Time, idle time.Duration, force bool) (time.Time, time.Time, error) {
	var last, exp time.Time
	err := tx.Raw("SELECT last_seen_at, expires_at FROM session_touch(decode(?, 'hex'), ?, make_interval(secs => ?), ?)",
		hex.EncodeToString(hash), now, idle.Seconds(), force).Row().Scan(&last, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, time.Time{}, apperr.ErrUnauthenticated
	}
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("store: touch session: %w", err)
	}
	return last, exp, nil
}

func endSession(tx *gorm.DB, hash []byte) (bool, error) {
	var ended bool
	if err := tx.Raw("SELECT session_end(decode(?, 'hex'))", hex.EncodeToString(hash)).Row().Scan(&ended); err != nil {
		return false, fmt.Errorf("store: end session: %w", err)
	}
	return ended, nil
}

func switchCourt(tx *gorm.DB, hash []byte, court string) (bool, error) {
	var ok bool
	if err := tx.Raw("SELECT session_switch_court(decode(?, 'hex'), ?::uuid)", hex.EncodeToString(hash), court).Row().Scan(&ok); err != nil {
		return false, fmt.Errorf("store: switch court: %w", err)
	}
	return ok, nil
}

// openBearer opens the session of a verified access token and tells whether this
// call opened it; apperr.ErrUnauthenticated for an unknown or disabled client.
func openBearer(tx *gorm.DB, hash []byte, issuer, client string, expires time.Time) (bool, error) {
	var user, court string
	var opened bool
	err := tx.Raw("SELECT user_id::text, court_id::text, opened FROM bearer_session_open(decode(?, 'hex'), ?, ?, ?)",
		hex.EncodeToString(hash), issuer, client, expires).Row().Scan(&user, &court, &opened)
	if errors.Is(err, sql.ErrNoRows) {
		return false, apperr.ErrUnauthenticated
	}
	if err != nil {
		return false, fmt.Errorf("store: open bearer session: %w", err)
	}
	return opened, nil
}
