package forms

import "github.com/ccpor/ccpor/backend/internal/order"

// Form definitions: one Go struct per form revision. Each field is one item of
// the printed form: its tags name the place of the item in an order's Content
// (path), the form's section, item number and label, and whether the form
// requires it (required). The field's Go type is the type of that place in
// Content (a test checks it), so a definition is typed and holds no field bag.
// The blank field names the form, its revision, the order type and kind it
// makes, and its expiry rule. A Content field that no item of the form names
// is refused for that form. Items and labels are from docs/forms.md; where a
// form was not found (WV-130, JV-250) the definition is built from its sibling
// forms and says so in its note.
//
// Shared groups of items are embedded structs: their fields are the form's.

// cr160Items are the CR-160 items of the 2019 and 2023 revisions (item numbers are
// the 2023 revision's; the 2019 revision prints none the registry knows). The
// items the 2023 revision added are its own struct's fields.
type cr160Items struct {
	CourtName          string                  `path:"caption.courtName" section:"Court" item:"caption" label:"Superior Court of California, County of" required:"true"`
	Branch             string                  `path:"caption.branch" section:"Court" item:"caption" label:"Branch"`
	CourtAddress       string                  `path:"caption.address" section:"Court" item:"caption" label:"Court address"`
	FiledOn            string                  `path:"caption.filedOn" section:"Court" item:"caption" label:"FILED stamp date"`
	Clerk              string                  `path:"caption.clerk" section:"Court" item:"caption" label:"Executive officer or clerk"`
	Deputy             string                  `path:"caption.deputy" section:"Court" item:"caption" label:"Deputy clerk"`
	CaseNumber         string                  `path:"caseNumber" section:"Court" item:"caption" label:"Case number" required:"true" hint:"As printed: capital letters, digits and hyphens, e.g. 06NF0886"`
	OrderKind          string                  `path:"orderKind" section:"Court" item:"caption" label:"Kind of order" required:"true"`
	Modification       bool                    `path:"modification" section:"Court" item:"caption" label:"Modification"`
	DomesticViolence   bool                    `path:"domesticViolenceCase" section:"Court" item:"caption" label:"Domestic violence case"`
	Statutes           []string                `path:"statutes" section:"Court" item:"caption" label:"Statutes"`
	PrecedenceNotice   bool                    `path:"precedenceNotice" section:"Court" item:"caption" label:"This order takes precedence over any conflicting order"`
	IssuedOn           string                  `path:"issuedOn" section:"Court" item:"signature" label:"Date issued (judicial officer's signature)" required:"true"`
	Name               string                  `path:"restrainedPerson.name" section:"Defendant" item:"1" label:"Full name" required:"true"`
	Aliases            []string                `path:"restrainedPerson.aliases" section:"Defendant" item:"1" label:"Other names"`
	Sex                string                  `path:"restrainedPerson.sex" section:"Defendant" item:"1" label:"Sex" required:"true"`
	Race               string                  `path:"restrainedPerson.race" section:"Defendant" item:"1" label:"Race"`
	Height             int                     `path:"restrainedPerson.heightInches" section:"Defendant" item:"1" label:"Height"`
	Weight             int                     `path:"restrainedPerson.weightPounds" section:"Defendant" item:"1" label:"Weight (pounds)"`
	Hair               string                  `path:"restrainedPerson.hair" section:"Defendant" item:"1" label:"Hair color"`
	Eyes               string                  `path:"restrainedPerson.eyes" section:"Defendant" item:"1" label:"Eye color"`
	DOB                string                  `path:"restrainedPerson.dob" section:"Defendant" item:"1" label:"Date of birth"`
	Age                int                     `path:"restrainedPerson.age" section:"Defendant" item:"1" label:"Age"`
	Address            string                  `path:"restrainedPerson.address" section:"Defendant" item:"1" label:"Address"`
	PeaceOfficer       bool                    `path:"restrainedPerson.peaceOfficer" section:"Defendant" item:"1" label:"Peace officer"`
	PeaceOfficerOf     string                  `path:"restrainedPerson.peaceOfficerDepartment" section:"Defendant" item:"1" label:"Department"`
	Protected          []order.ProtectedPerson `path:"protectedPersons" section:"Protected persons" item:"2, 3" label:"Protected persons" required:"true"`
	ProtectedName      string                  `path:"protectedPersons[].name" section:"Protected persons" item:"2" label:"Full name" required:"true"`
	ProtectedSex       string                  `path:"protectedPersons[].sex" section:"Protected persons" item:"2" label:"Sex"`
	ProtectedDOB       string                  `path:"protectedPersons[].dob" section:"Protected persons" item:"2" label:"Date of birth"`
	ProtectedAge       int                     `path:"protectedPersons[].age" section:"Protected persons" item:"2" label:"Age"`
	ProtectedRel       string                  `path:"protectedPersons[].relationship" section:"Protected persons" item:"3" label:"Relationship"`
	ProtectedAddress   string                  `path:"protectedPersons[].address" section:"Protected persons" item:"2" label:"Address"`
	HearingDate        string                  `path:"hearing.date" section:"Hearing" item:"caption" label:"Hearing date"`
	HearingTime        string                  `path:"hearing.time" section:"Hearing" item:"caption" label:"Time"`
	Department         string                  `path:"hearing.department" section:"Hearing" item:"caption" label:"Dept."`
	Room               string                  `path:"hearing.room" section:"Hearing" item:"caption" label:"Room"`
	JudicialOfficer    string                  `path:"hearing.judicialOfficer" section:"Hearing" item:"caption" label:"Judicial officer"`
	Present            bool                    `path:"hearing.defendantPresent" section:"Hearing" item:"caption" label:"Defendant present at the hearing"`
	Firearms           *order.Firearms         `path:"conditions.firearms" section:"Orders" item:"8" label:"No firearms or ammunition"`
	FirearmsProhibited bool                    `path:"conditions.firearms.prohibited" section:"Orders" item:"8" label:"Must not own, possess, buy or receive firearms or ammunition"`
	SurrenderIfPresent int                     `path:"conditions.firearms.surrenderWithinHoursIfPresent" section:"Orders" item:"8" label:"Surrender within hours (if present at the hearing)"`
	SurrenderIfServed  int                     `path:"conditions.firearms.surrenderWithinHoursIfServed" section:"Orders" item:"8" label:"Surrender within hours (if served)"`
	SurrenderOther     string                  `path:"conditions.firearms.surrenderOther" section:"Orders" item:"8" label:"Other surrender terms"`
	ReceiptWithinHours int                     `path:"conditions.firearms.receiptWithinHours" section:"Orders" item:"8" label:"File a receipt within hours"`
	NoDissuading       bool                    `path:"conditions.noDissuadingWitness" section:"Orders" item:"9" label:"Must not dissuade a victim or witness"`
	NoAbuse            bool                    `path:"conditions.noAbuse" section:"Orders" item:"11" label:"Must not harass, stalk, threaten or assault"`
	NoContact          bool                    `path:"conditions.noContact" section:"Orders" item:"12" label:"No contact"`
	NoThirdParty       bool                    `path:"conditions.noThirdPartyContact" section:"Orders" item:"12" label:"No contact through a third party"`
	StayAway           *order.StayAway         `path:"conditions.stayAway" section:"Orders" item:"13" label:"Stay away"`
	Peaceful           *order.PeacefulContact  `path:"conditions.peacefulContactChildExchange" section:"Orders" item:"14" label:"Peaceful contact for the exchange of children"`
	MayRecord          bool                    `path:"conditions.mayRecordProhibitedCommunications" section:"Orders" item:"17" label:"Protected person may record prohibited communications"`
	OtherOrders        []string                `path:"conditions.otherOrders" section:"Orders" item:"18" label:"Other orders"`
	ExpiresOn          string                  `path:"expiresOn" section:"Expiration" item:"4b" label:"This order expires on" hint:"If no date is listed, the order remains in effect until further order."`
}

// CR160r2023 is the CR-160, Rev. March 1, 2023: the items of the 2019 revision and
// those it added (findings, 8d, 10, 16).
type CR160r2023 struct {
	_ struct{} `number:"CR-160" revision:"2023-03-01" type:"criminal_protective_order" kinds:"pending_trial,probation_condition,post_conviction" expiry:"until_further_order" title:"Criminal Protective Order—Domestic Violence"`
	cr160Items
	ReviewHearing string          `path:"conditions.firearms.reviewHearingDate" section:"Orders" item:"8d" label:"Firearm review hearing on"`
	NoAddresses   bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"10" label:"Must not obtain protected persons' addresses"`
	Monitoring    string          `path:"conditions.electronicMonitoring" section:"Orders" item:"16" label:"Electronic monitoring" hint:"At most one year"`
	Findings      *order.Findings `path:"findings" section:"Findings" item:"3" label:"Findings"`
}

// CR160r2019 is the CR-160, Rev. January 22, 2019 (its item list was seen only in
// part: the registry keeps its fields but no item numbers).
type CR160r2019 struct {
	_ struct{} `number:"CR-160" revision:"2019-01-22" type:"criminal_protective_order" kinds:"pending_trial,probation_condition,post_conviction" expiry:"until_further_order" title:"Criminal Protective Order—Domestic Violence" noItems:"true"`
	cr160Items
}

// CR160r2005 is the CR-160, Rev. January 1, 2005 (the seed's), as printed: its
// sections in the printed order, its item numbers (orders 3(a) to 3(f), 4 to 8)
// and its wording. The 2023 revision's added items are not on it.
type CR160r2005 struct {
	_                   struct{}                `number:"CR-160" revision:"2005-01-01" type:"criminal_protective_order" kinds:"pending_trial,probation_condition,post_conviction" expiry:"three_years_after_issuance" title:"Protective Order in Criminal Proceeding (CLETS)"`
	CaseNumber          string                  `path:"caseNumber" section:"Caption" label:"Case number" required:"true" hint:"As printed: capital letters, digits and hyphens, e.g. 06NF0886"`
	OrderKind           string                  `path:"orderKind" section:"Caption" label:"Kind of order" required:"true"`
	Modification        bool                    `path:"modification" section:"Caption" label:"Modification"`
	DomesticViolence    bool                    `path:"domesticViolenceCase" section:"Caption" label:"Domestic violence case"`
	PrecedenceNotice    bool                    `path:"precedenceNotice" section:"Caption" label:"The order prints: this order takes precedence over any conflicting court order"`
	Statutes            []string                `path:"statutes" section:"Caption" label:"Statutes printed under the title"`
	CourtName           string                  `path:"caption.courtName" section:"Caption" label:"Court" required:"true" hint:"As printed, e.g. Superior Court of California, County of Orange"`
	Branch              string                  `path:"caption.branch" section:"Caption" label:"Branch"`
	CourtAddress        string                  `path:"caption.address" section:"Caption" label:"Court address"`
	FiledOn             string                  `path:"caption.filedOn" section:"Caption" label:"Filed (date of the FILED stamp)"`
	Clerk               string                  `path:"caption.clerk" section:"Caption" label:"Executive officer or clerk"`
	Deputy              string                  `path:"caption.deputy" section:"Caption" label:"Deputy clerk"`
	Name                string                  `path:"restrainedPerson.name" section:"Person to be restrained" label:"Complete name" required:"true"`
	Aliases             []string                `path:"restrainedPerson.aliases" section:"Person to be restrained" label:"Other names (AKA)"`
	Sex                 string                  `path:"restrainedPerson.sex" section:"Person to be restrained" label:"Sex" required:"true"`
	Height              int                     `path:"restrainedPerson.heightInches" section:"Person to be restrained" label:"Height"`
	Weight              int                     `path:"restrainedPerson.weightPounds" section:"Person to be restrained" label:"Weight (pounds)"`
	Hair                string                  `path:"restrainedPerson.hair" section:"Person to be restrained" label:"Hair color"`
	Eyes                string                  `path:"restrainedPerson.eyes" section:"Person to be restrained" label:"Eye color"`
	Race                string                  `path:"restrainedPerson.race" section:"Person to be restrained" label:"Race"`
	Age                 int                     `path:"restrainedPerson.age" section:"Person to be restrained" label:"Age"`
	DOB                 string                  `path:"restrainedPerson.dob" section:"Person to be restrained" label:"Date of birth"`
	Address             string                  `path:"restrainedPerson.address" section:"Person to be restrained" label:"Address"`
	PeaceOfficer        bool                    `path:"restrainedPerson.peaceOfficer" section:"Person to be restrained" label:"The defendant is a peace officer"`
	PeaceOfficerOf      string                  `path:"restrainedPerson.peaceOfficerDepartment" section:"Person to be restrained" label:"Department"`
	HearingDate         string                  `path:"hearing.date" section:"1. Hearing" item:"1" label:"This proceeding was heard on (date)"`
	HearingTime         string                  `path:"hearing.time" section:"1. Hearing" item:"1" label:"At (time)"`
	Department          string                  `path:"hearing.department" section:"1. Hearing" item:"1" label:"Dept."`
	Room                string                  `path:"hearing.room" section:"1. Hearing" item:"1" label:"Room"`
	JudicialOfficer     string                  `path:"hearing.judicialOfficer" section:"1. Hearing" item:"1" label:"By judicial officer (name)"`
	Present             bool                    `path:"hearing.defendantPresent" section:"2. Presence at the hearing" item:"2" label:"Defendant was personally present at the court hearing, and no additional proof of service of the restraining order is required."`
	NoAbuse             bool                    `path:"conditions.noAbuse" section:"3. The court orders: the defendant" item:"3(a)" label:"Must not annoy, harass, stalk, threaten, sexually assault, batter, destroy personal property of, or otherwise disturb the peace of the protected persons."`
	Firearms            *order.Firearms         `path:"conditions.firearms" section:"3. The court orders: the defendant" item:"3(b)" label:"Must surrender or sell any firearm owned or in his or her possession or control within:"`
	FirearmsProhibited  bool                    `path:"conditions.firearms.prohibited" section:"3. The court orders: the defendant" item:"3(b)" label:"Must not own, possess, buy or receive firearms or ammunition"`
	SurrenderIfPresent  int                     `path:"conditions.firearms.surrenderWithinHoursIfPresent" section:"3. The court orders: the defendant" item:"3(b)" label:"(1) Hours after issuance (if present at the hearing)"`
	SurrenderIfServed   int                     `path:"conditions.firearms.surrenderWithinHoursIfServed" section:"3. The court orders: the defendant" item:"3(b)" label:"(2) Hours after service (if not present at the hearing)"`
	SurrenderOther      string                  `path:"conditions.firearms.surrenderOther" section:"3. The court orders: the defendant" item:"3(b)" label:"(3) Other (specify)"`
	ReceiptWithinHours  int                     `path:"conditions.firearms.receiptWithinHours" section:"3. The court orders: the defendant" item:"3(b)" label:"File a receipt with the court within (hours)"`
	NoDissuading        bool                    `path:"conditions.noDissuadingWitness" section:"3. The court orders: the defendant" item:"3(c)" label:"Must not attempt to or actually prevent or dissuade any victim or witness from attending a hearing, testifying or making a report."`
	NoContact           bool                    `path:"conditions.noContact" section:"3. The court orders: the defendant" item:"3(d)" label:"Must have no personal, telephonic, or written contact with the protected persons."`
	NoThirdParty        bool                    `path:"conditions.noThirdPartyContact" section:"3. The court orders: the defendant" item:"3(e)" label:"Must have no contact with the protected persons through a third party, except an attorney of record."`
	StayAway            *order.StayAway         `path:"conditions.stayAway" section:"3. The court orders: the defendant" item:"3(f)" label:"Must not come within the following distance:"`
	Yards               int                     `path:"conditions.stayAway.yards" section:"3. The court orders: the defendant" item:"3(f)" label:"Yards"`
	FromProtected       bool                    `path:"conditions.stayAway.fromProtectedPersons" section:"3. The court orders: the defendant" item:"3(f)" label:"Of the protected persons"`
	Home                bool                    `path:"conditions.stayAway.home" section:"3. The court orders: the defendant" item:"3(f)" label:"Of their home"`
	Workplace           bool                    `path:"conditions.stayAway.workplace" section:"3. The court orders: the defendant" item:"3(f)" label:"Of their job or workplace"`
	Vehicle             bool                    `path:"conditions.stayAway.vehicle" section:"3. The court orders: the defendant" item:"3(f)" label:"Of their vehicle"`
	Peaceful            *order.PeacefulContact  `path:"conditions.peacefulContactChildExchange" section:"4–5. Peaceful contact for the exchange of children" item:"4, 5" label:"May have peaceful contact with the protected persons only for the safe exchange of children for court-ordered visitation, as stated in a family, juvenile or probate order:"`
	FamilyCaseNumber    string                  `path:"conditions.peacefulContactChildExchange.familyCaseNumber" section:"4–5. Peaceful contact for the exchange of children" item:"4" label:"Case no."`
	FamilyOrderIssuedOn string                  `path:"conditions.peacefulContactChildExchange.orderIssuedOn" section:"4–5. Peaceful contact for the exchange of children" item:"4" label:"Issued on (date)"`
	LaterOrders         bool                    `path:"conditions.peacefulContactChildExchange.laterOrders" section:"4–5. Peaceful contact for the exchange of children" item:"5" label:"Also as stated in such an order issued after the date this order is signed"`
	MayRecord           bool                    `path:"conditions.mayRecordProhibitedCommunications" section:"6. Recording" item:"6" label:"The protected person may record any prohibited communications made by the restrained person."`
	Protected           []order.ProtectedPerson `path:"protectedPersons" section:"7. Protected persons and other orders" item:"7" label:"Protected persons" required:"true"`
	ProtectedName       string                  `path:"protectedPersons[].name" section:"7. Protected persons and other orders" item:"7" label:"Complete name" required:"true"`
	ProtectedDOB        string                  `path:"protectedPersons[].dob" section:"7. Protected persons and other orders" item:"7" label:"Date of birth"`
	ProtectedSex        string                  `path:"protectedPersons[].sex" section:"7. Protected persons and other orders" item:"7" label:"Sex"`
	ProtectedAge        int                     `path:"protectedPersons[].age" section:"7. Protected persons and other orders" item:"7" label:"Age"`
	ProtectedRel        string                  `path:"protectedPersons[].relationship" section:"7. Protected persons and other orders" item:"7" label:"Relationship to the first protected person" from:"2"`
	ProtectedAddress    string                  `path:"protectedPersons[].address" section:"7. Protected persons and other orders" item:"7" label:"Address"`
	OtherLocations      []string                `path:"conditions.stayAway.otherLocations" section:"7. Protected persons and other orders" item:"7" label:"Other stay-away locations"`
	OtherOrders         []string                `path:"conditions.otherOrders" section:"7. Protected persons and other orders" item:"7" label:"Other orders"`
	ExpiresOn           string                  `path:"expiresOn" section:"8. Expiry" item:"8" label:"This order expires on (date)" hint:"If no date is listed, this order expires three years from the date of issuance."`
	IssuedOn            string                  `path:"issuedOn" section:"Signature" label:"Date issued (signature date)" required:"true"`
}

// civilCaption is the caption and signature of the civil and juvenile orders.
type civilCaption struct {
	CourtName  string `path:"caption.courtName" section:"Court" item:"caption" label:"Superior Court of California, County of" required:"true"`
	CourtAddr  string `path:"caption.address" section:"Court" item:"caption" label:"Court address"`
	FiledOn    string `path:"caption.filedOn" section:"Court" item:"caption" label:"FILED stamp date"`
	CaseNumber string `path:"caseNumber" section:"Court" item:"caption" label:"Case number" required:"true"`
	IssuedOn   string `path:"issuedOn" section:"Court" item:"signature" label:"Date (judicial officer's signature)" required:"true"`
}

// civilRestrained is the restrained person block (CARPOS requires name, gender,
// race and age, starred on every form); item numbers are the form struct's.
type civilRestrained struct {
	Name     string `path:"restrainedPerson.name" section:"Restrained person" label:"Full name" required:"true"`
	Sex      string `path:"restrainedPerson.sex" section:"Restrained person" label:"Gender" required:"true"`
	Race     string `path:"restrainedPerson.race" section:"Restrained person" label:"Race" required:"true"`
	Age      int    `path:"restrainedPerson.age" section:"Restrained person" label:"Age (estimate if unknown)" required:"true"`
	DOB      string `path:"restrainedPerson.dob" section:"Restrained person" label:"Date of birth"`
	Height   int    `path:"restrainedPerson.heightInches" section:"Restrained person" label:"Height (inches)"`
	Weight   int    `path:"restrainedPerson.weightPounds" section:"Restrained person" label:"Weight (pounds)"`
	Hair     string `path:"restrainedPerson.hair" section:"Restrained person" label:"Hair color"`
	Eyes     string `path:"restrainedPerson.eyes" section:"Restrained person" label:"Eye color"`
	Address  string `path:"restrainedPerson.address" section:"Restrained person" label:"Address"`
	Relation string `path:"restrainedPerson.relationship" section:"Restrained person" label:"Relationship to the protected person"`
}

// civilProtected is the protected persons block.
type civilProtected struct {
	Protected        []order.ProtectedPerson `path:"protectedPersons" section:"Protected persons" label:"Protected person and other protected people" required:"true"`
	ProtectedName    string                  `path:"protectedPersons[].name" section:"Protected persons" label:"Full name" required:"true"`
	ProtectedSex     string                  `path:"protectedPersons[].sex" section:"Protected persons" label:"Gender"`
	ProtectedAge     int                     `path:"protectedPersons[].age" section:"Protected persons" label:"Age"`
	ProtectedRel     string                  `path:"protectedPersons[].relationship" section:"Protected persons" label:"Relationship to the protected person"`
	ProtectedAddress string                  `path:"protectedPersons[].address" section:"Protected persons" label:"Address"`
}

// hearingSet is a temporary order's item 4: it expires at the end of this hearing.
type hearingSet struct {
	HearingDate string `path:"hearing.date" section:"Expiration" item:"4" label:"Hearing date: this order expires at the end of the hearing" required:"true"`
	HearingTime string `path:"hearing.time" section:"Expiration" item:"4" label:"Time"`
	Department  string `path:"hearing.department" section:"Expiration" item:"4" label:"Dept."`
	Room        string `path:"hearing.room" section:"Expiration" item:"4" label:"Room"`
}

// hearingHeld is an order after hearing's hearing item and its expiry item 4.
type hearingHeld struct {
	ExpiresOn       string `path:"expiresOn" section:"Expiration" item:"4" label:"This order ends on (if none is written, the form's default applies)"`
	HearingDate     string `path:"hearing.date" section:"Hearing" label:"The hearing was on" required:"true"`
	JudicialOfficer string `path:"hearing.judicialOfficer" section:"Hearing" label:"Judicial officer"`
	Present         bool   `path:"hearing.defendantPresent" section:"Hearing" label:"The restrained person attended"`
}

// DV110 is the Temporary Restraining Order (DV-110), Rev. January 1, 2025.
type DV110 struct {
	_ struct{} `number:"DV-110" revision:"2025-01-01" type:"domestic_violence" kinds:"temporary" expiry:"end_of_hearing" title:"Temporary Restraining Order" proof:"DV-200"`
	civilCaption
	civilProtected  `item:"1, 3"`
	civilRestrained `item:"2"`
	hearingSet
	Firearms    *order.Firearms `path:"conditions.firearms" section:"Orders" item:"5" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor bool            `path:"conditions.noBodyArmor" section:"Orders" item:"8" label:"No body armor"`
	NoAddresses bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"9" label:"Cannot look for protected people"`
	NoAbuse     bool            `path:"conditions.noAbuse" section:"Orders" item:"10" label:"Order to not abuse"`
	NoContact   bool            `path:"conditions.noContact" section:"Orders" item:"11" label:"No-contact order"`
	StayAway    *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"12" label:"Stay-away order"`
	MoveOut     string          `path:"conditions.moveOutFrom" section:"Orders" item:"13" label:"Order to move out from"`
	OtherOrders []string        `path:"conditions.otherOrders" section:"Orders" item:"14" label:"Other orders"`
	MayRecord   bool            `path:"conditions.mayRecordProhibitedCommunications" section:"Orders" item:"19" label:"Record communications"`
}

// DV130 is the Restraining Order After Hearing (DV-130), Rev. April 28, 2025.
type DV130 struct {
	_ struct{} `number:"DV-130" revision:"2025-04-28" type:"domestic_violence" kinds:"after_hearing" expiry:"three_years_after_hearing" title:"Restraining Order After Hearing (Order of Protection)" proof:"DV-200"`
	civilCaption
	civilProtected  `item:"1, 3"`
	civilRestrained `item:"2"`
	hearingHeld     `item:"6a"`
	Firearms        *order.Firearms `path:"conditions.firearms" section:"Orders" item:"8" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor     bool            `path:"conditions.noBodyArmor" section:"Orders" item:"12" label:"No body armor"`
	NoAddresses     bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"13" label:"Cannot look for protected people"`
	NoAbuse         bool            `path:"conditions.noAbuse" section:"Orders" item:"14" label:"Order to not abuse"`
	NoContact       bool            `path:"conditions.noContact" section:"Orders" item:"15" label:"No-contact order"`
	StayAway        *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"16" label:"Stay-away order"`
	MoveOut         string          `path:"conditions.moveOutFrom" section:"Orders" item:"17" label:"Order to move out from"`
	OtherOrders     []string        `path:"conditions.otherOrders" section:"Orders" item:"18" label:"Other orders"`
	MayRecord       bool            `path:"conditions.mayRecordProhibitedCommunications" section:"Orders" item:"23" label:"Record communications"`
}

// CH110 is the Temporary Restraining Order (CH-110), Rev. January 1, 2025.
type CH110 struct {
	_ struct{} `number:"CH-110" revision:"2025-01-01" type:"civil_harassment" kinds:"temporary" expiry:"end_of_hearing" title:"Temporary Restraining Order (Civil Harassment)" proof:"CH-200"`
	civilCaption
	civilProtected  `item:"1, 3"`
	civilRestrained `item:"2"`
	hearingSet
	NoAbuse     bool            `path:"conditions.noAbuse" section:"Orders" item:"5a(1)" label:"Personal conduct orders"`
	NoContact   bool            `path:"conditions.noContact" section:"Orders" item:"5a(2)" label:"No contact"`
	NoAddresses bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"5a(3)" label:"Must not obtain the person's address or location"`
	OtherOrders []string        `path:"conditions.otherOrders" section:"Orders" item:"5a(4)" label:"Other orders"`
	StayAway    *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"6" label:"Stay-away orders"`
	Firearms    *order.Firearms `path:"conditions.firearms" section:"Orders" item:"7" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor bool            `path:"conditions.noBodyArmor" section:"Orders" item:"8" label:"No body armor"`
}

// CH130 is the Civil Harassment Restraining Order After Hearing (CH-130), Rev. January 1, 2025.
type CH130 struct {
	_ struct{} `number:"CH-130" revision:"2025-01-01" type:"civil_harassment" kinds:"after_hearing" expiry:"three_years_after_issuance" title:"Civil Harassment Restraining Order After Hearing" proof:"CH-200"`
	civilCaption
	civilProtected  `item:"1, 3"`
	civilRestrained `item:"2"`
	hearingHeld     `item:"5a"`
	NoAbuse         bool            `path:"conditions.noAbuse" section:"Orders" item:"6a(1)" label:"Personal conduct orders"`
	NoContact       bool            `path:"conditions.noContact" section:"Orders" item:"6a(2)" label:"No contact"`
	NoAddresses     bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"6a(3)" label:"Must not obtain the person's address or location"`
	OtherOrders     []string        `path:"conditions.otherOrders" section:"Orders" item:"6a(4)" label:"Other orders"`
	StayAway        *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"7" label:"Stay-away orders"`
	Firearms        *order.Firearms `path:"conditions.firearms" section:"Orders" item:"8" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor     bool            `path:"conditions.noBodyArmor" section:"Orders" item:"9" label:"No body armor"`
}

// EA110 is the Temporary Restraining Order (EA-110), Rev. January 1, 2025.
type EA110 struct {
	_ struct{} `number:"EA-110" revision:"2025-01-01" type:"elder_dependent_adult_abuse" kinds:"temporary" expiry:"end_of_hearing" title:"Temporary Restraining Order (Elder or Dependent Adult Abuse)" proof:"EA-200"`
	civilCaption
	civilProtected  `item:"1, 3"`
	civilRestrained `item:"2"`
	hearingSet
	NoAbuse     bool            `path:"conditions.noAbuse" section:"Orders" item:"5a(1)" label:"Personal conduct orders"`
	NoContact   bool            `path:"conditions.noContact" section:"Orders" item:"5a(2)" label:"No contact"`
	NoAddresses bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"5a(3)" label:"Must not obtain the person's address or location"`
	OtherOrders []string        `path:"conditions.otherOrders" section:"Orders" item:"5a(4)" label:"Other orders"`
	StayAway    *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"6" label:"Stay-away orders"`
	MoveOut     string          `path:"conditions.moveOutFrom" section:"Orders" item:"7" label:"Order to move out from"`
	Firearms    *order.Firearms `path:"conditions.firearms" section:"Orders" item:"8" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor bool            `path:"conditions.noBodyArmor" section:"Orders" item:"9" label:"No body armor"`
}

// EA130 is the Elder or Dependent Adult Abuse Restraining Order After Hearing (EA-130), Rev. January 1, 2025.
type EA130 struct {
	_ struct{} `number:"EA-130" revision:"2025-01-01" type:"elder_dependent_adult_abuse" kinds:"after_hearing" expiry:"three_years_after_issuance" title:"Elder or Dependent Adult Abuse Restraining Order After Hearing" proof:"EA-200"`
	civilCaption
	civilProtected  `item:"1, 3"`
	civilRestrained `item:"2"`
	hearingHeld     `item:"5a"`
	NoAbuse         bool            `path:"conditions.noAbuse" section:"Orders" item:"6a(1)" label:"Personal conduct orders"`
	NoContact       bool            `path:"conditions.noContact" section:"Orders" item:"6a(2)" label:"No contact"`
	NoAddresses     bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"6a(3)" label:"Must not obtain the person's address or location"`
	OtherOrders     []string        `path:"conditions.otherOrders" section:"Orders" item:"6a(4)" label:"Other orders"`
	StayAway        *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"7" label:"Stay-away orders"`
	MoveOut         string          `path:"conditions.moveOutFrom" section:"Orders" item:"8" label:"Order to move out from"`
	Firearms        *order.Firearms `path:"conditions.firearms" section:"Orders" item:"9" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor     bool            `path:"conditions.noBodyArmor" section:"Orders" item:"10" label:"No body armor"`
}

// WV110 is the Temporary Restraining Order (WV-110), Rev. January 1, 2025. The
// employer petitions: protected persons are item 2, the respondent item 3.
type WV110 struct {
	_ struct{} `number:"WV-110" revision:"2025-01-01" type:"workplace_violence" kinds:"temporary" expiry:"end_of_hearing" title:"Temporary Restraining Order (Workplace Violence)" proof:"WV-200"`
	civilCaption
	civilProtected  `item:"2"`
	civilRestrained `item:"3"`
	hearingSet
	NoAbuse     bool            `path:"conditions.noAbuse" section:"Orders" item:"5a(1)" label:"Must not harass, molest, strike or assault"`
	NoContact   bool            `path:"conditions.noContact" section:"Orders" item:"5a(4)" label:"No contact"`
	NoAddresses bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"5a(6)" label:"Must not obtain the person's address or location"`
	OtherOrders []string        `path:"conditions.otherOrders" section:"Orders" item:"9" label:"Other orders"`
	StayAway    *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"6" label:"Stay-away orders"`
	Firearms    *order.Firearms `path:"conditions.firearms" section:"Orders" item:"7" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor bool            `path:"conditions.noBodyArmor" section:"Orders" item:"8" label:"No body armor"`
}

// WV130 is the Workplace Violence Restraining Order After Hearing (WV-130). Its
// text was not found: built from WV-110 (persons, orders) and CH-130 (after
// hearing items and the three-year default from issuance); revision assumed.
type WV130 struct {
	_ struct{} `number:"WV-130" revision:"2025-01-01" type:"workplace_violence" kinds:"after_hearing" expiry:"three_years_after_issuance" title:"Workplace Violence Restraining Order After Hearing" proof:"WV-200" note:"form not found; built from WV-110 and CH-130"`
	civilCaption
	civilProtected  `item:"2"`
	civilRestrained `item:"3"`
	hearingHeld     `item:"5a"`
	NoAbuse         bool            `path:"conditions.noAbuse" section:"Orders" item:"6a(1)" label:"Must not harass, molest, strike or assault"`
	NoContact       bool            `path:"conditions.noContact" section:"Orders" item:"6a(4)" label:"No contact"`
	NoAddresses     bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"6a(6)" label:"Must not obtain the person's address or location"`
	OtherOrders     []string        `path:"conditions.otherOrders" section:"Orders" item:"10" label:"Other orders"`
	StayAway        *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"7" label:"Stay-away orders"`
	Firearms        *order.Firearms `path:"conditions.firearms" section:"Orders" item:"8" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor     bool            `path:"conditions.noBodyArmor" section:"Orders" item:"9" label:"No body armor"`
}

// JV250 is the Temporary Restraining Order—Juvenile (JV-250). Its current text
// was not found: built from the 2014 fragments (item 3, expiry at the end of the
// hearing) and from JV-255 and DV-110 for the persons and orders.
type JV250 struct {
	_ struct{} `number:"JV-250" revision:"2014-01-01" type:"juvenile" kinds:"temporary" expiry:"end_of_hearing" title:"Temporary Restraining Order—Juvenile" proof:"DV-200" note:"current form not found; built from the 2014 fragments, JV-255 and DV-110"`
	civilCaption
	civilProtected  `item:"1"`
	civilRestrained `item:"2"`
	HearingDate     string          `path:"hearing.date" section:"Expiration" item:"3" label:"Hearing date: temporary orders expire at the end of the hearing" required:"true"`
	HearingTime     string          `path:"hearing.time" section:"Expiration" item:"3" label:"Time"`
	Department      string          `path:"hearing.department" section:"Expiration" item:"3" label:"Dept."`
	NoAbuse         bool            `path:"conditions.noAbuse" section:"Orders" label:"Order to not abuse"`
	NoContact       bool            `path:"conditions.noContact" section:"Orders" label:"No-contact order"`
	StayAway        *order.StayAway `path:"conditions.stayAway" section:"Orders" label:"Stay-away order"`
	MoveOut         string          `path:"conditions.moveOutFrom" section:"Orders" label:"Order to move out from"`
	Firearms        *order.Firearms `path:"conditions.firearms" section:"Orders" label:"No firearms, firearm parts or ammunition"`
	OtherOrders     []string        `path:"conditions.otherOrders" section:"Orders" label:"Other orders"`
}

// JV255 is the Juvenile Restraining Order After Hearing (JV-255), Rev. January 1, 2025.
type JV255 struct {
	_ struct{} `number:"JV-255" revision:"2025-01-01" type:"juvenile" kinds:"after_hearing" expiry:"three_years_after_hearing" title:"Juvenile Restraining Order After Hearing" proof:"DV-200"`
	civilCaption
	civilProtected  `item:"1, 3"`
	civilRestrained `item:"2"`
	hearingHeld     `item:"5a"`
	Firearms        *order.Firearms `path:"conditions.firearms" section:"Orders" item:"7" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor     bool            `path:"conditions.noBodyArmor" section:"Orders" item:"11" label:"No body armor"`
	NoAddresses     bool            `path:"conditions.noObtainingAddresses" section:"Orders" item:"12" label:"Cannot look for protected people"`
	NoAbuse         bool            `path:"conditions.noAbuse" section:"Orders" item:"13" label:"Order to not abuse"`
	NoContact       bool            `path:"conditions.noContact" section:"Orders" item:"14" label:"No-contact order"`
	StayAway        *order.StayAway `path:"conditions.stayAway" section:"Orders" item:"15" label:"Stay-away order"`
	MoveOut         string          `path:"conditions.moveOutFrom" section:"Orders" item:"16" label:"Order to move out from"`
	OtherOrders     []string        `path:"conditions.otherOrders" section:"Orders" item:"17" label:"Other orders"`
}

// EPO001 is the Emergency Protective Order (EPO-001), Rev. January 1, 2025: a law
// enforcement officer applies, a judicial officer grants it by phone.
type EPO001 struct {
	_                struct{}                `number:"EPO-001" revision:"2025-01-01" type:"emergency_protective_order" kinds:"emergency" expiry:"emergency_court_days" title:"Emergency Protective Order" proof:"EPO-001"`
	LECase           string                  `path:"emergency.lawEnforcementCaseNumber" section:"Law enforcement" item:"top" label:"Law enforcement case number" required:"true"`
	CaseNumber       string                  `path:"caseNumber" section:"Law enforcement" item:"top" label:"Registry case number" required:"true"`
	CourtName        string                  `path:"caption.courtName" section:"Law enforcement" item:"6" label:"Court where the protected person may ask for a longer order" required:"true"`
	Protected        []order.ProtectedPerson `path:"protectedPersons" section:"Protected persons" item:"1" label:"Protected persons" required:"true"`
	ProtectedName    string                  `path:"protectedPersons[].name" section:"Protected persons" item:"1" label:"Name" required:"true"`
	ProtectedSex     string                  `path:"protectedPersons[].sex" section:"Protected persons" item:"1" label:"Gender" required:"true"`
	ProtectedAddress string                  `path:"protectedPersons[].address" section:"Protected persons" item:"1" label:"Address"`
	Name             string                  `path:"restrainedPerson.name" section:"Restrained person" item:"2" label:"Name" required:"true"`
	Sex              string                  `path:"restrainedPerson.sex" section:"Restrained person" item:"2" label:"Gender" required:"true"`
	Race             string                  `path:"restrainedPerson.race" section:"Restrained person" item:"2" label:"Race" required:"true"`
	Age              int                     `path:"restrainedPerson.age" section:"Restrained person" item:"2" label:"Age" required:"true"`
	DOB              string                  `path:"restrainedPerson.dob" section:"Restrained person" item:"2" label:"Date of birth"`
	Height           int                     `path:"restrainedPerson.heightInches" section:"Restrained person" item:"2" label:"Height (inches)"`
	Weight           int                     `path:"restrainedPerson.weightPounds" section:"Restrained person" item:"2" label:"Weight (pounds)"`
	Hair             string                  `path:"restrainedPerson.hair" section:"Restrained person" item:"2" label:"Hair color"`
	Eyes             string                  `path:"restrainedPerson.eyes" section:"Restrained person" item:"2" label:"Eye color"`
	NoAbuse          bool                    `path:"conditions.noAbuse" section:"Orders" item:"3a" label:"Must not harass, attack, threaten or disturb the peace"`
	NoContact        bool                    `path:"conditions.noContact" section:"Orders" item:"3b" label:"Must not contact"`
	StayAway         *order.StayAway         `path:"conditions.stayAway" section:"Orders" item:"3c" label:"Stay away"`
	MoveOut          string                  `path:"conditions.moveOutFrom" section:"Orders" item:"3c" label:"Move out immediately from"`
	NoAddresses      bool                    `path:"conditions.noObtainingAddresses" section:"Orders" item:"3d" label:"Must not obtain addresses or locations"`
	Firearms         *order.Firearms         `path:"conditions.firearms" section:"Orders" item:"3e" label:"No firearms, firearm parts or ammunition"`
	NoBodyArmor      bool                    `path:"conditions.noBodyArmor" section:"Orders" item:"3f" label:"No body armor"`
	Children         string                  `path:"emergency.childrenInCareOf" section:"Orders" item:"4" label:"Temporary care and control of the minor children given to"`
	ExpiresOn        string                  `path:"expiresOn" section:"Grant" item:"5" label:"Order expires on (at most the 5th court day or the 7th calendar day after the grant)"`
	GrantedBy        string                  `path:"emergency.grantedBy" section:"Grant" item:"8" label:"Judicial officer who granted the order" required:"true"`
	IssuedOn         string                  `path:"issuedOn" section:"Grant" item:"8" label:"Granted on" required:"true"`
	GrantedAt        string                  `path:"emergency.grantedAt" section:"Grant" item:"8" label:"At (time)" required:"true"`
	Officer          string                  `path:"emergency.officer" section:"Grant" item:"by" label:"Officer's name" required:"true"`
	Agency           string                  `path:"emergency.agency" section:"Grant" item:"by" label:"Agency" required:"true"`
	Badge            string                  `path:"emergency.badgeNumber" section:"Grant" item:"by" label:"Badge number" required:"true"`
}

// definitionTypes are every form revision the registry takes.
var definitionTypes = []any{
	CR160r2005{}, CR160r2019{}, CR160r2023{},
	DV110{}, DV130{}, CH110{}, CH130{}, EA110{}, EA130{}, WV110{}, WV130{}, JV250{}, JV255{}, EPO001{},
}
