package carpos

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func newSim(t *testing.T) (*Sim, HTTPDOJ, string) {
	t.Helper()
	s := NewSim()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, HTTPDOJ{URL: srv.URL, Client: &http.Client{Timeout: 5 * time.Second}}, srv.URL
}

func enterText() string {
	m := validMessage()
	m.Kind, m.FCN, m.NIC, m.ServedOn, m.ServiceMethod = KindEnter, "", "", "", ""
	return Encode(m)
}

func putFaults(t *testing.T, url, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, url+"/admin/faults", strings.NewReader(body))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

var (
	fcnPattern = regexp.MustCompile(`^F[0-9]{15}$`)
	nicPattern = regexp.MustCompile(`^H[0-9]{10}$`)
)

func TestSimAssignsNumbersAndHonoursKeys(t *testing.T) {
	t.Parallel()
	s, doj, _ := newSim(t)
	ctx := context.Background()
	a, err := doj.Submit(ctx, "k1", enterText())
	if err != nil || !a.Accepted || !fcnPattern.MatchString(a.FCN) || !nicPattern.MatchString(a.NIC) {
		t.Fatalf("enter: %+v %v", a, err)
	}
	again, err := doj.Submit(ctx, "k1", enterText())
	if err != nil || again != a {
		t.Fatalf("retry with the same key: %+v %v, want %+v", again, err, a)
	}
	other, _ := doj.Submit(ctx, "k2", enterText())
	if other.FCN == a.FCN || other.NIC == a.NIC {
		t.Errorf("a second entry got the same numbers: %+v", other)
	}
	if n := len(s.Records()); n != 2 {
		t.Errorf("records: %d, want 2 (the retry makes none)", n)
	}
	// a modify names the FCN the entry got; one the DOJ never gave is refused
	m := validMessage()
	m.FCN, m.NIC = a.FCN, a.NIC
	if got, err := doj.Submit(ctx, "k3", Encode(m)); err != nil || !got.Accepted || got.FCN != a.FCN {
		t.Errorf("modify: %+v %v", got, err)
	}
	m.FCN = "F999999999999999"
	if got, err := doj.Submit(ctx, "k4", Encode(m)); err != nil || got.Accepted || !strings.Contains(got.Reason, "not on file") {
		t.Errorf("modify of an unknown FCN: %+v %v", got, err)
	}
	// what the DOJ refuses, with the reason
	bad := strings.Replace(enterText(), "DOB/19811121", "DOB/1981", 1)
	if got, err := doj.Submit(ctx, "k5", bad); err != nil || got.Accepted || !strings.Contains(got.Reason, "DOB: is not a date") {
		t.Errorf("invalid message: %+v %v", got, err)
	}
	if got, err := doj.Submit(ctx, "k6", "HELLO"); err != nil || got.Accepted || !strings.Contains(got.Reason, "line 1") {
		t.Errorf("unreadable message: %+v %v", got, err)
	}
	// a cancelled order takes nothing more
	c := validMessage()
	c.Kind, c.FCN, c.NIC, c.CancelDate = KindCancel, other.FCN, other.NIC, "20070101"
	if got, _ := doj.Submit(ctx, "k7", Encode(c)); !got.Accepted {
		t.Errorf("cancel: %+v", got)
	}
	m.FCN = other.FCN
	if got, _ := doj.Submit(ctx, "k8", Encode(m)); got.Accepted || !strings.Contains(got.Reason, "cancelled") {
		t.Errorf("modify after cancel: %+v", got)
	}
}

func TestSimFaults(t *testing.T) {
	t.Parallel()
	s, doj, url := newSim(t)
	ctx := context.Background()

	if st := putFaults(t, url, `{"downFor":"1h"}`); st != 200 {
		t.Fatalf("faults: %d", st)
	}
	if _, err := doj.Submit(ctx, "d1", enterText()); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("down: got %v, want no answer", err)
	}
	if len(s.Records()) != 0 {
		t.Errorf("a message was taken while down")
	}
	putFaults(t, url, `{}`)
	if a, err := doj.Submit(ctx, "d1", enterText()); err != nil || !a.Accepted {
		t.Errorf("after the outage: %+v %v", a, err)
	}

	// lost answers: the record is made, the sender hears nothing; the retry gets the first answer
	putFaults(t, url, `{"loseNext":1}`)
	if _, err := doj.Submit(ctx, "l1", enterText()); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("lost answer: got %v", err)
	}
	if n := len(s.Records()); n != 2 {
		t.Errorf("records after the lost answer: %d, want 2", n)
	}
	a, err := doj.Submit(ctx, "l1", enterText())
	if err != nil || !a.Accepted || len(s.Records()) != 2 {
		t.Errorf("retry after a lost answer: %+v %v, records %d", a, err, len(s.Records()))
	}

	putFaults(t, url, `{"rejectShare":1}`)
	if a, err := doj.Submit(ctx, "r1", enterText()); err != nil || a.Accepted || !strings.Contains(a.Reason, "rejected") {
		t.Errorf("reject share 1: %+v %v", a, err)
	}

	// latency: the client's deadline passes first; no answer
	putFaults(t, url, `{"latency":"1h"}`)
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := doj.Submit(short, "t1", enterText()); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("latency: got %v", err)
	}
	putFaults(t, url, `{}`)

	for _, body := range []string{`{"latency":"soon"}`, `{"rejectShare":2}`, `{"loseNext":-1}`, `{"down":"1s"}`, `nonsense`} {
		if st := putFaults(t, url, body); st != 400 {
			t.Errorf("faults %s: %d, want 400", body, st)
		}
	}
	res, err := http.Post(url+"/messages", "text/plain", bytes.NewBufferString(enterText()))
	if err != nil || res.StatusCode != 400 {
		t.Errorf("a message without a key: %v %v", res.StatusCode, err)
	}
	res.Body.Close()
}
