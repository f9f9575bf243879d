package image_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/image"
)

// craftedPDF is a one-page PDF whose catalog and page carry extra entries, with
// more objects after them (numbered from 4). With packed, the extra objects are
// stored compressed (FlateDecode) in an object stream and found through a
// cross-reference stream, where no byte of them shows in the file.
func craftedPDF(catalog, page string, packed bool, extra ...string) []byte {
	var b bytes.Buffer
	version := "1.4"
	if packed {
		version = "1.5"
	}
	b.WriteString("%PDF-" + version + "\n%\xe2\xe3\xcf\xd3\n")
	offsets := map[int]int{}
	obj := func(n int, body string) {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	obj(1, "<< /Type /Catalog /Pages 2 0 R "+catalog+" >>")
	obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> "+page+" >>")
	if !packed {
		for i, body := range extra {
			obj(4+i, body)
		}
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", 4+len(extra))
		for n := 1; n < 4+len(extra); n++ {
			fmt.Fprintf(&b, "%010d 00000 n \n", offsets[n])
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", 4+len(extra), xref)
		return b.Bytes()
	}
	// The object stream holds objects 4.. ; it is object 4+len(extra), the
	// cross-reference stream the one after it.
	var header, bodies strings.Builder
	for i, body := range extra {
		fmt.Fprintf(&header, "%d %d ", 4+i, bodies.Len())
		bodies.WriteString(body + "\n")
	}
	plain := header.String() + bodies.String()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write([]byte(plain))
	_ = zw.Close()
	stm := 4 + len(extra)
	offsets[stm] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n",
		stm, len(extra), header.Len(), z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n")
	xrefNr := stm + 1
	offsets[xrefNr] = b.Len()
	var rows bytes.Buffer
	row := func(kind byte, field2 uint32, field3 uint16) {
		rows.WriteByte(kind)
		_ = binary.Write(&rows, binary.BigEndian, field2)
		_ = binary.Write(&rows, binary.BigEndian, field3)
	}
	row(0, 0, 65535)
	for n := 1; n <= xrefNr; n++ {
		if n >= 4 && n < stm {
			row(2, uint32(stm), uint16(n-4))
		} else {
			row(1, uint32(offsets[n]), 0)
		}
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n", xrefNr, xrefNr+1, rows.Len())
	b.Write(rows.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", offsets[xrefNr])
	return b.Bytes()
}

var pdfLimits = image.Limits{MaxBytes: 1 << 20, MaxPages: 10, MaxPixels: 100_000_000}

// A PDF whose objects carry actions or embedded files is refused, however its
// names are written (#xx escapes stand for the same name) and wherever its objects
// are stored (compressed object streams included).
func TestPDFActiveContentRefused(t *testing.T) {
	t.Parallel()
	link := func(action string) string {
		return "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A " + action + " >>]"
	}
	for _, tc := range []struct {
		name          string
		catalog, page string
		packed        bool
		extra         []string
		says          string
	}{
		{"JavaScript on page open, escaped", "", "/AA << /O << /S /Java#53cript /JS (app.alert(1)) >> >>", false, nil, "JavaScript"},
		{"Launch on document open, escaped", "/OpenAction << /S /L#61unch /F (cmd.exe) >>", "", false, nil, "Launch"},
		{"embedded files, escaped", "/Names << /Embedded#46iles 4 0 R >>", "", false,
			[]string{"<< /Names [(a.exe) 5 0 R] >>", "<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>",
				"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"}, "EmbeddedFile"},
		{"a URI opened on document open", "/OpenAction << /S /URI /URI (https://evil.example/) >>", "", false, nil, "URI"},
		{"an open action that is an action", "/OpenAction 4 0 R", "", false, []string{"<< /S /GoTo /D [3 0 R /Fit] >>"}, "OpenAction"},
		{"a link that submits a form", "", link("<< /S /SubmitForm /F << /FS /URL /F (https://evil.example/) >> >>"), false, nil, "SubmitForm"},
		{"a link that imports data", "", link("<< /S /ImportData /F (data.fdf) >>"), false, nil, "ImportData"},
		{"a link to another file", "", link("<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>"), false, nil, "GoToR"},
		{"a link into an embedded file", "", link("<< /S /GoToE /D [0 /Fit] /T << /R /C /N (x) >> >>"), false, nil, "GoToE"},
		{"a link with a URI, escaped", "", link("<< /S /U#52I /URI (https://evil.example/) >>"), false, nil, "URI"},
		{"rich media", "", "/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>]", false, nil, "RichMedia"},
		{"a name tree of scripts", "/Names << /JavaScript 4 0 R >>", "", false, []string{"<< /Names [(x) << /S /JavaScript /JS (app.alert(1)) >>] >>"}, "JavaScript"},
		{"JavaScript in a compressed object stream", "", link("4 0 R"), true,
			[]string{"<< /S /Java#53cript /JS (app.alert(1)) >>"}, "JavaScript"},
		{"Launch in a compressed object stream", "", link("4 0 R"), true, []string{"<< /S /Launch /F (cmd.exe) >>"}, "Launch"},
		{"JS in a compressed object stream, escaped key", "", link("4 0 R"), true, []string{"<< /S /Named /#4AS (app.alert(1)) >>"}, "JS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			data := craftedPDF(tc.catalog, tc.page, tc.packed, tc.extra...)
			_, err := image.Inspect(data, "order.pdf", pdfLimits)
			if err == nil || !strings.Contains(err.Error(), "active content") || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("got %v, want a refusal of active content naming %s", err, tc.says)
			}
		})
	}
}

const mention = "BT /F1 12 Tf (see /JavaScript and /Launch) Tj ET"

// Plain PDFs pass, also those stored in object streams, with destinations that
// stay in the document, and those whose text merely mentions an action's name.
func TestPlainPDFsAccepted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		catalog, page string
		packed        bool
		extra         []string
	}{
		{"plain", "", "", false, nil},
		{"open at a page (a destination, not an action)", "/OpenAction [3 0 R /Fit]", "", false, nil},
		{"in an object stream", "/ViewerPreferences 4 0 R", "", true, []string{"<< /DisplayDocTitle true >>"}},
		{"text that mentions /JavaScript", "", "/Contents 4 0 R", false,
			[]string{fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(mention), mention)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in, err := image.Inspect(craftedPDF(tc.catalog, tc.page, tc.packed, tc.extra...), "order.pdf", pdfLimits)
			if err != nil || in.Pages != 1 {
				t.Errorf("got %+v, %v; want a one-page PDF", in, err)
			}
		})
	}
}
