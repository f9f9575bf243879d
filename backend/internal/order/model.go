// Package order is what a restraining or protective order is: the content of
// a version, every field the form prints, typed; and the order as the registry
// answers it, its head (court, status, expiry, service) with one version. The
// registry's rules are in the packages below it: calendar, forms, person,
// precedence and registry.
package order

// Content is what one version of an order says: every field printed on the form,
// typed. It is the body of create and modify, and a version's stored content
// (without the protected persons' addresses, which live apart; see registry/store.go).
type Content struct {
	Type             string            `json:"type" enum:"criminal_protective_order,civil_harassment,domestic_violence,elder_dependent_adult_abuse,emergency_protective_order,juvenile,workplace_violence" doc:"the kind of order; each form belongs to one type (forms/definitions.go)"`
	Form             Form              `json:"form"`
	CaseNumber       string            `json:"caseNumber" pattern:"^[0-9A-Z][0-9A-Z-]{2,29}$" patternDescription:"3 to 30 capital letters, digits and hyphens, as printed (e.g. 06NF0886)" example:"06NF0886" doc:"the court's case number, as printed: 3 to 30 capital letters, digits and hyphens"`
	OrderKind        string            `json:"orderKind" enum:"pending_trial,probation_condition,post_conviction,temporary,after_hearing,emergency" doc:"CR-160: the caption check box, pending trial (Pen. Code 136.2), probation condition (1203.097(a)(2)) or upon conviction (136.2(i) and others); other forms: temporary (pending the hearing), after hearing, or emergency, as the form is"`
	Modification     bool              `json:"modification,omitempty" doc:"caption check box MODIFICATION"`
	DomesticViolence bool              `json:"domesticViolenceCase,omitempty" doc:"caption check box DOMESTIC VIOLENCE CASE"`
	Statutes         []string          `json:"statutes,omitempty" maxItems:"10" doc:"statutes printed under the title" example:"[\"Penal Code 136.2\"]"`
	Caption          Caption           `json:"caption"`
	IssuedOn         string            `json:"issuedOn" format:"date" doc:"the day a judicial officer issued the order (signature date)"`
	ExpiresOn        string            `json:"expiresOn,omitempty" format:"date" doc:"the expiry date written on the order, if any; without one the form revision's rule applies"`
	PrecedenceNotice bool              `json:"precedenceNotice,omitempty" doc:"the form prints: this order takes precedence over any conflicting court order"`
	RestrainedPerson RestrainedPerson  `json:"restrainedPerson"`
	ProtectedPersons []ProtectedPerson `json:"protectedPersons" minItems:"1" maxItems:"20" doc:"the persons protected; at least one"`
	Hearing          *Hearing          `json:"hearing,omitempty"`
	Conditions       Conditions        `json:"conditions"`
	Findings         *Findings         `json:"findings,omitempty" doc:"findings of the 2023 revision (item 3a, 3b)"`
	Emergency        *Emergency        `json:"emergency,omitempty" doc:"what the officer and the judicial officer write on an emergency protective order (EPO-001)"`
}

// Emergency is what an emergency protective order (EPO-001) records besides the
// persons and the orders: the law enforcement side and the grant.
type Emergency struct {
	LawEnforcementCaseNumber string `json:"lawEnforcementCaseNumber,omitempty" maxLength:"30" doc:"the agency's case number (top of the form)"`
	GrantedBy                string `json:"grantedBy,omitempty" maxLength:"200" doc:"the judicial officer who granted the order (item 8)"`
	GrantedAt                string `json:"grantedAt,omitempty" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$" patternDescription:"a time of day as HH:MM, 24 hours (e.g. 08:30)" doc:"the time it was granted, HH:MM (item 8)"`
	Officer                  string `json:"officer,omitempty" maxLength:"200" doc:"the officer who applied (By)"`
	Agency                   string `json:"agency,omitempty" maxLength:"200" doc:"the officer's agency"`
	BadgeNumber              string `json:"badgeNumber,omitempty" maxLength:"30" doc:"the officer's badge number"`
	ChildrenInCareOf         string `json:"childrenInCareOf,omitempty" maxLength:"200" doc:"who is given temporary care and control of the minor children (item 4)"`
	LongerOrderCourt         string `json:"longerOrderCourt,omitempty" maxLength:"300" doc:"the court where the protected person may ask for a longer order (item 6)"`
}

// Form names the form and its revision: item numbers and defaults differ between
// revisions, so every order keeps both.
type Form struct {
	Number   string `json:"number" enum:"CR-160,CH-110,CH-130,DV-110,DV-130,EA-110,EA-130,EPO-001,JV-250,JV-255,WV-110,WV-130" doc:"Judicial Council form number"`
	Revision string `json:"revision" format:"date" enum:"2005-01-01,2014-01-01,2019-01-22,2023-03-01,2025-01-01,2025-04-28" doc:"the revision date printed in the form's footer"`
}

// Caption is the court's block of the form as printed on this order.
type Caption struct {
	CourtName string `json:"courtName" minLength:"3" maxLength:"200" example:"Superior Court of California, County of Orange"`
	Branch    string `json:"branch,omitempty" maxLength:"200" example:"North Justice Center"`
	Address   string `json:"address,omitempty" maxLength:"300"`
	FiledOn   string `json:"filedOn,omitempty" format:"date" doc:"the FILED stamp's date"`
	Clerk     string `json:"clerk,omitempty" maxLength:"200" doc:"executive officer or clerk named in the stamp"`
	Deputy    string `json:"deputy,omitempty" maxLength:"200" doc:"deputy clerk named in the stamp"`
}

// RestrainedPerson is the defendant (item 1 of the 2023 revision; the caption
// block of 2005). Codes as on the form and in CLETS (HAI, EYE, RAC).
type RestrainedPerson struct {
	Name           string   `json:"name" minLength:"1" maxLength:"200" doc:"complete name as printed" example:"Marc Jones"`
	Aliases        []string `json:"aliases,omitempty" maxItems:"10" doc:"other names"`
	Sex            string   `json:"sex" enum:"M,F,X" doc:"M, F, or X (nonbinary, 2023 revision)"`
	Race           string   `json:"race,omitempty" maxLength:"40" doc:"race as written, or its CLETS code (e.g. B, W, H)"`
	HeightInches   int      `json:"heightInches,omitempty" minimum:"24" maximum:"107" doc:"height in inches (6-1 is 73); at most 8 ft 11 in"`
	WeightPounds   int      `json:"weightPounds,omitempty" minimum:"1" maximum:"1000"`
	Hair           string   `json:"hair,omitempty" maxLength:"20" example:"BRN" doc:"hair colour as written"`
	Eyes           string   `json:"eyes,omitempty" maxLength:"20" example:"BRO" doc:"eye colour as written"`
	DOB            string   `json:"dob,omitempty" format:"date" doc:"date of birth; not in the future, not after the issue date"`
	Age            int      `json:"age,omitempty" minimum:"0" maximum:"130"`
	Address        string   `json:"address,omitempty" maxLength:"300"`
	PeaceOfficer   bool     `json:"peaceOfficer,omitempty" doc:"the defendant is a peace officer"`
	PeaceOfficerOf string   `json:"peaceOfficerDepartment,omitempty" maxLength:"200" doc:"the peace officer's department"`
	Relationship   string   `json:"relationship,omitempty" maxLength:"100" doc:"relationship to the first protected person (civil forms, item 2)"`
}

// ProtectedPerson is one person the order protects (items 2 and 3 of 2023, item
// 7 of 2005).
type ProtectedPerson struct {
	Name         string `json:"name" minLength:"1" maxLength:"200" example:"Mary Smith"`
	Sex          string `json:"sex,omitempty" enum:"M,F,X"`
	DOB          string `json:"dob,omitempty" format:"date"`
	Age          int    `json:"age,omitempty" minimum:"0" maximum:"130"`
	Relationship string `json:"relationship,omitempty" maxLength:"100" doc:"relationship to the first protected person"`
	Address      string `json:"address,omitempty" maxLength:"300" doc:"shown only to the issuing court and to sheriffs"`
	// AddressMasked is set in answers when an address is on file but hidden from the caller.
	AddressMasked bool `json:"addressMasked,omitempty" readOnly:"true" doc:"an address is on file but only the issuing court and sheriffs see it"`
}

// Hearing is where and when the order was heard.
type Hearing struct {
	Date             string `json:"date,omitempty" format:"date"`
	Time             string `json:"time,omitempty" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$" patternDescription:"a time of day as HH:MM, 24 hours (e.g. 08:30)" example:"08:30" doc:"HH:MM, 24 hours"`
	Department       string `json:"department,omitempty" maxLength:"20" example:"N7"`
	Room             string `json:"room,omitempty" maxLength:"20"`
	JudicialOfficer  string `json:"judicialOfficer,omitempty" maxLength:"200"`
	DefendantPresent bool   `json:"defendantPresent,omitempty" doc:"defendant personally present; no further proof of service needed"`
}

// Findings are the court's findings printed on the 2023 revision.
type Findings struct {
	FamilyMembersHarmed bool `json:"familyMembersHarmed,omitempty" doc:"item 3a"`
	WitnessesHarassed   bool `json:"witnessesHarassed,omitempty" doc:"item 3b"`
}

// Conditions are the orders the judge made, each a typed field; PCOCodes maps them
// to the national file's condition codes (docs/codes.md).
type Conditions struct {
	NoAbuse                 bool             `json:"noAbuse,omitempty" doc:"must not annoy, harass, stalk, threaten, assault or disturb the peace (PCO 01)"`
	Firearms                *Firearms        `json:"firearms,omitempty" doc:"no firearms; surrender and receipt (PCO 07)"`
	NoDissuadingWitness     bool             `json:"noDissuadingWitness,omitempty" doc:"must not prevent or dissuade a victim or witness (PCO 08)"`
	NoContact               bool             `json:"noContact,omitempty" doc:"no personal, telephonic, written or electronic contact (PCO 05)"`
	NoThirdPartyContact     bool             `json:"noThirdPartyContact,omitempty" doc:"no contact through a third party, except an attorney of record (PCO 05)"`
	NoObtainingAddresses    bool             `json:"noObtainingAddresses,omitempty" doc:"must not obtain protected persons' addresses (2023 item 10) (PCO 08)"`
	StayAway                *StayAway        `json:"stayAway,omitempty" doc:"stay away (PCO 04)"`
	PeacefulContactExchange *PeacefulContact `json:"peacefulContactChildExchange,omitempty" doc:"exception: peaceful contact for the safe exchange of children (PCO 06)"`
	MayRecord               bool             `json:"mayRecordProhibitedCommunications,omitempty" doc:"the protected person may record prohibited communications (PCO 08)"`
	ElectronicMonitoring    string           `json:"electronicMonitoring,omitempty" maxLength:"200" doc:"length of electronic monitoring, at most one year (2023 item 16) (PCO 08)"`
	OtherOrders             []string         `json:"otherOrders,omitempty" maxItems:"20" doc:"other orders, as written (PCO 08)"`
	NoBodyArmor             bool             `json:"noBodyArmor,omitempty" doc:"must not own, possess or buy body armor (PCO 07)"`
	MoveOutFrom             string           `json:"moveOutFrom,omitempty" maxLength:"300" doc:"must move out immediately from this address (PCO 03)"`
}

// Firearms is the firearm order and its deadlines in hours, as the revision prints them.
type Firearms struct {
	Prohibited              bool   `json:"prohibited" doc:"must not own, possess, buy or receive firearms or ammunition"`
	SurrenderHoursIfPresent int    `json:"surrenderWithinHoursIfPresent,omitempty" minimum:"1" maximum:"720" example:"24"`
	SurrenderHoursIfServed  int    `json:"surrenderWithinHoursIfServed,omitempty" minimum:"1" maximum:"720" example:"48"`
	SurrenderOther          string `json:"surrenderOther,omitempty" maxLength:"500" doc:"other surrender terms as written"`
	ReceiptWithinHours      int    `json:"receiptWithinHours,omitempty" minimum:"1" maximum:"720" example:"72"`
	ReviewHearingDate       string `json:"reviewHearingDate,omitempty" format:"date" doc:"firearm review hearing (2023 item 8d)"`
}

// StayAway is the stay-away order: a distance and the places and persons.
type StayAway struct {
	Yards                int      `json:"yards" minimum:"1" maximum:"9999" example:"100"`
	FromProtectedPersons bool     `json:"fromProtectedPersons,omitempty"`
	Home                 bool     `json:"home,omitempty"`
	Workplace            bool     `json:"workplace,omitempty"`
	Vehicle              bool     `json:"vehicle,omitempty"`
	OtherLocations       []string `json:"otherLocations,omitempty" maxItems:"10" doc:"other stay-away locations, as written"`
}

// PeacefulContact is the child-exchange exception (2005 items 4 and 5, 2023 item 14).
type PeacefulContact struct {
	FamilyCaseNumber string `json:"familyCaseNumber,omitempty" maxLength:"30" doc:"the family, juvenile or probate order's case number"`
	OrderIssuedOn    string `json:"orderIssuedOn,omitempty" format:"date"`
	LaterOrders      bool   `json:"laterOrders,omitempty" doc:"also any such order issued after this one"`
}

// Order is an order as the registry answers it: its head and its current version.
type Order struct {
	ID           string            `json:"id" format:"uuid"`
	CourtID      string            `json:"courtId" format:"uuid" doc:"the issuing court"`
	Status       string            `json:"status" enum:"draft,active,cancelled,expired,superseded"`
	Version      int               `json:"version" doc:"the number of the version shown: the current one unless another was asked for"`
	Expiry       Expiry            `json:"expiry"`
	Service      ProofOfService    `json:"service"`
	Cancellation *Cancellation     `json:"cancellation,omitempty"`
	SupersededBy string            `json:"supersededBy,omitempty" format:"uuid"`
	PCOCodes     []string          `json:"pcoCodes" doc:"national protection order condition codes of the conditions (docs/codes.md)"`
	FormItems    map[string]string `json:"formItems,omitempty" doc:"the form item of each condition in this order's revision"`
	Content      Content           `json:"content"`
	ETag         string            `json:"-"`
}

// Expiry is when the order ends and why.
type Expiry struct {
	On   string `json:"on,omitempty" format:"date" doc:"the last day in force; absent: until further order"`
	Rule string `json:"rule" enum:"written,three_years_after_issuance,until_further_order,end_of_hearing,three_years_after_hearing,emergency_court_days"`
}

// ProofOfService says whether and how the restrained person was served.
type ProofOfService struct {
	Status string         `json:"status" enum:"unserved,served"`
	Record *ServiceRecord `json:"record,omitempty"`
}

// ServiceRecord is how the restrained person was served.
type ServiceRecord struct {
	On       string `json:"servedOn" format:"date"`
	Time     string `json:"servedAt,omitempty" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$" patternDescription:"a time of day as HH:MM, 24 hours (e.g. 08:30)" doc:"HH:MM, 24 hours"`
	Method   string `json:"method" enum:"personal,at_hearing,substituted,mail,electronic"`
	ServedBy string `json:"servedBy" minLength:"1" maxLength:"200"`
	Agency   string `json:"agency,omitempty" maxLength:"200"`
	// Where and what: the address of service and the documents handed over
	// (the proof of service forms' items "address" and "documents served").
	Address   string   `json:"address,omitempty" maxLength:"300" doc:"where the restrained person was served"`
	Documents []string `json:"documents,omitempty" maxItems:"12" doc:"the forms served, by number (e.g. DV-110, DV-109); each must be one the type's proof of service lists"`
	// Version is the version of the order that was served.
	Version int `json:"version,omitempty" minimum:"0" doc:"the version served; absent or 0: the current one"`
}

// Cancellation is why and when an order was terminated.
type Cancellation struct {
	On     string `json:"on" format:"date"`
	Reason string `json:"reason"`
}

// Summary is an order in a list.
type Summary struct {
	ID         string `json:"id" format:"uuid"`
	CourtID    string `json:"courtId" format:"uuid"`
	CaseNumber string `json:"caseNumber"`
	Type       string `json:"type"`
	FormNumber string `json:"formNumber"`
	Status     string `json:"status"`
	IssuedOn   string `json:"issuedOn" format:"date"`
	ExpiresOn  string `json:"expiresOn,omitempty" format:"date"`
	Version    int    `json:"version"`
	Service    string `json:"serviceStatus" enum:"unserved,served"`
}

// VersionInfo is one version in the history.
type VersionInfo struct {
	Version   int    `json:"version"`
	CreatedAt string `json:"createdAt" format:"date-time"`
	CreatedBy string `json:"createdBy" format:"uuid"`
	// CreatedByName is the saver's display name when the version was saved.
	CreatedByName string `json:"createdByName" doc:"the name of the person who saved the version, as it was then"`
}

// Change is one field that differs between two versions.
type Change struct {
	Field string `json:"field" example:"conditions.stayAway.yards" doc:"the field's path in the content"`
	From  any    `json:"from,omitempty"`
	To    any    `json:"to,omitempty"`
}
