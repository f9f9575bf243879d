// Package mailtext holds the text of every e-mail the registry sends, as templates in
// templates/, one file per e-mail with a "subject" and a "body", each rendered from
// its own data type. Sending stays with the callers (idp.Mail).
package mailtext

import (
	"bytes"
	"embed"
	"fmt"
	"text/template"
)

//go:embed templates/*.tmpl
var files embed.FS

// Message is a rendered e-mail.
type Message struct {
	Subject, Body string
}

// Data is the data of one e-mail: each template has its own type below.
type Data interface {
	template() string
}

// Invitation is an invitation's one-time link.
type Invitation struct {
	// Name and Username are the invited user's; Court names the court it is invited
	// to (empty: none named).
	Name, Username, Court string
	// Valid says how long the link works ("7 days"); Link is the link.
	Valid, Link string
}

// AccountStatus tells a user that the help desk disabled or enabled the account.
type AccountStatus struct {
	Name     string
	Disabled bool
}

// InactiveUser tells a user that the account was disabled for inactivity.
type InactiveUser struct {
	// Since is the day of the account's last use, as the court reads it.
	Name, Username, Since string
}

// InactiveAdmin tells a court's administrator that a user's account was disabled
// for inactivity.
type InactiveAdmin struct {
	Name, Username, Since string
}

// ResetLink is the help desk's password reset link.
type ResetLink struct {
	// Valid says how long the link works ("30 minutes").
	Name, Username, Valid, Link string
}

// SecondFactorReset tells a user that the help desk reset the second factor.
type SecondFactorReset struct {
	Name, Username string
}

// Maintenance announces a maintenance window.
type Maintenance struct {
	// Span says when the window is; Message is the platform administrators' text.
	Name, Span, Message string
	// ReadOnly: orders can be read, not entered, during the window.
	ReadOnly bool
}

func (Invitation) template() string        { return "invitation" }
func (AccountStatus) template() string     { return "account_status" }
func (InactiveUser) template() string      { return "inactive_user" }
func (InactiveAdmin) template() string     { return "inactive_admin" }
func (ResetLink) template() string         { return "reset_link" }
func (SecondFactorReset) template() string { return "second_factor_reset" }
func (Maintenance) template() string       { return "maintenance" }

// Render makes the e-mail d is the data of.
func Render(d Data) (Message, error) {
	t, err := load(d.template())
	if err != nil {
		return Message{}, err
	}
	return render(t, d)
}

// newTemplate starts a template: a key the data lacks is an error, not "<no value>".
func newTemplate(name string) *template.Template {
	return template.New(name).Option("missingkey=error")
}

// load parses templates/name.tmpl.
func load(name string) (*template.Template, error) {
	t, err := newTemplate(name).ParseFS(files, "templates/"+name+".tmpl")
	if err != nil {
		return nil, fmt.Errorf("mailtext: template %s: %w", name, err)
	}
	return t, nil
}

func render(t *template.Template, d any) (Message, error) {
	var subject, body bytes.Buffer
	if err := t.ExecuteTemplate(&subject, "subject", d); err != nil {
		return Message{}, fmt.Errorf("mailtext: %s: subject: %w", t.Name(), err)
	}
	if err := t.ExecuteTemplate(&body, "body", d); err != nil {
		return Message{}, fmt.Errorf("mailtext: %s: body: %w", t.Name(), err)
	}
	return Message{Subject: subject.String(), Body: body.String()}, nil
}
