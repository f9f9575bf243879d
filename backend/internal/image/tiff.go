package image

import (
	"encoding/binary"
	"io"
)

// golang.org/x/image/tiff decodes only the first page of a TIFF: the one whose image
// file directory (IFD) the header points at. Every offset inside a TIFF is absolute,
// so page n is decoded by the same decoder from a view of the same bytes whose
// header points at the n-th IFD instead (tiffPage). tiffPages walks the IFD chain
// to find them, bounds-checked and with a loop guard, without decoding anything.

// tiffPages returns the offsets of the pages' IFDs, refusing a chain that leaves
// the file, loops, or is longer than maxPages.
func tiffPages(data []byte, maxPages int) ([]uint32, error) {
	if len(data) < 8 {
		return nil, refuse("is a TIFF cut short before its first page")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		order = binary.BigEndian
	}
	size := uint64(len(data))
	seen := map[uint32]bool{}
	var pages []uint32
	for off := order.Uint32(data[4:8]); off != 0; {
		if seen[off] {
			return nil, refuse("is a damaged TIFF: its pages form a loop")
		}
		seen[off] = true
		if uint64(off)+2 > size {
			return nil, refuse("is a TIFF cut short: page %d lies beyond the end of the file", len(pages)+1)
		}
		n := uint64(order.Uint16(data[off:]))
		end := uint64(off) + 2 + 12*n
		if n == 0 || end+4 > size {
			return nil, refuse("is a TIFF cut short: page %d is incomplete", len(pages)+1)
		}
		pages = append(pages, off)
		if len(pages) > maxPages {
			return nil, refuse("has more than the %d pages an image may have; split the document", maxPages)
		}
		off = order.Uint32(data[end:])
	}
	if len(pages) == 0 {
		return nil, refuse("is a TIFF without pages")
	}
	return pages, nil
}

// tiffPage is data as a TIFF whose first page is the IFD at ifd.
func tiffPage(data []byte, ifd uint32) io.Reader {
	p := &pageView{data: data}
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		order = binary.BigEndian
	}
	order.PutUint32(p.header[:], ifd)
	return p
}

// pageView reads data with bytes 4-7 (the first IFD's offset) replaced.
type pageView struct {
	data   []byte
	header [4]byte
	pos    int64
}

func (p *pageView) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if off >= int64(len(p.data)) {
		return 0, io.EOF
	}
	n := copy(b, p.data[off:])
	for i := range n {
		if at := off + int64(i); at >= 4 && at < 8 {
			b[i] = p.header[at-4]
		}
		if off+int64(i) >= 8 {
			break
		}
	}
	if n < len(b) {
		return n, io.EOF
	}
	return n, nil
}

func (p *pageView) Read(b []byte) (int, error) {
	n, err := p.ReadAt(b, p.pos)
	p.pos += int64(n)
	return n, err
}
