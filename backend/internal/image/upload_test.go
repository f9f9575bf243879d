package image_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/image"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// Each accepted format is stored whole: the row says what it is, the blob holds the
// same bytes, the SHA-256 is theirs, and one upload event is recorded.
func TestUploadEachFormat(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cases := []struct {
		name, mediaType string
		data            []byte
		pages, width    int
	}{
		{"order.pdf", image.PDF, pdfFile(3), 3, 0},
		{"scan.TIF", image.TIFF, tiffFile(40, 50, 10, 120, 250), 3, 40},
		{"scan.tiff", image.TIFF, tiffFile(30, 20, 90), 1, 30},
		{"photo.jpg", image.JPEG, jpegFile(t, 64, 48), 1, 64},
		{"photo.jpeg", image.JPEG, jpegFile(t, 65, 48), 1, 65},
		{"page.png", image.PNG, pngFile(t, 33, 21), 1, 33},
	}
	for _, c := range cases {
		status, body := w.upload(t, "clerk-a", w.orderA, c.name, c.data)
		if status != http.StatusCreated {
			t.Fatalf("%s: %d %s", c.name, status, body)
		}
		img := decode[image.Image](t, body)
		sum := sha256.Sum256(c.data)
		if img.MediaType != c.mediaType || img.Pages != c.pages || img.Width != c.width || img.Size != int64(len(c.data)) ||
			img.SHA256 != hex.EncodeToString(sum[:]) || img.FileName != c.name || img.Version != 1 || img.Purpose != image.PurposeOrder {
			t.Errorf("%s: stored as %+v", c.name, img)
		}
		stored, err := w.bucket.ReadAll(context.Background(), "images/"+img.ID)
		if err != nil || !bytes.Equal(stored, c.data) {
			t.Errorf("%s: the blob does not hold the file (%v)", c.name, err)
		}
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'image.upload' AND outcome = 'success'`); n != len(cases) {
		t.Errorf("%d upload events, want %d", n, len(cases))
	}
}

// The proof of service is attached to the order (the service record has no id of
// its own) with its purpose.
func TestUploadProofOfService(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	status, body := w.upload(t, "sheriff-a", w.orderA, "proof.pdf", pdfFile(1), "proof_of_service")
	if status != http.StatusCreated {
		t.Fatalf("%d %s", status, body)
	}
	if img := decode[image.Image](t, body); img.Purpose != image.PurposeService || img.OrderID != w.orderA {
		t.Errorf("stored as %+v", img)
	}
	status, body = w.upload(t, "sheriff-a", w.orderA, "proof.pdf", pdfFile(2), "affidavit")
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "purpose") {
		t.Errorf("an unknown purpose: %d %s", status, body)
	}
}

// The same file again is recognised: 200 with the image it already is, one blob, one row.
func TestDuplicateRecognised(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	data := tiffFile(20, 20, 1, 2)
	status, body := w.upload(t, "clerk-a", w.orderA, "a.tif", data)
	if status != http.StatusCreated {
		t.Fatalf("%d %s", status, body)
	}
	first := decode[image.Image](t, body)
	status, body = w.upload(t, "sheriff-a", w.orderA, "copy of a.tif", data)
	if status != http.StatusOK || decode[image.Image](t, body).ID != first.ID {
		t.Fatalf("the duplicate: %d %s", status, body)
	}
	if n := w.count(t, `SELECT count(*) FROM order_images`); n != 1 {
		t.Errorf("%d rows", n)
	}
	if n := w.blobs(t); n != 1 {
		t.Errorf("%d blobs", n)
	}
	// Another order may hold the same file.
	if status, body = w.upload(t, "clerk-b", w.orderB, "a.tif", data); status != http.StatusCreated {
		t.Errorf("the same file on another order: %d %s", status, body)
	}
}

// Bad input: each refused with a problem that says what is wrong, and nothing stored.
func TestBadInputRefusedNothingStored(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	png := pngFile(t, 10, 10)
	tif := tiffFile(50, 50, 10, 20)
	cases := []struct {
		what, name string
		data       []byte
		status     int
		field      string // where the problem points
		says       string // what it says
	}{
		{"an executable renamed .pdf", "order.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 200)...),
			422, "body", "is a program"},
		{"an ELF executable renamed .pdf", "order.pdf", []byte("\x7fELF\x02\x01\x01\x00rest of the program"), 422, "body", "is a program"},
		{"HTML renamed .pdf", "order.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
			422, "body", "web page"},
		{"HTML with leading space renamed .pdf", "order.pdf", []byte("  \n<html><script>alert(1)</script>"), 422, "body", "web page"},
		{"a polyglot: PNG with a web page appended", "page.png", append(append([]byte{}, png...), []byte("<html><script>alert(1)</script></html>")...),
			422, "body", "two kinds at once"},
		{"a polyglot: PNG with a ZIP appended", "page.png", append(append([]byte{}, png...), []byte("PK\x03\x04\x14\x00\x00\x00zipdata PK\x05\x06")...),
			422, "body", "data after the end"},
		{"a polyglot: PDF with a script", "order.pdf", bytes.Replace(pdfFile(1), []byte("/Resources << >>"), []byte("/Resources << >> /AA << /O << /S /JavaScript /JS (app.alert(1)) >> >>"), 1),
			422, "body", "JavaScript"},
		{"a zero-byte file", "order.pdf", []byte{}, 422, "body", "is empty"},
		{"a truncated TIFF (pixels cut)", "scan.tif", tif[:len(tif)-100], 422, "body", "damaged or cut short"},
		{"a truncated TIFF (second page cut)", "scan.tif", tif[:8+126+2500+20], 422, "body", "cut short"},
		{"a truncated PDF", "order.pdf", pdfFile(2)[:300], 422, "body", "cut short"},
		{"a truncated PNG", "page.png", png[:len(png)-20], 422, "body", "cut short"},
		{"a decompression bomb (PNG declaring 100000 × 100000)", "bomb.png", pngHeaderOnly(100000, 100000), 422, "body", "100000 × 100000 pixels"},
		{"a decompression bomb (TIFF declaring 60000 × 60000)", "bomb.tif", tiffBomb(), 422, "body", "60000 × 60000 pixels"},
		{"too many pages", "many.tif", tiffFile(2, 2, make([]byte, 21)...), 422, "body", "more than the 20 pages"},
		{"a PDF named .png", "order.png", pdfFile(1), 422, "body", `ends in ".png"`},
		{"a TIFF named .jpg", "scan.jpg", tif, 422, "body", "must end in .tif or .tiff"},
		{"a name with ../", "../../etc/order.pdf", pdfFile(1), 422, "query.name", "without folders"},
		{"a name with ..", "..order.pdf", pdfFile(1), 422, "query.name", `".."`},
		{"a name with CRLF", "order\r\nX-Injected: 1.pdf", pdfFile(1), 422, "query.name", "line breaks"},
		{"a name with a backslash", `..\order.pdf`, pdfFile(1), 422, "query.name", "without folders"},
		{"a file one byte over the limit", "big.pdf", make([]byte, limits.MaxBytes+1), 413, "", "6291457 bytes, more than the limit of 6291456 bytes (6 MB)"},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			status, body := w.upload(t, "clerk-a", w.orderA, c.name, c.data)
			if status != c.status {
				t.Fatalf("%d %s", status, body)
			}
			p := decode[problem](t, body)
			found := strings.Contains(p.Detail, c.says) && c.field == ""
			for _, e := range p.Errors {
				found = found || (e.Location == c.field && strings.Contains(e.Message, c.says))
			}
			if !found {
				t.Errorf("the problem does not say %q at %q: %s", c.says, c.field, body)
			}
			w.nothingStored(t)
		})
	}
	// Every refusal is recorded, the oversize and the empty one too (refused by
	// their announced length before the body is read).
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'image.upload' AND outcome = 'invalid'`); n != len(cases) {
		t.Errorf("%d refusals recorded, want %d", n, len(cases))
	}
	for _, says := range []string{"6291457 bytes, more than the limit", "is empty"} {
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'image.upload' AND outcome = 'invalid'
				AND object_id = $1 AND reason LIKE '%' || $2 || '%'`, w.orderA, says); n != 1 {
			t.Errorf("%d refusals recorded saying %q, want 1", n, says)
		}
	}
}

// Uploads refused before the handler reads them (a body longer than the limit
// sent without its length, a purpose or a name the request's schema refuses)
// are recorded too, once each, and store nothing.
func TestRefusalsBeforeTheHandlerAreRecorded(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	q := func(v url.Values) string { return "/orders/" + w.orderA + "/images?" + v.Encode() }
	// No Content-Length: the body is read, and cut at the limit.
	req, err := http.NewRequest("POST", w.srv.URL+q(url.Values{"name": {"big.pdf"}}),
		io.MultiReader(bytes.NewReader(make([]byte, limits.MaxBytes+10))))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Test-As", "clerk-a")
	req.Header.Set("Content-Type", "application/octet-stream")
	res, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a long body without its length: %d", res.StatusCode)
	}
	if status, _, body := w.do(t, "clerk-a", "POST", q(url.Values{"name": {"order.pdf"}, "purpose": {"warrant"}}), pdfFile(1)); status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad purpose: %d %s", status, body)
	}
	if status, _, body := w.do(t, "clerk-a", "POST", q(url.Values{"name": {strings.Repeat("a", 201) + ".pdf"}}), pdfFile(1)); status != http.StatusUnprocessableEntity {
		t.Fatalf("a long name: %d %s", status, body)
	}
	w.nothingStored(t)
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'image.upload' AND outcome = 'invalid' AND object_id = $1`, w.orderA); n != 3 {
		t.Errorf("%d refusals recorded, want 3", n)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'image.upload' AND reason LIKE '%more than the limit of 6291456 bytes (6 MB)%'`); n != 1 {
		t.Errorf("%d oversize refusals recorded, want 1", n)
	}
	// An upload the handler refuses is recorded once, not again by the middleware.
	if status, _ := w.upload(t, "clerk-a", w.orderA, "order.pdf", []byte("MZ\x90\x00 a program")); status != http.StatusUnprocessableEntity {
		t.Fatalf("a program: %d", status)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'image.upload' AND outcome = 'invalid' AND object_id = $1`, w.orderA); n != 4 {
		t.Errorf("%d refusals recorded, want 4", n)
	}
}

// A file of exactly the limit passes the size check (and is refused only as a
// damaged PNG).
func TestSizeLimitExact(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	atLimit := make([]byte, limits.MaxBytes)
	copy(atLimit, "\x89PNG\r\n\x1a\n")
	status, body := w.upload(t, "clerk-a", w.orderA, "x.png", atLimit)
	if status != http.StatusUnprocessableEntity || strings.Contains(string(body), "limit") {
		t.Errorf("a file at the limit: %d %s", status, body)
	}
	w.nothingStored(t)
}

// tiffBomb declares a 60000 × 60000 page and holds a few bytes of it.
func tiffBomb() []byte {
	b := tiffFile(1, 1, 0)
	// ImageWidth and ImageLength are the first two entries of the IFD at 8.
	for _, at := range []int{8 + 2 + 8, 8 + 2 + 12 + 8} {
		b[at], b[at+1], b[at+2], b[at+3] = 0x60, 0xea, 0, 0 // 60000
	}
	return b
}

// An image for another court's order is refused by the database: the caller reads
// the order (the courts share statewide) but row-level security refuses the row,
// and the blob written before is removed.
func TestAnotherCourtsOrderRefusedByTheDatabase(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	status, body := w.upload(t, "clerk-a", w.orderB, "order.pdf", pdfFile(1))
	if status != http.StatusForbidden {
		t.Fatalf("%d %s", status, body)
	}
	w.nothingStored(t)
	// Straight to the database as the clerk of A: with B's court, or with A's.
	err := w.svc.InsertRowForTest(context.Background(), w.as["clerk-a"], w.b, w.orderB)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("court B's row as A's clerk: %v", err)
	}
	err = w.svc.InsertRowForTest(context.Background(), w.as["clerk-a"], w.a, w.orderB)
	if err == nil || !strings.Contains(err.Error(), "foreign key") {
		t.Errorf("B's order under A's court: %v", err)
	}
	// A judge reads but does not write, whatever the role rules in Go say.
	err = w.svc.InsertRowForTest(context.Background(), w.as["judge-a"], w.a, w.orderA)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("a judge's row: %v", err)
	}
	if n := w.count(t, `SELECT count(*) FROM order_images`); n != 0 {
		t.Errorf("%d rows", n)
	}
}

// The crash case: the blob is written, then the transaction rolls back. No row
// remains, and the blob is removed.
func TestCrashBetweenBlobAndCommit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	crash := errors.New("the process stops here")
	w.svc.SetBeforeCommit(func() error { return crash })
	_, _, err := w.svc.Upload(context.Background(), w.as["clerk-a"], w.orderA, image.UploadRequest{Name: "a.pdf", Data: pdfFile(1)})
	if !errors.Is(err, crash) {
		t.Fatalf("%v", err)
	}
	w.nothingStored(t)
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'image.upload' AND outcome = 'success'`); n != 0 {
		t.Errorf("%d success events survived the rollback", n)
	}
}

// Not visible, not there: an unknown order, a draft of another court, an image of
// another order under this order's path.
func TestInvisibleOrdersAreNotFound(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, id := range []string{"00000000-0000-4000-8000-000000000000", "not-an-id"} {
		if status, body := w.upload(t, "clerk-a", id, "a.pdf", pdfFile(1)); status != http.StatusNotFound {
			t.Errorf("order %s: %d %s", id, status, body)
		}
	}
	// A's draft: B's clerk does not see it.
	if status, body := w.upload(t, "clerk-b", w.draftA, "a.pdf", pdfFile(1)); status != http.StatusNotFound {
		t.Errorf("another court's draft: %d %s", status, body)
	}
	w.nothingStored(t)
	_, _, err := w.svc.Upload(context.Background(), w.as["clerk-a"], w.draftA, image.UploadRequest{Name: "a.pdf", Data: pdfFile(1)})
	if err != nil {
		t.Fatalf("the court's own draft: %v", err)
	}
	if _, err := w.svc.List(context.Background(), w.as["clerk-b"], w.draftA); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("another court's draft's images: %v", err)
	}
}
