package repo

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Files not read: lock files are generated lists of packages, and a dependency's
// name may hold anything.
var skipped = []*regexp.Regexp{
	regexp.MustCompile(`(^|/)package-lock\.json$`),
	regexp.MustCompile(`(^|/)go\.sum$`),
	regexp.MustCompile(`(^|/)node_modules/`),
}

// A relative path that climbs: one or more "../" at the start of a path (not in
// the middle of a longer one such as a URL's), and the rest of the path.
var climbing = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.~/-])((?:\.\.[/])+[^\s'"` + "`" + `()<>\[\]{},;|*]*)`)

// The design notes that lived beside the repository, by the names they had there
// (written so that this file does not name them itself).
var background = []*regexp.Regexp{
	regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])(shared[/])`),
	regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])((?:DESIGN|SECURITY|STYLE|PRECEDENCE|CODES)\.md)\b`),
}

// A shell's change of directory earlier on the line ("cd backend && go run ...
// > ../openapi/openapi.yaml"): the paths after it are relative to that directory.
var changeDir = regexp.MustCompile(`\bcd\s+([A-Za-z0-9_./-]+)\s*(?:&&|;)`)

// pathChars may be part of a path written in text.
const pathChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-/"

// tree is the repository's tracked files and the folders that hold them, by
// slash-separated path from the root.
type tree map[string]bool

func newTree(files []string) tree {
	t := tree{}
	for _, f := range files {
		for p := f; p != "." && p != ""; p = path.Dir(p) {
			t[p] = true
		}
	}
	return t
}

// inside resolves rel against dir (both from the repository's root) and reports
// the result and whether it stays in the repository.
func inside(dir, rel string) (string, bool) {
	p := path.Clean(path.Join(dir, rel))
	return p, p != ".." && !strings.HasPrefix(p, "../")
}

// bases are the directories the paths on one line of file are relative to: the
// file's own directory (a Go test runs in its package's directory, which is its
// file's), or the directory a `cd` earlier on the line moved to.
func bases(file, line string, at int) []string {
	dir := path.Dir(file)
	var out []string
	for _, m := range changeDir.FindAllStringSubmatchIndex(line, -1) {
		if m[1] <= at && !strings.HasPrefix(line[m[2]:m[3]], "/") {
			out = append(out, path.Join(dir, line[m[2]:m[3]]))
		}
	}
	if len(out) == 0 {
		return []string{dir}
	}
	return out[len(out)-1:]
}

// pathAround is the whole path around s[i:j]: the path characters on either side.
func pathAround(s string, i, j int) string {
	for i > 0 && strings.IndexByte(pathChars, s[i-1]) >= 0 {
		i--
	}
	for j < len(s) && strings.IndexByte(pathChars, s[j]) >= 0 {
		j++
	}
	return trimPeriod(s[i:j])
}

// trimPeriod drops the full stop that ends a sentence after a path ("in
// docs/design.md."), not the dots of "..".
func trimPeriod(p string) string {
	if n := len(p); n > 1 && p[n-1] == '.' && p[n-2] != '.' && p[n-2] != '/' {
		return p[:n-1]
	}
	return p
}

// scan returns the references of one file's text that leave the repository or
// name a background note that is not one of its files, each as file:line: why.
func scan(t tree, file string, text []byte) []string {
	var found []string
	for n, line := range strings.Split(string(text), "\n") {
		at := fmt.Sprintf("%s:%d", file, n+1)
		seen := map[string]bool{} // each reference once a line
		for _, m := range climbing.FindAllStringSubmatchIndex(line, -1) {
			rel := trimPeriod(line[m[2]:m[3]])
			for _, dir := range bases(file, line, m[2]) {
				if p, ok := inside(dir, rel); !ok && !seen[rel] {
					seen[rel] = true
					found = append(found, fmt.Sprintf("%s: %q leaves the repository (from %s/ it is %s)", at, rel, dir, p))
				}
			}
		}
		for _, re := range background {
			for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
				ref := pathAround(line, m[2], m[3])
				if !seen[ref] && !t.has(path.Dir(file), ref) {
					seen[ref] = true
					found = append(found, fmt.Sprintf("%s: %q is not a file of the repository (the design notes are in docs/, test data in testdata/)", at, ref))
				}
			}
		}
	}
	return found
}

// has reports whether ref, relative to dir or to the root, is a tracked file or
// folder.
func (t tree) has(dir, ref string) bool {
	for _, base := range []string{dir, "."} {
		if p, ok := inside(base, ref); ok && t[p] {
			return true
		}
	}
	return false
}

// trackedFiles lists the repository's tracked files, from its root.
func trackedFiles(t *testing.T) (string, []string) {
	t.Helper()
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("the repository's root (git rev-parse): %v", err)
	}
	root := strings.TrimSpace(string(out))
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	if len(files) < 100 {
		t.Fatalf("git ls-files listed %d files: not this repository", len(files))
	}
	return root, files
}

// Every tracked text file refers only to paths inside the repository: a relative
// path never climbs out of it, and the design notes are named as the documents
// under docs/, never as files that sat beside the repository.
func TestNoPathLeavesTheRepository(t *testing.T) {
	t.Parallel()
	root, files := trackedFiles(t)
	tr := newTree(files)
	read := 0
	var found []string
	for _, f := range files {
		if skip(f) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			if os.IsNotExist(err) {
				continue // deleted in the working tree, not yet committed
			}
			t.Fatal(err)
		}
		if bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
			continue // binary
		}
		read++
		found = append(found, scan(tr, f, b)...)
	}
	if read < 100 {
		t.Fatalf("read %d text files: not this repository", read)
	}
	for _, f := range found {
		t.Error(f)
	}
}

func skip(file string) bool {
	for _, re := range skipped {
		if re.MatchString(file) {
			return true
		}
	}
	return false
}

// The scan finds each kind of reference, and lets pass what stays inside.
func TestTheScanFindsWhatLeaves(t *testing.T) {
	t.Parallel()
	tr := newTree([]string{"docs/design.md", "backend/internal/x/x_test.go", "testdata/seed/a.json", "Makefile", "DESIGN" + ".md"})
	up := ".." + "/"
	for _, tc := range []struct {
		file, line string
		found      bool
	}{
		{"backend/internal/x/x_test.go", `os.ReadFile("` + up + up + up + up + `sha` + `red/golden/a.json")`, true},
		{"backend/internal/x/x_test.go", `os.ReadFile("` + up + up + up + `testdata/seed/a.json")`, false},
		{"backend/internal/x/x_test.go", `root = "` + up + up + `.."`, false},
		{"backend/internal/x/x_test.go", `root = "` + up + up + up + `.."`, true},
		{"docs/orders.md", "Precedence follows `" + up + "sha" + "red/PRECEDENCE" + ".md`", true},
		{"docs/orders.md", "See [design](" + up + up + "design.md).", true},
		{"docs/orders.md", "See [design](design.md) and [seed](" + up + "testdata/seed/a.json).", false},
		{"frontend/e2e/a.test.mjs", `resolve(here, '` + up + up + up + `sha` + `red/golden/x.txt')`, true},
		{"Makefile", "\tcd backend && go run ./cmd/ccpor openapi > " + up + "openapi/openapi.yaml", false},
		{"Makefile", "\tgo run ./cmd/ccpor openapi > " + up + "openapi/openapi.yaml", true},
		{"backend/a.go", "// the roles of SECURITY" + ".md \"Role rules\"", true},
		{"backend/a.go", "// the roles of docs/security.md \"Role rules\"", false},
		{"backend/a.go", "// the plan of DESIGN" + ".md", false}, // a file of the repository (in this tree)
		{"backend/a.go", "// the plan of docs/DESIGN" + ".md", true},
		{"backend/a.go", "// the condition codes (CODES" + ".md)", true},
		{"backend/a.go", `doc:"e.g. sha` + `red/golden/x.txt"`, true},
		{"go.mod", "\tgithub.com/riverqueue/river/rivershared v0.51.2", false},
		{"backend/a.go", "// https://example.org/a/" + up + "b and a/" + up + up + "c", false},
		{"backend/a.go", `regexp.MustCompile("\.\./")`, false},
		{"README.md", "The seed is in " + up + "sha" + "red/golden.", true},
		{"docs/a.md", "Up one: " + up + "..", true},
		{"docs/a.md", "The root: " + up + ".", false},
	} {
		found := scan(tr, tc.file, []byte("first line\n"+tc.line+"\n"))
		if (len(found) > 0) != tc.found {
			t.Errorf("%s: %s: found %q, want found %v", tc.file, tc.line, found, tc.found)
		}
		for _, f := range found {
			if !strings.HasPrefix(f, tc.file+":2: ") {
				t.Errorf("%q does not name the file and line %s:2", f, tc.file)
			}
		}
	}
}
