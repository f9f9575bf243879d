package mailtext

import (
	"io/fs"
	"path"
	"strings"
	"testing"
	"text/template"
)

// samples renders every template with sample data; want is the text exactly as sent.
var samples = []struct {
	name string
	data Data
	want Message
}{
	{"invitation to a court", Invitation{Name: "Ann Lee", Username: "alee", Court: "Superior Court of Alameda County",
		Valid: "7 days", Link: "https://ccpor.example/idp/enrol?token=t0k"}, Message{
		"CCPOR: your invitation",
		"Hello Ann Lee,\n\nYou are invited to the California Courts Protective Order Registry as a user of the Superior Court of Alameda County. Your username is alee.\n\n" +
			"Open this link within 7 days to set your password and your second factor (an authenticator app), then sign in:\n\n" +
			"https://ccpor.example/idp/enrol?token=t0k\n\nThe link works once. If you did not expect this message, tell your court's help desk.\n"}},
	{"invitation without a court", Invitation{Name: "Ann Lee", Username: "alee", Valid: "12 hours", Link: "L"}, Message{
		"CCPOR: your invitation",
		"Hello Ann Lee,\n\nYou are invited to the California Courts Protective Order Registry. Your username is alee.\n\n" +
			"Open this link within 12 hours to set your password and your second factor (an authenticator app), then sign in:\n\n" +
			"L\n\nThe link works once. If you did not expect this message, tell your court's help desk.\n"}},
	{"account disabled", AccountStatus{Name: "Ann Lee", Disabled: true}, Message{
		"CCPOR: your account was disabled",
		"Hello Ann Lee,\n\nYour account at the California Courts Protective Order Registry was disabled by the help desk.\n\n" +
			"If you did not expect this, call your court's help desk.\n"}},
	{"account enabled", AccountStatus{Name: "Ann Lee"}, Message{
		"CCPOR: your account was enabled again",
		"Hello Ann Lee,\n\nYour account at the California Courts Protective Order Registry was enabled again by the help desk.\n\n" +
			"If you did not expect this, call your court's help desk.\n"}},
	{"inactive user", InactiveUser{Name: "Ann Lee", Username: "alee", Since: "August 3, 2026"}, Message{
		"CCPOR: your account was disabled for inactivity",
		"Hello Ann Lee,\n\nYour account alee at the California Courts Protective Order Registry was not used since August 3, 2026 " +
			"and is now disabled, as every account unused for 90 days is.\n\n" +
			"To use the registry again, ask your court's administrator or the help desk to enable it.\n"}},
	{"inactive user, to an administrator", InactiveAdmin{Name: "Ann Lee", Username: "alee", Since: "August 3, 2026"}, Message{
		"CCPOR: alee was disabled for inactivity",
		"Hello,\n\nThe account alee (Ann Lee) of your court was not used since August 3, 2026 and is now disabled, as every account unused for 90 days is.\n\n" +
			"If the user still needs the registry, ask the help desk to enable the account; otherwise remove the user from your court.\n"}},
	{"reset link", ResetLink{Name: "Ann Lee", Username: "alee", Valid: "30 minutes", Link: "https://ccpor.example/idp/reset/confirm?token=t0k"}, Message{
		"CCPOR: set a new password",
		"Hello Ann Lee,\n\nYour help desk sent you this link to set a new password for alee at the California Courts Protective Order Registry. " +
			"Open it within 30 minutes to choose a new one; it also unlocks the account:\n\n" +
			"https://ccpor.example/idp/reset/confirm?token=t0k\n\nIf you did not ask your help desk for this, tell them.\n"}},
	{"second factor reset", SecondFactorReset{Name: "Ann Lee", Username: "alee"}, Message{
		"CCPOR: your second factor was reset",
		"Hello Ann Lee,\n\nYour help desk reset the second factor (one-time codes) of alee at the California Courts Protective Order Registry, and signed you out everywhere.\n\n" +
			"At your next sign-in, enter your username and current password; you will then choose a new password and set up" +
			" one-time codes again with your authenticator app. Your old recovery codes no longer work.\n\n" +
			"If you did not ask your help desk for this, call them at once.\n"}},
	{"maintenance, read-only", Maintenance{Name: "Ann Lee", Span: "Wednesday, December 2, 2026, 6:00 PM to 9:00 PM Pacific time",
		Message: "Storage move.", ReadOnly: true}, Message{
		"CCPOR maintenance Wednesday, December 2, 2026, 6:00 PM to 9:00 PM Pacific time",
		"Dear Ann Lee,\n\nThe California Courts Protective Order Registry will be maintained Wednesday, December 2, 2026, 6:00 PM to 9:00 PM Pacific time.\n\n" +
			"Storage move.\n\nDuring the window you can search and read orders, but you cannot enter or change them.\n\n" +
			"This message was sent to every user of the courts affected.\n"}},
	{"maintenance, available", Maintenance{Name: "Ann Lee", Span: "S", Message: "M"}, Message{
		"CCPOR maintenance S",
		"Dear Ann Lee,\n\nThe California Courts Protective Order Registry will be maintained S.\n\nM\n\n" +
			"The registry stays available during the window.\n\nThis message was sent to every user of the courts affected.\n"}},
}

func TestRenderEveryTemplate(t *testing.T) {
	t.Parallel()
	for _, c := range samples {
		t.Run(c.name, func(t *testing.T) {
			got, err := Render(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if got.Subject != c.want.Subject {
				t.Errorf("subject:\n got %q\nwant %q", got.Subject, c.want.Subject)
			}
			if got.Body != c.want.Body {
				t.Errorf("body:\n got %q\nwant %q", got.Body, c.want.Body)
			}
		})
	}
}

// TestEveryTemplateHasSamples: a template file no data type renders, or no sample
// covers, fails here.
func TestEveryTemplateHasSamples(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, c := range samples {
		covered[c.data.template()] = true
	}
	names, err := fs.Glob(files, "templates/*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".tmpl")
		if !covered[name] {
			t.Errorf("templates/%s.tmpl: no sample renders it", name)
		}
		delete(covered, name)
	}
	for name := range covered {
		t.Errorf("data for template %s, which has no file", name)
	}
}

// TestMissingKeyIsAnError proves a template naming a field its data lacks fails
// to render, for a struct and for a map.
func TestMissingKeyIsAnError(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(newTemplate("probe").Parse(
		`{{define "subject"}}{{.Name}}{{end}}{{define "body"}}{{.Nmae}}{{end}}`))
	for _, d := range []any{SecondFactorReset{Name: "Ann"}, map[string]string{"Name": "Ann"}} {
		if m, err := render(tmpl, d); err == nil {
			t.Errorf("%T: rendered %q, want an error for .Nmae", d, m.Body)
		}
	}
}
