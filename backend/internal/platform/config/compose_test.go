package config

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The container files at the repository root, checked here because no container
// engine runs in the tests: every variable they give the ccpor image must be one the
// binary reads (a misspelt name is silently ignored at run time) and be documented.
// These files lie outside the Go module, so `go test`'s cache does not notice when
// they change: run with -count=1 (as `make test` does) after editing them.
const (
	repoRoot        = "../../../.."
	composePath     = repoRoot + "/docker-compose.yml"
	dockerfilePath  = repoRoot + "/infra/Dockerfile"
	configDocPath   = repoRoot + "/docs/configuration.md"
	imageDockerfile = "infra/Dockerfile" // relative to the repository root
)

// libraryVars may be given to the ccpor image although Config does not read them.
// Each entry says who reads it. Keep the list short: a variable of ours belongs in Config.
var libraryVars = map[string]string{
	"AWS_ACCESS_KEY_ID":     "read by the S3 client (gocloud.dev/blob) when CCPOR_BLOB_URL is an s3:// URL",
	"AWS_SECRET_ACCESS_KEY": "read by the S3 client (gocloud.dev/blob) when CCPOR_BLOB_URL is an s3:// URL",
}

// checkVar says why name may not be given to the ccpor image, or "" when it may.
// doc is the variable's name as docs/configuration.md must list it.
func checkVar(name string) (doc string, problem string) {
	fields := map[string]Field{}
	for _, f := range Fields() {
		fields[f.Var] = f
	}
	if _, ok := fields[name]; ok {
		return name, ""
	}
	if _, ok := libraryVars[name]; ok {
		return name, ""
	}
	if base, ok := strings.CutSuffix(name, "_FILE"); ok {
		if f, known := fields[base]; known {
			if f.Secret {
				return base, ""
			}
			return base, fmt.Sprintf("%s is not a secret: only secrets may be given as NAME_FILE", base)
		}
	}
	return name, "not read by ccpor (not in config.Fields(), not NAME_FILE of a secret, not on libraryVars): misspelt?"
}

func TestComposeVarCheck(t *testing.T) {
	tests := []struct {
		name    string
		wantDoc string
		ok      bool
	}{
		{"CCPOR_ENV", "CCPOR_ENV", true},
		{"PORT", "PORT", true},
		{"DATABASE_URL", "DATABASE_URL", true},
		{"DATABASE_URL_FILE", "DATABASE_URL", true},
		{"CCPOR_METRICS_TOKEN_FILE", "CCPOR_METRICS_TOKEN", true},
		{"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID", true},
		{"AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", true},
		{"CCPOR_ENV_FILE", "CCPOR_ENV", false}, // not a secret
		{"CCPOR_BLOB_UR", "CCPOR_BLOB_UR", false},
		{"DATABSE_URL", "DATABSE_URL", false},
		{"ccpor_env", "ccpor_env", false},
		{"AWS_REGION", "AWS_REGION", false}, // not on the allow-list
		{"_FILE", "_FILE", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, problem := checkVar(tt.name)
			if (problem == "") != tt.ok {
				t.Errorf("checkVar(%q) problem = %q, want ok = %v", tt.name, problem, tt.ok)
			}
			if doc != tt.wantDoc {
				t.Errorf("checkVar(%q) doc = %q, want %q", tt.name, doc, tt.wantDoc)
			}
		})
	}
}

// --- docker-compose.yml -------------------------------------------------------------

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
}

type composeService struct {
	Image       string       `yaml:"image"`
	Build       composeBuild `yaml:"build"`
	Environment composeEnv   `yaml:"environment"`
	EnvFile     yaml.Node    `yaml:"env_file"`
}

// composeBuild is `build: DIR` or `build: {context: DIR, dockerfile: FILE}`.
type composeBuild struct {
	Context, Dockerfile string
}

func (b *composeBuild) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&b.Context)
	}
	var m struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	}
	if err := n.Decode(&m); err != nil {
		return err
	}
	b.Context, b.Dockerfile = m.Context, m.Dockerfile
	return nil
}

// dockerfile is the Dockerfile's path relative to the repository root, "" without build.
func (b composeBuild) dockerfile() string {
	if b.Context == "" && b.Dockerfile == "" {
		return ""
	}
	ctx, file := b.Context, b.Dockerfile
	if ctx == "" {
		ctx = "."
	}
	if file == "" {
		file = "Dockerfile"
	}
	return path.Clean(path.Join(ctx, file))
}

// composeEnv holds the names of `environment:` given as a mapping or as a list of
// NAME=value (or bare NAME, passed through from the host).
type composeEnv []string

func (e *composeEnv) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		var m map[string]yaml.Node
		if err := n.Decode(&m); err != nil {
			return err
		}
		for k := range m {
			*e = append(*e, k)
		}
	case yaml.SequenceNode:
		var l []string
		if err := n.Decode(&l); err != nil {
			return err
		}
		for _, kv := range l {
			k, _, _ := strings.Cut(kv, "=")
			*e = append(*e, k)
		}
	default:
		return fmt.Errorf("line %d: environment is neither a mapping nor a list", n.Line)
	}
	sort.Strings(*e)
	return nil
}

// ccporServices returns the services that run the ccpor image: built from
// infra/Dockerfile, or using the image such a service builds.
func ccporServices(t *testing.T, cf composeFile) map[string]composeService {
	t.Helper()
	images := map[string]bool{}
	out := map[string]composeService{}
	for name, s := range cf.Services {
		if s.Build.dockerfile() == imageDockerfile {
			out[name] = s
			if s.Image != "" {
				images[s.Image] = true
			}
		}
	}
	for name, s := range cf.Services {
		if s.Build.dockerfile() == "" && images[s.Image] {
			out[name] = s
		}
	}
	return out
}

func readConfigDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(configDocPath)
	if err != nil {
		t.Fatalf("the configuration reference must list every variable the container files set: %v", err)
	}
	return string(b)
}

func documented(doc, name string) bool {
	return strings.Contains(doc, "`"+name+"`")
}

func TestComposeEnvironment(t *testing.T) {
	b, err := os.ReadFile(composePath)
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	if err := yaml.Unmarshal(b, &cf); err != nil {
		t.Fatalf("%s: %v", composePath, err)
	}
	services := ccporServices(t, cf)
	if len(services) == 0 {
		t.Fatalf("%s: no service is built from %s", composePath, imageDockerfile)
	}
	doc := readConfigDoc(t)
	names := make([]string, 0, len(services))
	for name := range services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s := services[name]
		t.Run(name, func(t *testing.T) {
			if !s.EnvFile.IsZero() {
				t.Errorf("service %s uses env_file, which this test cannot check: set its variables under environment", name)
			}
			if len(s.Environment) == 0 {
				t.Errorf("service %s sets no environment", name)
			}
			for _, v := range s.Environment {
				docName, problem := checkVar(v)
				if problem != "" {
					t.Errorf("service %s sets %s: %s", name, v, problem)
					continue
				}
				if !documented(doc, docName) {
					t.Errorf("service %s sets %s: `%s` is not in docs/configuration.md", name, v, docName)
				}
			}
		})
	}
}

// --- infra/Dockerfile ---------------------------------------------------------------

type instruction struct {
	line    int
	keyword string // upper case
	args    string
}

// parseDockerfile returns the instructions, continuation lines joined, comments and
// the parser directive dropped.
func parseDockerfile(src []byte) []instruction {
	var out []instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if cont, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(strings.TrimSpace(cont) + " ")
			continue
		}
		cur.WriteString(line)
		kw, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		out = append(out, instruction{start, strings.ToUpper(kw), strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

var envPair = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)`)

// envNames returns the names an ENV instruction sets: `ENV A=1 B=2` or `ENV A 1`.
func envNames(args string) []string {
	first, _, _ := strings.Cut(args, " ")
	if !strings.Contains(first, "=") {
		return []string{first}
	}
	var names []string
	for _, m := range envPair.FindAllStringSubmatch(args, -1) {
		names = append(names, m[1])
	}
	return names
}

func TestComposeDockerfile(t *testing.T) {
	src, err := os.ReadFile(dockerfilePath)
	if err != nil {
		t.Fatal(err)
	}
	ins := parseDockerfile(src)
	last := -1 // index of the final stage's FROM
	froms := 0
	for i, in := range ins {
		if in.keyword == "FROM" {
			froms++
			last = i
		}
	}
	if froms < 2 {
		t.Fatalf("%s: %d FROM, want a multi-stage build (build stages, then a small final image)", dockerfilePath, froms)
	}
	final := ins[last:]

	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"final stage runs as a numeric non-root user", func(t *testing.T) {
			user := ""
			for _, in := range final {
				if in.keyword == "USER" {
					user = in.args
				}
			}
			if user == "" {
				t.Fatal("no USER in the final stage: the container would run as root")
			}
			uid, _, _ := strings.Cut(user, ":")
			if uid == "root" || uid == "0" {
				t.Fatalf("USER %s: the final stage must not run as root", user)
			}
			if strings.Trim(uid, "0123456789") != "" {
				t.Fatalf("USER %s: give a numeric uid, so that runAsNonRoot can verify it", user)
			}
		}},
		{"final stage ENV sets only known, documented variables", func(t *testing.T) {
			doc := readConfigDoc(t)
			for _, in := range final {
				if in.keyword != "ENV" {
					continue
				}
				for _, v := range envNames(in.args) {
					docName, problem := checkVar(v)
					if problem != "" {
						t.Errorf("line %d: ENV %s: %s", in.line, v, problem)
					} else if !documented(doc, docName) {
						t.Errorf("line %d: ENV %s: `%s` is not in docs/configuration.md", in.line, v, docName)
					}
				}
			}
		}},
		{"final stage has an entrypoint", func(t *testing.T) {
			for _, in := range final {
				if in.keyword == "ENTRYPOINT" {
					return
				}
			}
			t.Fatal("no ENTRYPOINT in the final stage")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

func TestComposeDockerfileParser(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // KEYWORD args
	}{
		{"continuations and comments", "# syntax=docker/dockerfile:1\nFROM a AS b\nRUN x \\\n  # inside\n  y\nUSER 1:1\n",
			[]string{"FROM a AS b", "RUN x y", "USER 1:1"}},
		{"lower-case keyword", "from a\nuser nobody\n", []string{"FROM a", "USER nobody"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, in := range parseDockerfile([]byte(tt.src)) {
				got = append(got, in.keyword+" "+in.args)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	envTests := []struct{ args, want string }{
		{"A=1 B=2", "A B"},
		{`A="x y" B=2`, "A B"},
		{"A 1 2", "A"},
	}
	for _, tt := range envTests {
		if got := strings.Join(envNames(tt.args), " "); got != tt.want {
			t.Errorf("envNames(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
