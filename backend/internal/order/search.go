package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Audited acts of search.
const (
	ActionSearch      audit.Action = "order.search"
	ActionSearchBurst audit.Action = "order.search_burst"
	ActionConflicts   audit.Action = "order.conflicts"
)

// MatchFloor is the score from which a candidate counts as the same person.
const MatchFloor = 0.80

// maxCandidates bounds the candidates one search ranks.
const maxCandidates = 5000

// maxDOBCandidates bounds them when a date of birth is given: the persons found
// by a date key (every person whose date is the one given or a variant of it
// and who shares a name sound) come first, then those found by name keys
// alone, who score at most at the match floor (no date on file) and mostly
// below it (another date). A common name has thousands of the latter
// statewide; ranking them all would cost a name search's time.
const maxDOBCandidates = 100

// person is one person of an order version, as indexed.
type person struct {
	index   int
	role    string
	name    string
	aliases []string
	dob     string
}

// persons are the persons of an order's content: the restrained person first
// (with aliases), then the protected persons. Every order type keeps them in
// the same shape, so every type is indexed by this one function.
func persons(c *Content) []person {
	out := []person{{index: 0, role: "restrained", name: c.RestrainedPerson.Name, aliases: c.RestrainedPerson.Aliases, dob: c.RestrainedPerson.DOB}}
	for i, p := range c.ProtectedPersons {
		out = append(out, person{index: i + 1, role: "protected", name: p.Name, dob: p.DOB})
	}
	return out
}

// keysOf are a stored person's keys: the name's and the aliases', with the date.
func keysOf(p person) []string {
	var dobs []string
	if p.dob != "" {
		dobs = []string{p.dob}
	}
	keys := PersonKeys(p.name, dobs)
	for _, a := range p.aliases {
		for _, k := range PersonKeys(a, dobs) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// The two statements that index the persons of a version, whatever their
// number: the persons from a JSON array, their keys from parallel arrays. Create
// and Modify run them through gorm, Load through pgx (hence $n placeholders,
// which both accept).
const (
	insertPersonsSQL = `INSERT INTO order_persons (court_id, order_id, version, person, role, name, aliases, dob)
		SELECT $1, $2, $3, x.person, x.role, x.name,
			ARRAY(SELECT a FROM jsonb_array_elements_text(x.aliases) WITH ORDINALITY AS t(a, i) ORDER BY i), x.dob
		FROM jsonb_to_recordset($4::jsonb) AS x(person int, role text, name text, aliases jsonb, dob date)`
	insertPersonKeysSQL = `INSERT INTO order_person_keys (court_id, order_id, version, person, role, key)
		SELECT $1, $2, $3, k.person, k.role, k.key
		FROM unnest($4::int[], $5::text[], $6::text[]) AS k(person, role, key)`
)

// indexedPerson is a person as insertPersonsSQL reads it.
type indexedPerson struct {
	Person  int      `json:"person"`
	Role    string   `json:"role"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	DOB     *string  `json:"dob"`
}

// personArgs are the arguments of the two statements for the persons of c; keys
// is nil when no person has a key.
func personArgs(court, id string, version int, c Content) (people, keys []any, err error) {
	var rows []indexedPerson
	var places, roles, ks []string
	for _, p := range persons(&c) {
		r := indexedPerson{Person: p.index, Role: p.role, Name: p.name, Aliases: p.aliases}
		if r.Aliases == nil {
			r.Aliases = []string{}
		}
		if p.dob != "" {
			r.DOB = &p.dob
		}
		rows = append(rows, r)
		for _, k := range keysOf(p) {
			places, roles, ks = append(places, strconv.Itoa(p.index)), append(roles, p.role), append(ks, k)
		}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return nil, nil, fmt.Errorf("store: persons: %w", err)
	}
	people = []any{court, id, version, string(b)}
	if len(ks) > 0 {
		keys = []any{court, id, version, db.TextArray(places), db.TextArray(roles), db.TextArray(ks)}
	}
	return people, keys, nil
}

// indexPersons writes the persons of a stored version and their search keys, in
// two statements.
func indexPersons(tx *gorm.DB, court, id string, version int, c Content) error {
	ps, ks, err := personArgs(court, id, version, c)
	if err != nil {
		return err
	}
	if err := tx.Exec(insertPersonsSQL, ps...).Error; err != nil {
		return fmt.Errorf("store: insert persons: %w", err)
	}
	if ks != nil {
		if err := tx.Exec(insertPersonKeysSQL, ks...).Error; err != nil {
			return fmt.Errorf("store: insert person keys: %w", err)
		}
	}
	return nil
}

// SearchRequest is a statewide search.
type SearchRequest struct {
	Name       string
	DOB        string // as typed: a swapped day and month is searched, not refused
	Role       string // restrained, protected, or "" for both
	Reason     string // the case number or purpose; required
	CaseNumber string
	Court      string
	Type       string
	Status     string
	IssuedFrom string
	IssuedTo   string
	Limit      int
}

// Hit is one person found, with the order, the score and why.
type Hit struct {
	OrderID    string   `json:"orderId" format:"uuid"`
	CourtID    string   `json:"courtId" format:"uuid"`
	CourtName  string   `json:"courtName"`
	CaseNumber string   `json:"caseNumber"`
	Type       string   `json:"type"`
	Status     string   `json:"status"`
	IssuedOn   string   `json:"issuedOn" format:"date"`
	ExpiresOn  string   `json:"expiresOn,omitempty" format:"date"`
	Role       string   `json:"role" enum:"restrained,protected"`
	Person     int      `json:"person" doc:"0: the restrained person; 1 and up: the protected persons in order"`
	Name       string   `json:"name"`
	DOB        string   `json:"dob,omitempty" format:"date"`
	Score      float64  `json:"score" doc:"0 to 1; from the match floor up, the same person is likely"`
	Why        []string `json:"why" doc:"the keys that found the person and how the name and date compare"`
}

// SearchLimits throttles statewide person searches per user.
type SearchLimits struct {
	Rate  float64 // searches a second on average
	Burst int     // searches at once
}

// searchGuard is the rate limiter and the burst counter.
type searchGuard struct {
	allow  func(user string) bool
	bursts prometheus.Counter
}

// SetSearchLimits installs the per-user limit of person searches and registers
// the burst counter on reg. Without it searches are not limited.
func (s *Service) SetSearchLimits(allow func(user string) bool, reg prometheus.Registerer) {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "ccpor_search_bursts_total",
		Help: "Statewide person searches refused because a user searched faster than allowed (alert on any)."})
	if reg != nil {
		reg.MustRegister(c)
	}
	s.search = &searchGuard{allow: allow, bursts: c}
}

// lookupAllowed takes one statewide person lookup from user's limit, which every
// route that looks persons up statewide shares (search, the conflicts of an entry
// or of an order); beyond it the lookup is refused, counted and audited.
func (s *Service) lookupAllowed(ctx context.Context, p db.Principal, user, route, detail string) error {
	if s.search == nil || s.search.allow(user) {
		return nil
	}
	s.search.bursts.Inc()
	_ = s.log.RecordFailure(ctx, s.db, p, audit.Event{Action: ActionSearchBurst, Outcome: audit.Denied,
		ObjectType: route, Reason: "statewide lookups faster than allowed; " + detail})
	return apperr.ErrTooManyRequests
}

// lookupUser is whose limit a lookup draws on: the signed-in user, else the session.
func lookupUser(ctx context.Context, p db.Principal) string {
	if c, err := auth.CallerFrom(ctx); err == nil && c.UserID != "" {
		return c.UserID
	}
	return p.SessionHash
}

func validateSearch(r *SearchRequest) ([]string, error) {
	v := &apperr.ValidationError{}
	r.Reason = strings.TrimSpace(r.Reason)
	if len(r.Reason) < 3 {
		v.Add("body.reason", "is required: the case number or the purpose of the search")
	}
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" && r.CaseNumber == "" {
		v.Add("body.name", "is required unless a case number is given")
	}
	if r.Name != "" && len(NameTokens(r.Name)) == 0 {
		v.Add("body.name", "has no letters")
	}
	dobs, err := DOBVariants(r.DOB)
	if err != nil {
		v.Add("body.dob", "%s", err.Error())
	}
	if r.Court != "" && !uuidPattern.MatchString(r.Court) {
		v.Add("body.court", "is not a court id")
	}
	for _, d := range []struct{ f, s string }{{"body.issuedFrom", r.IssuedFrom}, {"body.issuedTo", r.IssuedTo}} {
		if d.s != "" {
			if _, err := time.Parse(time.DateOnly, d.s); err != nil {
				v.Add(d.f, "is not a date (YYYY-MM-DD)")
			}
		}
	}
	if r.Limit == 0 {
		r.Limit = 10
	}
	return dobs, v.Err()
}

// Search finds persons statewide in the orders the caller may read. The reason
// is recorded; searches beyond the caller's limit are refused (and counted, and
// audited as a burst).
func (s *Service) Search(ctx context.Context, p db.Principal, user string, r SearchRequest) ([]Hit, error) {
	dobs, err := validateSearch(&r)
	if err != nil {
		return nil, s.failed(ctx, p, ActionSearch, "", err)
	}
	if err := s.lookupAllowed(ctx, p, user, "search", "reason given: "+trimTo(r.Reason, 200)); err != nil {
		return nil, err
	}
	var hits []Hit
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		if hits, err = searchTx(tx, r, dobs, nil); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionSearch, ObjectType: "search",
			ObjectID: trimTo(r.Name+" "+r.DOB+" "+r.CaseNumber, 200), Reason: trimTo(r.Reason, 500)})
	})
	if err != nil {
		return nil, fmt.Errorf("order: search: %w", err)
	}
	return hits, nil
}

func trimTo(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n]
	}
	return s
}

// searchTx runs a validated search in tx; exclude leaves orders out.
func searchTx(tx *gorm.DB, r SearchRequest, dobs []string, exclude []string) ([]Hit, error) {
	q, qargs := searchSQL(r, dobs, exclude)
	rows, err := tx.Raw(q, qargs...).Rows()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var found []foundPerson
	for rows.Next() {
		f, err := scanFound(rows)
		if err != nil {
			return nil, err
		}
		found = append(found, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return ranked(r, dobs, found), nil
}

// foundPerson is a row of a search: the hit, and what ranks it.
type foundPerson struct {
	hit           Hit
	aliases, keys []string
}

// scanFound reads a row of searchSQL's columns, after any given first (dst).
func scanFound(rows *sql.Rows, dst ...any) (foundPerson, error) {
	var f foundPerson
	h := &f.hit
	var issued time.Time
	var expires, dob sql.NullTime
	if err := rows.Scan(append(dst, &h.OrderID, &h.CourtID, &h.CourtName, &h.CaseNumber, &h.Type, &h.Status, &issued, &expires,
		&h.Role, &h.Person, &h.Name, db.ScanTextArray(&f.aliases), &dob, db.ScanTextArray(&f.keys))...); err != nil {
		return f, fmt.Errorf("search: scan: %w", err)
	}
	h.IssuedOn = issued.Format(time.DateOnly)
	if expires.Valid {
		h.ExpiresOn = expires.Time.Format(time.DateOnly)
	}
	if dob.Valid {
		h.DOB = dob.Time.Format(time.DateOnly)
	}
	return f, nil
}

// ranked scores the persons found by r, best first (then the latest issued),
// at most r.Limit.
func ranked(r SearchRequest, dobs []string, found []foundPerson) []Hit {
	qt := NameTokens(r.Name)
	var hits []Hit
	for _, f := range found {
		h := f.hit
		if r.Name == "" {
			h.Score, h.Why = 1, []string{"case or order filters"}
		} else {
			h.Score, h.Why = rankPerson(qt, r.DOB != "", dobs, h.Name, f.aliases, h.DOB, f.keys)
		}
		hits = append(hits, h)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].IssuedOn > hits[j].IssuedOn
	})
	if len(hits) > r.Limit {
		hits = hits[:r.Limit]
	}
	return hits
}

// searchSQL is a search's statement and arguments: candidates by equality on
// keys (the key table's index), those found by a date key first, then by a name
// key, or by the order's columns without a name. The candidates' persons are
// then read by primary key with the candidates' ids as one array (= ANY), which
// the planner serves from the index whatever it guesses of their number, and
// their orders joined by primary key: plain joins, so that the row-level
// security's sub-plans run once per statement, not once per candidate as they
// did inside LATERAL subqueries.
func searchSQL(r SearchRequest, dobs []string, exclude []string) (string, []any) {
	cond, args := searchFilters(r, exclude)
	const cols = searchCols
	var q string
	var qargs []any
	if r.Name != "" {
		cands, cargs := candidatesSQL(PersonKeys(r.Name, dobs), len(dobs) > 0, r.Role, "")
		q = `WITH ` + cands + `
			SELECT ` + cols + `, m.keys
			FROM order_persons p
			JOIN m ON m.order_id = p.order_id AND m.version = p.version AND m.person = p.person
			JOIN orders o ON o.id = p.order_id AND o.current_version = p.version
			JOIN courts c ON c.id = o.court_id
			WHERE p.order_id = ANY ((SELECT array_agg(order_id) FROM m)::uuid[])` + cond
		qargs = append(cargs, args...)
	} else {
		q = `SELECT ` + cols + `, '{}'::text[]
			FROM orders o JOIN order_persons p ON p.order_id = o.id AND p.version = o.current_version
			JOIN courts c ON c.id = o.court_id
			WHERE true` + cond + ` LIMIT ` + fmt.Sprint(maxCandidates)
		qargs = args
	}
	return q, qargs
}

// searchCols are the columns of a person found (then the keys that found them).
const searchCols = `o.id, o.court_id, c.name, o.case_number, o.order_type, o.status, o.issued_on, o.expires_on,
		p.role, p.person, p.name, p.aliases, p.dob`

// searchFilters are the conditions of a search on the order (and on the role
// when no name is given), each as " AND ...", and their arguments.
func searchFilters(r SearchRequest, exclude []string) (string, []any) {
	var where []string
	var args []any
	if r.Role != "" && r.Name == "" {
		where = append(where, "p.role = ?")
		args = append(args, r.Role)
	}
	for _, f := range []struct{ col, v string }{{"o.court_id = ?", r.Court}, {"o.case_number = ?", r.CaseNumber},
		{"o.order_type = ?", r.Type}, {"o.status = ?", r.Status}, {"o.issued_on >= ?", r.IssuedFrom}, {"o.issued_on <= ?", r.IssuedTo}} {
		if f.v != "" {
			where = append(where, f.col)
			args = append(args, f.v)
		}
	}
	if len(exclude) > 0 {
		where = append(where, "NOT (o.id = ANY (?::uuid[]))")
		args = append(args, db.TextArray(exclude))
	}
	cond := ""
	if len(where) > 0 {
		cond = " AND " + strings.Join(where, " AND ")
	}
	return cond, args
}

// candidatesSQL is the candidates' common table m (order, version, person and
// the keys that found them) and its arguments. Without a date of birth: every
// person a key finds, those found by a name key first, at most maxCandidates.
// With one: every person found by a date key (with all the keys that found
// them), then persons found by name keys alone, of whom only the first
// maxDOBCandidates key rows are read: a common name has thousands statewide,
// and without the date they score at most at the match floor. The tables' names
// end with suffix, so that one statement may hold several persons' candidates.
func candidatesSQL(keys []string, withDOB bool, role, suffix string) (string, []any) {
	// The role as the person's place: the restrained person is person 0 and
	// the protected persons 1 and up (persons), and person, unlike role, is a
	// column of the key index, so the key rows need not be read from the table.
	roleCond := ""
	withRole := func(args ...any) []any {
		if roleCond == " AND k.role = ?" {
			args = append(args, role)
		}
		return args
	}
	switch role {
	case "":
	case "restrained":
		roleCond = " AND k.person = 0"
	case "protected":
		roleCond = " AND k.person > 0"
	default:
		roleCond = " AND k.role = ?"
	}
	// the likeliest first: found by the date, then by the name as written (or a
	// nickname), by its sound, by more keys
	order := `ORDER BY bool_or(left(key, 1) = '` + KeyDOB + `') DESC, bool_or(left(key, 1) = '` + KeyName + `') DESC,
		bool_or(left(key, 1) = '` + KeySound + `') DESC, count(*) DESC, order_id`
	if !withDOB {
		return `m` + suffix + ` AS MATERIALIZED (SELECT order_id, version, person, array_agg(key) AS keys
			FROM order_person_keys k WHERE k.key = ANY (?::text[])` + roleCond + ` GROUP BY 1, 2, 3
			` + order + ` LIMIT ` + fmt.Sprint(maxCandidates) + `)`, withRole(db.TextArray(keys))
	}
	var byDate, byName []string
	for _, k := range keys {
		if strings.HasPrefix(k, KeyDOB+":") {
			byDate = append(byDate, k)
		} else {
			byName = append(byName, k)
		}
	}
	args := withRole(db.TextArray(byDate))
	args = append(args, withRole(db.TextArray(keys))...)
	args = append(args, withRole(db.TextArray(byName))...)
	return `dated` + suffix + ` AS MATERIALIZED (SELECT array_agg(DISTINCT k.order_id) AS ids
			FROM order_person_keys k WHERE k.key = ANY (?::text[])` + roleCond + `),
		found` + suffix + ` AS (SELECT k.order_id, k.version, k.person, k.key FROM order_person_keys k
			WHERE k.order_id = ANY ((SELECT ids FROM dated` + suffix + `)::uuid[]) AND k.key = ANY (?::text[])` + roleCond + `
			UNION (SELECT k.order_id, k.version, k.person, k.key FROM order_person_keys k
				WHERE k.key = ANY (?::text[])` + roleCond + ` LIMIT ` + fmt.Sprint(maxDOBCandidates) + `)),
		m` + suffix + ` AS MATERIALIZED (SELECT order_id, version, person, array_agg(key) AS keys FROM found` + suffix + ` GROUP BY 1, 2, 3
			` + order + ` LIMIT ` + fmt.Sprint(maxDOBCandidates) + `)`, args
}

// rankPerson scores a candidate against the query's tokens and dates and says why.
func rankPerson(qt []string, withDOB bool, dobs []string, name string, aliases []string, dob string, keys []string) (float64, []string) {
	var why []string
	kinds := map[string]bool{}
	for _, k := range keys {
		kinds[k[:1]] = true
	}
	for _, k := range []struct{ kind, text string }{{KeyName, "name key"}, {KeySound, "sound key"}, {KeyDOB, "name sound with date of birth key"}} {
		if kinds[k.kind] {
			why = append(why, "found by "+k.text)
		}
	}
	best, bestWhy := 0.0, []string(nil)
	for i, n := range append([]string{name}, aliases...) {
		s, w := nameScore(qt, NameTokens(n))
		if i > 0 {
			w = append(w, "alias "+n)
		}
		if s > best {
			best, bestWhy = s, w
		}
	}
	why = append(why, bestWhy...)
	score := best
	if withDOB {
		ds, dw := dobScore(dobs, dob)
		why = append(why, dw)
		score = 0.6*best + 0.4*ds
	}
	return float64(int(score*1000+0.5)) / 1000, why
}

// tokSim compares two name tokens: 1 when equal, 0.95 for nickname variants, at
// least 0.9 for the same sound, otherwise Jaro-Winkler.
func tokSim(a, b string) (float64, string) {
	if a == b {
		return 1, ""
	}
	va, vb := nameVariants(a), nameVariants(b)
	for _, x := range va {
		if slices.Contains(vb, x) {
			return 0.95, fmt.Sprintf("nickname %s = %s", a, b)
		}
	}
	j := jaroWinkler(a, b)
	if SoundCode(a) == SoundCode(b) && j < 0.9 {
		return 0.9, fmt.Sprintf("sounds alike %s ~ %s", a, b)
	}
	if j >= 0.8 {
		return j, fmt.Sprintf("spelling %s ~ %s", a, b)
	}
	return j, ""
}

// nameScore aligns the query's given name (first token) and family name (last)
// with two different tokens of the candidate, in either order.
func nameScore(q, c []string) (float64, []string) {
	if len(q) == 0 || len(c) == 0 {
		return 0, nil
	}
	if len(q) == 1 {
		best, bw := 0.0, ""
		for _, t := range c {
			if s, w := tokSim(q[0], t); s > best {
				best, bw = s, w
			}
		}
		return best * 0.9, nonEmpty(bw, "one name only")
	}
	// the query's family name: its last token that is not the joined form of others
	qf, ql := q[0], q[len(q)-1]
	best, bestWhy := 0.0, []string(nil)
	for i, a := range c {
		for j, b := range c {
			if i == j && len(c) > 1 {
				continue
			}
			s1, w1 := tokSim(qf, a)
			s2, w2 := tokSim(ql, b)
			s := (s1 + s2) / 2
			var w []string
			if i > j {
				s -= 0.02
				w = append(w, "given and family names swapped")
			}
			w = append(w, nonEmpty(w1, w2)...)
			if s > best {
				best, bestWhy = s, w
			}
		}
	}
	if best == 1 || len(bestWhy) == 0 {
		bestWhy = append(bestWhy, "name as written")
	}
	return best, bestWhy
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// dobScore compares the candidate's date of birth with the query's variants
// (the first is the date as written).
func dobScore(dobs []string, dob string) (float64, string) {
	if dob == "" {
		return 0.5, "no date of birth on file"
	}
	if len(dobs) > 0 && dobs[0] == dob {
		return 1, "date of birth exact"
	}
	q, err := time.Parse(time.DateOnly, dobs[0])
	c, err2 := time.Parse(time.DateOnly, dob)
	if err != nil || err2 != nil {
		return 0, "date of birth differs"
	}
	swapped := q.Month() == time.Month(c.Day()) && q.Day() == int(c.Month())
	sameMD := q.Month() == c.Month() && q.Day() == c.Day()
	dy := q.Year() - c.Year()
	switch {
	case swapped && dy == 0:
		return 0.9, "date of birth with day and month swapped"
	case sameMD && (dy == 1 || dy == -1):
		return 0.85, "date of birth with the year one off"
	case swapped && (dy == 1 || dy == -1):
		return 0.75, "date of birth with day and month swapped and the year one off"
	}
	return 0, "date of birth differs"
}

// jaroWinkler is the Jaro-Winkler similarity of two strings.
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	w := max(la, lb)/2 - 1
	w = max(w, 0)
	ma, mb := make([]bool, la), make([]bool, lb)
	m := 0
	for i := 0; i < la; i++ {
		for j := max(0, i-w); j < min(lb, i+w+1); j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if ma[i] {
			for !mb[k] {
				k++
			}
			if a[i] != b[k] {
				t++
			}
			k++
		}
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < min(4, la, lb) && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}
