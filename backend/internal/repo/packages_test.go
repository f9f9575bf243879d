package repo

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// maxPackageLines bounds a package's non-test code: past it, a package holds
// more than one idea and is asking to be split along a seam of the domain.
const maxPackageLines = 2500

// packageProblems walks the Go packages under root and names each one whose
// non-test code is longer than maxPackageLines or that has no package doc
// comment. testdata folders and hidden folders are not packages.
func packageProblems(root string) ([]string, error) {
	var problems []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		lines, files, documented := 0, 0, false
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(filepath.Join(path, name))
			if err != nil {
				return err
			}
			files++
			lines += bytes.Count(src, []byte("\n"))
			f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(path, name), err)
			}
			documented = documented || (f.Doc != nil && strings.TrimSpace(f.Doc.Text()) != "")
		}
		if files == 0 {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if lines > maxPackageLines {
			problems = append(problems, fmt.Sprintf("%s: %d lines of non-test code, more than %d: split it along a seam of the domain", rel, lines, maxPackageLines))
		}
		if !documented {
			problems = append(problems, fmt.Sprintf("%s: no package doc comment saying what the package is for", rel))
		}
		return nil
	})
	return problems, err
}

// Every package of the backend is small enough to hold one idea and says what
// it is for.
func TestPackagesAreSmallAndDocumented(t *testing.T) {
	t.Parallel()
	problems, err := packageProblems(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// The check names a package without a doc comment and one that is too long,
// and passes a small documented one.
func TestPackageProblemsNamesThePackage(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(path, src string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, path), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good/good.go", "// Package good is documented.\npackage good\n")
	write("good/good_test.go", "package good\n"+strings.Repeat("\n", maxPackageLines+1))
	write("bare/bare.go", "package bare\n")
	write("bare/doc_test.go", "// Package bare is documented only in a test.\npackage bare\n")
	write("long/a.go", "// Package long is long.\npackage long\n"+strings.Repeat("\n", maxPackageLines/2))
	write("long/b.go", "package long\n"+strings.Repeat("\n", maxPackageLines/2))
	write("long/testdata/big.go", "package big\n")
	problems, err := packageProblems(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bare: no package doc comment saying what the package is for",
		fmt.Sprintf("long: %d lines of non-test code, more than %d: split it along a seam of the domain", 2+maxPackageLines/2+1+maxPackageLines/2, maxPackageLines),
	}
	slices.Sort(problems)
	if !slices.Equal(problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
}
