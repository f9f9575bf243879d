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
	return m.Send(ctx, func(to, subject, body string) error {
		return tx.Exec("SELECT mail_outbox_add(?, ?, ?)", to, subject, body).Error
	}, to, subject, body)
}

// Send delivers one message by SMTP, or in development hands it to outbox, which
// calls mail_outbox_add in the caller's transaction (any role granted it).
func (m Mail) Send(ctx context.Context, outbox func(to, subject, body string) error, to, subject, body string) error {
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
