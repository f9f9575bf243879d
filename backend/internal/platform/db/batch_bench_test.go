package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// BenchmarkBatch measures what a request's transaction costs sent statement by
// statement through Tx (BEGIN, the principal, each statement, COMMIT: a round trip
// each) against the same statements as one Batch (one round trip), for a read and
// for a read with an appended row (as an audited read: its commit flushes the WAL),
// the four interleaved in one run. Reported only: it tells how much of an audited
// request is round trips and how much the durable commit.
func BenchmarkBatch(b *testing.B) {
	d := dbtest.New(b)
	ctx := context.Background()
	owner := dbtest.Conn(b, d.OwnerURL)
	if _, err := owner.Exec(ctx, `CREATE TABLE bench_rows (id int PRIMARY KEY, body text);
		CREATE TABLE bench_events (n bigserial, session text, object text);
		INSERT INTO bench_rows SELECT i, md5(i::text) FROM generate_series(1, 1000) i;
		GRANT SELECT ON bench_rows TO ccpor_app; GRANT INSERT ON bench_events TO ccpor_app;
		GRANT USAGE ON SEQUENCE bench_events_n_seq TO ccpor_app`); err != nil {
		b.Fatal(err)
	}
	app, err := db.Open(ctx, d.AppURL, 1)
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	p := db.Principal{SessionHash: "ab12", RequestID: "bench"}
	const read = "SELECT body FROM bench_rows WHERE id = $1"
	const appendRow = "INSERT INTO bench_events (session, object) SELECT current_setting('ccpor.session'), body FROM bench_rows WHERE id = $1"
	viaTx := func(id int, durable bool) time.Duration {
		start := time.Now()
		err := app.Tx(ctx, p, func(tx *gorm.DB) error {
			var body string
			if err := tx.Raw("SELECT body FROM bench_rows WHERE id = ?", id).Row().Scan(&body); err != nil {
				return err
			}
			if durable {
				return tx.Exec("INSERT INTO bench_events (session, object) VALUES (current_setting('ccpor.session'), ?)", body).Error
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	viaBatch := func(id int, durable bool) time.Duration {
		start := time.Now()
		q := &pgx.Batch{}
		q.Queue(read, id)
		if durable {
			q.Queue(appendRow, id)
		}
		err := app.Batch(ctx, p, q, func(br pgx.BatchResults) error {
			var body string
			if err := br.QueryRow().Scan(&body); err != nil {
				return err
			}
			if durable {
				_, err := br.Exec()
				return err
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	for i := range 100 { // warm the connection and its prepared statements
		viaTx(1+i, true)
		viaBatch(1+i, true)
		viaTx(1+i, false)
		viaBatch(1+i, false)
	}
	var txRead, batchRead, txDurable, batchDurable []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		id := 1 + i%1000
		if i%2 == 0 {
			txRead, batchRead = append(txRead, viaTx(id, false)), append(batchRead, viaBatch(id, false))
			txDurable, batchDurable = append(txDurable, viaTx(id, true)), append(batchDurable, viaBatch(id, true))
		} else {
			batchDurable, txDurable = append(batchDurable, viaBatch(id, true)), append(txDurable, viaTx(id, true))
			batchRead, txRead = append(batchRead, viaBatch(id, false)), append(txRead, viaTx(id, false))
		}
	}
	b.StopTimer()
	tr, br, td, bd := dbtest.Median(txRead), dbtest.Median(batchRead), dbtest.Median(txDurable), dbtest.Median(batchDurable)
	b.ReportMetric(float64(br.Microseconds()), "batch-read-p50-µs")
	b.ReportMetric(float64(bd.Microseconds()), "batch-durable-p50-µs")
	b.ReportMetric(float64(br)/float64(tr), "batch/tx-read")
	b.ReportMetric(float64(bd)/float64(td), "batch/tx-durable")
	b.Logf("%d samples each, p50: read through Tx %v (4 round trips), as one Batch %v; with an appended row (a durable commit) through Tx %v (5), as one Batch %v",
		len(txRead), tr, br, td, bd)
}
