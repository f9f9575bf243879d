// Package court is the court directory: the registry's tenants, and who holds
// which role in each. Its API reads; onboarding and role grants come later.
package court

// Court is one tenant: a county superior court, a tribal court, or the statewide
// domain of the statewide roles (which holds no orders).
type Court struct {
	ID               string   `json:"id" format:"uuid" doc:"the court's id; the domain of its roles"`
	Code             string   `json:"code" example:"alameda" doc:"short name used in URLs and reports"`
	Name             string   `json:"name" example:"Superior Court of California, County of Alameda"`
	Kind             string   `json:"kind" enum:"county,tribal,statewide" doc:"statewide is the domain of the statewide roles and holds no orders"`
	County           string   `json:"county,omitempty" example:"Alameda" doc:"the county, for county courts"`
	ORI              string   `json:"ori,omitempty" example:"CA0010000" doc:"originating agency identifier at the DOJ"`
	CLETSSubmitting  bool     `json:"cletsSubmitting" doc:"whether the court's orders are sent to CARPOS through the registry"`
	SharesStatewide  bool     `json:"sharesStatewide" doc:"whether other courts read this court's orders"`
	OnboardingStatus string   `json:"onboardingStatus" enum:"planned,onboarding,pilot,live"`
	GoLiveDate       string   `json:"goLiveDate,omitempty" format:"date" doc:"the day the court went or goes live"`
	Contact          *Contact `json:"contact,omitempty" doc:"whom other courts call about its orders"`
}

// Contact is a court's contact for the registry.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Member is a user holding at least one role in a court.
type Member struct {
	UserID              string   `json:"userId" format:"uuid"`
	Username            string   `json:"username" example:"mgarcia"`
	DisplayName         string   `json:"displayName" example:"Maria Garcia"`
	Roles               []string `json:"roles" enum:"platform_admin,court_admin,helpdesk,clerk,judicial_officer,sheriff,auditor" doc:"the user's current roles in this court"`
	CLETSCertifiedUntil string   `json:"cletsCertifiedUntil,omitempty" format:"date" doc:"the last day of the user's CLETS certification, if any"`
}
