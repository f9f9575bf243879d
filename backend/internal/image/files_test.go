package image_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	goimage "image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// The tests' files are made here, byte for byte, so that each property under test
// (pages, sizes, a cut, a declared size) is stated where it is made.

// gray is a w×h page of one gray level.
func gray(w, h int, level uint8) *goimage.Gray {
	g := goimage.NewGray(goimage.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = level
	}
	return g
}

func pngFile(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	img := goimage.NewRGBA(goimage.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegFile(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gray(w, h, 180), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tiffFile is an uncompressed 8-bit gray TIFF (little-endian) with one page per
// level, each w×h, page i filled with levels[i].
func tiffFile(w, h int, levels ...uint8) []byte {
	const entries = 9
	ifdSize := 2 + entries*12 + 4
	var b bytes.Buffer
	b.WriteString("II*\x00")
	le := binary.LittleEndian
	_ = binary.Write(&b, le, uint32(8)) // the first IFD follows the header
	off := 8
	for i, level := range levels {
		pixels := off + ifdSize
		next := uint32(0)
		if i < len(levels)-1 {
			next = uint32(pixels + w*h)
		}
		_ = binary.Write(&b, le, uint16(entries))
		entry := func(tag, typ uint16, value uint32) {
			_ = binary.Write(&b, le, tag)
			_ = binary.Write(&b, le, typ)
			_ = binary.Write(&b, le, uint32(1))
			_ = binary.Write(&b, le, value)
		}
		entry(256, 4, uint32(w)) // ImageWidth
		entry(257, 4, uint32(h)) // ImageLength
		entry(258, 3, 8)         // BitsPerSample
		entry(259, 3, 1)         // Compression: none
		entry(262, 3, 1)         // Photometric: black is zero
		entry(273, 4, uint32(pixels))
		entry(277, 3, 1)         // SamplesPerPixel
		entry(278, 4, uint32(h)) // RowsPerStrip
		entry(279, 4, uint32(w*h))
		_ = binary.Write(&b, le, next)
		b.Write(bytes.Repeat([]byte{level}, w*h))
		off = pixels + w*h
	}
	return b.Bytes()
}

// pdfFile is a valid PDF of n empty US-letter pages, with a correct cross-reference table.
func pdfFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := ""
	for i := range n {
		kids += fmt.Sprintf("%d 0 R ", 3+i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, n))
	for range n {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> >>")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// pngHeaderOnly is a PNG that declares w×h pixels in its header and holds almost
// nothing: a decompression bomb's first bytes.
func pngHeaderOnly(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	chunk(&b, "IHDR", ihdr)
	chunk(&b, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

func chunk(b *bytes.Buffer, kind string, data []byte) {
	_ = binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(kind)
	b.Write(data)
	_ = binary.Write(b, binary.BigEndian, crc(append([]byte(kind), data...)))
}

func crc(b []byte) uint32 {
	var table [256]uint32
	for i := range table {
		c := uint32(i)
		for range 8 {
			if c&1 == 1 {
				c = 0xedb88320 ^ (c >> 1)
			} else {
				c >>= 1
			}
		}
		table[i] = c
	}
	c := ^uint32(0)
	for _, x := range b {
		c = table[byte(c)^x] ^ (c >> 8)
	}
	return ^c
}
