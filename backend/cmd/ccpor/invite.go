package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
)

var inviteRoles = []string{"platform_admin", "court_admin", "helpdesk", "clerk", "judicial_officer", "sheriff", "auditor"}

// inviteCmd invites a user to a court with roles and prints the one-time link, as
// the owner. It also makes the first platform administrator of a new installation
// (-court statewide -role platform_admin creates the statewide domain if need be).
func inviteCmd(ctx context.Context, cfg config.Config, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	fs.SetOutput(w)
	username := fs.String("username", "", "the new user's username (a-z, 0-9, . _ -)")
	name := fs.String("name", "", "the user's full name")
	email := fs.String("email", "", "the user's e-mail address")
	court := fs.String("court", "", "the court's code, e.g. riverside, or statewide")
	roles := fs.String("role", "", "roles in that court, comma-separated: "+strings.Join(inviteRoles, ", "))
	valid := fs.Duration("valid", 7*24*time.Hour, "how long the link is valid")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" || *name == "" || *email == "" || *court == "" || *roles == "" {
		return errors.New("invite: usage: ccpor invite -username U -name NAME -email E -court CODE -role ROLE[,ROLE] [-valid 168h]")
	}
	want := strings.Split(*roles, ",")
	for _, r := range want {
		if !slices.Contains(inviteRoles, r) {
			return fmt.Errorf("invite: %q is not a role (%s)", r, strings.Join(inviteRoles, ", "))
		}
	}
	if *valid <= 0 || *valid > 30*24*time.Hour {
		return errors.New("invite: -valid must be between 1s and 720h")
	}
	conn, err := pgx.Connect(ctx, cfg.DatabaseOwnerURL)
	if err != nil {
		return fmt.Errorf("invite: connect as ccpor_owner: %w", err)
	}
	defer conn.Close(ctx)
	var token string
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if *court == "statewide" {
			if _, err := tx.Exec(ctx, `INSERT INTO courts (code, name, kind, shares_statewide, onboarding_status)
				VALUES ('statewide', 'Statewide (Judicial Council)', 'statewide', false, 'live') ON CONFLICT DO NOTHING`); err != nil {
				return err
			}
		}
		var courtID, user string
		if err := tx.QueryRow(ctx, "SELECT id FROM courts WHERE code = $1", *court).Scan(&courtID); err != nil {
			return fmt.Errorf("court %q: %w", *court, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO users (username, display_name, email) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING",
			*username, *name, *email); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, "SELECT id FROM users WHERE username = $1", *username).Scan(&user); err != nil {
			return err
		}
		for _, r := range want {
			if _, err := tx.Exec(ctx, `INSERT INTO memberships (court_id, user_id, role) VALUES ($1, $2, $3)
				ON CONFLICT (court_id, user_id, role) WHERE revoked_at IS NULL DO NOTHING`, courtID, user, r); err != nil {
				return err
			}
		}
		token, err = auth.CreateInvitation(ctx, tx, user, "", *valid)
		return err
	})
	if err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	link := strings.TrimRight(cfg.PublicURL, "/") + "/auth/login?invitation=" + token
	if cfg.IDP && cfg.OIDCIssuerURL == "" {
		link = idp.EnrolURL(cfg.PublicURL, token) // set the password and the second factor first
	}
	fmt.Fprintln(w, link)
	return nil
}
