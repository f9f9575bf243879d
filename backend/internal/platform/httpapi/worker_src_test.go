package httpapi

import (
	"os"
	"path/filepath"
	"testing"
)

// The SPA's CSP lets exactly one script run as a worker: the build's pdf.js worker,
// named by its full URL; without one, none.
func TestWorkerSource(t *testing.T) {
	dir := t.TempDir()
	if got := WorkerSource("https://registry.example/ccpor", dir); got != "'none'" {
		t.Errorf("no worker in the build: %q", got)
	}
	if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "assets", "pdf.worker.min-AbC123.mjs"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := WorkerSource("https://registry.example/ccpor/", dir); got != "https://registry.example/ccpor/assets/pdf.worker.min-AbC123.mjs" {
		t.Errorf("the worker: %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "assets", "pdf.worker.min-Other.mjs"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := WorkerSource("https://registry.example/ccpor", dir); got != "'none'" {
		t.Errorf("two workers, none allowed: %q", got)
	}
}
