package onboarding_test

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/onboarding"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// The day the tests run on, in California.
var now = time.Date(2026, 6, 15, 18, 0, 0, 0, time.UTC)

type world struct {
	svc       *onboarding.Service
	app       *db.DB
	f         *dbtest.Tenants
	admin     *pgx.Conn
	statewide string
	court     string // a planned court
	as        map[string]db.Principal
	users     map[string]string
}

var ctx = context.Background()

// newWorld makes a planned court, the statewide domain and its platform
// administrators (named), and a court admin of another court.
func newWorld(t *testing.T, platformAdmins ...string) *world {
	t.Helper()
	d := dbtest.New(t)
	app, err := db.Open(ctx, d.AppURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	w := &world{app: app, f: dbtest.NewTenants(t, d), admin: dbtest.Conn(t, d.AdminURL),
		as: map[string]db.Principal{}, users: map[string]string{}}
	w.svc = onboarding.NewService(app, audit.NewLog(prometheus.NewRegistry()), clock.NewManual(now),
		onboarding.Invitations{Mail: idp.Mail{Outbox: true}, PublicURL: "https://registry.example", Builtin: true})
	w.statewide = w.f.Statewide(t)
	w.court = w.f.Court(t, "mono", true)
	w.f.Exec(t, "UPDATE courts SET onboarding_status = 'planned', ori = 'CA0260000' WHERE id = $1", w.court)
	other := w.f.Court(t, "inyo", true)
	for _, name := range platformAdmins {
		w.users[name] = w.f.User(t, name)
		w.f.Grant(t, w.users[name], w.statewide, "platform_admin")
		w.as[name], _ = w.f.Session(t, w.users[name], w.statewide)
	}
	w.users["inyo-admin"] = w.f.User(t, "inyo-admin")
	w.f.Grant(t, w.users["inyo-admin"], other, "court_admin")
	w.as["inyo-admin"], _ = w.f.Session(t, w.users["inyo-admin"], other)
	w.users["someone"] = w.f.User(t, "someone")
	return w
}

// audited counts the audit events of an action and outcome.
func (w *world) audited(t *testing.T, action, outcome string) int {
	t.Helper()
	var n int
	if err := w.admin.QueryRow(ctx, "SELECT count(*) FROM audit_events WHERE action = $1 AND outcome = $2",
		action, outcome).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *world) courtORI(t *testing.T) (ori string, sharing bool) {
	t.Helper()
	if err := w.admin.QueryRow(ctx, "SELECT coalesce(ori, ''), shares_statewide FROM courts WHERE id = $1", w.court).Scan(&ori, &sharing); err != nil {
		t.Fatal(err)
	}
	return ori, sharing
}

func refusal(t *testing.T, err error, status int, says string) {
	t.Helper()
	var r *onboarding.Refusal
	if !errors.As(err, &r) {
		t.Fatalf("got %v, want a refusal (%d) saying %q", err, status, says)
	}
	if r.Status != status || !strings.Contains(r.Reason, says) {
		t.Fatalf("got %d %q, want %d saying %q", r.Status, r.Reason, status, says)
	}
}

func fieldError(t *testing.T, err error, field, says string) {
	t.Helper()
	var v *apperr.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("got %v, want a field error on %s", err, field)
	}
	for _, f := range v.Fields {
		if f.Field == field && strings.Contains(f.Message, says) {
			return
		}
	}
	t.Fatalf("got %v, want %s saying %q", v, field, says)
}

func edit(ori string, sharing bool) onboarding.CourtEdit {
	return onboarding.CourtEdit{CourtFields: onboarding.CourtFields{Name: "Superior Court of California, County of Mono",
		County: "Mono", ORI: ori, SharesStatewide: sharing}, Reason: "DOJ reassigned"}
}

func TestCreateCourtStartsPlannedAndRefusesBadFields(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat")
	c, err := w.svc.Create(ctx, w.as["pat"], onboarding.NewCourt{Code: "alpine", Kind: "county",
		CourtFields: onboarding.CourtFields{Name: "Superior Court of California, County of Alpine", County: "Alpine", ORI: "ca0020000", SharesStatewide: true}})
	if err != nil {
		t.Fatal(err)
	}
	if c.OnboardingStatus != "planned" || c.ORI != "CA0020000" || c.Code != "alpine" {
		t.Errorf("created %+v", c)
	}
	_, err = w.svc.Create(ctx, w.as["pat"], onboarding.NewCourt{Code: "alpine", Kind: "county",
		CourtFields: onboarding.CourtFields{Name: "Another", County: "Alpine"}})
	fieldError(t, err, "body.code", "Another court has this short name")
	_, err = w.svc.Create(ctx, w.as["pat"], onboarding.NewCourt{Code: "Bad Code", Kind: "county",
		CourtFields: onboarding.CourtFields{Name: "X", ORI: "123"}})
	fieldError(t, err, "body.code", "lower-case")
	fieldError(t, err, "body.name", "3 to 200")
	fieldError(t, err, "body.county", "county")
	fieldError(t, err, "body.ori", "two letters")
	if n := w.audited(t, "court.create", "invalid"); n != 2 {
		t.Errorf("%d refused creations audited, want 2", n)
	}
	// A court administrator is no platform administrator: the database refuses too.
	_, err = w.svc.Create(ctx, w.as["inyo-admin"], onboarding.NewCourt{Code: "sierra", Kind: "county",
		CourtFields: onboarding.CourtFields{Name: "Superior Court of Sierra", County: "Sierra"}})
	if err == nil {
		t.Fatal("a court admin created a court")
	}
}

func TestLonePlatformAdminChangingAnORIGetsAPendingChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat")
	res, err := w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0269999", true))
	if err != nil {
		t.Fatal(err)
	}
	if ori, _ := w.courtORI(t); ori != "CA0260000" || res.Court.ORI != "CA0260000" {
		t.Errorf("the ORI changed to %s without a second approval", ori)
	}
	if len(res.Pending) != 1 || res.Pending[0].Kind != "ori" || res.Pending[0].NewORI != "CA0269999" || res.Pending[0].Approvers != 0 {
		t.Fatalf("pending %+v, want one ORI change nobody else can approve yet", res.Pending)
	}
	if w.audited(t, "court.change.propose", "success") != 1 {
		t.Error("the proposal is not audited")
	}
	// The lone administrator cannot approve it either.
	_, err = w.svc.Decide(ctx, w.as["pat"], w.users["pat"], res.Pending[0].ID, true, onboarding.ChangeDecision{})
	refusal(t, err, 403, "a different platform administrator must approve")
	if w.audited(t, "court.change.approve", "denied") != 1 {
		t.Error("the refused self-approval is not audited")
	}
	// A second proposal of the same kind waits for the first.
	_, err = w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0268888", true))
	refusal(t, err, 409, "already waiting")
	if ori, _ := w.courtORI(t); ori != "CA0260000" {
		t.Errorf("ORI is %s", ori)
	}
}

func TestSecondPlatformAdminApprovesTheORIChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat", "quinn")
	res, err := w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0269999", true))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending[0].Approvers != 1 {
		t.Errorf("approvers %d, want 1", res.Pending[0].Approvers)
	}
	ch, err := w.svc.Decide(ctx, w.as["quinn"], w.users["quinn"], res.Pending[0].ID, true, onboarding.ChangeDecision{Note: "checked with DOJ"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Pending[0].Mine || ch.Mine || ch.Decision != "approved" || ch.DecidedBy != "quinn" || ch.ProposedBy != "pat" {
		t.Errorf("change %+v", ch)
	}
	if ori, _ := w.courtORI(t); ori != "CA0269999" {
		t.Errorf("ORI %s after approval", ori)
	}
	for _, a := range []string{"court.change.propose", "court.change.approve", "court.change.apply"} {
		if w.audited(t, a, "success") != 1 {
			t.Errorf("%s not audited", a)
		}
	}
	_, err = w.svc.Decide(ctx, w.as["quinn"], w.users["quinn"], res.Pending[0].ID, false, onboarding.ChangeDecision{})
	refusal(t, err, 409, "already approved")
}

func TestTurningSharingOffWaitsAndRejectionLeavesItOn(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat", "quinn")
	res, err := w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0260000", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, sharing := w.courtORI(t); !sharing || len(res.Pending) != 1 || res.Pending[0].Kind != "sharing_off" {
		t.Fatalf("sharing %v, pending %+v", sharing, res.Pending)
	}
	if _, err := w.svc.Decide(ctx, w.as["quinn"], w.users["quinn"], res.Pending[0].ID, false, onboarding.ChangeDecision{}); err != nil {
		t.Fatal(err)
	}
	if _, sharing := w.courtORI(t); !sharing {
		t.Error("a rejected change was applied")
	}
	res, _ = w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0260000", false))
	if _, err := w.svc.Decide(ctx, w.as["quinn"], w.users["quinn"], res.Pending[0].ID, true, onboarding.ChangeDecision{}); err != nil {
		t.Fatal(err)
	}
	if _, sharing := w.courtORI(t); sharing {
		t.Error("sharing still on after approval")
	}
}

// The database holds the rule too: the application role cannot change an ORI or
// turn sharing off outside the transaction that approved it.
func TestTheDatabaseRefusesAnUnapprovedORIChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat")
	for _, q := range []string{"UPDATE courts SET ori = 'CA0261111' WHERE id = ?", "UPDATE courts SET shares_statewide = false WHERE id = ?"} {
		err := w.app.Tx(ctx, w.as["pat"], func(tx *gorm.DB) error { return tx.Exec(q, w.court).Error })
		if err == nil || !strings.Contains(err.Error(), "second platform administrator") {
			t.Errorf("%s: %v", q, err)
		}
	}
	err := w.app.Tx(ctx, w.as["pat"], func(tx *gorm.DB) error {
		return tx.Exec("INSERT INTO memberships (court_id, user_id, role, granted_by) VALUES (?, ?, 'platform_admin', ?)",
			w.statewide, w.users["someone"], w.users["pat"]).Error
	})
	if err == nil {
		t.Error("a platform admin was appointed without approval")
	}
}

func TestAppointingAPlatformAdminTakesASecondOne(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat", "quinn")
	_, err := w.svc.ProposePlatformAdmin(ctx, w.as["pat"], w.users["pat"], onboarding.PlatformAdminProposal{Username: "pat"})
	refusal(t, err, 403, "cannot grant a role to yourself")
	if w.audited(t, "platform_admin.propose", "denied") != 1 {
		t.Error("self-proposal not audited")
	}
	_, err = w.svc.ProposePlatformAdmin(ctx, w.as["pat"], w.users["pat"], onboarding.PlatformAdminProposal{Username: "quinn"})
	refusal(t, err, 409, "already a platform administrator")
	_, err = w.svc.ProposePlatformAdmin(ctx, w.as["pat"], w.users["pat"], onboarding.PlatformAdminProposal{Username: "nobody"})
	fieldError(t, err, "body.username", "No active user")
	ch, err := w.svc.ProposePlatformAdmin(ctx, w.as["pat"], w.users["pat"], onboarding.PlatformAdminProposal{Username: "someone", Reason: "coverage"})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	count := func() int {
		if err := w.admin.QueryRow(ctx, "SELECT count(*) FROM memberships WHERE user_id = $1 AND role = 'platform_admin' AND revoked_at IS NULL",
			w.users["someone"]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count() != 0 {
		t.Fatal("appointed before approval")
	}
	_, err = w.svc.Decide(ctx, w.as["pat"], w.users["pat"], ch.ID, true, onboarding.ChangeDecision{})
	refusal(t, err, 403, "You proposed this change")
	if _, err := w.svc.Decide(ctx, w.as["quinn"], w.users["quinn"], ch.ID, true, onboarding.ChangeDecision{}); err != nil {
		t.Fatal(err)
	}
	if count() != 1 {
		t.Error("not appointed after approval")
	}
	pending, err := w.svc.Changes(ctx, w.as["quinn"], true)
	if err != nil || len(pending) != 0 {
		t.Errorf("pending %v %v", pending, err)
	}
	decided, err := w.svc.Changes(ctx, w.as["quinn"], false)
	if err != nil || len(decided) != 1 || decided[0].Username != "someone" {
		t.Errorf("decided %+v %v", decided, err)
	}
}

func TestAppointingACourtAdmin(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat")
	_, err := w.svc.AppointCourtAdmin(ctx, w.as["pat"], w.users["pat"], w.court, onboarding.CourtAdminAppointment{Username: "pat"})
	refusal(t, err, 403, "cannot grant a role to yourself")
	if w.audited(t, "court.admin.appoint", "denied") != 1 {
		t.Error("self-grant not audited")
	}
	got, err := w.svc.AppointCourtAdmin(ctx, w.as["pat"], w.users["pat"], w.court, onboarding.CourtAdminAppointment{Username: "someone"})
	if err != nil || got.Invited || got.UserID != w.users["someone"] {
		t.Fatalf("%+v %v", got, err)
	}
	_, err = w.svc.AppointCourtAdmin(ctx, w.as["pat"], w.users["pat"], w.court, onboarding.CourtAdminAppointment{Username: "someone"})
	refusal(t, err, 409, "already a court administrator")
	_, err = w.svc.AppointCourtAdmin(ctx, w.as["pat"], w.users["pat"], w.court, onboarding.CourtAdminAppointment{Username: "new.admin"})
	fieldError(t, err, "body.displayName", "full name")
	fieldError(t, err, "body.email", "e-mail")
	got, err = w.svc.AppointCourtAdmin(ctx, w.as["pat"], w.users["pat"], w.court,
		onboarding.CourtAdminAppointment{Username: "new.admin", DisplayName: "New Admin", Email: "new.admin@mono.courts.example"})
	if err != nil || !got.Invited {
		t.Fatalf("%+v %v", got, err)
	}
	// The invitation is e-mailed (the development outbox), not shown: its link's
	// token is the one invitation kept for the new user, by its hash.
	var body string
	if err := w.admin.QueryRow(ctx, "SELECT body FROM mail_outbox WHERE recipient = 'new.admin@mono.courts.example' AND subject = 'CCPOR: your invitation'").
		Scan(&body); err != nil {
		t.Fatalf("no invitation e-mailed: %v", err)
	}
	m := regexp.MustCompile(`https://registry\.example/idp/enrol\?invitation=(\S+)`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "Your username is new.admin") {
		t.Fatalf("the invitation has no enrolment link or username:\n%s", body)
	}
	token, err := url.QueryUnescape(m[1])
	if err != nil {
		t.Fatal(err)
	}
	var invitations int
	if err := w.admin.QueryRow(ctx, "SELECT count(*) FROM invitations WHERE user_id = $1 AND created_by = $2 AND token_hash = $3",
		got.UserID, w.users["pat"], auth.HashToken(token)).Scan(&invitations); err != nil || invitations != 1 {
		t.Errorf("invitations %d %v", invitations, err)
	}
	o, err := w.svc.Onboarding(ctx, w.as["pat"], w.court)
	if err != nil || len(o.CourtAdmins) != 2 {
		t.Errorf("court admins %+v %v", o.CourtAdmins, err)
	}
	_, err = w.svc.AppointCourtAdmin(ctx, w.as["pat"], w.users["pat"], w.statewide, onboarding.CourtAdminAppointment{Username: "someone"})
	refusal(t, err, 403, "statewide domain")
}

func step(kind, occurred, goLive string) onboarding.OnboardingStepInput {
	return onboarding.OnboardingStepInput{Step: kind, OccurredOn: occurred, GoLiveOn: goLive, Note: "with the CEO and the sheriff"}
}

func TestChecklistGoesLiveOnlyWhenDoneWithACourtAdmin(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "pat")
	pat := func() (db.Principal, string) { return w.as["pat"], w.users["pat"] }
	p, me := pat()
	goLive := func(day string) error {
		_, err := w.svc.GoLive(ctx, p, me, w.court, onboarding.CourtGoLiveInput{OccurredOn: day})
		return err
	}
	refusal(t, goLive("2026-06-15"), 409, "Record the engagement meeting")
	if w.audited(t, "court.go_live", "invalid") != 1 {
		t.Error("refused go-live not audited")
	}
	_, err := w.svc.RecordStep(ctx, p, me, w.court, step("decision", "2026-03-01", "2026-06-01"))
	refusal(t, err, 409, "engagement meeting")
	_, err = w.svc.RecordStep(ctx, p, me, w.court, step("engagement_meeting", "2026-06-16", ""))
	fieldError(t, err, "body.occurredOn", "has passed")

	// Backdated: the meeting and the decision happened before they were recorded.
	o, err := w.svc.RecordStep(ctx, p, me, w.court, step("engagement_meeting", "2026-02-20", ""))
	if err != nil {
		t.Fatal(err)
	}
	if o.Court.OnboardingStatus != "onboarding" || o.Steps[0].OccurredOn != "2026-02-20" || o.Steps[0].RecordedBy != "pat" ||
		!o.Steps[0].RecordedAt.After(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("after the meeting: %+v %+v", o.Court, o.Steps)
	}
	// 59 days' lead is refused, naming the earliest date.
	_, err = w.svc.RecordStep(ctx, p, me, w.court, step("decision", "2026-03-01", "2026-04-29"))
	fieldError(t, err, "body.goLiveOn", "at least 60 days after the decision: 2026-04-30 or later")
	if w.audited(t, "court.onboarding.record", "invalid") < 1 {
		t.Error("the lead-time refusal is not audited")
	}
	_, err = w.svc.RecordStep(ctx, p, me, w.court, step("follow_up", "2026-03-02", ""))
	refusal(t, err, 409, "decision")
	if _, err := w.svc.RecordStep(ctx, p, me, w.court, step("decision", "2026-03-01", "2026-06-10")); err != nil {
		t.Fatal(err)
	}
	refusal(t, goLive("2026-06-15"), 409, "follow-up")
	if _, err := w.svc.RecordStep(ctx, p, me, w.court, step("follow_up", "2026-04-15", "")); err != nil {
		t.Fatal(err)
	}
	err = goLive("2026-06-15")
	refusal(t, err, 409, "Appoint a court administrator")
	if _, err := w.svc.AppointCourtAdmin(ctx, p, me, w.court, onboarding.CourtAdminAppointment{Username: "someone"}); err != nil {
		t.Fatal(err)
	}
	refusal(t, goLive("2026-06-09"), 409, "before 2026-06-10")
	fieldErr := goLive("2026-06-16")
	fieldError(t, fieldErr, "body.occurredOn", "cannot be later than today")
	if err := goLive("2026-06-12"); err != nil {
		t.Fatal(err)
	}
	o, err = w.svc.Onboarding(ctx, p, w.court)
	if err != nil {
		t.Fatal(err)
	}
	if o.Court.OnboardingStatus != "live" || o.Court.GoLiveDate != "2026-06-12" || len(o.Blockers) != 0 || len(o.Steps) != 4 {
		t.Errorf("after going live: %+v %v %d steps", o.Court, o.Blockers, len(o.Steps))
	}
	if w.audited(t, "court.go_live", "success") != 1 {
		t.Error("going live not audited")
	}
	refusal(t, goLive("2026-06-15"), 409, "already live")
	_, err = w.svc.RecordStep(ctx, p, me, w.court, step("follow_up", "2026-06-13", ""))
	refusal(t, err, 409, "is live")
}
