package carpos

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// DOJ is the CARPOS side: it takes a message with an idempotency key and
// answers whether it accepted it. A retry with the same key gets the first
// answer again and makes no second record.
type DOJ interface {
	Submit(ctx context.Context, key, text string) (Answer, error)
}

// Answer is the DOJ's answer to a message. Accepted carries the order's FCN and
// NIC; a refusal carries the reason. An error from Submit (no answer) means the
// message may or may not have arrived: send it again with the same key.
type Answer struct {
	Accepted bool   `json:"accepted"`
	FCN      string `json:"fcn,omitempty"`
	NIC      string `json:"nic,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// ErrNoAnswer is returned when the DOJ could not be reached or did not answer.
var ErrNoAnswer = errors.New("carpos: no answer from the DOJ")

// HTTPDOJ speaks to the DOJ side (or the simulator) over HTTP: POST /messages,
// the message as text/plain, the key in the Idempotency-Key header.
type HTTPDOJ struct {
	URL    string
	Client *http.Client
}

// Submit implements DOJ.
func (d HTTPDOJ) Submit(ctx context.Context, key, text string) (Answer, error) {
	c := d.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL+"/messages", bytes.NewBufferString(text))
	if err != nil {
		return Answer{}, err
	}
	req.Header.Set("Content-Type", "text/plain; charset=us-ascii")
	req.Header.Set("Idempotency-Key", key)
	res, err := c.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<16))
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	switch res.StatusCode {
	case http.StatusOK, http.StatusUnprocessableEntity:
		var a Answer
		if err := json.Unmarshal(body, &a); err != nil {
			return Answer{}, fmt.Errorf("%w: unreadable answer: %v", ErrNoAnswer, err)
		}
		if a.Accepted != (res.StatusCode == http.StatusOK) {
			return Answer{}, fmt.Errorf("%w: answer contradicts its status %d", ErrNoAnswer, res.StatusCode)
		}
		return a, nil
	}
	return Answer{}, fmt.Errorf("%w: status %d", ErrNoAnswer, res.StatusCode)
}

// Unconfigured is the DOJ side when no endpoint is configured: no message is
// answered, so each lands in its court's work queue after its last try.
type Unconfigured struct{}

// Submit implements DOJ.
func (Unconfigured) Submit(context.Context, string, string) (Answer, error) {
	return Answer{}, fmt.Errorf("%w: no CARPOS endpoint is configured (CCPOR_CARPOS_URL)", ErrNoAnswer)
}
