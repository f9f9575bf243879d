package image

import (
	"bytes"
	"fmt"
	goimage "image"
	"image/jpeg"
	"image/png"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/tiff"
)

// pdfcpu reads no configuration directory of its own (nor writes one in $HOME).
func init() { api.DisableConfigDir() }

// Media types the registry accepts.
const (
	PDF  = "application/pdf"
	TIFF = "image/tiff"
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// extensions are the file name endings each type may carry.
var extensions = map[string][]string{
	PDF:  {".pdf"},
	TIFF: {".tif", ".tiff"},
	JPEG: {".jpg", ".jpeg"},
	PNG:  {".png"},
}

// Limits bound what an upload may hold; each is checked before anything is decoded.
type Limits struct {
	MaxBytes  int64 // the file's size
	MaxPages  int   // pages of a PDF or a TIFF
	MaxPixels int64 // width × height of one page
}

// Inspection is what the bytes of an accepted file are.
type Inspection struct {
	MediaType     string
	Pages         int
	Width, Height int // of the first page; 0 for a PDF
}

// problem is a refusal of the file's content, worded for the person uploading it.
type problem string

func (p problem) Error() string { return string(p) }

func refuse(format string, args ...any) error { return problem(fmt.Sprintf(format, args...)) }

// sniff names the type the first bytes declare, or describes what they are.
func sniff(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-1.")), bytes.HasPrefix(b, []byte("%PDF-2.")):
		return PDF, nil
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return TIFF, nil
	case bytes.HasPrefix(b, []byte("II+\x00")), bytes.HasPrefix(b, []byte("MM\x00+")):
		return "", refuse("is a BigTIFF file, which the registry does not read; save it as an ordinary TIFF or a PDF")
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return JPEG, nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case bytes.HasPrefix(b, []byte("MZ")), bytes.HasPrefix(b, []byte("\x7fELF")),
		bytes.HasPrefix(b, []byte("\xcf\xfa\xed\xfe")), bytes.HasPrefix(b, []byte("\xca\xfe\xba\xbe")),
		bytes.HasPrefix(b, []byte("#!")):
		return "", refuse("is a program, not a document: only PDF, TIFF, JPEG and PNG files are accepted")
	case looksLikeMarkup(b[:min(len(b), 1024)]):
		return "", refuse("is a web page (HTML), not a document: only PDF, TIFF, JPEG and PNG files are accepted")
	}
	return "", refuse("is not a PDF, TIFF, JPEG or PNG file (its first bytes are those of another kind of file)")
}

// markup are what a browser would take for a web page or a script.
var markup = [][]byte{[]byte("<html"), []byte("<script"), []byte("<!doctype html"), []byte("<body"),
	[]byte("<iframe"), []byte("<svg"), []byte("<head"), []byte("javascript:")}

func looksLikeMarkup(b []byte) bool {
	lower := bytes.ToLower(b)
	for _, m := range markup {
		if bytes.Contains(lower, m) {
			return true
		}
	}
	return false
}

// CheckName refuses a file name that could name a path or split a header: it must
// be one plain name with an extension, without folders, "..", or control
// characters (CR, LF, NUL).
func CheckName(name string) error {
	switch {
	case name == "":
		return refuse("is required: the file's name, e.g. order.pdf")
	case len(name) > 200:
		return refuse("is longer than 200 characters")
	case !utf8.ValidString(name):
		return refuse("is not valid text")
	case strings.ContainsAny(name, "/\\"):
		return refuse("must be a file name without folders (no / or \\)")
	case strings.Contains(name, ".."):
		return refuse(`must not contain ".."`)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return refuse("must not contain line breaks or other control characters")
		}
	}
	return nil
}

// Inspect decides what data is, from its bytes, and checks it against the name's
// extension and the limits: the size first, then the page count and every page's
// declared dimensions, and only then decodes the pages (which finds a truncated
// file). A PDF is not decoded here: pdfcpu reads and validates its structure and
// counts its pages; browsers render it with pdf.js.
func Inspect(data []byte, name string, lim Limits) (Inspection, error) {
	if len(data) == 0 {
		return Inspection{}, refuse("is empty (0 bytes)")
	}
	if int64(len(data)) > lim.MaxBytes {
		return Inspection{}, &TooLargeError{Size: int64(len(data)), Limit: lim.MaxBytes}
	}
	mt, err := sniff(data)
	if err != nil {
		return Inspection{}, err
	}
	ext := strings.ToLower(path.Ext(name))
	ok := false
	for _, e := range extensions[mt] {
		ok = ok || e == ext
	}
	if !ok {
		return Inspection{}, refuse("holds a %s file, but its name ends in %q; the name must end in %s",
			typeName(mt), ext, strings.Join(extensions[mt], " or "))
	}
	if looksLikeMarkup(data) {
		return Inspection{}, refuse("holds web page or script text inside the %s (a file that is two kinds at once); scan or save the document again", typeName(mt))
	}
	switch mt {
	case PDF:
		return inspectPDF(data, lim)
	case TIFF:
		return inspectTIFF(data, lim)
	default:
		return inspectRaster(data, mt, lim)
	}
}

func typeName(mt string) string {
	switch mt {
	case PDF:
		return "PDF"
	case TIFF:
		return "TIFF"
	case JPEG:
		return "JPEG"
	}
	return "PNG"
}

func checkPixels(page, w, h int, lim Limits) error {
	if w <= 0 || h <= 0 {
		return refuse("page %d declares no size; the file is damaged", page)
	}
	if int64(w)*int64(h) > lim.MaxPixels {
		return refuse("page %d is %d × %d pixels, more than the %d million pixels a page may have; scan it at a lower resolution",
			page, w, h, lim.MaxPixels/1_000_000)
	}
	return nil
}

// inspectRaster checks a JPEG or PNG: one page, its declared size within the
// limit, then a full decode; nothing may follow the image's end marker (a second
// file appended, as in a polyglot).
func inspectRaster(data []byte, mt string, lim Limits) (Inspection, error) {
	cfg, _, err := goimage.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Inspection{}, refuse("is a damaged %s file: %v", typeName(mt), err)
	}
	if err := checkPixels(1, cfg.Width, cfg.Height, lim); err != nil {
		return Inspection{}, err
	}
	switch mt {
	case PNG:
		if !bytes.HasSuffix(data, []byte("\x00\x00\x00\x00IEND\xaeB`\x82")) {
			return Inspection{}, refuse("has data after the end of the PNG image, or is cut short; save the image again")
		}
		_, err = png.Decode(bytes.NewReader(data))
	case JPEG:
		if !bytes.HasSuffix(bytes.TrimRight(data, "\x00"), []byte("\xff\xd9")) {
			return Inspection{}, refuse("has data after the end of the JPEG image, or is cut short; save the image again")
		}
		_, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return Inspection{}, refuse("is a damaged %s file: %v", typeName(mt), err)
	}
	return Inspection{MediaType: mt, Pages: 1, Width: cfg.Width, Height: cfg.Height}, nil
}

// inspectTIFF counts the pages (the chain of image file directories) and checks
// each page's declared size before decoding any; then decodes every page.
func inspectTIFF(data []byte, lim Limits) (Inspection, error) {
	offsets, err := tiffPages(data, lim.MaxPages)
	if err != nil {
		return Inspection{}, err
	}
	var first goimage.Config
	for i, off := range offsets {
		cfg, err := tiff.DecodeConfig(tiffPage(data, off))
		if err != nil {
			return Inspection{}, refuse("page %d of the TIFF is damaged: %v", i+1, err)
		}
		if err := checkPixels(i+1, cfg.Width, cfg.Height, lim); err != nil {
			return Inspection{}, err
		}
		if i == 0 {
			first = cfg
		}
	}
	for i, off := range offsets {
		if _, err := tiff.Decode(tiffPage(data, off)); err != nil {
			return Inspection{}, refuse("page %d of the TIFF is damaged or cut short: %v", i+1, err)
		}
	}
	return Inspection{MediaType: TIFF, Pages: len(offsets), Width: first.Width, Height: first.Height}, nil
}

// inspectPDF validates the PDF's structure with pdfcpu and counts its pages. A PDF
// must end with %%EOF (only line ends after it), and none of its parsed objects
// may carry active content (actions, scripts, embedded files: activeContent).
func inspectPDF(data []byte, lim Limits) (Inspection, error) {
	if !bytes.HasSuffix(bytes.TrimRight(data, "\r\n \t\x00"), []byte("%%EOF")) {
		return Inspection{}, refuse("has data after the end of the PDF, or is cut short; save the PDF again")
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		return Inspection{}, refuse("is a damaged PDF: %s", firstLine(err.Error()))
	}
	if active := activeContent(ctx.XRefTable); len(active) > 0 {
		return Inspection{}, refuse("is a PDF with active content (%s); print it to a plain PDF or scan the paper order",
			strings.Join(active, ", "))
	}
	n := ctx.PageCount
	switch {
	case n < 1:
		return Inspection{}, refuse("is a PDF without pages")
	case n > lim.MaxPages:
		return Inspection{}, refuse("has %d pages, more than the %d an image may have; split the document", n, lim.MaxPages)
	}
	return Inspection{MediaType: PDF, Pages: n}, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// TooLargeError is a file over the size limit.
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the file is %d bytes, more than the limit of %d bytes (%s)", e.Size, e.Limit, megabytes(e.Limit))
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
