package maintenance

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
	"github.com/ccpor/ccpor/backend/internal/platform/mailtext"
)

// NotifyArgs is the job that e-mails a new window's affected users; it carries
// the window's id only.
type NotifyArgs struct {
	WindowID string `json:"windowId"`
}

// Kind names the job.
func (NotifyArgs) Kind() string { return "maintenance_notify" }

type notifyWorker struct {
	river.WorkerDefaults[NotifyArgs]
	pool *pgxpool.Pool
	mail idp.Mail
}

func (w notifyWorker) Work(ctx context.Context, j *river.Job[NotifyArgs]) error {
	_, err := Notify(ctx, w.pool, w.mail, j.Args.WindowID)
	return err
}

// Notify e-mails every active user with a role in a court the window affects,
// once (the window is marked notified in the same transaction), as ccpor_worker.
// It returns how many it wrote to; a cancelled or already notified window gets none.
func Notify(ctx context.Context, pool *pgxpool.Pool, mail idp.Mail, window string) (int, error) {
	sent := 0
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var start, end time.Time
		var message string
		var readOnly bool
		err := tx.QueryRow(ctx, `SELECT starts_at, ends_at, message, read_only FROM maintenance_windows
			WHERE id = $1 AND cancelled_at IS NULL AND notified_at IS NULL FOR UPDATE`, window).Scan(&start, &end, &message, &readOnly)
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("maintenance: notify: %w", err)
		}
		rows, err := tx.Query(ctx, "SELECT email, display_name FROM maintenance_recipients($1)", window)
		if err != nil {
			return fmt.Errorf("maintenance: recipients: %w", err)
		}
		type person struct{ email, name string }
		var to []person
		for rows.Next() {
			var p person
			if err := rows.Scan(&p.email, &p.name); err != nil {
				return fmt.Errorf("maintenance: recipients: %w", err)
			}
			to = append(to, p)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("maintenance: recipients: %w", err)
		}
		outbox := func(to, subject, body string) error {
			_, err := tx.Exec(ctx, "SELECT mail_outbox_add($1, $2, $3)", to, subject, body)
			return err
		}
		for _, p := range to {
			letter, err := Letter(p.name, start, end, message, readOnly)
			if err != nil {
				return err
			}
			if err := mail.Deliver(ctx, outbox, p.email, letter.Subject, letter.Body); err != nil {
				return err
			}
			sent++
		}
		if _, err := tx.Exec(ctx, "UPDATE maintenance_windows SET notified_at = now() WHERE id = $1", window); err != nil {
			return fmt.Errorf("maintenance: mark notified: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return sent, nil
}

// Span says when a window is, in California time: "Wednesday, December 2, 2026,
// 6:00 PM to 9:00 PM Pacific time".
func Span(start, end time.Time) string {
	s, e := start.In(clock.Pacific), end.In(clock.Pacific)
	if s.Format(time.DateOnly) == e.Format(time.DateOnly) {
		return s.Format("Monday, January 2, 2006, 3:04 PM") + " to " + e.Format("3:04 PM") + " Pacific time"
	}
	return s.Format("Monday, January 2, 2006, 3:04 PM") + " to " + e.Format("Monday, January 2, 2006, 3:04 PM") + " Pacific time"
}

// Letter is the e-mail announcing a window to one of its users.
func Letter(name string, start, end time.Time, message string, readOnly bool) (mailtext.Message, error) {
	return mailtext.Render(mailtext.Maintenance{Name: name, Span: Span(start, end), Message: message, ReadOnly: readOnly})
}

// Jobs registers the notification worker on the worker's pool.
func Jobs(pool *pgxpool.Pool, mail idp.Mail) jobs.Registration {
	return func(w *river.Workers, _ *[]*river.PeriodicJob) {
		river.AddWorker(w, notifyWorker{pool: pool, mail: mail})
	}
}
