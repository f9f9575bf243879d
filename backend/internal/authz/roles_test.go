package authz

import (
	"strings"
	"testing"

	"github.com/casbin/casbin/v2/model"
)

func TestTheRoleTableIsComplete(t *testing.T) {
	if len(rolePermissions) != len(Roles) || len(roleScope) != len(Roles) {
		t.Fatalf("%d roles, %d in the permission table, %d in the scope table", len(Roles), len(rolePermissions), len(roleScope))
	}
	for _, r := range Roles {
		perms, ok := rolePermissions[r]
		if !ok {
			t.Errorf("role %s has no line in the permission table", r)
		}
		seen := map[Permission]bool{}
		for _, p := range perms {
			if p == Public || p.Resource == "" || p.Action == "" {
				t.Errorf("role %s holds %q, which is not a permission", r, p)
			}
			if seen[p] {
				t.Errorf("role %s holds %s twice", r, p)
			}
			seen[p] = true
		}
		if s := roleScope[r]; !s.court && !s.statewide {
			t.Errorf("role %s counts nowhere", r)
		}
	}
	if s := roleScope[PlatformAdmin]; s.court {
		t.Error("a platform administrator must be statewide only")
	}
	for _, r := range []Role{CourtAdmin, Clerk, JudicialOfficer, Sheriff} {
		if roleScope[r].statewide {
			t.Errorf("%s must not be statewide", r)
		}
	}
}

func TestPermissionStrings(t *testing.T) {
	for p, want := range map[Permission]string{
		CourtList: "court:list", CourtRead: "court:read", CourtMembersList: "court_members:list",
		Public: "public", {}: "",
	} {
		if got := p.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", p, got, want)
		}
	}
}

// The matcher spells the statewide domain out, with the same name the loader uses.
func TestTheModelNamesTheStatewideDomain(t *testing.T) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		t.Fatal(err)
	}
	matcher := m["m"]["m"].Value
	if !strings.Contains(matcher, `g(r_sub, p_sub, r_dom)`) || !strings.Contains(matcher, `g(r_sub, p_sub, "`+StatewideDomain+`")`) {
		t.Errorf("matcher %q lacks the court clause or the statewide clause", matcher)
	}
}

func TestGroupings(t *testing.T) {
	for _, tc := range []struct {
		court, role string
		statewide   bool
		want        string
	}{
		{"A", "clerk", false, "u clerk A"},
		{"A", "court_admin", false, "u court_admin A"},
		{"S", "platform_admin", true, "u platform_admin " + StatewideDomain},
		{"S", "helpdesk", true, "u helpdesk " + StatewideDomain},
		{"S", "auditor", true, "u auditor " + StatewideDomain},
		{"S", "clerk", true, ""},
		{"S", "court_admin", true, ""},
		{"A", "platform_admin", false, ""},
		{"A", "superuser", false, ""},
	} {
		g, ok := grouping("u", tc.court, tc.role, tc.statewide)
		if got := strings.Join(g, " "); got != tc.want || ok != (tc.want != "") {
			t.Errorf("grouping(%s in %s, statewide=%v) = %q %v, want %q", tc.role, tc.court, tc.statewide, got, ok, tc.want)
		}
	}
}

func TestTheLoaderWritesNothingBack(t *testing.T) {
	e, err := New(Options{URL: "postgres://unused@localhost/unused"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.casbin.SavePolicy(); err == nil {
		t.Error("SavePolicy succeeded")
	}
	if _, err := e.casbin.AddPolicy("clerk", "court_members", "list"); err == nil {
		t.Error("AddPolicy succeeded")
	}
	if ok, _ := e.casbin.HasPolicy("clerk", "court_members", "list"); ok {
		t.Error("a refused policy was kept in memory")
	}
	if e.casbin.GetAdapter() != e.source {
		t.Error("the enforcer has another source than the snapshot")
	}
}
