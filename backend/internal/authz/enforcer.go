package authz

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/jackc/pgx/v5"
)

// StatewideDomain is the casbin domain of the statewide court's memberships: a role
// held there counts in every court (model.conf's matcher says so).
const StatewideDomain = "statewide"

// Channel is where the database announces a change of assignments (the
// authz_notify trigger on memberships and on users.disabled_at).
const Channel = "ccpor_authz"

// DefaultReload is how often the rules are read again when no notification came.
const DefaultReload = 30 * time.Second

//go:embed model.conf
var modelText string

// assignmentsQuery reads every current assignment, marking the statewide court's.
const assignmentsQuery = `SELECT a.user_id::text, a.court_id::text, a.role, c.kind = 'statewide'
	FROM authz_assignments() a JOIN courts c ON c.id = a.court_id`

// Options configure an Enforcer.
type Options struct {
	// URL connects as ccpor_app; the enforcer holds one connection of its own.
	URL string
	// Reload is the period of the full reload that catches lost notifications
	// (default DefaultReload).
	Reload time.Duration
	// Logger receives reload failures and reconnections.
	Logger *slog.Logger
}

// Enforcer answers whether a user may do something in a court. It loads the
// assignments when started, again on every notification of a change, and
// periodically; it never writes rules anywhere.
type Enforcer struct {
	opts   Options
	casbin *casbin.SyncedEnforcer
	source *snapshot
	// decided holds the decisions made on the rules loaded last, emptied by each
	// load after the new rules are in (a decision is a function of the rules and
	// the question alone): casbin's matcher costs tens of microseconds a question.
	decided atomic.Pointer[decisions]
	loadMu  sync.Mutex
	loads   atomic.Int64

	stopOnce sync.Once
	cancel   context.CancelFunc
	done     chan struct{}
}

// New returns an enforcer that allows nothing until Start has loaded the assignments.
func New(opts Options) (*Enforcer, error) {
	if opts.Reload <= 0 {
		opts.Reload = DefaultReload
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("authz: model: %w", err)
	}
	// Auto-save stays on, so an edit of the rules in memory (AddPolicy and the
	// like) reaches the snapshot, which refuses it: the rules change only by a load.
	src := &snapshot{}
	se, err := casbin.NewSyncedEnforcer(m, src)
	if err != nil {
		return nil, fmt.Errorf("authz: enforcer: %w", err)
	}
	e := &Enforcer{opts: opts, casbin: se, source: src}
	e.decided.Store(newDecisions())
	return e, nil
}

// maxDecisions bounds the decisions kept between loads; past it they are dropped.
const maxDecisions = 100_000

type decisions struct {
	mu sync.RWMutex
	m  map[string]bool
}

func newDecisions() *decisions { return &decisions{m: map[string]bool{}} }

// Allowed tells whether user may do p in court (a court id). Unknown users,
// courts and permissions are denied.
func (e *Enforcer) Allowed(user, court string, p Permission) bool {
	if user == "" || court == "" || p.Resource == "" || p.Action == "" || p == Public {
		return false
	}
	// The decisions of the rules in force now: taken before asking, so that a
	// decision made on rules a load is replacing lands in the set that load drops.
	d := e.decided.Load()
	key := user + "\x00" + court + "\x00" + string(p.Resource) + "\x00" + string(p.Action)
	d.mu.RLock()
	ok, known := d.m[key]
	d.mu.RUnlock()
	if known {
		return ok
	}
	ok, err := e.casbin.Enforce(user, court, string(p.Resource), string(p.Action))
	if err != nil {
		return false
	}
	d.mu.Lock()
	if len(d.m) >= maxDecisions {
		clear(d.m)
	}
	d.m[key] = ok
	d.mu.Unlock()
	return ok
}

// Loads counts the loads done so far (for tests and metrics).
func (e *Enforcer) Loads() int64 { return e.loads.Load() }

// load reads the assignments over conn and swaps them in.
func (e *Enforcer) load(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, assignmentsQuery)
	if err != nil {
		return fmt.Errorf("authz: read assignments: %w", err)
	}
	var groupings [][]string
	var user, court, role string
	var statewide bool
	_, err = pgx.ForEachRow(rows, []any{&user, &court, &role, &statewide}, func() error {
		if g, ok := grouping(user, court, role, statewide); ok {
			groupings = append(groupings, g)
		} else {
			e.opts.Logger.WarnContext(ctx, "authz: membership outside its role's scope ignored",
				"user_id", user, "court_id", court, "role", role, "statewide", statewide)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("authz: read assignments: %w", err)
	}
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	e.source.set(groupings)
	// Builds a new model from the snapshot while Enforce goes on, then swaps it in.
	if err := e.casbin.LoadPolicy(); err != nil {
		return fmt.Errorf("authz: load rules: %w", err)
	}
	e.decided.Store(newDecisions())
	e.loads.Add(1)
	return nil
}

// snapshot is the only source of the enforcer's rules: the role table of this
// package and the assignments last read. It builds models in memory and refuses
// every write, so nothing ever writes rules back (there is nothing to write to).
type snapshot struct {
	mu        sync.Mutex
	groupings [][]string
}

var errReadOnly = errors.New("authz: the role rules are code and the assignments are memberships; nothing is written back")

func (s *snapshot) set(groupings [][]string) {
	s.mu.Lock()
	s.groupings = groupings
	s.mu.Unlock()
}

func (s *snapshot) LoadPolicy(m model.Model) error {
	s.mu.Lock()
	groupings := s.groupings
	s.mu.Unlock()
	if err := m.AddPolicies("p", "p", policies()); err != nil {
		return err
	}
	return m.AddPolicies("g", "g", groupings)
}

func (s *snapshot) SavePolicy(model.Model) error                              { return errReadOnly }
func (s *snapshot) AddPolicy(string, string, []string) error                  { return errReadOnly }
func (s *snapshot) RemovePolicy(string, string, []string) error               { return errReadOnly }
func (s *snapshot) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }
