// Package carpos is the registry's gateway to the DOJ's California Restraining and
// Protective Order System (CARPOS): the CLETS message an order change becomes, its
// checks before sending, the outbox written in the order's transaction, the jobs
// that deliver it at least once, and the DOJ side as an interface with a simulator.
package carpos

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Kinds of message: what the DOJ must know of an order.
const (
	KindEnter   = "ENTER"
	KindModify  = "MODIFY"
	KindCancel  = "CANCEL"
	KindService = "SERVICE"
)

// Message is one CLETS message about one order, field by field as the CLETS
// layout prints it (testdata/seed/clets-response-seed.txt): mnemonic fields (NAM/, DOB/ …)
// and the spelled-out ones (PROTECTED PERSON NAME/, COURT CASE NUMBER/ …). Values
// are kept as the text carries them; Validate checks them.
type Message struct {
	Kind string `json:"kind,omitempty"` // MKE: ENTER, MODIFY, CANCEL or SERVICE
	ORI  string `json:"ori,omitempty"`  // the submitting agency (the court's ORI)
	OCA  string `json:"oca,omitempty"`  // the agency's case number
	FCN  string `json:"fcn,omitempty"`  // the DOJ's file control number, once assigned (F + 15 digits)
	NIC  string `json:"nic,omitempty"`  // the national file's number, once assigned (H + 10 digits)

	Restrained Restrained  `json:"restrained,omitempty"`
	Protected  []Protected `json:"protected,omitempty"`

	Present        string `json:"present,omitempty"` // RESTRAINED PERSON PRESENT IN COURT: YES or NO
	CourtName      string `json:"courtName,omitempty"`
	CourtPhone     string `json:"courtPhone,omitempty"`
	CaseNumber     string `json:"caseNumber,omitempty"`
	IssueDate      string `json:"issueDate,omitempty"`      // YYYYMMDD
	ExpirationDate string `json:"expirationDate,omitempty"` // YYYYMMDD, or NONEXP

	PCO               []string `json:"pco,omitempty"` // condition codes (docs/codes.md)
	BRD               string   `json:"brd,omitempty"` // Brady firearm indicator: Y or N
	ContactProtected  string   `json:"contactProtected,omitempty"`
	FirearmProvisions string   `json:"firearmProvisions,omitempty"`
	StayAwayFrom      string   `json:"stayAwayFrom,omitempty"`
	StayAway          string   `json:"stayAway,omitempty"` // four digits and YARDS, e.g. 0100 YARDS
	OtherOrders       []string `json:"otherOrders,omitempty"`

	ServedOn      string `json:"servedOn,omitempty"` // DATE SERVED, YYYYMMDD
	ServiceMethod string `json:"serviceMethod,omitempty"`
	CancelDate    string `json:"cancelDate,omitempty"` // YYYYMMDD
	CancelReason  string `json:"cancelReason,omitempty"`
}

// Restrained is the restrained person's block.
type Restrained struct {
	NAM string `json:"nam,omitempty"`
	DOB string `json:"dob,omitempty"`
	SEX string `json:"sex,omitempty"`
	RAC string `json:"rac,omitempty"`
	HGT string `json:"hgt,omitempty"`
	WGT string `json:"wgt,omitempty"`
	EYE string `json:"eye,omitempty"`
	HAI string `json:"hai,omitempty"`
	MIS string `json:"mis,omitempty"`
}

// Protected is one protected person's block.
type Protected struct {
	Name string `json:"name,omitempty"`
	Sex  string `json:"sex,omitempty"`
	Race string `json:"race,omitempty"`
	DOB  string `json:"dob,omitempty"`
}

// The section banners, as the seed's response prints them.
const (
	bannerRestrained = "* * * * * RESTRAINED PERSON INFORMATION * * * * *"
	bannerProtected  = "* * * * * PROTECTED PERSON INFORMATION * * * * *"
	bannerCourt      = "* * * * * COURT INFORMATION * * * * *"
	bannerOrder      = "* * * * * ORDER INFORMATION * * * * *"
)

// field is one mnemonic: where it lives in a Message. Single fields point at a
// string; list fields (OTHER ORDERS) repeat their line; protected-person fields
// belong to the person opened by the last PROTECTED PERSON NAME line.
type field struct {
	key       string
	get       func(m *Message) *string // single field
	person    func(p *Protected) *string
	list      bool // OTHER ORDERS: one line per item
	codes     bool // PCO: comma-separated
	opensUnit bool // PROTECTED PERSON NAME starts a new person
}

// lines is the layout: the fields printed on each line, in order. A line holds
// the fields of one entry that have a value.
var lines = [][]field{
	{{key: "MKE", get: func(m *Message) *string { return &m.Kind }}},
	{{key: "ORI", get: func(m *Message) *string { return &m.ORI }}},
	{{key: "OCA", get: func(m *Message) *string { return &m.OCA }}},
	{{key: "FCN", get: func(m *Message) *string { return &m.FCN }}},
	{{key: "NIC", get: func(m *Message) *string { return &m.NIC }}},
	{{key: "NAM", get: func(m *Message) *string { return &m.Restrained.NAM }}, {key: "DOB", get: func(m *Message) *string { return &m.Restrained.DOB }}},
	{{key: "SEX", get: func(m *Message) *string { return &m.Restrained.SEX }}, {key: "RAC", get: func(m *Message) *string { return &m.Restrained.RAC }},
		{key: "HGT", get: func(m *Message) *string { return &m.Restrained.HGT }}, {key: "WGT", get: func(m *Message) *string { return &m.Restrained.WGT }},
		{key: "EYE", get: func(m *Message) *string { return &m.Restrained.EYE }}, {key: "HAI", get: func(m *Message) *string { return &m.Restrained.HAI }}},
	{{key: "MIS", get: func(m *Message) *string { return &m.Restrained.MIS }}},
	{{key: "PROTECTED PERSON NAME", person: func(p *Protected) *string { return &p.Name }, opensUnit: true}},
	{{key: "PROTECTED PERSON SEX", person: func(p *Protected) *string { return &p.Sex }}, {key: "PROTECTED PERSON RACE", person: func(p *Protected) *string { return &p.Race }}},
	{{key: "PROTECTED PERSON DOB", person: func(p *Protected) *string { return &p.DOB }}},
	{{key: "RESTRAINED PERSON PRESENT IN COURT", get: func(m *Message) *string { return &m.Present }}},
	{{key: "COURT NAME", get: func(m *Message) *string { return &m.CourtName }}},
	{{key: "COURT PHONE NUMBER", get: func(m *Message) *string { return &m.CourtPhone }}},
	{{key: "COURT CASE NUMBER", get: func(m *Message) *string { return &m.CaseNumber }}},
	{{key: "ISSUE DATE", get: func(m *Message) *string { return &m.IssueDate }}, {key: "EXPIRATION DATE", get: func(m *Message) *string { return &m.ExpirationDate }}},
	{{key: "PCO", codes: true}},
	{{key: "BRD", get: func(m *Message) *string { return &m.BRD }}},
	{{key: "CONTACT PROTECTED PERSON", get: func(m *Message) *string { return &m.ContactProtected }}},
	{{key: "FIREARM PROVISIONS", get: func(m *Message) *string { return &m.FirearmProvisions }}},
	{{key: "STAY AWAY FROM", get: func(m *Message) *string { return &m.StayAwayFrom }}},
	{{key: "STAY AWAY", get: func(m *Message) *string { return &m.StayAway }}},
	{{key: "OTHER ORDERS", list: true}},
	{{key: "DATE SERVED", get: func(m *Message) *string { return &m.ServedOn }}, {key: "SERVICE METHOD", get: func(m *Message) *string { return &m.ServiceMethod }}},
	{{key: "CANCEL DATE", get: func(m *Message) *string { return &m.CancelDate }}},
	{{key: "CANCEL REASON", get: func(m *Message) *string { return &m.CancelReason }}},
}

// byKey finds a field's line and position.
var byKey = func() map[string][2]int {
	m := map[string][2]int{}
	for i, l := range lines {
		for j, f := range l {
			m[f.key] = [2]int{i, j}
		}
	}
	return m
}()

// banner before line i, if a section starts there.
func bannerBefore(key string) string {
	switch key {
	case "NAM":
		return bannerRestrained
	case "PROTECTED PERSON NAME":
		return bannerProtected
	case "RESTRAINED PERSON PRESENT IN COURT":
		return bannerCourt
	case "PCO":
		return bannerOrder
	}
	return ""
}

// Encode prints m in the CLETS layout: one entry per line, fields without a
// value left out, the sections under their banners.
func Encode(m Message) string {
	var b strings.Builder
	write := func(pairs [][2]string) {
		if len(pairs) == 0 {
			return
		}
		for i, p := range pairs {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p[0] + "/" + p[1])
		}
		b.WriteByte('\n')
	}
	single := func(l []field) {
		var pairs [][2]string
		for _, f := range l {
			if v := *f.get(&m); v != "" {
				pairs = append(pairs, [2]string{f.key, v})
			}
		}
		write(pairs)
	}
	for _, l := range lines {
		if bn := bannerBefore(l[0].key); bn != "" {
			b.WriteString(bn + "\n")
		}
		switch {
		case l[0].person != nil:
			if l[0].opensUnit {
				for i := range m.Protected {
					for _, pl := range lines {
						if pl[0].person == nil {
							continue
						}
						var pairs [][2]string
						for _, f := range pl {
							if v := *f.person(&m.Protected[i]); v != "" {
								pairs = append(pairs, [2]string{f.key, v})
							}
						}
						write(pairs)
					}
				}
			}
		case l[0].codes:
			if len(m.PCO) > 0 {
				write([][2]string{{"PCO", strings.Join(m.PCO, ",")}})
			}
		case l[0].list:
			for _, o := range m.OtherOrders {
				write([][2]string{{l[0].key, o}})
			}
		default:
			single(l)
		}
	}
	return b.String()
}

// ParseError names the line of a message that could not be read.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("clets: line %d: %s", e.Line, e.Msg) }

// Parse reads a message in the CLETS layout. Banner lines are skipped; every
// other line must be one of the layout's entries. Values are trimmed.
func Parse(text string) (Message, error) {
	return parse(text, false)
}

// ParseResponse reads a CLETS response as a sheriff sees it (the seed's
// clets-response-seed.txt): the record starts at its first "ROS HIT" line (the
// lines before it echo the inquiry) and ends at the next; the layout's entries
// are taken wherever they appear, every other line (headers, notices) is passed
// over.
func ParseResponse(text string) (Message, error) {
	return parse(text, true)
}

func parse(text string, lenient bool) (Message, error) {
	var m Message
	seen := map[string]bool{}
	hits := 0
	for n, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "*") {
			continue
		}
		if lenient && strings.HasPrefix(line, "ROS HIT") {
			if hits++; hits > 1 {
				break
			}
			m, seen = Message{}, map[string]bool{}
			continue
		}
		pairs, ok := splitLine(line)
		if !ok {
			if lenient {
				continue
			}
			return Message{}, &ParseError{n + 1, "is not an entry of the CARPOS layout"}
		}
		for _, p := range pairs {
			pos := byKey[p[0]]
			f := lines[pos[0]][pos[1]]
			if p[1] == "" {
				if lenient {
					continue
				}
				return Message{}, &ParseError{n + 1, p[0] + " has no value"}
			}
			switch {
			case f.person != nil:
				if f.opensUnit {
					m.Protected = append(m.Protected, Protected{})
				} else if len(m.Protected) == 0 {
					return Message{}, &ParseError{n + 1, p[0] + " before any PROTECTED PERSON NAME"}
				}
				v := f.person(&m.Protected[len(m.Protected)-1])
				if *v != "" {
					return Message{}, &ParseError{n + 1, p[0] + " twice for one protected person"}
				}
				*v = p[1]
			case f.codes:
				if m.PCO != nil {
					return Message{}, &ParseError{n + 1, "PCO twice"}
				}
				m.PCO = strings.Split(p[1], ",")
			case f.list:
				m.OtherOrders = append(m.OtherOrders, p[1])
			default:
				if seen[f.key] {
					return Message{}, &ParseError{n + 1, f.key + " twice"}
				}
				seen[f.key] = true
				*f.get(&m) = p[1]
			}
		}
	}
	return m, nil
}

// splitLine reads one line into its key/value pairs: the line starts with a
// field's key; the fields after it on the line are those that follow it in the
// layout's entry, each found at its first " KEY/" after the previous field.
func splitLine(line string) ([][2]string, bool) {
	first := ""
	for k := range byKey {
		if strings.HasPrefix(line, k+"/") && len(k) > len(first) {
			first = k
		}
	}
	if first == "" {
		return nil, false
	}
	pos := byKey[first]
	rest := lines[pos[0]][pos[1]+1:]
	key, text := first, line[len(first)+1:]
	var pairs [][2]string
	for {
		at, next := -1, -1
		for j, f := range rest {
			if i := strings.Index(text, " "+f.key+"/"); i >= 0 && (at < 0 || i < at) {
				at, next = i, j
			}
		}
		if at < 0 {
			pairs = append(pairs, [2]string{key, strings.TrimSpace(text)})
			return pairs, true
		}
		pairs = append(pairs, [2]string{key, strings.TrimSpace(text[:at])})
		f := rest[next]
		key, text = f.key, text[at+len(f.key)+2:]
		rest = rest[next+1:]
	}
}

// Problem is one field of a message the DOJ would refuse.
type Problem struct {
	Field string // the mnemonic, e.g. DOB or PROTECTED PERSON NAME
	Index int    // which protected person or other order; -1 for single fields
	Msg   string
}

// Problems is every refused field of a message.
type Problems []Problem

func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, x := range p {
		parts[i] = x.Field + ": " + x.Msg
	}
	return "clets: " + strings.Join(parts, "; ")
}

// ErrInvalid is matched by every validation failure (errors.Is).
var ErrInvalid = errors.New("clets: the DOJ would refuse the message")

// Is lets errors.Is(p, ErrInvalid) hold.
func (p Problems) Is(target error) bool { return target == ErrInvalid }

// Condition codes of the national file (docs/codes.md).
var conditionCodes = []string{"01", "02", "03", "04", "05", "06", "07", "08", "09"}

// Limits are the longest values CARPOS takes, by field.
var Limits = map[string]int{
	"ORI": 9, "OCA": 20, "FCN": 16, "NIC": 11,
	"NAM": 30, "DOB": 8, "SEX": 1, "RAC": 1, "HGT": 3, "WGT": 3, "EYE": 3, "HAI": 3, "MIS": 500,
	"PROTECTED PERSON NAME": 30, "PROTECTED PERSON SEX": 1, "PROTECTED PERSON RACE": 1, "PROTECTED PERSON DOB": 8,
	"RESTRAINED PERSON PRESENT IN COURT": 3, "COURT NAME": 80, "COURT PHONE NUMBER": 20, "COURT CASE NUMBER": 20,
	"ISSUE DATE": 8, "EXPIRATION DATE": 8, "BRD": 1,
	"CONTACT PROTECTED PERSON": 500, "FIREARM PROVISIONS": 200, "STAY AWAY FROM": 200, "STAY AWAY": 10,
	"OTHER ORDERS": 250, "DATE SERVED": 8, "SERVICE METHOD": 20, "CANCEL DATE": 8, "CANCEL REASON": 200,
}

// Validate returns what the DOJ would refuse in m, every field at once, or nil.
func Validate(m Message) error {
	var ps Problems
	add := func(f string, i int, format string, a ...any) {
		ps = append(ps, Problem{Field: f, Index: i, Msg: fmt.Sprintf(format, a...)})
	}
	text := func(f string, i int, v string, required bool) bool {
		switch {
		case v == "":
			if required {
				add(f, i, "is required by CARPOS")
			}
			return false
		case len(v) > Limits[f]:
			add(f, i, "is longer than CARPOS takes (%d characters, at most %d)", len(v), Limits[f])
			return false
		}
		for _, r := range v {
			if r < ' ' || r > '~' || r == '/' || (r >= 'a' && r <= 'z') {
				add(f, i, "has a character CLETS cannot carry (%q): capital letters, digits, spaces and punctuation other than /", r)
				return false
			}
		}
		return true
	}
	date := func(f string, i int, v string, required bool) {
		if text(f, i, v, required) && !isDate(v) {
			add(f, i, "is not a date as YYYYMMDD")
		}
	}
	digits := func(f string, v string, n int) {
		if text(f, -1, v, false) && !allDigits(v, n) {
			add(f, -1, "is not %d digits", n)
		}
	}
	switch m.Kind {
	case KindEnter, KindModify, KindCancel, KindService:
	default:
		add("MKE", -1, "is not one of ENTER, MODIFY, CANCEL, SERVICE")
	}
	if text("ORI", -1, m.ORI, true) && !isORI(m.ORI) {
		add("ORI", -1, "is not an ORI (two letters and seven letters or digits, e.g. CA030023J)")
	}
	text("OCA", -1, m.OCA, true)
	if m.FCN != "" && (len(m.FCN) != 16 || m.FCN[0] != 'F' || !allDigits(m.FCN[1:], 15)) {
		add("FCN", -1, "is not F and 15 digits")
	}
	if m.NIC != "" && (len(m.NIC) != 11 || m.NIC[0] != 'H' || !allDigits(m.NIC[1:], 10)) {
		add("NIC", -1, "is not H and 10 digits")
	}
	if m.Kind != KindEnter && m.Kind != "" && m.FCN == "" {
		add("FCN", -1, "is required for a %s: the DOJ has not acknowledged the order's entry yet", m.Kind)
	}
	r := m.Restrained
	if text("NAM", -1, r.NAM, true) && !strings.Contains(r.NAM, ",") {
		add("NAM", -1, "is not LAST,FIRST")
	}
	date("DOB", -1, r.DOB, true)
	if text("SEX", -1, r.SEX, true) && !slices.Contains([]string{"M", "F", "X"}, r.SEX) {
		add("SEX", -1, "is not M, F or X")
	}
	text("RAC", -1, r.RAC, false)
	digits("HGT", r.HGT, 3)
	digits("WGT", r.WGT, 3)
	text("EYE", -1, r.EYE, false)
	text("HAI", -1, r.HAI, false)
	text("MIS", -1, r.MIS, false)
	if len(m.Protected) == 0 {
		add("PROTECTED PERSON NAME", -1, "is required by CARPOS: at least one protected person")
	}
	for i, p := range m.Protected {
		if text("PROTECTED PERSON NAME", i, p.Name, true) && !strings.Contains(p.Name, ",") {
			add("PROTECTED PERSON NAME", i, "is not LAST,FIRST")
		}
		if text("PROTECTED PERSON SEX", i, p.Sex, false) && !slices.Contains([]string{"M", "F", "X"}, p.Sex) {
			add("PROTECTED PERSON SEX", i, "is not M, F or X")
		}
		text("PROTECTED PERSON RACE", i, p.Race, false)
		date("PROTECTED PERSON DOB", i, p.DOB, false)
	}
	if text("RESTRAINED PERSON PRESENT IN COURT", -1, m.Present, false) && m.Present != "YES" && m.Present != "NO" {
		add("RESTRAINED PERSON PRESENT IN COURT", -1, "is not YES or NO")
	}
	text("COURT NAME", -1, m.CourtName, true)
	text("COURT PHONE NUMBER", -1, m.CourtPhone, false)
	text("COURT CASE NUMBER", -1, m.CaseNumber, true)
	date("ISSUE DATE", -1, m.IssueDate, true)
	if m.ExpirationDate != "NONEXP" {
		date("EXPIRATION DATE", -1, m.ExpirationDate, true)
	}
	if len(m.PCO) == 0 {
		add("PCO", -1, "is required by CARPOS: at least one condition")
	}
	for i, c := range m.PCO {
		if !slices.Contains(conditionCodes, c) {
			add("PCO", i, "%q is not a condition code (01 to 09, docs/codes.md)", c)
		}
	}
	if text("BRD", -1, m.BRD, false) && m.BRD != "Y" && m.BRD != "N" {
		add("BRD", -1, "is not Y or N")
	}
	text("CONTACT PROTECTED PERSON", -1, m.ContactProtected, false)
	text("FIREARM PROVISIONS", -1, m.FirearmProvisions, false)
	text("STAY AWAY FROM", -1, m.StayAwayFrom, false)
	if text("STAY AWAY", -1, m.StayAway, false) && !(len(m.StayAway) == 10 && allDigits(m.StayAway[:4], 4) && m.StayAway[4:] == " YARDS") {
		add("STAY AWAY", -1, "is not four digits and YARDS (e.g. 0100 YARDS)")
	}
	for i, o := range m.OtherOrders {
		text("OTHER ORDERS", i, o, true)
	}
	date("DATE SERVED", -1, m.ServedOn, m.Kind == KindService)
	text("SERVICE METHOD", -1, m.ServiceMethod, false)
	date("CANCEL DATE", -1, m.CancelDate, m.Kind == KindCancel)
	text("CANCEL REASON", -1, m.CancelReason, false)
	if len(ps) == 0 {
		return nil
	}
	return ps
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isDate(s string) bool {
	if !allDigits(s, 8) {
		return false
	}
	var y, mo, d int
	fmt.Sscanf(s, "%4d%2d%2d", &y, &mo, &d)
	return y >= 1800 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31
}

func isORI(s string) bool {
	if len(s) != 9 {
		return false
	}
	for i, r := range s {
		letter := r >= 'A' && r <= 'Z'
		if i < 2 && !letter || i >= 2 && !letter && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
