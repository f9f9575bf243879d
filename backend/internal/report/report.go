package report

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Dimension is what a statistical report groups by.
type Dimension string

// Dimensions.
const (
	ByCourt  Dimension = "court"
	ByCounty Dimension = "county"
	ByType   Dimension = "type"
	ByMonth  Dimension = "month"
)

// Filter narrows a statistical report: months from and to (inclusive,
// YYYY-MM; empty: from the first, to the last) and one court (empty: every court
// the caller may see).
type Filter struct {
	From, To string
	CourtID  string
	By       Dimension
}

var (
	monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
	uuidPattern  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

func (f *Filter) validate() error {
	v := &apperr.ValidationError{}
	if f.From != "" && !monthPattern.MatchString(f.From) {
		v.Add("query.from", "Enter a month as year-month, for example 2026-01")
	}
	if f.To != "" && !monthPattern.MatchString(f.To) {
		v.Add("query.to", "Enter a month as year-month, for example 2026-12")
	}
	if f.From != "" && f.To != "" && monthPattern.MatchString(f.From) && monthPattern.MatchString(f.To) && f.To < f.From {
		v.Add("query.to", "The last month must not be before the first")
	}
	if f.CourtID != "" && !uuidPattern.MatchString(f.CourtID) {
		v.Add("query.court", "Choose a court from the list")
	}
	switch f.By {
	case "":
		f.By = ByCourt
	case ByCourt, ByCounty, ByType, ByMonth:
	default:
		v.Add("query.by", "Group by court, county, type or month")
	}
	return v.Err()
}

// Row is one line of a statistical report. Active is the count of orders active
// when the figures were made (not per month: absent when grouped by month).
type Row struct {
	Key       string `json:"key" doc:"the group: a court's id, a county, an order type, or a month (YYYY-MM)"`
	Label     string `json:"label" doc:"the group as people read it"`
	Issued    int    `json:"issued"`
	Modified  int    `json:"modified" doc:"new versions (the second and later) written"`
	Cancelled int    `json:"cancelled"`
	Served    int    `json:"served"`
	Active    *int   `json:"active" doc:"active when the figures were made; null when grouped by month"`
}

// Statistics is a statistical report.
type Statistics struct {
	By          Dimension  `json:"by" enum:"court,county,type,month"`
	Rows        []Row      `json:"rows" nullable:"false"`
	Total       Row        `json:"total"`
	RefreshedAt *time.Time `json:"refreshedAt" doc:"when the figures were made; null before the first time"`
}

// groupings are each dimension's key and label, in SQL over order_stats_* s and courts c.
var groupings = map[Dimension][2]string{
	ByCourt:  {"c.id::text", "c.name"},
	ByCounty: {"coalesce(c.county, '')", "coalesce(c.county, '')"},
	ByType:   {"s.order_type", "s.order_type"},
	ByMonth:  {"to_char(s.month, 'YYYY-MM')", "to_char(s.month, 'YYYY-MM')"},
}

// TypeLabels name the order types.
var TypeLabels = map[string]string{"criminal_protective_order": "Criminal protective order (CR-160)"}

// Service reads the reports as the caller.
type Service struct {
	db *db.DB
}

// NewService returns the service over d.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Statistics reads the counts the caller may see (its court's; every court's for
// a platform administrator), grouped as f says.
func (s *Service) Statistics(ctx context.Context, p db.Principal, f Filter) (Statistics, error) {
	if err := f.validate(); err != nil {
		return Statistics{}, err
	}
	out := Statistics{By: f.By, Rows: []Row{}, Total: Row{Key: "total", Label: "Total"}}
	key, label := groupings[f.By][0], groupings[f.By][1]
	where, args := []string{"true"}, []any{}
	if f.CourtID != "" {
		where, args = append(where, "s.court_id = ?"), append(args, f.CourtID)
	}
	monthly := append([]string(nil), where...)
	monthArgs := append([]any(nil), args...)
	if f.From != "" {
		monthly, monthArgs = append(monthly, "s.month >= ?::date"), append(monthArgs, f.From+"-01")
	}
	if f.To != "" {
		monthly, monthArgs = append(monthly, "s.month <= ?::date"), append(monthArgs, f.To+"-01")
	}
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT `+key+`, min(`+label+`), sum(s.issued), sum(s.modified), sum(s.cancelled), sum(s.served)
			FROM order_stats_monthly s JOIN courts c ON c.id = s.court_id WHERE `+strings.Join(monthly, " AND ")+`
			GROUP BY 1 HAVING sum(s.issued) + sum(s.modified) + sum(s.cancelled) + sum(s.served) > 0 ORDER BY 2, 1`, monthArgs...).Rows()
		if err != nil {
			return fmt.Errorf("report: statistics: %w", err)
		}
		defer rows.Close()
		index := map[string]int{}
		for rows.Next() {
			var r Row
			if err := rows.Scan(&r.Key, &r.Label, &r.Issued, &r.Modified, &r.Cancelled, &r.Served); err != nil {
				return fmt.Errorf("report: statistics: %w", err)
			}
			index[r.Key] = len(out.Rows)
			out.Rows = append(out.Rows, r)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("report: statistics: %w", err)
		}
		if f.By != ByMonth {
			zero := 0
			out.Total.Active = &zero
			for i := range out.Rows {
				out.Rows[i].Active = new(int)
			}
			active, err := tx.Raw(`SELECT `+key+`, min(`+label+`), sum(s.active) FROM order_stats_active s JOIN courts c ON c.id = s.court_id
				WHERE `+strings.Join(where, " AND ")+` GROUP BY 1 HAVING sum(s.active) > 0 ORDER BY 2, 1`, args...).Rows()
			if err != nil {
				return fmt.Errorf("report: active: %w", err)
			}
			defer active.Close()
			for active.Next() {
				var k, l string
				var n int
				if err := active.Scan(&k, &l, &n); err != nil {
					return fmt.Errorf("report: active: %w", err)
				}
				i, ok := index[k]
				if !ok {
					i = len(out.Rows)
					index[k] = i
					out.Rows = append(out.Rows, Row{Key: k, Label: l, Active: new(int)})
				}
				*out.Rows[i].Active = n
			}
			if err := active.Err(); err != nil {
				return fmt.Errorf("report: active: %w", err)
			}
		}
		var at sql.NullTime
		if err := tx.Raw("SELECT max(refreshed_at) FROM order_stats_refresh").Row().Scan(&at); err != nil {
			return fmt.Errorf("report: refreshed: %w", err)
		}
		if at.Valid {
			t := at.Time.UTC()
			out.RefreshedAt = &t
		}
		return nil
	})
	if err != nil {
		return Statistics{}, err
	}
	for i := range out.Rows {
		r := &out.Rows[i]
		switch f.By {
		case ByType:
			if l, ok := TypeLabels[r.Key]; ok {
				r.Label = l
			}
		case ByCounty:
			if r.Key == "" {
				r.Label = "No county (tribal courts)"
			}
		}
		out.Total.Issued += r.Issued
		out.Total.Modified += r.Modified
		out.Total.Cancelled += r.Cancelled
		out.Total.Served += r.Served
		if r.Active != nil && out.Total.Active != nil {
			*out.Total.Active += *r.Active
		}
	}
	return out, nil
}

// CSV writes a statistical report as the table shows it, total last. Cells a
// spreadsheet would evaluate are escaped as the audit export does.
func (st Statistics) CSV() ([]byte, error) {
	var b strings.Builder
	w := csv.NewWriter(&b)
	head := []string{string(st.By), "issued", "modified", "cancelled", "served"}
	if st.By != ByMonth {
		head = append(head, "active")
	}
	_ = w.Write(head)
	for _, r := range append(append([]Row(nil), st.Rows...), st.Total) {
		cells := []string{r.Label, strconv.Itoa(r.Issued), strconv.Itoa(r.Modified), strconv.Itoa(r.Cancelled), strconv.Itoa(r.Served)}
		if st.By != ByMonth {
			n := 0
			if r.Active != nil {
				n = *r.Active
			}
			cells = append(cells, strconv.Itoa(n))
		}
		_ = w.Write(audit.Escape(cells))
	}
	w.Flush()
	return []byte(b.String()), w.Error()
}

// Count is one bucket of an operational report.
type Count struct {
	Bucket string `json:"bucket" doc:"a day (YYYY-MM-DD) or an age range"`
	Count  int    `json:"count"`
}

// Operations are the acting court's operational figures.
type Operations struct {
	CourtID       string     `json:"courtId" format:"uuid"`
	EnteredPerDay []Count    `json:"enteredPerDay" nullable:"false" doc:"orders entered (drafts included) per day, from..to"`
	StaleDrafts   []Count    `json:"staleDrafts" nullable:"false" doc:"drafts entered more than a day ago, by age"`
	Unserved      []Count    `json:"unserved" nullable:"false" doc:"active orders not yet served, by days since issuance"`
	Expiring      []Count    `json:"expiring" nullable:"false" doc:"active orders ending on each of the next 30 days"`
	Carpos        Carpos     `json:"carpos" doc:"the court's messages to the DOJ's CARPOS"`
	AsOf          string     `json:"asOf" doc:"the day the ages and the next 30 days count from (YYYY-MM-DD); empty before the first refresh"`
	RefreshedAt   *time.Time `json:"refreshedAt"`
}

// Carpos are a court's CARPOS figures: counts of messages now, and over the 30
// days up to asOf the time from issuance to the DOJ's acknowledgement and the
// orders that missed the one-business-day deadline (Fam. Code 6380).
type Carpos struct {
	Pending          int      `json:"pending" doc:"messages not yet acknowledged by the DOJ (waiting, or sent without an answer yet)"`
	Rejected         int      `json:"rejected" doc:"messages in the court's work queue: refused by the DOJ, or no answer after the last try"`
	Acknowledged     int      `json:"acknowledged" doc:"orders issued in the 30 days whose entry the DOJ acknowledged"`
	AckMedianSeconds *float64 `json:"ackMedianSeconds" doc:"median seconds from issuance to acknowledgement over the 30 days; null when none"`
	AckP95Seconds    *float64 `json:"ackP95Seconds" doc:"95th percentile of the same; null when none"`
	MissedDeadline   int      `json:"missedDeadline" doc:"orders changed in the 30 days with a message the DOJ did not acknowledge by the end of the first court day after the change"`
}

// The fixed buckets of the age reports, in order.
var (
	staleBuckets    = []string{"1-7 days", "8-30 days", "over 30 days"}
	unservedBuckets = []string{"0-7 days", "8-30 days", "31-90 days", "over 90 days"}
)

// MaxDays is the longest range of the entered-per-day report.
const MaxDays = 366

// Operations reads the acting court's operational figures; entered per day for
// the days from..to (YYYY-MM-DD; default: the 30 days up to today).
func (s *Service) Operations(ctx context.Context, p db.Principal, from, to string, today time.Time) (Operations, error) {
	v := &apperr.ValidationError{}
	day := func(field, val string, def time.Time) time.Time {
		if val == "" {
			return def
		}
		t, err := time.Parse(time.DateOnly, val)
		if err != nil {
			v.Add(field, "Enter a date as year-month-day, for example 2026-01-31")
		}
		return t
	}
	end := day("query.to", to, today)
	start := day("query.from", from, end.AddDate(0, 0, -29))
	if err := v.Err(); err != nil {
		return Operations{}, err
	}
	if end.Before(start) {
		return Operations{}, apperr.Invalid("query.to", "The last day must not be before the first")
	}
	if end.Sub(start) > MaxDays*24*time.Hour {
		return Operations{}, apperr.Invalid("query.from", "Ask for at most %d days at a time", MaxDays)
	}
	if p.CourtID == "" {
		return Operations{}, apperr.Invalid("court", "Choose the court to act for first")
	}
	out := Operations{CourtID: p.CourtID}
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		entered := map[string]int{}
		rows, err := tx.Raw(`SELECT to_char(day, 'YYYY-MM-DD'), entered FROM order_ops_daily
			WHERE court_id = ? AND day BETWEEN ?::date AND ?::date`, p.CourtID, start.Format(time.DateOnly), end.Format(time.DateOnly)).Rows()
		if err != nil {
			return fmt.Errorf("report: entered: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var d string
			var n int
			if err := rows.Scan(&d, &n); err != nil {
				return fmt.Errorf("report: entered: %w", err)
			}
			entered[d] = n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
			k := d.Format(time.DateOnly)
			out.EnteredPerDay = append(out.EnteredPerDay, Count{Bucket: k, Count: entered[k]})
		}
		buckets := map[string]map[string]int{}
		brows, err := tx.Raw(`SELECT report, bucket, n FROM order_ops_buckets WHERE court_id = ?`, p.CourtID).Rows()
		if err != nil {
			return fmt.Errorf("report: buckets: %w", err)
		}
		defer brows.Close()
		for brows.Next() {
			var r, b string
			var n int
			if err := brows.Scan(&r, &b, &n); err != nil {
				return fmt.Errorf("report: buckets: %w", err)
			}
			if buckets[r] == nil {
				buckets[r] = map[string]int{}
			}
			buckets[r][b] = n
		}
		if err := brows.Err(); err != nil {
			return err
		}
		for _, b := range staleBuckets {
			out.StaleDrafts = append(out.StaleDrafts, Count{Bucket: b, Count: buckets["stale_drafts"][b]})
		}
		for _, b := range unservedBuckets {
			out.Unserved = append(out.Unserved, Count{Bucket: b, Count: buckets["unserved"][b]})
		}
		var med, p95 sql.NullFloat64
		err = tx.Raw(`SELECT pending, rejected, acknowledged, ack_median_seconds, ack_p95_seconds, missed_deadline
			FROM carpos_ops WHERE court_id = ?`, p.CourtID).Row().
			Scan(&out.Carpos.Pending, &out.Carpos.Rejected, &out.Carpos.Acknowledged, &med, &p95, &out.Carpos.MissedDeadline)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("report: carpos: %w", err)
		}
		if med.Valid {
			out.Carpos.AckMedianSeconds = &med.Float64
		}
		if p95.Valid {
			out.Carpos.AckP95Seconds = &p95.Float64
		}
		var at sql.NullTime
		var asOf sql.NullString
		if err := tx.Raw("SELECT max(refreshed_at), max(as_of)::text FROM order_stats_refresh").Row().Scan(&at, &asOf); err != nil {
			return fmt.Errorf("report: refreshed: %w", err)
		}
		out.Expiring = []Count{}
		if at.Valid {
			t := at.Time.UTC()
			out.RefreshedAt, out.AsOf = &t, asOf.String
			base, _ := time.Parse(time.DateOnly, asOf.String)
			for i := range 30 {
				out.Expiring = append(out.Expiring, Count{Bucket: base.AddDate(0, 0, i).Format(time.DateOnly), Count: buckets["expiring"][strconv.Itoa(i)]})
			}
		}
		return nil
	})
	if err != nil {
		return Operations{}, err
	}
	return out, nil
}
