package image_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/ccpor/ccpor/backend/internal/image"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// s3Bucket opens an s3:// URL on an in-process S3 server, as CCPOR_BLOB_URL
// would name MinIO or any S3 store.
func s3Bucket(t *testing.T) *world {
	t.Helper()
	mem := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(mem).Server())
	t.Cleanup(srv.Close)
	if err := mem.CreateBucket("ccpor-images"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	url := "s3://ccpor-images?endpoint=" + srv.URL + "&region=us-west-1&use_path_style=true" +
		"&request_checksum_calculation=when_required&response_checksum_validation=when_required"
	bucket, err := image.OpenBucket(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return newWorldOn(t, bucket)
}

// The S3 path end to end: upload, the bytes back with a Range, a page rendered,
// a refusal that leaves nothing, the crash that leaves nothing, and the sweep.
func TestS3Store(t *testing.T) {
	w := s3Bucket(t)
	data := tiffFile(40, 30, 10, 200)
	status, body := w.upload(t, "clerk-a", w.orderA, "scan.tif", data)
	if status != http.StatusCreated {
		t.Fatalf("%d %s", status, body)
	}
	img := decode[image.Image](t, body)
	status, h, got := w.do(t, "judge-a", "GET", "/orders/"+w.orderA+"/images/"+img.ID+"/content", nil, "Range", "bytes=0-99")
	if status != http.StatusPartialContent || string(got) != string(data[:100]) || h.Get("Content-Range") != "bytes 0-99/"+itoa(len(data)) {
		t.Errorf("a range: %d %q %q", status, h.Get("Content-Range"), got)
	}
	status, _, page := w.do(t, "judge-a", "GET", "/orders/"+w.orderA+"/images/"+img.ID+"/pages/2", nil)
	if status != http.StatusOK || level(t, page) != 200 {
		t.Errorf("page 2: %d", status)
	}
	if status, body = w.upload(t, "clerk-a", w.orderB, "scan.pdf", pdfFile(1)); status != http.StatusForbidden {
		t.Errorf("another court's order: %d %s", status, body)
	}
	w.svc.SetBeforeCommit(func() error { return context.Canceled })
	if status, body = w.upload(t, "clerk-a", w.orderA, "other.pdf", pdfFile(2)); status < 500 {
		t.Errorf("the crash: %d %s", status, body)
	}
	w.svc.SetBeforeCommit(nil)
	if n := w.blobs(t); n != 1 {
		t.Errorf("%d blobs in the S3 store, want 1", n)
	}
	// A blob left by a crash (written, never committed) is swept.
	if err := w.bucket.WriteAll(context.Background(), "images/00000000-0000-4000-8000-000000000001", []byte("left"), nil); err != nil {
		t.Fatal(err)
	}
	rep := sweep(t, w, time.Now().Add(time.Minute), true)
	if len(rep.Removed) != 1 || len(rep.Mismatched) != 0 || len(rep.Missing) != 0 {
		t.Errorf("sweep: %+v", rep)
	}
}

// The sweep, as ccpor_worker: an orphan older than the grace is removed, a young
// one (an upload in flight) and every named blob are kept; a blob whose bytes
// changed, and one that is gone, are reported.
func TestSweep(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var ids []string
	for _, f := range [][]byte{pdfFile(1), pdfFile(2), pdfFile(3)} {
		status, body := w.upload(t, "clerk-a", w.orderA, "order.pdf", f)
		if status != http.StatusCreated {
			t.Fatalf("%d %s", status, body)
		}
		ids = append(ids, decode[image.Image](t, body).ID)
	}
	old := filepath.Join(w.dir, "images", "00000000-0000-4000-8000-00000000000a")
	young := filepath.Join(w.dir, "images", "00000000-0000-4000-8000-00000000000b")
	for _, p := range []string{old, young} {
		if err := os.WriteFile(p, []byte("orphan"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(old, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.dir, "images", ids[1]), []byte("altered"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(w.dir, "images", ids[2])); err != nil {
		t.Fatal(err)
	}
	rep := sweep(t, w, time.Now().Add(-time.Hour), true)
	if len(rep.Removed) != 1 || rep.Removed[0] != "images/00000000-0000-4000-8000-00000000000a" {
		t.Errorf("removed %v", rep.Removed)
	}
	if len(rep.Mismatched) != 1 || rep.Mismatched[0] != ids[1] || len(rep.Missing) != 1 || rep.Missing[0] != ids[2] {
		t.Errorf("reported %+v, want %s altered and %s gone", rep, ids[1], ids[2])
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("the young orphan was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(w.dir, "images", ids[0])); err != nil {
		t.Errorf("a named blob was removed: %v", err)
	}
}

func sweep(t *testing.T, w *world, olderThan time.Time, verify bool) image.SweepReport {
	t.Helper()
	pool, err := db.OpenPool(context.Background(), w.d.WorkerURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rep, err := image.Sweep(context.Background(), pool, w.bucket, olderThan, verify)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
