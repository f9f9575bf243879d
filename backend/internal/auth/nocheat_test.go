package auth_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// go-oidc's switches that turn a check off: none may appear in the backend's code
// outside tests (docs/security.md "Login and sessions").
var skipChecks = regexp.MustCompile(`\b(SkipClientIDCheck|SkipExpiryCheck|SkipIssuerCheck|InsecureSkipSignatureCheck|InsecureIssuerURLContext)\b`)

func TestNoVerificationIsSkipped(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		n++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if skipChecks.MatchString(line) {
				t.Errorf("%s:%d turns a token check off: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("walked only %d Go files from %s: is the test looking at the backend?", n, root)
	}
}

func TestTheGrepFindsACheatingLine(t *testing.T) {
	if !skipChecks.MatchString(`v := p.Verifier(&oidc.Config{SkipIssuerCheck: true})`) ||
		!skipChecks.MatchString(`cfg.InsecureSkipSignatureCheck = true`) || skipChecks.MatchString(`oidc.Config{ClientID: id}`) {
		t.Error("the pattern does not tell a skipped check")
	}
}
