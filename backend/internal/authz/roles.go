package authz

// The role rules, reviewed like code: what each role may do in a court where it
// holds the role. A role held in the statewide court holds the same permissions in
// every court (see model.conf). A permission appears here only once an operation
// declares it; a new operation adds its line in the same change. Sheriffs enter
// orders for their county's court and record service; cancelling is the court's act.
// Disabling a whole account (AccountManage) is for the statewide help desk and
// platform administrators: a court help desk holds it in its court only, where the
// database refuses it (account_set_disabled asks for a statewide role).
// Every role reads the reports: counts only, of its own court (row-level security),
// every court's for the platform administrators.
// CARPOS data needs a current CLETS certification besides the permission (checked
// by the operations and by row-level security).
var rolePermissions = map[Role][]Permission{
	PlatformAdmin: {CourtList, CourtRead, CourtMembersList, AccountManage, MaintenanceList, MaintenanceSchedule, MaintenanceCancel, ReportRead,
		CourtCreate, CourtModify, OnboardingRead, OnboardingRecord, CourtChangeList, CourtChangeCreate, CourtChangeDecide, CourtAdminGrant},
	CourtAdmin: {CourtList, CourtRead, CourtMembersList, CourtUsersList, CourtUsersInvite, CourtUsersManage, ReportRead},
	Helpdesk:   {CourtList, CourtRead, CourtMembersList, AccountList, AccountReset, AccountManage, ReportRead},
	Clerk: {CourtList, CourtRead, OrderCreate, OrderRead, OrderList, OrderModify, OrderCancel, OrderServe, ReportRead,
		CarposRead, CarposList, CarposResend},
	JudicialOfficer: {CourtList, CourtRead, OrderRead, OrderList, ReportRead},
	Sheriff: {CourtList, CourtRead, OrderCreate, OrderRead, OrderList, OrderModify, OrderServe, ReportRead, CarposRead,
		CletsHitCreate, CletsHitList},
	Auditor: {CourtList, CourtRead, AuditLogList, AuditLogExport, ReportRead},
}

// Where a membership of each role counts (docs/design.md "Who uses it"): the platform
// administrator is statewide only; the help desk and the auditor are either one
// court's or statewide; the others belong to one court. A membership outside its
// role's scope (a clerk in the statewide court, which would make a statewide clerk)
// is ignored by the loader, whatever the database holds.
var roleScope = map[Role]struct{ court, statewide bool }{
	PlatformAdmin:   {court: false, statewide: true},
	CourtAdmin:      {court: true, statewide: false},
	Helpdesk:        {court: true, statewide: true},
	Clerk:           {court: true, statewide: false},
	JudicialOfficer: {court: true, statewide: false},
	Sheriff:         {court: true, statewide: false},
	Auditor:         {court: true, statewide: true},
}

// PermissionsOf returns what role may do.
func PermissionsOf(role Role) []Permission {
	return append([]Permission(nil), rolePermissions[role]...)
}

// policies returns the table as casbin policies: role, resource, action.
func policies() [][]string {
	var out [][]string
	for _, role := range Roles {
		for _, p := range rolePermissions[role] {
			out = append(out, []string{string(role), string(p.Resource), string(p.Action)})
		}
	}
	return out
}

// grouping turns one membership into a casbin grouping (user, role, domain), or
// reports that it does not count.
func grouping(user, court, role string, statewideCourt bool) ([]string, bool) {
	scope, known := roleScope[Role(role)]
	switch {
	case !known, user == "", court == "":
		return nil, false
	case statewideCourt && scope.statewide:
		return []string{user, role, StatewideDomain}, true
	case !statewideCourt && scope.court:
		return []string{user, role, court}, true
	}
	return nil, false
}

// Who enters which type of order (OrderCreate and OrderModify name the act; this
// table the types): orders issued by law enforcement (the emergency protective
// order) are entered by sheriffs, every other type by the court's clerks.
var orderTypeEntry = map[Role][]string{
	Clerk: {"criminal_protective_order", "civil_harassment", "domestic_violence", "elder_dependent_adult_abuse",
		"juvenile", "workplace_violence"},
	Sheriff: {"emergency_protective_order"},
}

// MayEnterOrderType reports whether one of roles enters orders of the type.
func MayEnterOrderType(roles []string, orderType string) bool {
	for _, r := range roles {
		for _, t := range orderTypeEntry[Role(r)] {
			if t == orderType {
				return true
			}
		}
	}
	return false
}

// OrderTypesEnteredBy returns the order types a role enters.
func OrderTypesEnteredBy(role Role) []string {
	return append([]string(nil), orderTypeEntry[role]...)
}
