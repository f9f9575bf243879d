package users

// User is a user of a court as its administrators see it.
type User struct {
	UserID              string   `json:"userId" format:"uuid"`
	Username            string   `json:"username" example:"mgarcia"`
	DisplayName         string   `json:"displayName" example:"Maria Garcia"`
	Email               string   `json:"email" example:"mgarcia@courts.example"`
	Roles               []string `json:"roles" enum:"platform_admin,court_admin,helpdesk,clerk,judicial_officer,sheriff,auditor" doc:"the user's roles in the court; for a removed user, the roles it held"`
	Removed             bool     `json:"removed" doc:"removed from the court (its membership ended); it may be restored"`
	CLETSCertifiedUntil string   `json:"cletsCertifiedUntil,omitempty" format:"date" doc:"the last day of the user's CLETS certification, if any"`
	LastSignIn          string   `json:"lastSignIn,omitempty" format:"date-time" doc:"when the user last signed in, if ever"`
	NeverSignedIn       bool     `json:"neverSignedIn" doc:"the user has not signed in yet (an invitation may be pending)"`
	Disabled            bool     `json:"disabled" doc:"the whole account is disabled (by the help desk or for inactivity)"`
}
