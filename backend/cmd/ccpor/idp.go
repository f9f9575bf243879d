package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
)

// idpCmd administers the built-in OpenID provider, as the owner (the application
// role cannot write signing keys nor accounts): key rotation, and releasing a
// locked account until the help desk can do it in the application.
func idpCmd(ctx context.Context, cfg config.Config, w io.Writer, args []string) error {
	if len(args) == 0 || !(args[0] == "rotate-keys" && len(args) == 1 || args[0] == "unlock" && len(args) == 2) {
		return errors.New("idp: usage: ccpor idp rotate-keys | ccpor idp unlock USERNAME")
	}
	conn, err := pgx.Connect(ctx, cfg.DatabaseOwnerURL)
	if err != nil {
		return fmt.Errorf("idp: connect as ccpor_owner: %w", err)
	}
	defer conn.Close(ctx)
	if args[0] == "unlock" {
		tag, err := conn.Exec(ctx, `UPDATE idp_accounts a SET locked_at = NULL, failures = 0, first_failure = NULL
			FROM users u WHERE u.id = a.user_id AND u.username = $1`, args[1])
		if err != nil {
			return fmt.Errorf("idp: unlock: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("idp: unlock: %q has no account at the built-in provider", args[1])
		}
		fmt.Fprintf(w, "%s unlocked\n", args[1])
		return nil
	}
	if err := idp.RotateKeys(ctx, conn); err != nil {
		return err
	}
	fmt.Fprintf(w, "new signing key active; the previous one verifies for %s more\n", idp.KeepRetired)
	return nil
}
