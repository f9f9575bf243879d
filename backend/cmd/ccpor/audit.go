package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
)

// auditCmd verifies every chain of the audit log, as the maintenance role (which
// reads every court's rows), and fails naming the first broken row of each chain.
func auditCmd(ctx context.Context, cfg config.Config, w io.Writer, args []string) error {
	if len(args) != 1 || args[0] != "verify" {
		return errors.New("audit: usage: ccpor audit verify")
	}
	conn, err := pgx.Connect(ctx, cfg.DatabaseMaintURL)
	if err != nil {
		return fmt.Errorf("audit: connect as ccpor_maint: %w", err)
	}
	defer conn.Close(ctx)
	breaks, checked, err := audit.Verify(ctx, conn)
	if err != nil {
		return err
	}
	for _, b := range breaks {
		fmt.Fprintln(w, "BROKEN", b)
	}
	if len(breaks) > 0 {
		return fmt.Errorf("audit: %d chain(s) broken", len(breaks))
	}
	fmt.Fprintf(w, "audit log intact: %d sealed events verified\n", checked)
	return nil
}
