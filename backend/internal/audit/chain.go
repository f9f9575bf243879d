package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// row is an audit event as the chain hashes it.
type row struct {
	ID                                                   int64
	CourtID                                              string
	OccurredAt                                           time.Time
	UserID, Actor, Action, ObjectType, ObjectID, Outcome *string
	ClientAddr, RequestID, Reason                        *string
	Seq                                                  int64
	PrevHash, Hash                                       []byte
}

// digest is sha256(prev || each field length-prefixed), so no two rows encode alike.
func digest(prev []byte, r row) []byte {
	h := sha256.New()
	h.Write(prev)
	field := func(s *string) {
		var n [4]byte
		if s == nil {
			binary.BigEndian.PutUint32(n[:], 0xFFFFFFFF)
			h.Write(n[:])
			return
		}
		binary.BigEndian.PutUint32(n[:], uint32(len(*s)))
		h.Write(n[:])
		h.Write([]byte(*s))
	}
	str := func(s string) *string { return &s }
	field(str(fmt.Sprint(r.ID)))
	field(str(r.CourtID))
	field(str(r.OccurredAt.UTC().Format("2006-01-02T15:04:05.000000Z")))
	for _, f := range []*string{r.UserID, r.Actor, r.Action, r.ObjectType, r.ObjectID, r.Outcome, r.ClientAddr, r.RequestID, r.Reason} {
		field(f)
	}
	field(str(fmt.Sprint(r.Seq)))
	return h.Sum(nil)
}

const rowColumns = `id, court_id::text, occurred_at, user_id::text, actor, action, object_type, object_id,
	outcome, client_addr, request_id, reason, coalesce(seq, 0), prev_hash, hash`

func scanRow(rows pgx.CollectableRow) (row, error) {
	var r row
	err := rows.Scan(&r.ID, &r.CourtID, &r.OccurredAt, &r.UserID, &r.Actor, &r.Action, &r.ObjectType,
		&r.ObjectID, &r.Outcome, &r.ClientAddr, &r.RequestID, &r.Reason, &r.Seq, &r.PrevHash, &r.Hash)
	return r, err
}

// sealBatch is how many rows one pass seals per court.
const sealBatch = 1000

// Seal extends every court's chain with its unsealed rows, in the order they are
// found. One court's chain is sealed by one transaction at a time (an advisory lock
// per court), so courts never wait on one another. It returns how many rows it sealed.
func Seal(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	rows, err := pool.Query(ctx, `SELECT DISTINCT court_id::text FROM audit_events WHERE sealed_at IS NULL`)
	if err != nil {
		return 0, fmt.Errorf("audit: seal: %w", err)
	}
	courts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("audit: seal: %w", err)
	}
	total := 0
	for _, court := range courts {
		for {
			n, err := sealCourt(ctx, pool, court)
			if err != nil {
				return total, err
			}
			total += n
			if n < sealBatch {
				break
			}
		}
	}
	return total, nil
}

func sealCourt(ctx context.Context, pool *pgxpool.Pool, court string) (int, error) {
	n := 0
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended('audit-chain:' || $1, 0))", court); err != nil {
			return err
		}
		var seq int64
		var prev []byte
		err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_events WHERE court_id = $1 AND seq IS NOT NULL
			ORDER BY seq DESC LIMIT 1`, court).Scan(&seq, &prev)
		if errors.Is(err, pgx.ErrNoRows) {
			err = tx.QueryRow(ctx, `SELECT seq, hash FROM audit_anchors WHERE court_id = $1`, court).Scan(&seq, &prev)
			if errors.Is(err, pgx.ErrNoRows) {
				seq, prev, err = 0, nil, nil
			}
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+rowColumns+` FROM audit_events
			WHERE court_id = $1 AND sealed_at IS NULL ORDER BY id LIMIT $2 FOR UPDATE`, court, sealBatch)
		if err != nil {
			return err
		}
		pending, err := pgx.CollectRows(rows, scanRow)
		if err != nil {
			return err
		}
		batch := &pgx.Batch{}
		for _, r := range pending {
			seq++
			r.Seq = seq
			h := digest(prev, r)
			batch.Queue(`UPDATE audit_events SET seq = $2, prev_hash = $3, hash = $4, sealed_at = now() WHERE id = $1`,
				r.ID, seq, prev, h)
			prev = h
		}
		n = len(pending)
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return 0, fmt.Errorf("audit: seal court %s: %w", court, err)
	}
	return n, nil
}

// Break is the first place a chain does not hold.
type Break struct {
	CourtID string
	ID      int64
	Seq     int64
	Reason  string
}

func (b Break) String() string {
	return fmt.Sprintf("court %s: audit event %d (position %d): %s", b.CourtID, b.ID, b.Seq, b.Reason)
}

// Verify recomputes every court's chain from its anchor and returns the first break
// of each broken chain, and how many sealed rows it checked. conn must read every
// row (the maintenance role).
func Verify(ctx context.Context, conn *pgx.Conn) ([]Break, int, error) {
	anchors := map[string]struct {
		seq  int64
		hash []byte
	}{}
	rows, err := conn.Query(ctx, `SELECT court_id::text, seq, hash FROM audit_anchors`)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: verify: %w", err)
	}
	for rows.Next() {
		var c string
		var a struct {
			seq  int64
			hash []byte
		}
		if err := rows.Scan(&c, &a.seq, &a.hash); err != nil {
			return nil, 0, err
		}
		anchors[c] = a
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows, err = conn.Query(ctx, `SELECT `+rowColumns+` FROM audit_events WHERE sealed_at IS NOT NULL ORDER BY court_id, seq`)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	var breaks []Break
	broken := map[string]bool{}
	var court string
	var seq int64
	var prev []byte
	checked := 0
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, 0, err
		}
		checked++
		if r.CourtID != court {
			court, seq, prev = r.CourtID, anchors[r.CourtID].seq, anchors[r.CourtID].hash
		}
		if broken[court] {
			continue
		}
		reason := ""
		switch {
		case r.Seq != seq+1:
			reason = fmt.Sprintf("expected position %d: rows before it are missing", seq+1)
		case !bytes.Equal(r.PrevHash, prev):
			reason = "its link to the previous row does not match"
		case !bytes.Equal(r.Hash, digest(prev, r)):
			reason = "its content does not match its hash (changed after sealing)"
		}
		if reason != "" {
			breaks = append(breaks, Break{CourtID: court, ID: r.ID, Seq: r.Seq, Reason: reason})
			broken[court] = true
			continue
		}
		seq, prev = r.Seq, r.Hash
	}
	return breaks, checked, rows.Err()
}
