package image

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// SetBeforeCommit makes every upload run f inside its transaction after the row
// is written (a failing f stands for a crash before the commit).
func (s *Service) SetBeforeCommit(f func() error) { s.beforeCommit = f }

// InsertRowForTest writes an image row for orderID under court straight through
// the caller's transaction, past every check in Go: what the database alone allows.
func (s *Service) InsertRowForTest(ctx context.Context, p db.Principal, court, orderID string) error {
	id := uuid.NewString()
	return s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO order_images (id, court_id, order_id, version, purpose, file_name, media_type,
				size_bytes, pages, width, height, sha256, storage_key, created_by)
			VALUES (?, ?, ?, 1, 'order', 'x.pdf', 'application/pdf', 1, 1, 0, 0, decode(repeat('00', 32), 'hex'), ?, app_user_id())`,
			id, court, orderID, "images/"+id).Error
	})
}
