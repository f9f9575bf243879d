package court

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// The directory is readable by the application role as a whole (no court's data).
const courtColumns = `id::text, code, name, kind, coalesce(county, ''), coalesce(ori, ''),
	clets_submitting, shares_statewide, onboarding_status, go_live_date,
	coalesce(contact_name, ''), coalesce(contact_phone, ''), coalesce(contact_email, '')`

type scanner interface{ Scan(dest ...any) error }

func scanCourt(s scanner) (Court, error) {
	var c Court
	var goLive sql.NullTime
	var contact Contact
	err := s.Scan(&c.ID, &c.Code, &c.Name, &c.Kind, &c.County, &c.ORI,
		&c.CLETSSubmitting, &c.SharesStatewide, &c.OnboardingStatus, &goLive,
		&contact.Name, &contact.Phone, &contact.Email)
	if goLive.Valid {
		c.GoLiveDate = goLive.Time.Format(time.DateOnly)
	}
	if contact != (Contact{}) {
		c.Contact = &contact
	}
	return c, err
}

func listCourts(tx *gorm.DB) ([]Court, error) {
	rows, err := tx.Raw("SELECT " + courtColumns + " FROM courts ORDER BY name").Rows()
	if err != nil {
		return nil, fmt.Errorf("store: list courts: %w", err)
	}
	defer rows.Close()
	courts := []Court{}
	for rows.Next() {
		c, err := scanCourt(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list courts: %w", err)
		}
		courts = append(courts, c)
	}
	return courts, rows.Err()
}

func getCourt(tx *gorm.DB, id string) (Court, error) {
	c, err := scanCourt(tx.Raw("SELECT "+courtColumns+" FROM courts WHERE id = ?", id).Row())
	if errors.Is(err, sql.ErrNoRows) {
		return Court{}, apperr.ErrNotFound
	}
	if err != nil {
		return Court{}, fmt.Errorf("store: get court: %w", err)
	}
	return c, nil
}

// listMembers reads through court_members(), which answers no rows to a caller
// who may not see them.
func listMembers(tx *gorm.DB, court string) ([]Member, error) {
	rows, err := tx.Raw(`SELECT user_id::text, username, display_name, roles, clets_certified_until
		FROM court_members(?)`, court).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: list members: %w", err)
	}
	defer rows.Close()
	types := pgtype.NewMap()
	members := []Member{}
	for rows.Next() {
		var m Member
		var until sql.NullTime
		if err := rows.Scan(&m.UserID, &m.Username, &m.DisplayName, types.SQLScanner(&m.Roles), &until); err != nil {
			return nil, fmt.Errorf("store: list members: %w", err)
		}
		if until.Valid {
			m.CLETSCertifiedUntil = until.Time.Format(time.DateOnly)
		}
		members = append(members, m)
	}
	return members, rows.Err()
}

// Find reads one court inside tx, for the packages that change courts;
// apperr.ErrNotFound when there is none with that id.
func Find(tx *gorm.DB, id string) (Court, error) { return getCourt(tx, id) }

// MembersOf reads a court's members inside tx, through court_members() (no rows
// for a caller who may not see them).
func MembersOf(tx *gorm.DB, id string) ([]Member, error) { return listMembers(tx, id) }
