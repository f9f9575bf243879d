package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCarposSim(t *testing.T) {
	for _, args := range [][]string{{"-reject-share", "2"}, {"-latency", "-1s"}, {"-lose-share", "x"}, {"-nonsense"}} {
		if err := run(context.Background(), append([]string{"carpos-sim"}, args...), &bytes.Buffer{}, nil); err == nil {
			t.Errorf("%v: started", args)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- carposSim(ctx, []string{"-addr", "127.0.0.1:0", "-down-for", "1h", "-latency", "1ms"}, &bytes.Buffer{}, ready)
	}()
	addr := <-ready
	res, err := http.Post("http://"+addr+"/messages", "text/plain", strings.NewReader("MKE/ENTER"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest { // no key
		t.Errorf("without a key: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/messages", strings.NewReader("MKE/ENTER"))
	req.Header.Set("Idempotency-Key", "k")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("down for an hour by flag: %d", res.StatusCode)
	}
	res, err = http.Get("http://" + addr + "/admin/faults")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `"latency":"1ms"`) {
		t.Errorf("faults: %s", b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shut down: %v", err)
	}
}
