package users

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// CourtInput names a court.
type CourtInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
}

// UserInput names a user of a court.
type UserInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
	UserID  string `path:"userId" format:"uuid" doc:"the user's id"`
}

// UsersOutput is the response of list-court-users.
type UsersOutput struct {
	Body struct {
		Users []User `json:"users" doc:"the court's users by name; removed ones last"`
	}
}

// InviteInput is the request of invite-court-user.
type InviteInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
	Body    Invitation
}

// InvitedOutput is the response of invite-court-user.
type InvitedOutput struct {
	Body struct {
		UserID string `json:"userId" format:"uuid" doc:"the new user's id; the invitation is on its way by e-mail"`
	}
}

// UserRolesInput is the request of set-court-user-roles.
type UserRolesInput struct {
	UserInput
	Body struct {
		Roles []string `json:"roles" maxItems:"5" enum:"platform_admin,court_admin,helpdesk,clerk,judicial_officer,sheriff,auditor" doc:"the user's roles in the court from now on; a court administrator grants clerk, judicial_officer, sheriff, auditor and helpdesk"`
	}
}

// CertificationInput is the request of certify-court-user.
type CertificationInput struct {
	UserInput
	Body struct {
		Until string `json:"until" doc:"the last day of the user's CLETS certification (YYYY-MM-DD)"`
	}
}

// AccountInput names an account.
type AccountInput struct {
	UserID string `path:"userId" format:"uuid" doc:"the user's id"`
}

// Done is the empty answer of an act.
type Done struct{}

func done(err error) (*Done, error) {
	if err != nil {
		return nil, err
	}
	return &Done{}, nil
}

// Routes registers the operations; svc may be nil when only the spec is built.
func Routes(svc *Service) httpapi.Registrar {
	return func(api huma.API) {
		tags := []string{"Users"}
		inCourt := authz.InPathCourt("courtId")
		authz.Register(api, huma.Operation{
			OperationID: "list-court-users", Method: http.MethodGet, Path: "/courts/{courtId}/users", Tags: tags,
			Summary:     "A court's users, for its administrators",
			Description: "Roles, CLETS certification and last sign-in of each user; removed users last (they may be restored).",
		}, authz.CourtUsersList, auth.Handle(func(ctx context.Context, c auth.Caller, in *CourtInput) (*UsersOutput, error) {
			users, err := svc.List(ctx, c.Principal, in.CourtID)
			if err != nil {
				return nil, err
			}
			out := &UsersOutput{}
			out.Body.Users = users
			return out, nil
		}), inCourt)
		authz.Register(api, huma.Operation{
			OperationID: "invite-court-user", Method: http.MethodPost, Path: "/courts/{courtId}/users", Tags: tags,
			Summary:       "Invite a user to the court",
			Description:   "Creates the user with its roles (and CLETS certification) and e-mails a one-time link to set a password and a second factor.",
			DefaultStatus: http.StatusCreated,
			Errors:        []int{http.StatusUnprocessableEntity},
		}, authz.CourtUsersInvite, auth.Handle(func(ctx context.Context, c auth.Caller, in *InviteInput) (*InvitedOutput, error) {
			id, err := svc.Invite(ctx, c.Principal, in.CourtID, in.Body)
			if err != nil {
				return nil, err
			}
			out := &InvitedOutput{}
			out.Body.UserID = id
			return out, nil
		}), inCourt)
		authz.Register(api, huma.Operation{
			OperationID: "set-court-user-roles", Method: http.MethodPut, Path: "/courts/{courtId}/users/{userId}/roles", Tags: tags,
			Summary: "Change a user's roles in the court", DefaultStatus: http.StatusNoContent,
			Errors: []int{http.StatusUnprocessableEntity},
		}, authz.CourtUsersManage, auth.Handle(func(ctx context.Context, c auth.Caller, in *UserRolesInput) (*Done, error) {
			return done(svc.SetRoles(ctx, c.Principal, in.CourtID, in.UserID, in.Body.Roles))
		}), inCourt)
		authz.Register(api, huma.Operation{
			OperationID: "certify-court-user", Method: http.MethodPut, Path: "/courts/{courtId}/users/{userId}/certification", Tags: tags,
			Summary: "Record or renew a user's CLETS certification", DefaultStatus: http.StatusNoContent,
			Errors: []int{http.StatusUnprocessableEntity},
		}, authz.CourtUsersManage, auth.Handle(func(ctx context.Context, c auth.Caller, in *CertificationInput) (*Done, error) {
			return done(svc.Certify(ctx, c.Principal, in.CourtID, in.UserID, in.Body.Until))
		}), inCourt)
		authz.Register(api, huma.Operation{
			OperationID: "remove-court-user", Method: http.MethodPost, Path: "/courts/{courtId}/users/{userId}/remove", Tags: tags,
			Summary: "Remove a user from the court (its account and other courts stay)", DefaultStatus: http.StatusNoContent,
		}, authz.CourtUsersManage, auth.Handle(func(ctx context.Context, c auth.Caller, in *UserInput) (*Done, error) {
			return done(svc.Remove(ctx, c.Principal, in.CourtID, in.UserID))
		}), inCourt)
		authz.Register(api, huma.Operation{
			OperationID: "restore-court-user", Method: http.MethodPost, Path: "/courts/{courtId}/users/{userId}/restore", Tags: tags,
			Summary: "Restore a removed user with the roles it held", DefaultStatus: http.StatusNoContent,
			Errors: []int{http.StatusConflict},
		}, authz.CourtUsersManage, auth.Handle(func(ctx context.Context, c auth.Caller, in *UserInput) (*Done, error) {
			return done(svc.Restore(ctx, c.Principal, in.CourtID, in.UserID))
		}), inCourt)
		authz.Register(api, huma.Operation{
			OperationID: "disable-account", Method: http.MethodPost, Path: "/users/{userId}/disable", Tags: tags,
			Summary:       "Disable a whole account",
			Description:   "For the statewide help desk and platform administrators; its sessions end and the user is told by e-mail.",
			DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound},
		}, authz.AccountManage, auth.Handle(func(ctx context.Context, c auth.Caller, in *AccountInput) (*Done, error) {
			return done(svc.SetDisabled(ctx, c.Principal, in.UserID, true))
		}))
		authz.Register(api, huma.Operation{
			OperationID: "enable-account", Method: http.MethodPost, Path: "/users/{userId}/enable", Tags: tags,
			Summary:       "Enable a disabled account again",
			Description:   "For the statewide help desk and platform administrators; the user is told by e-mail.",
			DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound},
		}, authz.AccountManage, auth.Handle(func(ctx context.Context, c auth.Caller, in *AccountInput) (*Done, error) {
			return done(svc.SetDisabled(ctx, c.Principal, in.UserID, false))
		}))
	}
}
