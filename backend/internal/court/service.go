package court

import (
	"context"
	"fmt"
	"regexp"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Service reads the court directory on behalf of a signed-in caller.
type Service struct {
	db  *db.DB
	log *audit.Log
}

// NewService returns the service over d, recording in log what it must.
func NewService(d *db.DB, log *audit.Log) *Service { return &Service{db: d, log: log} }

var courtID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// List returns every court, the statewide domain included.
func (s *Service) List(ctx context.Context, p db.Principal) ([]Court, error) {
	var courts []Court
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		courts, err = listCourts(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("court: list: %w", err)
	}
	return courts, nil
}

// Get returns one court; apperr.ErrNotFound when there is none with that id.
func (s *Service) Get(ctx context.Context, p db.Principal, id string) (Court, error) {
	if !courtID.MatchString(id) {
		return Court{}, apperr.ErrNotFound
	}
	var c Court
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		c, err = getCourt(tx, id)
		return err
	})
	if err != nil {
		return Court{}, fmt.Errorf("court: get: %w", err)
	}
	return c, nil
}

// Members returns who holds which role in the court. The database checks again
// that the caller may see them and answers nothing otherwise; an unknown court is
// apperr.ErrNotFound. The read is audited (it shows people and their roles).
func (s *Service) Members(ctx context.Context, p db.Principal, id string) ([]Member, error) {
	if !courtID.MatchString(id) {
		return nil, apperr.ErrNotFound
	}
	var members []Member
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		if _, err := getCourt(tx, id); err != nil {
			return err
		}
		var err error
		if members, err = listMembers(tx, id); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: audit.CourtMembersList, ObjectType: "court", ObjectID: id})
	})
	if err != nil {
		return nil, fmt.Errorf("court: members: %w", err)
	}
	return members, nil
}
