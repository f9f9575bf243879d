package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

var inviteRoles = []string{"platform_admin", "court_admin", "helpdesk", "clerk", "judicial_officer", "sheriff", "auditor"}

// inviteCmd invites a user to a court with roles, e-mails the one-time link (to the
// outbox in development) and prints it, as the owner. It also makes the first platform administrator of a new installation
// (-court statewide -role platform_admin creates the statewide domain if need be).
func inviteCmd(ctx context.Context, cfg config.Config, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	username := fs.String("username", "", "the new user's username (a-z, 0-9, . _ -)")
	name := fs.String("name", "", "the user's full name")
	email := fs.String("email", "", "the user's e-mail address")
	court := fs.String("court", "", "the court's code, e.g. riverside, or statewide")
	roles := fs.String("role", "", "roles in that court, comma-separated: "+strings.Join(inviteRoles, ", "))
	valid := fs.Duration("valid", 7*24*time.Hour, "how long the link is valid")
	if err := parseFlags(fs, args); err != nil {
		return fmt.Errorf("invite: %w", err)
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
	owner, err := db.Open(ctx, cfg.DatabaseOwnerURL, 1)
	if err != nil {
		return fmt.Errorf("invite: connect as ccpor_owner: %w", err)
	}
	defer owner.Close()
	mail := idp.Mail{Outbox: cfg.MailOutbox, SMTPURL: cfg.SMTPURL, From: cfg.MailFrom}
	var link string
	err = owner.Tx(ctx, db.Principal{}, func(tx *gorm.DB) error {
		if *court == "statewide" {
			if err := tx.Exec(`INSERT INTO courts (code, name, kind, shares_statewide, onboarding_status)
				VALUES ('statewide', 'Statewide (Judicial Council)', 'statewide', false, 'live') ON CONFLICT DO NOTHING`).Error; err != nil {
				return err
			}
		}
		var courtID, courtName, user string
		if err := tx.Raw("SELECT id, name FROM courts WHERE code = ?", *court).Row().Scan(&courtID, &courtName); err != nil {
			return fmt.Errorf("court %q: %w", *court, err)
		}
		if err := tx.Exec("INSERT INTO users (username, display_name, email) VALUES (?, ?, ?) ON CONFLICT (username) DO NOTHING",
			*username, *name, *email).Error; err != nil {
			return err
		}
		var to, toName string
		if err := tx.Raw("SELECT id, email, display_name FROM users WHERE username = ?", *username).Row().Scan(&user, &to, &toName); err != nil {
			return err
		}
		for _, r := range want {
			if err := tx.Exec(`INSERT INTO memberships (court_id, user_id, role) VALUES (?, ?, ?)
				ON CONFLICT (court_id, user_id, role) WHERE revoked_at IS NULL DO NOTHING`, courtID, user, r).Error; err != nil {
				return err
			}
		}
		link, err = mail.Invite(ctx, tx, idp.Invitation{To: to, Name: toName, Username: *username, Court: courtName, Valid: *valid,
			PublicURL: cfg.PublicURL, Builtin: cfg.IDP && cfg.OIDCIssuerURL == ""}, func(hash []byte) error {
			return tx.Exec(`INSERT INTO invitations (token_hash, user_id, expires_at) VALUES (decode(?, 'hex'), ?, now() + make_interval(secs => ?))`,
				hex.EncodeToString(hash), user, valid.Seconds()).Error
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	fmt.Fprintln(w, link)
	return nil
}
