// Package onboarding is the platform administrators' side of the registry: courts
// created and edited, each court's on-boarding checklist (the seed's "On-Boarding
// Process": an engagement meeting with the court's CEO and the sheriff, the decision
// with a go-live date at least 60 days later, follow-up discussions, going live),
// court administrators appointed, and the changes that take a second platform
// administrator's approval (a court's ORI, turning its statewide sharing off,
// appointing a platform administrator). See docs/design.md "Who uses it".
package onboarding

import (
	"time"

	"github.com/ccpor/ccpor/backend/internal/court"
)

// Steps of the checklist, in order.
const (
	StepEngagement = "engagement_meeting"
	StepDecision   = "decision"
	StepFollowUp   = "follow_up"
	StepGoLive     = "go_live"
)

// Kinds of change that take a second platform administrator's approval.
const (
	ChangeORI           = "ori"
	ChangeSharingOff    = "sharing_off"
	ChangePlatformAdmin = "platform_admin"
)

// LeadDays is the seed's lead time between the decision to on-board and going live.
const LeadDays = 60

// CourtFields are what a platform administrator sets on a court.
type CourtFields struct {
	Name            string        `json:"name" maxLength:"200" example:"Superior Court of California, County of Alameda"`
	County          string        `json:"county,omitempty" maxLength:"40" example:"Alameda" doc:"required for county courts"`
	ORI             string        `json:"ori,omitempty" maxLength:"9" example:"CA0010000" doc:"originating agency identifier at the DOJ: CA and seven letters or digits"`
	CLETSSubmitting bool          `json:"cletsSubmitting" doc:"whether the court's orders are sent to CARPOS through the registry"`
	SharesStatewide bool          `json:"sharesStatewide" doc:"whether other courts read this court's orders"`
	Contact         court.Contact `json:"contact" doc:"whom other courts call about its orders"`
}

// NewCourt is a court to create; it starts planned.
type NewCourt struct {
	Code string `json:"code" maxLength:"40" example:"alameda" doc:"short name used in URLs and reports: lower-case letters, digits and hyphens, starting with a letter"`
	Kind string `json:"kind" enum:"county,tribal"`
	CourtFields
}

// CourtEdit is a court's new settings. A new ORI where the court had one, or
// statewide sharing turned off, is not applied but proposed for approval.
type CourtEdit struct {
	CourtFields
	Reason string `json:"reason,omitempty" maxLength:"2000" doc:"why, for a change that needs a second platform administrator's approval"`
}

// CourtEditResult is a court after an edit, with the changes it left waiting.
type CourtEditResult struct {
	Court   court.Court   `json:"court"`
	Pending []CourtChange `json:"pending" doc:"changes of this edit waiting for a second platform administrator"`
}

// OnboardingStepInput records one step of the checklist.
type OnboardingStepInput struct {
	Step       string `json:"step" enum:"engagement_meeting,decision,follow_up"`
	OccurredOn string `json:"occurredOn" format:"date" doc:"the day it happened; may be earlier than today"`
	GoLiveOn   string `json:"goLiveOn,omitempty" format:"date" doc:"for the decision: the go-live date chosen, at least 60 days after the decision"`
	Note       string `json:"note,omitempty" maxLength:"2000" doc:"who took part, what was agreed"`
}

// CourtGoLiveInput takes a court live.
type CourtGoLiveInput struct {
	OccurredOn string `json:"occurredOn" format:"date" doc:"the day the court went live; may be earlier than today"`
	Note       string `json:"note,omitempty" maxLength:"2000"`
}

// OnboardingStep is one recorded step.
type OnboardingStep struct {
	ID             string    `json:"id" format:"uuid"`
	Step           string    `json:"step" enum:"engagement_meeting,decision,follow_up,go_live"`
	OccurredOn     string    `json:"occurredOn" format:"date" doc:"the day it happened, as entered"`
	GoLiveOn       string    `json:"goLiveOn,omitempty" format:"date"`
	Note           string    `json:"note,omitempty"`
	RecordedBy     string    `json:"recordedBy" doc:"the username of who recorded it"`
	RecordedByName string    `json:"recordedByName"`
	RecordedAt     time.Time `json:"recordedAt" doc:"when it was recorded"`
}

// CourtOnboarding is a court's checklist and what stands between it and going live.
type CourtOnboarding struct {
	Court       court.Court      `json:"court"`
	Steps       []OnboardingStep `json:"steps" doc:"every recorded step, oldest first"`
	CourtAdmins []court.Member   `json:"courtAdmins" doc:"the court's administrators"`
	Pending     []CourtChange    `json:"pending" doc:"changes to this court waiting for approval"`
	Blockers    []string         `json:"blockers" doc:"why the court cannot go live yet; empty when it can (or is live)"`
}

// CourtChange is a change that takes a second platform administrator's approval.
type CourtChange struct {
	ID             string     `json:"id" format:"uuid"`
	CourtID        string     `json:"courtId" format:"uuid"`
	CourtName      string     `json:"courtName"`
	Kind           string     `json:"kind" enum:"ori,sharing_off,platform_admin"`
	OldORI         string     `json:"oldOri,omitempty"`
	NewORI         string     `json:"newOri,omitempty"`
	UserID         string     `json:"userId,omitempty" format:"uuid" doc:"for platform_admin: whom to appoint"`
	Username       string     `json:"username,omitempty"`
	Reason         string     `json:"reason,omitempty"`
	ProposedBy     string     `json:"proposedBy" doc:"username"`
	ProposedByName string     `json:"proposedByName"`
	ProposedAt     time.Time  `json:"proposedAt"`
	Decision       string     `json:"decision,omitempty" enum:"approved,rejected"`
	DecidedBy      string     `json:"decidedBy,omitempty"`
	DecidedAt      *time.Time `json:"decidedAt,omitempty"`
	DecisionNote   string     `json:"decisionNote,omitempty"`
	// Approvers is how many other platform administrators could decide it now.
	Approvers int `json:"approvers" doc:"how many platform administrators other than the proposer could decide it"`
	// Mine is true when the caller proposed it (and so cannot decide it).
	Mine bool `json:"mine" doc:"whether the caller proposed it, and so cannot approve or reject it"`
}

// CourtAdminAppointment names who becomes a court administrator: an existing user by
// username, or a new one (with name and e-mail) who is invited.
type CourtAdminAppointment struct {
	Username    string `json:"username" maxLength:"64" example:"mgarcia"`
	DisplayName string `json:"displayName,omitempty" maxLength:"200" doc:"for a new user: the full name"`
	Email       string `json:"email,omitempty" maxLength:"254" doc:"for a new user: the e-mail address"`
}

// CourtAdminAppointed is the outcome of an appointment.
type CourtAdminAppointed struct {
	UserID  string `json:"userId" format:"uuid"`
	Invited bool   `json:"invited" doc:"whether a new user was invited (the invitation is e-mailed to them)"`
}

// PlatformAdminProposal proposes a platform administrator.
type PlatformAdminProposal struct {
	Username string `json:"username" maxLength:"64"`
	Reason   string `json:"reason,omitempty" maxLength:"2000"`
}

// ChangeDecision approves or rejects a change.
type ChangeDecision struct {
	Note string `json:"note,omitempty" maxLength:"2000"`
}
