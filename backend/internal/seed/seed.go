// Package seed loads demonstration data. It connects as ccpor_maint, the role for
// bulk loads, and every step is idempotent: make run seeds on every start.
package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Step loads one kind of demonstration data; it returns whether it changed anything.
type Step struct {
	Name string
	Run  func(ctx context.Context, tx pgx.Tx) (bool, error)
}

// demoSteps are applied in order; issuer is the built-in provider's, where the
// demo accounts sign in.
func demoSteps(issuer string) []Step {
	return []Step{
		{Name: "courts", Run: seedCourts},
		{Name: "accounts", Run: seedAccounts(issuer)},
		{Name: "orders", Run: seedOrders(time.Now())},
	}
}

// Demo applies every demo step in one transaction and returns how many changed
// data. issuer is the built-in provider's (idp.Issuer of the public URL).
func Demo(ctx context.Context, maintURL, issuer string) (int, error) {
	conn, err := pgx.Connect(ctx, maintURL)
	if err != nil {
		return 0, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	applied := 0
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		for _, s := range demoSteps(issuer) {
			changed, err := s.Run(ctx, tx)
			if err != nil {
				return fmt.Errorf("%s: %w", s.Name, err)
			}
			if changed {
				applied++
			}
		}
		return nil
	})
	return applied, err
}
