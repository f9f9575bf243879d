package carpos

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Faults are what the simulator can be told to do wrong. Durations are
// configurable so that tests run in seconds.
type Faults struct {
	Latency     time.Duration `json:"latency"`     // wait before each answer
	RejectShare float64       `json:"rejectShare"` // share of valid messages refused (0..1)
	DownFor     time.Duration `json:"downFor"`     // answer 503 for this long from now
	LoseShare   float64       `json:"loseShare"`   // share of accepted messages whose answer is lost
	LoseNext    int           `json:"loseNext"`    // lose the answers to the next n accepted messages
}

// Record is one message the simulated DOJ took.
type Record struct {
	Key  string    `json:"key"`
	Kind string    `json:"kind"`
	ORI  string    `json:"ori"`
	OCA  string    `json:"oca"`
	FCN  string    `json:"fcn"`
	NIC  string    `json:"nic"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// Sim is the simulated CARPOS: it checks messages as the DOJ would, assigns FCN
// and NIC to entries, answers a repeated idempotency key with its first answer,
// and misbehaves as told. It keeps everything in memory.
type Sim struct {
	mu        sync.Mutex
	faults    Faults
	downUntil time.Time
	answers   map[string]Answer // by idempotency key
	records   []Record
	orders    map[string]string // FCN -> status (active, cancelled)
	requests  int
	seq       int64
	rnd       *rand.Rand
}

// NewSim returns a simulator with no faults.
func NewSim() *Sim {
	return &Sim{answers: map[string]Answer{}, orders: map[string]string{}, rnd: rand.New(rand.NewPCG(1, 2))}
}

// SetFaults replaces the faults; DownFor counts from now.
func (s *Sim) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.downUntil = time.Time{}
	if f.DownFor > 0 {
		s.downUntil = time.Now().Add(f.DownFor)
	}
}

// Records returns the messages taken, in order.
func (s *Sim) Records() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Record(nil), s.records...)
}

// Requests is how many messages were posted, repeats included.
func (s *Sim) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// outcome is what handling one message came to.
type outcome struct {
	down   bool
	lose   bool
	answer Answer
	delay  time.Duration
}

func (s *Sim) take(key, text string) outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	o := outcome{delay: s.faults.Latency}
	if time.Now().Before(s.downUntil) {
		o.down = true
		return o
	}
	if a, ok := s.answers[key]; ok {
		o.answer = a
		return o
	}
	a := s.judge(key, text)
	if a.Accepted {
		switch {
		case s.faults.LoseNext > 0:
			s.faults.LoseNext--
			o.lose = true
		case s.faults.LoseShare > 0 && s.rnd.Float64() < s.faults.LoseShare:
			o.lose = true
		}
	}
	s.answers[key] = a
	o.answer = a
	return o
}

// judge decides a new message and records it when accepted (s.mu held).
func (s *Sim) judge(key, text string) Answer {
	m, err := Parse(text)
	if err != nil {
		return Answer{Reason: err.Error()}
	}
	if err := Validate(m); err != nil {
		return Answer{Reason: err.Error()}
	}
	if s.faults.RejectShare > 0 && s.rnd.Float64() < s.faults.RejectShare {
		return Answer{Reason: "CARPOS: record rejected by the DOJ (simulated)"}
	}
	switch m.Kind {
	case KindEnter:
		s.seq++
		m.FCN = fmt.Sprintf("F%015d", 100000000000000+s.seq)
		m.NIC = fmt.Sprintf("H%010d", 1000000000+s.seq)
		s.orders[m.FCN] = "active"
	default:
		st, ok := s.orders[m.FCN]
		switch {
		case !ok:
			return Answer{Reason: "CARPOS: FCN/" + m.FCN + " is not on file"}
		case st == "cancelled":
			return Answer{Reason: "CARPOS: FCN/" + m.FCN + " was cancelled"}
		}
		if m.Kind == KindCancel {
			s.orders[m.FCN] = "cancelled"
		}
	}
	s.records = append(s.records, Record{Key: key, Kind: m.Kind, ORI: m.ORI, OCA: m.OCA, FCN: m.FCN, NIC: m.NIC, Text: text, At: time.Now()})
	return Answer{Accepted: true, FCN: m.FCN, NIC: m.NIC}
}

// Handler serves the simulator: POST /messages (the DOJ side), and for tests and
// operators GET /admin/records, GET and PUT /admin/faults.
func (s *Sim) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /messages", func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil || key == "" || len(key) > 200 {
			http.Error(w, "a message body and an Idempotency-Key header are required", http.StatusBadRequest)
			return
		}
		o := s.take(key, string(body))
		if o.delay > 0 {
			select {
			case <-time.After(o.delay):
			case <-r.Context().Done():
				return
			}
		}
		switch {
		case o.down:
			http.Error(w, "CARPOS is not available", http.StatusServiceUnavailable)
			return
		case o.lose:
			// the message is on file; its answer never reaches the sender
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					_ = c.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		status := http.StatusOK
		if !o.answer.Accepted {
			status = http.StatusUnprocessableEntity
		}
		writeJSON(w, status, o.answer)
	})
	mux.HandleFunc("GET /admin/records", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Records())
	})
	mux.HandleFunc("GET /admin/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		f := s.faults
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, faultsJSON(f))
	})
	mux.HandleFunc("PUT /admin/faults", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Latency     string  `json:"latency"`
			RejectShare float64 `json:"rejectShare"`
			DownFor     string  `json:"downFor"`
			LoseShare   float64 `json:"loseShare"`
			LoseNext    int     `json:"loseNext"`
		}
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<12))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			http.Error(w, "faults: "+err.Error(), http.StatusBadRequest)
			return
		}
		f := Faults{RejectShare: in.RejectShare, LoseShare: in.LoseShare, LoseNext: in.LoseNext}
		for name, p := range map[string]struct {
			s string
			d *time.Duration
		}{"latency": {in.Latency, &f.Latency}, "downFor": {in.DownFor, &f.DownFor}} {
			if p.s == "" {
				continue
			}
			d, err := time.ParseDuration(p.s)
			if err != nil || d < 0 {
				http.Error(w, "faults: "+name+" is not a duration (e.g. 250ms, 5s)", http.StatusBadRequest)
				return
			}
			*p.d = d
		}
		if f.RejectShare < 0 || f.RejectShare > 1 || f.LoseShare < 0 || f.LoseShare > 1 || f.LoseNext < 0 {
			http.Error(w, "faults: rejectShare and loseShare are between 0 and 1, loseNext is not negative", http.StatusBadRequest)
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, faultsJSON(f))
	})
	return mux
}

func faultsJSON(f Faults) map[string]any {
	return map[string]any{"latency": f.Latency.String(), "rejectShare": f.RejectShare, "downFor": f.DownFor.String(),
		"loseShare": f.LoseShare, "loseNext": f.LoseNext}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
