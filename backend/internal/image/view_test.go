package image_test

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/image"
)

func itoa(n int) string { return strconv.Itoa(n) }

// level is the gray level at the centre of a rendered PNG page.
func level(t testing.TB, b []byte) uint8 {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	r := img.Bounds()
	y, _, _, _ := img.At(r.Dx()/2, r.Dy()/2).RGBA()
	return uint8(y >> 8)
}

func (w *world) attach(t testing.TB, name string, data []byte, orderID string) image.Image {
	t.Helper()
	status, body := w.upload(t, "clerk-a", orderID, name, data)
	if status != http.StatusCreated {
		t.Fatalf("%d %s", status, body)
	}
	return decode[image.Image](t, body)
}

// Every page of a multi-page TIFF is rendered, each its own, at page and at
// thumbnail size; a JPEG and a PNG have one page; a PDF is the browser's to render.
func TestEveryTIFFPageRendered(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	levels := []uint8{20, 90, 160, 230}
	img := w.attach(t, "scan.tif", tiffFile(400, 300, levels...), w.orderA)
	base := "/orders/" + w.orderA + "/images/" + img.ID
	for i, want := range levels {
		status, h, b := w.do(t, "judge-a", "GET", base+"/pages/"+itoa(i+1), nil)
		if status != http.StatusOK || h.Get("Content-Type") != "image/png" || level(t, b) != want {
			t.Fatalf("page %d: %d %s", i+1, status, h.Get("Content-Type"))
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("page %d CSP %q", i+1, h.Get("Content-Security-Policy"))
		}
		status, _, b = w.do(t, "judge-a", "GET", base+"/pages/"+itoa(i+1)+"?width=160", nil)
		thumb, err := png.DecodeConfig(bytes.NewReader(b))
		if status != http.StatusOK || err != nil || thumb.Width != 160 || thumb.Height != 120 || level(t, b) != want {
			t.Errorf("thumbnail %d: %d %v %+v", i+1, status, err, thumb)
		}
	}
	for _, c := range []struct{ path, says string }{
		{base + "/pages/5", "between 1 and 4"},
		{base + "/pages/1?width=5000", "at most 2550"},
		{base + "/pages/1?width=10", "between 64 and 2550"},
	} {
		if status, _, b := w.do(t, "judge-a", "GET", c.path, nil); status != http.StatusUnprocessableEntity || !strings.Contains(string(b), c.says) {
			t.Errorf("%s: %d %s", c.path, status, b)
		}
	}
	jpg := w.attach(t, "photo.jpg", jpegFile(t, 80, 60), w.orderA)
	if status, _, b := w.do(t, "judge-a", "GET", "/orders/"+w.orderA+"/images/"+jpg.ID+"/pages/1", nil); status != http.StatusOK || level(t, b) < 170 {
		t.Errorf("the JPEG: %d", status)
	}
	pdf := w.attach(t, "order.pdf", pdfFile(2), w.orderA)
	if status, _, b := w.do(t, "judge-a", "GET", "/orders/"+w.orderA+"/images/"+pdf.ID+"/pages/1", nil); status != http.StatusUnprocessableEntity || !strings.Contains(string(b), "browser") {
		t.Errorf("a PDF page: %d %s", status, b)
	}
}

// The bytes: Range, the registry's own name and disposition, nosniff, a policy
// that lets nothing run, and If-Range on the hash.
func TestContentHeadersAndRange(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	data := pdfFile(3)
	img := w.attach(t, "<script>.pdf", data, w.orderA)
	base := "/orders/" + w.orderA + "/images/" + img.ID + "/content"
	status, h, b := w.do(t, "judge-a", "GET", base+"?download=true", nil)
	if status != http.StatusOK || !bytes.Equal(b, data) {
		t.Fatalf("%d", status)
	}
	want := map[string]string{
		"Content-Type":            "application/pdf",
		"Content-Disposition":     `attachment; filename=order-` + w.orderA[:8] + "-" + img.ID[:8] + ".pdf",
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
		"Accept-Ranges":           "bytes",
		"ETag":                    `"` + img.SHA256 + `"`,
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, h.Get(k), v)
		}
	}
	status, h, b = w.do(t, "judge-a", "GET", base, nil, "Range", "bytes=10-19")
	if status != http.StatusPartialContent || !bytes.Equal(b, data[10:20]) || !strings.HasPrefix(h.Get("Content-Disposition"), "inline;") {
		t.Errorf("a range: %d %q %q", status, b, h.Get("Content-Disposition"))
	}
	status, _, b = w.do(t, "judge-a", "GET", base, nil, "Range", "bytes=5-9", "If-Range", `"`+img.SHA256+`"`)
	if status != http.StatusPartialContent || !bytes.Equal(b, data[5:10]) {
		t.Errorf("If-Range on the current hash: %d", status)
	}
	status, _, _ = w.do(t, "judge-a", "GET", base, nil, "Range", "bytes=5-9", "If-Range", `"stale"`)
	if status != http.StatusOK {
		t.Errorf("If-Range on another hash: %d, want the whole file", status)
	}
	if status, _, _ = w.do(t, "judge-a", "GET", base, nil, "Range", "bytes=99999-"); status != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("past the end: %d", status)
	}
}

// One event per view or download, not per Range request, page or thumbnail.
func TestOneAuditEventPerView(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	img := w.attach(t, "scan.tif", tiffFile(100, 100, 1, 2, 3), w.orderA)
	base := "/orders/" + w.orderA + "/images/" + img.ID
	events := func(action string) int {
		return w.count(t, `SELECT count(*) FROM audit_events WHERE action = $1 AND object_id = $2`, action, img.ID)
	}
	status, _, b := w.do(t, "judge-a", "GET", base, nil)
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, b)
	}
	view := decode[struct{ ViewToken string }](t, b).ViewToken
	for p := 1; p <= 3; p++ {
		for _, q := range []string{"", "&width=160"} {
			if status, _, _ := w.do(t, "judge-a", "GET", base+"/pages/"+itoa(p)+"?view="+view+q, nil); status != http.StatusOK {
				t.Fatalf("page %d: %d", p, status)
			}
		}
	}
	for _, r := range []string{"bytes=0-99", "bytes=100-199", "bytes=200-"} {
		if status, _, _ := w.do(t, "judge-a", "GET", base+"/content?view="+view, nil, "Range", r); status != http.StatusPartialContent {
			t.Fatalf("%s: %d", r, status)
		}
	}
	if n := events("image.view"); n != 1 {
		t.Errorf("%d view events for one view, want 1", n)
	}
	// A download: one event; its resumption (a later range) none.
	w.do(t, "judge-a", "GET", base+"/content?download=true", nil)
	w.do(t, "judge-a", "GET", base+"/content?download=true", nil, "Range", "bytes=500-")
	if n := events("image.download"); n != 1 {
		t.Errorf("%d download events, want 1", n)
	}
	// Another session's token does not stand for this one's view.
	w.do(t, "sheriff-a", "GET", base+"/pages/1?view="+view, nil)
	if n := events("image.view"); n != 2 {
		t.Errorf("a borrowed token: %d view events, want 2", n)
	}
	// A forged or expired token neither.
	w.do(t, "judge-a", "GET", base+"/pages/1?view=1.abc", nil)
	if n := events("image.view"); n != 3 {
		t.Errorf("a forged token: %d view events, want 3", n)
	}
}

// A Range request for a later part continues only an act recorded before: asked
// for first (bytes=1- is nearly the whole file), it is a download, recorded once;
// what follows it continues that download. Another user's download does not count.
func TestLaterPartWithoutARecordedActIsADownload(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	img := w.attach(t, "scan.tif", tiffFile(100, 100, 1), w.orderA)
	base := "/orders/" + w.orderA + "/images/" + img.ID
	downloads := func(who string) int {
		return w.count(t, `SELECT count(*) FROM audit_events e JOIN users u ON u.id = e.user_id
			WHERE e.action = 'image.download' AND e.outcome = 'success' AND e.object_id = $1 AND u.username = $2`, img.ID, who)
	}
	status, _, body := w.do(t, "judge-a", "GET", base+"/content", nil, "Range", "bytes=1-")
	if status != http.StatusPartialContent || len(body) == 0 {
		t.Fatalf("%d, %d bytes", status, len(body))
	}
	if n := downloads("judge-a"); n != 1 {
		t.Fatalf("a later part asked first: %d download events, want 1", n)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE object_id = $1 AND reason LIKE 'a later part (bytes=1-)%'`, img.ID); n != 1 {
		t.Errorf("the event does not say what was asked: %d", n)
	}
	for _, r := range []string{"bytes=100-", "bytes=200-299"} {
		if status, _, _ := w.do(t, "judge-a", "GET", base+"/content?download=true", nil, "Range", r); status != http.StatusPartialContent {
			t.Fatalf("%s: %d", r, status)
		}
	}
	if n := downloads("judge-a"); n != 1 {
		t.Errorf("continuations: %d download events, want 1", n)
	}
	// The sheriff has opened nothing: the judge's download does not stand for hers.
	if status, _, _ := w.do(t, "sheriff-a", "GET", base+"/content", nil, "Range", "bytes=100-"); status != http.StatusPartialContent {
		t.Fatalf("sheriff: %d", status)
	}
	if n := downloads("sheriff-a"); n != 1 {
		t.Errorf("another user's later part: %d download events, want 1", n)
	}
}

// An image is visible exactly when its order is: another court's reader sees an
// issued order's images (the courts share) but not a draft's; unknown ids are 404.
func TestVisibleExactlyWhenTheOrderIs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	img := w.attach(t, "a.png", pngFile(t, 20, 20), w.orderA)
	draft := w.attach(t, "b.png", pngFile(t, 21, 20), w.draftA)
	if status, _, _ := w.do(t, "sheriff-b", "GET", "/orders/"+w.orderA+"/images/"+img.ID, nil); status != http.StatusOK {
		t.Errorf("an issued order of a sharing court: %d", status)
	}
	for _, path := range []string{
		"/orders/" + w.draftA + "/images/" + draft.ID,
		"/orders/" + w.draftA + "/images/" + draft.ID + "/content",
		"/orders/" + w.draftA + "/images/" + draft.ID + "/pages/1",
		"/orders/" + w.draftA + "/images",
		"/orders/" + w.orderB + "/images/" + img.ID, // the right image under another order
		"/orders/" + w.orderA + "/images/00000000-0000-4000-8000-000000000000",
		"/orders/" + w.orderA + "/images/not-an-id/content",
	} {
		if status, _, b := w.do(t, "sheriff-b", "GET", path, nil); status != http.StatusNotFound {
			t.Errorf("%s: %d %s", path, status, b)
		}
	}
	if status, _, b := w.do(t, "clerk-a", "GET", "/orders/"+w.draftA+"/images", nil); status != http.StatusOK || !strings.Contains(string(b), draft.ID) {
		t.Errorf("the court's own draft: %d %s", status, b)
	}
	// And straight in the database: the draft's image row is not there for B.
	imgs, err := w.svc.List(context.Background(), w.as["sheriff-b"], w.orderA)
	if err != nil || len(imgs) != 1 {
		t.Errorf("B lists A's issued order: %v %v", imgs, err)
	}
}

// The read and its event go to the database together; the event is appended only
// for an image the caller sees: a refused read records its refusal, never a view or
// a download.
func TestRefusedReadRecordsNoAct(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	draft := w.attach(t, "b.png", pngFile(t, 21, 20), w.draftA)
	base := "/orders/" + w.draftA + "/images/" + draft.ID
	for _, path := range []string{base, base + "/content", base + "/content?download=true", base + "/pages/1"} {
		if status, _, b := w.do(t, "sheriff-b", "GET", path, nil); status != http.StatusNotFound {
			t.Fatalf("%s: %d %s", path, status, b)
		}
	}
	if status, _, _ := w.do(t, "sheriff-b", "GET", base+"/content", nil, "Range", "bytes=5-"); status != http.StatusNotFound {
		t.Fatalf("a later part: %d", status)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE object_id = $1 AND outcome = 'success' AND action IN ('image.view', 'image.download')`, draft.ID); n != 0 {
		t.Errorf("%d acts recorded on an image the caller cannot see", n)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE object_id = $1 AND outcome = 'denied' AND action IN ('image.view', 'image.download')`, w.draftA); n != 5 {
		t.Errorf("%d refusals recorded, want 5", n)
	}
}

// When the event cannot be written the bytes are not sent (fail closed).
func TestDownloadFailsClosedWithoutItsEvent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	data := tiffFile(100, 100, 1)
	img := w.attach(t, "scan.tif", data, w.orderA)
	w.f.Exec(t, "REVOKE EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text, uuid) FROM ccpor_app")
	base := "/orders/" + w.orderA + "/images/" + img.ID
	for _, c := range []struct{ path, rng string }{
		{base + "/content?download=true", ""}, {base + "/content", ""}, {base + "/content", "bytes=10-"}, {base, ""},
	} {
		var headers []string
		if c.rng != "" {
			headers = []string{"Range", c.rng}
		}
		status, h, b := w.do(t, "judge-a", "GET", c.path, nil, headers...)
		if status != http.StatusServiceUnavailable || bytes.Contains(b, data[8:64]) || h.Get("Content-Disposition") != "" {
			t.Errorf("%s %s with the audit log broken: %d, %d bytes", c.path, c.rng, status, len(b))
		}
	}
}
