package users

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
	"github.com/ccpor/ccpor/backend/internal/platform/mailtext"
)

// InactiveAfter is how long an account may go unused before it is disabled.
const InactiveAfter = 90 * 24 * time.Hour

// DisableInactiveArgs is the periodic job that disables unused accounts.
type DisableInactiveArgs struct{}

// Kind names the job.
func (DisableInactiveArgs) Kind() string { return "users_disable_inactive" }

type disableWorker struct {
	river.WorkerDefaults[DisableInactiveArgs]
	pool  *pgxpool.Pool
	clock clock.Clock
	mail  idp.Mail
}

func (w disableWorker) Work(ctx context.Context, _ *river.Job[DisableInactiveArgs]) error {
	_, err := DisableInactive(ctx, w.pool, w.mail, w.clock.Now())
	return err
}

// Disabled is an account the job disabled.
type Disabled struct {
	Username   string
	LastActive time.Time
	Told       []string // who was e-mailed: the user, then its courts' administrators
}

// DisableInactive disables, as ccpor_worker, every account unused for
// InactiveAfter at now (no sign-in or activity, creation or re-enabling since),
// audits it in each of its courts, and e-mails the user and its courts'
// administrators, in one transaction.
func DisableInactive(ctx context.Context, pool *pgxpool.Pool, m idp.Mail, now time.Time) ([]Disabled, error) {
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, fmt.Errorf("users: disable inactive: %w", err)
	}
	var out []Disabled
	err = g.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT username, display_name, email, last_active, admins
			FROM accounts_disable_inactive(?, make_interval(secs => ?))`, now, InactiveAfter.Seconds()).Rows()
		if err != nil {
			return err
		}
		type row struct {
			d           Disabled
			name, email string
			admins      []string
		}
		var found []row
		types := pgtype.NewMap()
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.d.Username, &r.name, &r.email, &r.d.LastActive, types.SQLScanner(&r.admins)); err != nil {
				rows.Close()
				return err
			}
			found = append(found, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range found {
			since := r.d.LastActive.In(clock.Pacific).Format("January 2, 2006")
			msg, err := mailtext.Render(mailtext.InactiveUser{Name: r.name, Username: r.d.Username, Since: since})
			if err != nil {
				return err
			}
			if err := m.Send(ctx, tx, r.email, msg.Subject, msg.Body); err != nil {
				return err
			}
			r.d.Told = append(r.d.Told, r.email)
			for _, a := range r.admins {
				msg, err := mailtext.Render(mailtext.InactiveAdmin{Name: r.name, Username: r.d.Username, Since: since})
				if err != nil {
					return err
				}
				if err := m.Send(ctx, tx, a, msg.Subject, msg.Body); err != nil {
					return err
				}
				r.d.Told = append(r.d.Told, a)
			}
			out = append(out, r.d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("users: disable inactive: %w", err)
	}
	return out, nil
}

// Jobs registers the inactivity job every interval on the worker's pool.
func Jobs(pool *pgxpool.Pool, clk clock.Clock, m idp.Mail, every time.Duration) jobs.Registration {
	return func(w *river.Workers, periodic *[]*river.PeriodicJob) {
		river.AddWorker(w, disableWorker{pool: pool, clock: clk, mail: m})
		*periodic = append(*periodic, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return DisableInactiveArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}
