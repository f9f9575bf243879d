package image

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/s3blob" // s3:// URLs: MinIO or any S3 store
)

// keyPrefix is where images live in the bucket; every key is keyPrefix + the image's id.
const keyPrefix = "images/"

// OpenBucket opens the blob store CCPOR_BLOB_URL names: file://DIR (a relative DIR
// from the working directory, e.g. file://.data/blobs; made when missing) or
// s3://bucket?endpoint=...&region=...&use_path_style=true with credentials from
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
func OpenBucket(ctx context.Context, rawURL string) (*blob.Bucket, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("image: blob url: %w", err)
	}
	if u.Scheme != "file" {
		b, err := blob.OpenBucket(ctx, rawURL)
		if err != nil {
			return nil, fmt.Errorf("image: open %s://%s: %w", u.Scheme, u.Host, err)
		}
		return b, nil
	}
	dir := u.Host + u.Path
	if u.Host == "" || strings.HasPrefix(u.Host, ".") {
		if !filepath.IsAbs(dir) {
			if dir, err = filepath.Abs(dir); err != nil {
				return nil, fmt.Errorf("image: blob dir: %w", err)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("image: blob dir: %w", err)
	}
	b, err := fileblob.OpenBucket(dir, &fileblob.Options{Metadata: fileblob.MetadataDontWrite})
	if err != nil {
		return nil, fmt.Errorf("image: open %s: %w", dir, err)
	}
	return b, nil
}
