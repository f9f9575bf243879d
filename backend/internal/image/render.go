package image

import (
	"bytes"
	"context"
	"fmt"
	goimage "image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/tiff"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// Widths a page is rendered at: a thumbnail, and at most MaxRenderWidth.
const (
	ThumbnailWidth = 160
	PageWidth      = 1275 // 8.5 inches at 150 dpi
	MaxRenderWidth = 2550
	minRenderWidth = 64
)

// RenderPage renders page (from 1) of a TIFF, JPEG or PNG image as PNG, scaled
// down to width pixels (0: PageWidth; never up). A PDF is rendered by the browser
// (pdf.js). At most two pages are decoded at once; the limits are checked again
// before decoding.
func (s *Service) RenderPage(ctx context.Context, img Image, page, width int) ([]byte, error) {
	if img.MediaType == PDF {
		return nil, apperr.Invalid("path.page", "PDF pages are shown by the browser; fetch the file's content instead")
	}
	if page < 1 || page > img.Pages {
		return nil, apperr.Invalid("path.page", "must be between 1 and %d", img.Pages)
	}
	if width == 0 {
		width = PageWidth
	}
	if width < minRenderWidth || width > MaxRenderWidth {
		return nil, apperr.Invalid("query.width", "must be between %d and %d pixels", minRenderWidth, MaxRenderWidth)
	}
	select {
	case s.render <- struct{}{}:
		defer func() { <-s.render }()
	case <-ctx.Done():
		return nil, fmt.Errorf("image: render: %w: %w", apperr.ErrUnavailable, ctx.Err())
	}
	r, err := s.Open(ctx, img)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, s.lim.MaxBytes+1))
	r.Close()
	if err != nil {
		return nil, fmt.Errorf("image: read blob %s: %w: %w", img.ID, apperr.ErrUnavailable, err)
	}
	src, err := decodePage(data, img.MediaType, page, s.lim)
	if err != nil {
		return nil, fmt.Errorf("image: render %s page %d: %w", img.ID, page, err)
	}
	return encodeScaled(src, width)
}

func decodePage(data []byte, mt string, page int, lim Limits) (goimage.Image, error) {
	var rd io.Reader = bytes.NewReader(data)
	if mt == TIFF {
		offsets, err := tiffPages(data, lim.MaxPages)
		if err != nil {
			return nil, err
		}
		if page > len(offsets) {
			return nil, apperr.ErrNotFound
		}
		rd = tiffPage(data, offsets[page-1])
		cfg, err := tiff.DecodeConfig(rd)
		if err != nil {
			return nil, err
		}
		if err := checkPixels(page, cfg.Width, cfg.Height, lim); err != nil {
			return nil, err
		}
		return tiff.Decode(tiffPage(data, offsets[page-1]))
	}
	cfg, _, err := goimage.DecodeConfig(rd)
	if err != nil {
		return nil, err
	}
	if err := checkPixels(page, cfg.Width, cfg.Height, lim); err != nil {
		return nil, err
	}
	if mt == JPEG {
		return jpeg.Decode(bytes.NewReader(data))
	}
	return png.Decode(bytes.NewReader(data))
}

// encodeScaled writes src as PNG, scaled down to width (aspect kept).
func encodeScaled(src goimage.Image, width int) ([]byte, error) {
	b := src.Bounds()
	if b.Dx() > width {
		h := max(1, b.Dy()*width/b.Dx())
		var dst draw.Image
		switch src.(type) {
		case *goimage.Gray:
			dst = goimage.NewGray(goimage.Rect(0, 0, width, h))
		default:
			dst = goimage.NewRGBA(goimage.Rect(0, 0, width, h))
		}
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
		src = dst
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, src); err != nil {
		return nil, fmt.Errorf("image: encode png: %w", err)
	}
	return out.Bytes(), nil
}
