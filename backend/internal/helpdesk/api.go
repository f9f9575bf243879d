package helpdesk

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// AccountSearchInput is what to look for.
type AccountSearchInput struct {
	Q string `query:"q" maxLength:"100" doc:"part of a username, name or e-mail address (2 to 100 characters)"`
}

// AccountSearchOutput lists the users found (at most 50).
type AccountSearchOutput struct {
	Body struct {
		Users []Account `json:"users"`
		// Statewide: the caller is the statewide help desk, who may also disable and enable whole accounts.
		Statewide bool `json:"statewide" doc:"whether you are the statewide help desk, who may also disable and enable whole accounts"`
	}
}

// AccountInput names the user acted on.
type AccountInput struct {
	UserID string `path:"userId" doc:"the user's id"`
}

// AccountActOutput says what was done.
type AccountActOutput struct {
	Body struct {
		Done string `json:"done" doc:"what was done, as recorded in the audit log"`
	}
}

// Routes registers the help desk's operations; svc may be nil when only the spec is built.
func Routes(svc *Service) httpapi.Registrar {
	return func(api huma.API) {
		tags := []string{"Help desk"}
		authz.Register(api, huma.Operation{
			OperationID: "helpdesk-search-users", Method: http.MethodGet, Path: "/helpdesk/users", Tags: tags,
			Summary:     "Find users to help",
			Description: "The users of the help desk's court (every user for the statewide help desk) whose username, name or e-mail address contains q. Each says why you may not act on it, if you may not. Audited.",
			Errors:      []int{http.StatusUnprocessableEntity},
		}, authz.AccountList, auth.Handle(func(ctx context.Context, c auth.Caller, in *AccountSearchInput) (*AccountSearchOutput, error) {
			found, err := svc.Search(ctx, c.Principal, in.Q)
			if err != nil {
				return nil, err
			}
			out := &AccountSearchOutput{}
			out.Body.Users, out.Body.Statewide = found.Users, found.Statewide
			return out, nil
		}))
		act := func(id, path, summary, description string, do func(*Service, context.Context, db.Principal, string) (string, error)) {
			authz.Register(api, huma.Operation{
				OperationID: id, Method: http.MethodPost, Path: "/helpdesk/users/{userId}/" + path, Tags: tags,
				Summary: summary, Description: description + " A court's help desk acts only on the non-privileged users of its court; nobody on their own account. Every act and every refusal is audited.",
				Errors: []int{http.StatusNotFound, http.StatusConflict},
			}, authz.AccountReset, auth.Handle(func(ctx context.Context, c auth.Caller, in *AccountInput) (*AccountActOutput, error) {
				done, err := do(svc, ctx, c.Principal, in.UserID)
				if err != nil {
					return nil, err
				}
				out := &AccountActOutput{}
				out.Body.Done = done
				return out, nil
			}))
		}
		act("helpdesk-send-password-reset", "password-reset", "E-mail the user a password reset link",
			"The self-service reset's link (30 minutes, one use); setting the new password also unlocks the account.", (*Service).SendResetLink)
		act("helpdesk-reset-second-factor", "second-factor-reset", "Reset the user's second factor",
			"Removes the one-time codes and recovery codes and ends the user's sessions; at the next sign-in the user gives the current password, then sets a new password and new one-time codes. The user is told by e-mail.", (*Service).ResetSecondFactor)
		act("helpdesk-unlock", "unlock", "Release a lockout", "Unlocks an account locked after repeated failed sign-ins.", (*Service).Unlock)
		act("helpdesk-end-sessions", "end-sessions", "Sign the user out everywhere", "Ends every session of the user and the built-in provider's tokens.", (*Service).EndSessions)
	}
}
