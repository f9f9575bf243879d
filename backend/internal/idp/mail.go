package idp

import (
	"context"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/mailtext"
)

// Mail sends the provider's e-mail: to the outbox table in development, else by SMTP.
type Mail struct {
	// Outbox keeps mail in mail_outbox (development); a page lists it.
	Outbox bool
	// SMTPURL is smtp://user:password@host:port; From the sender address.
	SMTPURL, From string
}

// send delivers one message; the outbox write joins tx, so it commits with the change.
func (m Mail) send(ctx context.Context, tx *gorm.DB, to, subject, body string) error {
	return m.Deliver(ctx, func(to, subject, body string) error {
		return tx.Exec("SELECT mail_outbox_add(?, ?, ?)", to, subject, body).Error
	}, to, subject, body)
}

// Deliver sends one message by SMTP, or in development hands it to outbox, which
// calls mail_outbox_add in the caller's transaction (any role granted it): for
// callers whose transaction is not gorm's, such as the worker's jobs.
func (m Mail) Deliver(ctx context.Context, outbox func(to, subject, body string) error, to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return fmt.Errorf("idp: mail: header injection refused")
	}
	if m.Outbox {
		return outbox(to, subject, body)
	}
	u, err := url.Parse(m.SMTPURL)
	if err != nil {
		return fmt.Errorf("idp: mail: %w", err)
	}
	var auth smtp.Auth
	if u.User != nil {
		pw, _ := u.User.Password()
		auth = smtp.PlainAuth("", u.User.Username(), pw, u.Hostname())
	}
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + time.Now().UTC().Format(time.RFC1123Z) +
		"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")
	done := make(chan error, 1)
	go func() {
		done <- smtp.SendMail(net.JoinHostPort(u.Hostname(), u.Port()), auth, m.From, []string{to}, []byte(msg))
	}()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("idp: mail: %w", err)
		}
		return nil
	case <-time.After(20 * time.Second):
		return fmt.Errorf("idp: mail: the SMTP server did not answer in time")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Send mails to (in the outbox in development), in tx: for the help desk's mail.
func (p *Provider) Send(ctx context.Context, tx *gorm.DB, to, subject, body string) error {
	return p.opts.Mail.send(ctx, tx, to, subject, body)
}

// ResetURL is a password reset link at the built-in provider.
func ResetURL(publicURL, token string) string {
	return Issuer(publicURL) + "/reset/confirm?token=" + url.QueryEscape(token)
}

// ResetTTL is how long a reset link works.
const ResetTTL = resetTTL

// Send delivers one message: into the outbox within tx (development), else by SMTP.
func (m Mail) Send(ctx context.Context, tx *gorm.DB, to, subject, body string) error {
	return m.send(ctx, tx, to, subject, body)
}

// InvitationURL is an invitation's one-time link: the built-in provider's
// enrolment (password and second factor first) when the registry signs in there,
// else the registry's sign-in carrying the invitation.
func InvitationURL(publicURL string, builtin bool, token string) string {
	if builtin {
		return EnrolURL(publicURL, token)
	}
	return strings.TrimRight(publicURL, "/") + "/auth/login?invitation=" + url.QueryEscape(token)
}

// Invitation is an invitation to make and e-mail.
type Invitation struct {
	// To and Name are the invited user's address and name; Username what it signs in with.
	To, Name, Username string
	// Court names the court the user is invited to, for the message.
	Court string
	// Valid is how long the link works.
	Valid time.Duration
	// PublicURL is the registry's address; Builtin that it signs in at its own provider.
	PublicURL string
	Builtin   bool
}

// Invite creates an invitation and e-mails its one-time link, within tx: store
// keeps the invitation, handed only the hash of its token. It answers the link
// (the command line prints it). The court administrators' screen, the platform
// administrators' appointment of a new court administrator and `ccpor invite`
// all invite through it.
func (m Mail) Invite(ctx context.Context, tx *gorm.DB, inv Invitation, store func(hash []byte) error) (string, error) {
	token := randomToken()
	if err := store(auth.HashToken(token)); err != nil {
		return "", err
	}
	link := InvitationURL(inv.PublicURL, inv.Builtin, token)
	days := int(inv.Valid.Hours() / 24)
	valid := fmt.Sprintf("%d days", days)
	if days < 1 {
		valid = fmt.Sprintf("%d hours", max(1, int(inv.Valid.Hours())))
	}
	msg, err := mailtext.Render(mailtext.Invitation{Name: inv.Name, Username: inv.Username, Court: inv.Court, Valid: valid, Link: link})
	if err != nil {
		return "", err
	}
	if err := m.send(ctx, tx, inv.To, msg.Subject, msg.Body); err != nil {
		return "", err
	}
	return link, nil
}
