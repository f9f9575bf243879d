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
	if strings.ContainsAny(to+subject, "\r\n") {
		return fmt.Errorf("idp: mail: header injection refused")
	}
	if m.Outbox {
		return tx.Exec("SELECT mail_outbox_add(?, ?, ?)", to, subject, body).Error
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
