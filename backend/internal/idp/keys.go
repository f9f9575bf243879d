package idp

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/zitadel/oidc/v3/pkg/op"
	"gorm.io/gorm"
)

// KeepRetired is how long a retired signing key stays published: longer than any
// token it signed (ID and access tokens) can live.
const KeepRetired = time.Hour

// signingKey is a private key the provider signs with.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

// publicKey is a key of the published key set.
type publicKey struct {
	id  string
	key any
}

func (k publicKey) ID() string                         { return k.id }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return k.key }

// keyRing caches the parsed active key; a rotation elsewhere shows within a minute.
type keyRing struct {
	mu      sync.Mutex
	current signingKey
	at      time.Time
}

// NewKey generates a signing key: its id, and PKCS #8 and PKIX encodings.
func NewKey() (id string, private, public []byte, err error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", nil, nil, err
	}
	if private, err = x509.MarshalPKCS8PrivateKey(k); err != nil {
		return "", nil, nil, err
	}
	if public, err = x509.MarshalPKIXPublicKey(&k.PublicKey); err != nil {
		return "", nil, nil, err
	}
	return uuid.NewString(), private, public, nil
}

// addFirstKey stores the first key; it adds nothing once a key is active (the
// application role cannot rotate: that is the owner's `ccpor idp rotate-keys`).
func addFirstKey(tx *gorm.DB) error {
	id, priv, pub, err := NewKey()
	if err != nil {
		return err
	}
	return tx.Exec("SELECT idp_signing_key_first(?, 'RS256', ?, ?)", id, priv, pub).Error
}

// Execer runs a statement (a pgx connection of the owner).
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// RotateKeys makes a new signing key active (`ccpor idp rotate-keys`); the old
// one is still published, so its tokens verify until they expire.
func RotateKeys(ctx context.Context, conn Execer) error {
	id, priv, pub, err := NewKey()
	if err != nil {
		return fmt.Errorf("idp: rotate keys: %w", err)
	}
	if _, err := conn.Exec(ctx, "SELECT idp_signing_key_add($1, 'RS256', $2, $3, true, make_interval(secs => $4))",
		id, priv, pub, KeepRetired.Seconds()); err != nil {
		return fmt.Errorf("idp: rotate keys: %w", err)
	}
	return nil
}

// SigningKey returns the active key, creating the first one on first use.
func (s *Storage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if s.keys.current.key != nil && time.Since(s.keys.at) < time.Minute {
		return s.keys.current, nil
	}
	var id string
	var der []byte
	err := s.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Raw("SELECT id, private_key FROM idp_active_signing_key() WHERE id IS NOT NULL").Row().Scan(&id, &der)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := addFirstKey(tx); err != nil {
			return err
		}
		return tx.Raw("SELECT id, private_key FROM idp_active_signing_key() WHERE id IS NOT NULL").Row().Scan(&id, &der)
	})
	if err != nil {
		return nil, fmt.Errorf("idp: signing key: %w", err)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("idp: signing key %s: %w", id, err)
	}
	rk, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("idp: signing key %s is not RSA", id)
	}
	s.keys.current, s.keys.at = signingKey{id: id, key: rk}, time.Now()
	return s.keys.current, nil
}

// SignatureAlgorithms lists the one algorithm the provider signs with.
func (s *Storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

// KeySet publishes the active key and the retired ones still verifying.
func (s *Storage) KeySet(ctx context.Context) ([]op.Key, error) {
	if _, err := s.SigningKey(ctx); err != nil { // the first key exists before it is published
		return nil, err
	}
	var keys []op.Key
	err := s.tx(ctx, func(tx *gorm.DB) error {
		rows, err := tx.Raw("SELECT id, public_key FROM idp_signing_keys WHERE retired_at IS NULL OR verify_until > now() ORDER BY created_at DESC").Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var der []byte
			if err := rows.Scan(&id, &der); err != nil {
				return err
			}
			pub, err := x509.ParsePKIXPublicKey(der)
			if err != nil {
				return fmt.Errorf("key %s: %w", id, err)
			}
			keys = append(keys, publicKey{id: id, key: pub})
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("idp: key set: %w", err)
	}
	return keys, nil
}
