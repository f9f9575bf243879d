// Package authz holds the role rules: what each role may do (a table in code,
// reviewed like code), who holds which role in which court (memberships, read
// through the definer function authz_assignments()), and casbin deciding with
// both. Every API operation declares what it needs where it is registered.
package authz

// Role is a role a membership grants; the strings are those of the memberships
// table's CHECK.
type Role string

// The roles of docs/design.md "Who uses it".
const (
	PlatformAdmin   Role = "platform_admin"
	CourtAdmin      Role = "court_admin"
	Helpdesk        Role = "helpdesk"
	Clerk           Role = "clerk"
	JudicialOfficer Role = "judicial_officer"
	Sheriff         Role = "sheriff"
	Auditor         Role = "auditor"
)

// Roles lists every role.
var Roles = []Role{PlatformAdmin, CourtAdmin, Helpdesk, Clerk, JudicialOfficer, Sheriff, Auditor}

// Resource is a kind of thing the registry guards.
type Resource string

// Resources. Each exists because an operation uses it.
const (
	// ResourceCourt is the court directory: names, kinds, ORIs, contacts.
	ResourceCourt Resource = "court"
	// ResourceCourtMembers is who holds which role in a court.
	ResourceCourtMembers Resource = "court_members"
	// ResourceCourtUsers is a court's users as its administrators manage them:
	// invitations, roles, CLETS certifications, removal and restore.
	ResourceCourtUsers Resource = "court_users"
	// ResourceAuditLog is the record of who did what.
	ResourceAuditLog Resource = "audit_log"
	// ResourceOrder is a restraining or protective order: its versions, persons,
	// conditions and service.
	ResourceOrder Resource = "order"
	// ResourceAccount is a user's whole account: password, second factor,
	// lockout and sessions (the help desk's), disabling and enabling it.
	ResourceAccount Resource = "account"
	// ResourceMaintenance is the schedule of maintenance windows.
	ResourceMaintenance Resource = "maintenance"
	// ResourceReport is the reports on orders: counts, never content.
	ResourceReport Resource = "report"
	// ResourceCarpos is what the registry sent the DOJ's CARPOS about an order and
	// what it answered; readable by CLETS-certified users only.
	ResourceCarpos Resource = "carpos"
	// ResourceCletsHit is a sheriff's confirmation of a CLETS hit against the registry.
	ResourceCletsHit Resource = "clets_hit"
	// ResourceCourtOnboarding is a court's on-boarding checklist and going live.
	ResourceCourtOnboarding Resource = "court_onboarding"
	// ResourceCourtChange is a change waiting for a second platform administrator.
	ResourceCourtChange Resource = "court_change"
	// ResourceCourtAdmin is the appointment of a court's administrators.
	ResourceCourtAdmin Resource = "court_admin"
)

// Action is what is done to a resource.
type Action string

// Actions.
const (
	ActionList   Action = "list"
	ActionRead   Action = "read"
	ActionExport Action = "export"
	ActionCreate Action = "create"
	ActionModify Action = "modify"
	ActionCancel Action = "cancel"
	ActionServe  Action = "serve"
	ActionReset  Action = "reset"
	ActionInvite Action = "invite"
	ActionManage Action = "manage"
	ActionResend Action = "resend"
	ActionDecide Action = "decide"
	ActionGrant  Action = "grant"
)

// Permission is one action on one resource, written "resource:action".
type Permission struct {
	Resource Resource
	Action   Action
}

// Permissions of the operations.
var (
	CourtList           = Permission{ResourceCourt, ActionList}
	CourtRead           = Permission{ResourceCourt, ActionRead}
	CourtMembersList    = Permission{ResourceCourtMembers, ActionList}
	CourtUsersList      = Permission{ResourceCourtUsers, ActionList}
	CourtUsersInvite    = Permission{ResourceCourtUsers, ActionInvite}
	CourtUsersManage    = Permission{ResourceCourtUsers, ActionManage}
	AccountManage       = Permission{ResourceAccount, ActionManage}
	AuditLogList        = Permission{ResourceAuditLog, ActionList}
	AuditLogExport      = Permission{ResourceAuditLog, ActionExport}
	OrderCreate         = Permission{ResourceOrder, ActionCreate}
	OrderRead           = Permission{ResourceOrder, ActionRead}
	OrderList           = Permission{ResourceOrder, ActionList}
	OrderModify         = Permission{ResourceOrder, ActionModify}
	OrderCancel         = Permission{ResourceOrder, ActionCancel}
	OrderServe          = Permission{ResourceOrder, ActionServe}
	AccountList         = Permission{ResourceAccount, ActionList}
	AccountReset        = Permission{ResourceAccount, ActionReset}
	MaintenanceList     = Permission{ResourceMaintenance, ActionList}
	MaintenanceSchedule = Permission{ResourceMaintenance, ActionCreate}
	MaintenanceCancel   = Permission{ResourceMaintenance, ActionCancel}
	ReportRead          = Permission{ResourceReport, ActionRead}
	CarposRead          = Permission{ResourceCarpos, ActionRead}
	CarposList          = Permission{ResourceCarpos, ActionList}
	CarposResend        = Permission{ResourceCarpos, ActionResend}
	CletsHitCreate      = Permission{ResourceCletsHit, ActionCreate}
	CletsHitList        = Permission{ResourceCletsHit, ActionList}
	CourtCreate         = Permission{ResourceCourt, ActionCreate}
	CourtModify         = Permission{ResourceCourt, ActionModify}
	OnboardingRead      = Permission{ResourceCourtOnboarding, ActionRead}
	OnboardingRecord    = Permission{ResourceCourtOnboarding, ActionModify}
	CourtChangeList     = Permission{ResourceCourtChange, ActionList}
	CourtChangeCreate   = Permission{ResourceCourtChange, ActionCreate}
	CourtChangeDecide   = Permission{ResourceCourtChange, ActionDecide}
	CourtAdminGrant     = Permission{ResourceCourtAdmin, ActionGrant}
)

// Public marks an operation that needs no sign-in. No role holds it: it is not a
// permission to grant but the statement that none is needed.
var Public = Permission{Resource: "public"}

// SignedIn marks an operation for anyone signed in, whatever their roles (a user
// with no court yet must still see who they are). Like Public, no role holds it.
var SignedIn = Permission{Resource: "signed-in"}

// String returns "resource:action", "public" for Public and "" for no permission.
func (p Permission) String() string {
	switch {
	case p == Public:
		return "public"
	case p == SignedIn:
		return "signed-in"
	case p == Permission{}:
		return ""
	}
	return string(p.Resource) + ":" + string(p.Action)
}
