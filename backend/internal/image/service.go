// Package image keeps order images: the signed order as the court issued it and the
// proof of service, as PDF, TIFF, JPEG or PNG. The bytes go to blob storage
// (gocloud.dev/blob: a directory or any S3 store); what is known of them goes to
// order_images, under the order's row-level security. An upload writes the blob,
// then the row and its audit event in one transaction; when that transaction fails
// the blob is removed, and a blob left by a process that died in between is removed
// by the storage sweep (jobs.go).
package image

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gocloud.dev/blob"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Audited acts on images.
const (
	ActionUpload   audit.Action = "image.upload"
	ActionList     audit.Action = "image.list"
	ActionView     audit.Action = "image.view"
	ActionDownload audit.Action = "image.download"
)

// Purposes of an image.
const (
	PurposeOrder   = "order"
	PurposeService = "proof_of_service"
)

// Image is what the registry knows of one stored file.
type Image struct {
	ID        string    `json:"id" format:"uuid"`
	OrderID   string    `json:"orderId" format:"uuid"`
	Version   int       `json:"version" doc:"the order version it was attached to"`
	Purpose   string    `json:"purpose" enum:"order,proof_of_service"`
	FileName  string    `json:"fileName" doc:"the name it was uploaded under"`
	MediaType string    `json:"mediaType" enum:"application/pdf,image/tiff,image/jpeg,image/png"`
	Size      int64     `json:"size" doc:"bytes"`
	Pages     int       `json:"pages"`
	Width     int       `json:"width" doc:"pixels of the first page; 0 for a PDF"`
	Height    int       `json:"height" doc:"pixels of the first page; 0 for a PDF"`
	SHA256    string    `json:"sha256" doc:"hex SHA-256 of the bytes"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy string    `json:"createdBy" format:"uuid"`
	storage   string
}

// Service attaches, lists and serves images on behalf of a signed-in caller.
type Service struct {
	db      *db.DB
	log     *audit.Log
	bucket  *blob.Bucket
	lim     Limits
	render  chan struct{} // bounds the pages decoded at once
	viewKey []byte
	// beforeCommit runs inside the upload's transaction after the row is written;
	// tests make it fail to stand for a crash between the blob and the commit.
	beforeCommit func() error
}

// NewService returns the service over d and bucket, auditing to log.
func NewService(d *db.DB, log *audit.Log, bucket *blob.Bucket, lim Limits) *Service {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &Service{db: d, log: log, bucket: bucket, lim: lim, render: make(chan struct{}, 2), viewKey: key}
}

// Limits returns the limits uploads are held to.
func (s *Service) Limits() Limits { return s.lim }

// UploadRequest is a file to attach.
type UploadRequest struct {
	Name    string // the file's name as the uploader has it
	Purpose string // PurposeOrder or PurposeService
	Data    []byte
}

// failed records a refused or failed act in its own transaction.
func (s *Service) failed(ctx context.Context, p db.Principal, action audit.Action, id string, err error) error {
	if err == nil {
		return nil
	}
	outcome := audit.Error
	var v *apperr.ValidationError
	var tl *TooLargeError
	switch {
	case errors.As(err, &v), errors.As(err, &tl), errors.Is(err, apperr.ErrConflict):
		outcome = audit.Invalid
	case errors.Is(err, apperr.ErrNotFound), errors.Is(err, apperr.ErrForbidden):
		outcome = audit.Denied
	}
	reason := err.Error()
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	s.log.RecordFailureOrLog(ctx, s.db, p, audit.Event{Action: action, Outcome: outcome, ObjectType: "order", ObjectID: id, Reason: reason})
	return err
}

// Upload attaches a file to the current version of an order the caller may change.
// A file already attached to the order (same SHA-256) is not stored again: the
// image it is comes back with duplicate true.
func (s *Service) Upload(ctx context.Context, p db.Principal, orderID string, r UploadRequest) (Image, bool, error) {
	img, dup, err := s.upload(ctx, p, orderID, r)
	return img, dup, s.failed(ctx, p, ActionUpload, orderID, err)
}

func (s *Service) upload(ctx context.Context, p db.Principal, orderID string, r UploadRequest) (Image, bool, error) {
	if _, err := uuid.Parse(orderID); err != nil {
		return Image{}, false, apperr.ErrNotFound
	}
	if err := CheckName(r.Name); err != nil {
		return Image{}, false, apperr.Invalid("query.name", "%s", err.Error())
	}
	if r.Purpose == "" {
		r.Purpose = PurposeOrder
	}
	if r.Purpose != PurposeOrder && r.Purpose != PurposeService {
		return Image{}, false, apperr.Invalid("query.purpose", "must be order or proof_of_service")
	}
	in, err := Inspect(r.Data, r.Name, s.lim)
	var tl *TooLargeError
	switch {
	case errors.As(err, &tl):
		return Image{}, false, err
	case err != nil:
		return Image{}, false, apperr.Invalid("body", "The file %s", err.Error())
	}
	sum := sha256.Sum256(r.Data)

	// Which order, and whether this file is already attached: a short read.
	var court string
	var version int
	var existing Image
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT court_id, current_version FROM orders WHERE id = ?`, orderID).Row().Scan(&court, &version); err != nil {
			return apperr.ErrNotFound
		}
		existing, err = findBySum(tx, orderID, sum[:])
		return err
	})
	if err != nil {
		return Image{}, false, fmt.Errorf("image: upload: %w", err)
	}
	if existing.ID != "" {
		return existing, true, nil
	}

	id := uuid.NewString()
	key := keyPrefix + id
	if err := s.bucket.WriteAll(ctx, key, r.Data, &blob.WriterOptions{ContentType: in.MediaType, ContentMD5: nil}); err != nil {
		return Image{}, false, fmt.Errorf("image: store blob: %w: %w", apperr.ErrUnavailable, err)
	}
	var img Image
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		// The order's court, not the caller's: the database refuses another court's.
		if err := tx.Exec(`INSERT INTO order_images (id, court_id, order_id, version, purpose, file_name, media_type,
				size_bytes, pages, width, height, sha256, storage_key, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, app_user_id())`,
			id, court, orderID, version, r.Purpose, r.Name, in.MediaType, len(r.Data), in.Pages, in.Width, in.Height,
			sum[:], key).Error; err != nil {
			return refusal(err)
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: ActionUpload, ObjectType: "order_image", ObjectID: id,
			Reason: fmt.Sprintf("order %s version %d, %s, %d pages", orderID, version, in.MediaType, in.Pages)}); err != nil {
			return err
		}
		if s.beforeCommit != nil {
			if err := s.beforeCommit(); err != nil {
				return err
			}
		}
		var err error
		img, err = getImage(tx, orderID, id)
		return err
	})
	if err != nil {
		// Nothing names the blob: remove it, even when the request was cancelled.
		if derr := s.bucket.Delete(context.WithoutCancel(ctx), key); derr != nil {
			err = errors.Join(err, fmt.Errorf("image: remove the blob of a failed upload (the sweep will): %w", derr))
		}
		if errors.Is(err, errDuplicate) {
			// Attached meanwhile by another request.
			_ = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
				existing, err = findBySum(tx, orderID, sum[:])
				return err
			})
			if existing.ID != "" {
				return existing, true, nil
			}
		}
		return Image{}, false, fmt.Errorf("image: upload: %w", err)
	}
	return img, false, nil
}

var errDuplicate = fmt.Errorf("the file is already attached to the order: %w", apperr.ErrConflict)

// refusal maps what the database refuses: another court's order (row-level
// security, or the foreign key to the order of the caller's court), a duplicate.
func refusal(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "42501", "23503":
			return fmt.Errorf("images may be attached only to orders of your court: %w", apperr.ErrForbidden)
		case "23505":
			return errDuplicate
		}
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return errDuplicate
	}
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return fmt.Errorf("images may be attached only to orders of your court: %w", apperr.ErrForbidden)
	}
	return err
}

const imageColumns = `id, order_id, version, purpose, file_name, media_type, size_bytes, pages, width, height,
	encode(sha256, 'hex'), created_at, created_by, storage_key`

func scanImage(sc interface{ Scan(...any) error }) (Image, error) {
	var i Image
	err := sc.Scan(&i.ID, &i.OrderID, &i.Version, &i.Purpose, &i.FileName, &i.MediaType, &i.Size, &i.Pages,
		&i.Width, &i.Height, &i.SHA256, &i.CreatedAt, &i.CreatedBy, &i.storage)
	return i, err
}

func findBySum(tx *gorm.DB, orderID string, sum []byte) (Image, error) {
	rows, err := tx.Raw(`SELECT `+imageColumns+` FROM order_images WHERE order_id = ? AND sha256 = ?`, orderID, sum).Rows()
	if err != nil {
		return Image{}, err
	}
	defer rows.Close()
	if rows.Next() {
		return scanImage(rows)
	}
	return Image{}, rows.Err()
}

func getImage(tx *gorm.DB, orderID, id string) (Image, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Image{}, apperr.ErrNotFound
	}
	i, err := scanImage(tx.Raw(`SELECT `+imageColumns+` FROM order_images WHERE order_id = ? AND id = ?`, orderID, id).Row())
	if err != nil {
		return Image{}, apperr.ErrNotFound
	}
	return i, nil
}

// List returns the images of an order the caller reads, oldest first.
func (s *Service) List(ctx context.Context, p db.Principal, orderID string) ([]Image, error) {
	if _, err := uuid.Parse(orderID); err != nil {
		return nil, s.failed(ctx, p, ActionList, orderID, apperr.ErrNotFound)
	}
	out := []Image{}
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		var visible bool
		if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM orders WHERE id = ?)`, orderID).Row().Scan(&visible); err != nil {
			return err
		}
		if !visible {
			return apperr.ErrNotFound
		}
		rows, err := tx.Raw(`SELECT `+imageColumns+` FROM order_images WHERE order_id = ? ORDER BY created_at, id`, orderID).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			i, err := scanImage(rows)
			if err != nil {
				return err
			}
			out = append(out, i)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionList, ObjectType: "order", ObjectID: orderID})
	})
	if err != nil {
		return nil, s.failed(ctx, p, ActionList, orderID, fmt.Errorf("image: list: %w", err))
	}
	return out, nil
}

// Authorize reads an image the caller may see, in a short transaction that also
// records action ("" records nothing: a continuation of a view already recorded).
// The bytes are streamed afterwards, outside any transaction.
func (s *Service) Authorize(ctx context.Context, p db.Principal, orderID, imageID string, action audit.Action, reason string) (Image, error) {
	img, _, err := s.authorize(ctx, p, nil, orderID, imageID, action, reason, false)
	return img, err
}

// AuthorizePart reads an image for a Range request for a later part of its bytes
// without a view token: a continuation of a view or download the caller's user
// opened within the last 15 minutes records nothing; anything else is a download,
// recorded.
func (s *Service) AuthorizePart(ctx context.Context, p db.Principal, orderID, imageID, reason string) (Image, error) {
	img, _, err := s.authorize(ctx, p, nil, orderID, imageID, ActionDownload, reason, true)
	return img, err
}

// errUnconfirmed is a tentative caller's session the database did not confirm:
// nothing was read or recorded.
var errUnconfirmed = errors.New("image: the session was not confirmed")

// authorize reads the image and appends its event in one round trip (db.Batch):
// the event's statement appends only when the row is visible to the caller (row-
// level security decides), and, for a later part, only when no act of the last 15
// minutes is recorded. The commit, and so the event, is durable when it returns.
// With pending (a tentative caller's session) the same round trip confirms the
// session first and returns the confirmed caller; a session it does not confirm
// is errUnconfirmed, with nothing read or recorded.
func (s *Service) authorize(ctx context.Context, p db.Principal, pending *auth.Pending, orderID, imageID string, action audit.Action, reason string, unlessRecorded bool) (Image, auth.Caller, error) {
	if _, err := uuid.Parse(orderID); err != nil {
		if pending != nil {
			// Answered only after the session is: the guard's path.
			return Image{}, auth.Caller{}, errUnconfirmed
		}
		return Image{}, auth.Caller{}, apperr.ErrNotFound
	}
	var img Image
	c, err := s.readAndRecord(ctx, p, pending, orderID, imageID, action, reason, unlessRecorded, &img)
	if errors.Is(err, errUnconfirmed) {
		return Image{}, auth.Caller{}, err
	}
	if err != nil {
		if action == "" {
			action = ActionView
		}
		return Image{}, c, s.failed(ctx, p, action, orderID, fmt.Errorf("image: read: %w", err))
	}
	return img, c, nil
}

func (s *Service) readAndRecord(ctx context.Context, p db.Principal, pending *auth.Pending, orderID, imageID string, action audit.Action, reason string, unlessRecorded bool, img *Image) (auth.Caller, error) {
	if _, err := uuid.Parse(imageID); err != nil {
		if pending != nil {
			return auth.Caller{}, errUnconfirmed
		}
		return auth.Caller{}, apperr.ErrNotFound
	}
	b := &pgx.Batch{}
	if pending != nil {
		pending.Queue(b)
	}
	b.Queue(`SELECT `+imageColumns+` FROM order_images WHERE order_id = $1 AND id = $2`, orderID, imageID)
	e := audit.Event{Action: action, ObjectType: "order_image", ObjectID: imageID, Reason: reason}
	if action != "" {
		q := `SELECT ` + audit.AppendOnOrderSQL("court_id") + ` FROM order_images WHERE order_id = $7 AND id = $8`
		if unlessRecorded {
			q += ` AND NOT image_act_recorded($4)`
		}
		b.Queue(q, append(e.Args(), orderID, imageID)...)
	}
	var c auth.Caller
	confirmed := pending == nil
	err := s.db.Batch(ctx, p, b, func(br pgx.BatchResults) error {
		if pending != nil {
			var err error
			if c, confirmed, err = pending.Read(br); err != nil || !confirmed {
				return errors.Join(errUnconfirmed, err)
			}
		}
		var err error
		*img, err = scanImage(br.QueryRow())
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return apperr.ErrNotFound
		case err != nil:
			return fmt.Errorf("%w: %w", apperr.ErrUnavailable, err)
		}
		if action != "" {
			if _, err := br.Exec(); err != nil {
				return s.log.Failed(e, err)
			}
		}
		return nil
	})
	if !confirmed {
		// Unconfirmed, or failed before the session was: the statements after the
		// confirming one read and recorded nothing (or did not run).
		return auth.Caller{}, errors.Join(errUnconfirmed, err)
	}
	return c, err
}

// Open returns a reader of img's bytes (it seeks, for Range requests).
func (s *Service) Open(ctx context.Context, img Image) (*blob.Reader, error) {
	r, err := s.bucket.NewReader(ctx, img.storage, nil)
	if err != nil {
		return nil, fmt.Errorf("image: open blob %s: %w: %w", img.ID, apperr.ErrUnavailable, err)
	}
	return r, nil
}

// viewTTL is how long a view's token lets its pages and bytes be fetched without
// another audit event.
const viewTTL = 15 * time.Minute

// ViewToken ties the pages and bytes fetched for one recorded view to it: the
// session, the image and an expiry, signed with this process's key.
func (s *Service) ViewToken(p db.Principal, imageID string, now time.Time) string {
	exp := strconv.FormatInt(now.Add(viewTTL).Unix(), 10)
	return exp + "." + s.sign(p.SessionHash, imageID, exp)
}

// ValidView tells whether token is a current view token of p for imageID.
func (s *Service) ValidView(p db.Principal, imageID, token string, now time.Time) bool {
	exp, mac, ok := strings.Cut(token, ".")
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || now.Unix() > n {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(s.sign(p.SessionHash, imageID, exp)))
}

func (s *Service) sign(session, imageID, exp string) string {
	m := hmac.New(sha256.New, s.viewKey)
	m.Write([]byte(session + "|" + imageID + "|" + exp))
	return hex.EncodeToString(m.Sum(nil))
}
