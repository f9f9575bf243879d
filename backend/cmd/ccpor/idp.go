package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
)

const idpUsage = "idp: usage: ccpor idp rotate-keys | ccpor idp unlock USERNAME | ccpor idp add-client -id ID -court CODE -role ROLE[,ROLE]"

// machineRoles are the roles a machine client may hold (service_account_grant checks them too).
var machineRoles = []string{"clerk", "judicial_officer", "sheriff", "auditor"}

var clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{3,100}$`)

// idpCmd administers the built-in OpenID provider, as the owner (the application
// role cannot write signing keys, accounts nor clients): key rotation, releasing
// a locked account, registering a machine client. Each act but the rotation is
// audited with the operator command as its actor.
func idpCmd(ctx context.Context, cfg config.Config, w io.Writer, args []string) error {
	if len(args) == 0 {
		return errors.New(idpUsage)
	}
	switch {
	case args[0] == "rotate-keys" && len(args) == 1, args[0] == "unlock" && len(args) == 2, args[0] == "add-client":
	default:
		return errors.New(idpUsage)
	}
	var add struct{ id, court, roles string }
	if args[0] == "add-client" {
		fs := flag.NewFlagSet("idp add-client", flag.ContinueOnError)
		fs.StringVar(&add.id, "id", "", "the client id (3-100 of A-Z a-z 0-9 . _ -)")
		fs.StringVar(&add.court, "court", "", "the code of the court whose service account it is")
		fs.StringVar(&add.roles, "role", "", "its roles there, comma-separated: "+strings.Join(machineRoles, ", "))
		if err := parseFlags(fs, args[1:]); err != nil {
			return fmt.Errorf("idp add-client: %w", err)
		}
		if add.id == "" || add.court == "" || add.roles == "" {
			return errors.New("idp add-client: usage: ccpor idp add-client -id ID -court CODE -role ROLE[,ROLE]")
		}
		if !clientIDPattern.MatchString(add.id) {
			return fmt.Errorf("idp add-client: -id %q must be 3 to 100 letters, digits, dots, underscores or hyphens", add.id)
		}
		for _, r := range strings.Split(add.roles, ",") {
			if !slices.Contains(machineRoles, r) {
				return fmt.Errorf("idp add-client: %q is not a role a machine client may hold (%s)", r, strings.Join(machineRoles, ", "))
			}
		}
	}
	conn, err := pgx.Connect(ctx, cfg.DatabaseOwnerURL)
	if err != nil {
		return fmt.Errorf("idp: connect as ccpor_owner: %w", err)
	}
	defer conn.Close(ctx)
	switch args[0] {
	case "unlock":
		return unlock(ctx, conn, w, args[1])
	case "add-client":
		return addClient(ctx, conn, w, idp.Issuer(cfg.PublicURL), add.id, add.court, strings.Split(add.roles, ","))
	}
	if err := idp.RotateKeys(ctx, conn); err != nil {
		return err
	}
	fmt.Fprintf(w, "new signing key active; the previous one verifies for %s more\n", idp.KeepRetired)
	return nil
}

// unlock releases a locked account, audited in the user's court (the statewide
// one when the user has several or none).
func unlock(ctx context.Context, conn *pgx.Conn, w io.Writer, username string) error {
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var user string
		err := tx.QueryRow(ctx, `UPDATE idp_accounts a SET locked_at = NULL, failures = 0, first_failure = NULL
			FROM users u WHERE u.id = a.user_id AND u.username = $1 RETURNING u.id::text`, username).Scan(&user)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%q has no account at the built-in provider", username)
		}
		if err != nil {
			return err
		}
		return operatorAudit(ctx, tx, "ccpor idp unlock", "", "idp.unlock", "user", user, "released by an operator")
	})
	if err != nil {
		return fmt.Errorf("idp: unlock: %w", err)
	}
	fmt.Fprintf(w, "%s unlocked\n", username)
	return nil
}

// addClient registers a machine client of one court and prints its secret, once.
func addClient(ctx context.Context, conn *pgx.Conn, w io.Writer, issuer, id, court string, roles []string) error {
	secret, hash := idp.NewClientSecret()
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var courtID string
		err := tx.QueryRow(ctx, "SELECT id::text FROM courts WHERE code = $1 AND kind <> 'statewide'", court).Scan(&courtID)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("-court: no court has the code %q", court)
		}
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO idp_clients (id, secret_hash, grant_types) VALUES ($1, decode($2, 'hex'), '["client_credentials"]')
			ON CONFLICT (id) DO NOTHING`, id, hash)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("-id: a client %q exists already", id)
		}
		if _, err := tx.Exec(ctx, "SELECT service_account_grant($1, $2, $3, $4, $5)", issuer, id, courtID, "svc-"+strings.ToLower(id), roles); err != nil {
			return err
		}
		return operatorAudit(ctx, tx, "ccpor idp add-client", courtID, "idp.client_add", "idp_client", id,
			"machine client of court "+court+" with roles "+strings.Join(roles, ", "))
	})
	if err != nil {
		return fmt.Errorf("idp add-client: %w", err)
	}
	fmt.Fprintf(w, "client id:     %s\nclient secret: %s\n(the secret is shown only now; token endpoint %s/oauth/token, grant client_credentials)\n",
		id, secret, issuer)
	return nil
}

// operatorAudit records an operator command's act in the audit log (as the owner):
// in court (or, when empty, the only court the object user belongs to, else the
// statewide court), with the command as the actor.
func operatorAudit(ctx context.Context, tx pgx.Tx, command, court, action, objectType, objectID, reason string) error {
	tag, err := tx.Exec(ctx, `INSERT INTO audit_events (court_id, actor, action, object_type, object_id, outcome, reason)
		SELECT c, $2, $3, $4, $5, 'success', $6 FROM (SELECT coalesce(NULLIF($1, '')::uuid,
			(SELECT min(m.court_id::text)::uuid FROM memberships m WHERE $4 = 'user' AND m.user_id::text = $5 AND m.revoked_at IS NULL
			 HAVING count(DISTINCT m.court_id) = 1),
			(SELECT id FROM courts WHERE kind = 'statewide')) AS c) x
		WHERE c IS NOT NULL`, court, "operator: "+command, action, objectType, objectID, reason)
	if err == nil && tag.RowsAffected() != 1 {
		err = errors.New("no court to record the act in (create the statewide court first: ccpor invite -court statewide)")
	}
	return err
}
