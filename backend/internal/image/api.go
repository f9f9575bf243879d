package image

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// contentCSP is the policy of served bytes: nothing runs, nothing loads, no frame.
const contentCSP = "default-src 'none'; sandbox; frame-ancestors 'none'"

// UploadInput is a file for an order.
type UploadInput struct {
	OrderID string `path:"orderId" doc:"the order's id"`
	Name    string `query:"name" required:"true" maxLength:"200" doc:"the file's name, e.g. order.pdf; its extension must agree with its content"`
	Purpose string `query:"purpose" enum:"order,proof_of_service" default:"order" doc:"the signed order, or the proof of service"`
	RawBody []byte `contentType:"application/octet-stream" doc:"the file: PDF, TIFF (any number of pages), JPEG or PNG"`
}

// UploadOutput is the stored image; 200 when the file was attached already.
type UploadOutput struct {
	Status int
	Body   Image
}

// ImagesInput names an order.
type ImagesInput struct {
	OrderID string `path:"orderId" doc:"the order's id"`
}

// ImagesOutput lists an order's images.
type ImagesOutput struct {
	Body struct {
		Images []Image `json:"images"`
	}
}

// ImageInput names an image.
type ImageInput struct {
	OrderID string `path:"orderId" doc:"the order's id"`
	ImageID string `path:"imageId" doc:"the image's id"`
}

// ViewOutput is an image opened for viewing.
type ViewOutput struct {
	Body struct {
		Image
		ViewToken string `json:"viewToken" doc:"pass as view= to the page, thumbnail and content requests of this view, which then record no event of their own; valid 15 minutes"`
	}
}

// ContentInput asks for an image's bytes.
type ContentInput struct {
	OrderID  string `path:"orderId"`
	ImageID  string `path:"imageId"`
	Download bool   `query:"download" doc:"as an attachment to save, rather than to show"`
	View     string `query:"view" doc:"the view token of the view these bytes are for"`
	Range    string `header:"Range" doc:"bytes=first-last; a request for a later part of the file, continuing a view or download of the last 15 minutes by the same user, records no event"`
}

// PageInput asks for one page rendered as PNG.
type PageInput struct {
	OrderID string `path:"orderId"`
	ImageID string `path:"imageId"`
	Page    int    `path:"page" minimum:"1" doc:"the page, from 1"`
	Width   int    `query:"width" minimum:"0" maximum:"2550" doc:"pixels wide (scaled down only); 0: 1275; 160 for a thumbnail"`
	View    string `query:"view" doc:"the view token of the view this page is for"`
}

// StreamOutput is bytes written by the handler.
type StreamOutput struct {
	Body func(huma.Context)
}

// PageOutput is a rendered page.
type PageOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	CSP          string `header:"Content-Security-Policy"`
	Body         []byte
}

// Routes registers the image operations; svc may be nil when only the spec is
// built. maxBytes is the upload limit (CCPOR_IMAGE_MAX_BYTES).
func Routes(svc *Service, maxBytes int64) httpapi.Registrar {
	return func(api huma.API) {
		tags := []string{"Order images"}
		authz.Register(api, huma.Operation{
			OperationID: "upload-order-image", Method: http.MethodPost, Path: "/orders/{orderId}/images", Tags: tags,
			Summary: "Attach an image of the order or of its proof of service",
			Description: "The body is the file itself. Its type is read from its bytes (PDF, TIFF, JPEG, PNG) and must agree with the name's " +
				"extension; size, pages and each page's pixels are limited and checked before anything is decoded. The same file " +
				"attached again answers 200 with the image it already is.",
			DefaultStatus:   http.StatusCreated,
			MaxBodyBytes:    maxBytes + 1,
			BodyReadTimeout: 2 * time.Minute,
			Errors:          []int{http.StatusNotFound, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity},
			Middlewares: huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
				// Refuse an announced oversize or empty body before reading it; a
				// refusal made before the handler runs (these, a body longer than
				// announced, a bad name or purpose) is recorded here, as the
				// handler records its own.
				record := func(err error) {
					if c, cerr := auth.CallerFrom(ctx.Context()); cerr == nil && svc != nil {
						_ = svc.failed(ctx.Context(), c.Principal, ActionUpload, ctx.Param("orderId"), err)
					}
				}
				n, err := strconv.ParseInt(ctx.Header("Content-Length"), 10, 64)
				switch {
				case err == nil && n > maxBytes:
					tl := &TooLargeError{Size: n, Limit: maxBytes}
					record(tl)
					_ = huma.WriteErr(api, ctx, http.StatusRequestEntityTooLarge, tl.Error())
					return
				case err == nil && n == 0:
					record(apperr.Invalid("body", "The file is empty (0 bytes)"))
					_ = huma.WriteErr(api, ctx, http.StatusUnprocessableEntity, "the request has invalid fields",
						&huma.ErrorDetail{Location: "body", Message: "The file is empty (0 bytes)"})
					return
				}
				var reached bool
				next(huma.WithContext(ctx, context.WithValue(ctx.Context(), handlerReached{}, &reached)))
				if status := ctx.Status(); !reached && status >= 400 {
					record(refusedEarly(status, maxBytes))
				}
			}},
		}, authz.OrderModify, auth.Handle(func(ctx context.Context, c auth.Caller, in *UploadInput) (*UploadOutput, error) {
			if reached, ok := ctx.Value(handlerReached{}).(*bool); ok {
				*reached = true
			}
			img, dup, err := svc.Upload(ctx, c.Principal, in.OrderID, UploadRequest{Name: in.Name, Purpose: in.Purpose, Data: in.RawBody})
			if tl := asTooLarge(err); tl != nil {
				return nil, huma.Error413RequestEntityTooLarge(tl.Error())
			}
			if err != nil {
				return nil, err
			}
			if dup {
				return &UploadOutput{Status: http.StatusOK, Body: img}, nil
			}
			return &UploadOutput{Status: http.StatusCreated, Body: img}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "list-order-images", Method: http.MethodGet, Path: "/orders/{orderId}/images", Tags: tags,
			Summary: "An order's images", Errors: []int{http.StatusNotFound},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *ImagesInput) (*ImagesOutput, error) {
			imgs, err := svc.List(ctx, c.Principal, in.OrderID)
			if err != nil {
				return nil, err
			}
			out := &ImagesOutput{}
			out.Body.Images = imgs
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "view-order-image", Method: http.MethodGet, Path: "/orders/{orderId}/images/{imageId}", Tags: tags,
			Summary:     "Open an image for viewing",
			Description: "Records one view in the audit log and returns a token for the view's pages, thumbnails and bytes.",
			Errors:      []int{http.StatusNotFound},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *ImageInput) (*ViewOutput, error) {
			img, err := svc.Authorize(ctx, c.Principal, in.OrderID, in.ImageID, ActionView, "")
			if err != nil {
				return nil, err
			}
			out := &ViewOutput{}
			out.Body.Image = img
			out.Body.ViewToken = svc.ViewToken(c.Principal, img.ID, time.Now())
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "get-order-image-content", Method: http.MethodGet, Path: "/orders/{orderId}/images/{imageId}/content", Tags: tags,
			Summary: "An image's bytes",
			Description: "Supports Range. With a view token, part of a recorded view; otherwise one download event is recorded " +
				"per download (a Range request for a later part records none when it continues a view or download of the " +
				"last 15 minutes by the same user). Served with the registry's own Content-Disposition, " +
				"nosniff and a policy that lets nothing run.",
			Errors: []int{http.StatusNotFound},
			Responses: map[string]*huma.Response{"200": {Description: "the file", Content: map[string]*huma.MediaType{
				PDF: {}, TIFF: {}, JPEG: {}, PNG: {}}}},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *ContentInput) (*StreamOutput, error) {
			// A tentative caller (authz.Tentatively) is confirmed in the same round
			// trip that reads the image and records the act; when the database does
			// not confirm the session, the guard's own path decides, then as always.
			var p db.Principal
			var img Image
			var err error
			authorize := func(pending *auth.Pending) {
				switch {
				case svc.ValidView(p, in.ImageID, in.View, time.Now()):
					img, _, err = svc.authorize(ctx, p, pending, in.OrderID, in.ImageID, "", "", false)
				case continuation(in.Range):
					part := in.Range
					if len(part) > 100 {
						part = part[:100] + "…"
					}
					img, _, err = svc.authorize(ctx, p, pending, in.OrderID, in.ImageID, ActionDownload,
						"a later part ("+part+") continuing no view or download of the last 15 minutes", true)
				case !in.Download:
					img, _, err = svc.authorize(ctx, p, pending, in.OrderID, in.ImageID, ActionView, "content", false)
				default:
					img, _, err = svc.authorize(ctx, p, pending, in.OrderID, in.ImageID, ActionDownload, "", false)
				}
			}
			p = c.Principal
			authorize(c.Pending)
			if errors.Is(err, errUnconfirmed) {
				rctx, cerr := authz.Confirm(ctx)
				if cerr != nil {
					return nil, cerr
				}
				if c, cerr = auth.CallerFrom(rctx); cerr != nil {
					return nil, cerr
				}
				ctx, p = rctx, c.Principal
				authorize(nil)
			}
			if err != nil {
				return nil, err
			}
			return &StreamOutput{Body: func(hctx huma.Context) {
				r, w := humachi.Unwrap(hctx)
				svc.Serve(w, r, img, in.Download)
			}}, nil
		}), authz.Tentatively())
		authz.Register(api, huma.Operation{
			OperationID: "get-order-image-page", Method: http.MethodGet, Path: "/orders/{orderId}/images/{imageId}/pages/{page}", Tags: tags,
			Summary:     "A page of a TIFF, JPEG or PNG image, as PNG",
			Description: "Every page of a multi-page TIFF. width=160 gives a thumbnail. Without a view token each page records a view event.",
			Errors:      []int{http.StatusNotFound, http.StatusUnprocessableEntity},
			Responses: map[string]*huma.Response{"200": {Description: "the page", Content: map[string]*huma.MediaType{
				PNG: {}}}},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *PageInput) (*PageOutput, error) {
			action := ActionView
			if svc.ValidView(c.Principal, in.ImageID, in.View, time.Now()) {
				action = ""
			}
			img, err := svc.Authorize(ctx, c.Principal, in.OrderID, in.ImageID, action, fmt.Sprintf("page %d", in.Page))
			if err != nil {
				return nil, err
			}
			b, err := svc.RenderPage(ctx, img, in.Page, in.Width)
			if err != nil {
				return nil, err
			}
			return &PageOutput{ContentType: PNG, CacheControl: "no-store", CSP: contentCSP, Body: b}, nil
		}))
	}
}

// handlerReached marks, for the upload's middleware, that the handler ran (and so
// recorded its own outcome).
type handlerReached struct{}

// refusedEarly describes an upload refused before its handler ran: by the body's
// length, its read, or the request's fields.
func refusedEarly(status int, maxBytes int64) error {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return apperr.Invalid("body", "The file is more than the limit of %d bytes (%s)", maxBytes, megabytes(maxBytes))
	case http.StatusRequestTimeout:
		return fmt.Errorf("the file was not received in time (%d)", status)
	}
	if status >= 500 {
		return fmt.Errorf("the upload failed before it was read (%d %s)", status, http.StatusText(status))
	}
	return apperr.Invalid("request", "refused before the file was read (%d %s)", status, http.StatusText(status))
}

// continuation tells whether a Range header asks only for a later part of the
// file: the part of a view or download whose start was recorded.
func continuation(rng string) bool {
	spec, ok := strings.CutPrefix(strings.TrimSpace(rng), "bytes=")
	if !ok {
		return false
	}
	first, _, _ := strings.Cut(spec, ",")
	start, _, _ := strings.Cut(strings.TrimSpace(first), "-")
	n, err := strconv.ParseInt(start, 10, 64)
	return err == nil && n > 0
}

// Serve writes img's bytes with Range support (http.ServeContent), outside any
// transaction: the caller authorized and recorded the act before.
func (s *Service) Serve(w http.ResponseWriter, r *http.Request, img Image, download bool) {
	rd, err := s.Open(r.Context(), img)
	if err != nil {
		httpapi.WriteProblem(w, r, http.StatusServiceUnavailable, "the image store cannot answer now; try again shortly")
		return
	}
	defer rd.Close()
	h := w.Header()
	h.Set("Content-Type", img.MediaType)
	disposition := "inline"
	if download {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": DownloadName(img)}))
	h.Set("Content-Security-Policy", contentCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("ETag", `"`+img.SHA256+`"`)
	// A directory store hands over its file, which the kernel sends (sendfile);
	// another store's reader seeks by ranged reads.
	var under io.Reader
	if rd.As(&under) {
		if f, ok := under.(*os.File); ok {
			http.ServeContent(w, r, "", img.CreatedAt, f)
			return
		}
	}
	http.ServeContent(w, r, "", img.CreatedAt, rd)
}

// DownloadName is the name the registry gives a downloaded image: never the
// uploader's, which could carry anything.
func DownloadName(img Image) string {
	ext := map[string]string{PDF: ".pdf", TIFF: ".tif", JPEG: ".jpg", PNG: ".png"}[img.MediaType]
	what := "order"
	if img.Purpose == PurposeService {
		what = "proof-of-service"
	}
	return fmt.Sprintf("%s-%s-%s%s", what, img.OrderID[:8], img.ID[:8], ext)
}

func asTooLarge(err error) *TooLargeError {
	var tl *TooLargeError
	if errors.As(err, &tl) {
		return tl
	}
	return nil
}
