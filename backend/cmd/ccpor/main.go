// Command ccpor is the whole registry in one binary: the server, its database
// set-up and its maintenance commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/ccpor/ccpor/backend/internal/platform/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := execute(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Environ()); err != nil {
		fmt.Fprintln(os.Stderr, "ccpor:", err)
		os.Exit(1)
	}
}

// run is execute with the usage of a mistake on the process's stderr.
func run(ctx context.Context, args []string, stdout io.Writer, environ []string) error {
	return execute(ctx, args, stdout, os.Stderr, environ)
}

// execute runs the command args name. Help that was asked for (-h, --help, help)
// goes to stdout and is no error; the usage after a mistake goes to stderr with
// the error.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer, environ []string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return errors.New("no command given")
	}
	name, rest := args[0], args[1:]
	if slices.Contains(helpArgs, name) && len(rest) == 1 { // ccpor help serve: as ccpor serve -h
		name, rest = rest[0], []string{"-h"}
	}
	if slices.Contains(helpArgs, name) {
		fmt.Fprint(stdout, usage())
		return nil
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		fmt.Fprint(stderr, usage())
		return fmt.Errorf("unknown command %q", name)
	}
	c := commands[i]
	if wantsHelp(rest) {
		c.printHelp(ctx, stdout)
		return nil
	}
	if c.args != nil && !c.args(rest) {
		c.printUsage(stderr, "")
		if len(rest) == 0 {
			return fmt.Errorf("%s: arguments missing", name)
		}
		return fmt.Errorf("%s: unexpected arguments: %s", name, strings.Join(rest, " "))
	}
	e := env{stdout: stdout, environ: environ}
	if c.config {
		cfg, err := config.Load(environ)
		if err != nil {
			return err
		}
		e.cfg, e.logger = cfg, newLogger(cfg, stdout)
	}
	err := c.run(ctx, e, rest)
	var ue *usageError
	if errors.As(err, &ue) {
		c.printUsage(stderr, ue.flags)
	}
	return err
}

// helpArgs ask for help, as a command (ccpor -h) or after one (ccpor serve -h).
var helpArgs = []string{"help", "-h", "-help", "--help"}

// wantsHelp tells whether a command's arguments ask for its help (before any --).
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}

// env is what a command runs with; cfg and logger only when it reads the configuration.
type env struct {
	cfg     config.Config
	logger  *slog.Logger
	stdout  io.Writer
	environ []string
}

// command is one of ccpor's commands.
type command struct {
	name     string
	synopsis string // its lines of the usage
	// args tells, before the configuration is read, whether the arguments can be
	// right; nil when the command parses them itself.
	args   func(args []string) bool
	flags  bool // parses flags with parseFlags: its -h lists them
	config bool // reads the configuration
	run    func(ctx context.Context, e env, args []string) error
}

func none(args []string) bool { return len(args) == 0 }

func exactly(want ...string) func([]string) bool {
	return func(args []string) bool { return slices.Equal(args, want) }
}

// commands is every command, in the order of the usage; the help test runs each.
var commands = []command{
	{name: "serve", args: none, config: true,
		synopsis: "  ccpor serve            serve the API and the web application, and work background jobs\n",
		run:      func(ctx context.Context, e env, _ []string) error { return serve(ctx, e.cfg, e.logger) }},
	{name: "bootstrap", args: none, config: true,
		synopsis: "  ccpor bootstrap        create or correct the database roles, the database and its extensions\n",
		run:      func(ctx context.Context, e env, _ []string) error { return bootstrap(ctx, e.cfg, e.logger) }},
	{name: "migrate", args: none, config: true,
		synopsis: "  ccpor migrate          apply the embedded schema migrations (as the owner)\n",
		run:      func(ctx context.Context, e env, _ []string) error { return migrate(ctx, e.cfg, e.logger) }},
	{name: "seed", args: exactly("demo"), config: true,
		synopsis: "  ccpor seed demo        load the demonstration data (idempotent; development only)\n",
		run:      func(ctx context.Context, e env, args []string) error { return seedCmd(ctx, e.cfg, e.logger, args) }},
	{name: "audit", args: exactly("verify"), config: true,
		synopsis: "  ccpor audit verify     check every court's audit chain; names the first broken row\n",
		run:      func(ctx context.Context, e env, args []string) error { return auditCmd(ctx, e.cfg, e.stdout, args) }},
	{name: "invite", flags: true, config: true,
		synopsis: "  ccpor invite -username U -name NAME -email E -court CODE -role ROLE[,ROLE]\n" +
			"                         invite a user to a court; e-mail and print the one-time link (also the\n" +
			"                         first platform admin: -court statewide -role platform_admin)\n",
		run: func(ctx context.Context, e env, args []string) error { return inviteCmd(ctx, e.cfg, e.stdout, args) }},
	{name: "idp", args: idpArgs, config: true,
		synopsis: "  ccpor idp rotate-keys  give the built-in OpenID provider a new signing key (the old one\n" +
			"                         still verifies its tokens until they expire)\n" +
			"  ccpor idp unlock USER  release an account locked after failed sign-ins\n" +
			"  ccpor idp add-client -id ID -court CODE -role ROLE[,ROLE]\n" +
			"                         register a machine client (client credentials) as a service\n" +
			"                         account of one court; prints its secret once\n",
		run: func(ctx context.Context, e env, args []string) error { return idpCmd(ctx, e.cfg, e.stdout, args) }},
	{name: "carpos-sim", flags: true,
		synopsis: "  ccpor carpos-sim [-addr A] [-latency D] [-reject-share S] [-down-for D] [-lose-share S]\n" +
			"                         serve a simulated DOJ CARPOS for development and tests (no database;\n" +
			"                         ccpor serve runs one in-process in development without CCPOR_CARPOS_URL)\n",
		run: func(ctx context.Context, e env, args []string) error { return carposSim(ctx, args, e.stdout, nil) }},
	{name: "openapi", flags: true,
		synopsis: "  ccpor openapi [-json]  print the OpenAPI document\n",
		run:      func(_ context.Context, e env, args []string) error { return printOpenAPI(e.stdout, args, e.environ) }},
	{name: "version", args: none,
		synopsis: "  ccpor version          print the version\n",
		run: func(_ context.Context, e env, _ []string) error {
			_, err := fmt.Fprintln(e.stdout, version)
			return err
		}},
}

// idpArgs are the forms of ccpor idp; add-client parses its flags itself.
func idpArgs(args []string) bool {
	return len(args) == 1 && args[0] == "rotate-keys" || len(args) == 2 && args[0] == "unlock" ||
		len(args) > 0 && args[0] == "add-client"
}

// usage is the whole usage, built from the command table.
func usage() string {
	var b strings.Builder
	b.WriteString("ccpor: the California Courts Protective Order Registry\n\nUsage:\n")
	for _, c := range commands {
		b.WriteString(c.synopsis)
	}
	b.WriteString("  ccpor help [COMMAND]   print this usage, or one command's with its flags (ccpor COMMAND -h)\n")
	b.WriteString("\nConfiguration comes from environment variables only: see docs/configuration.md.\n")
	return b.String()
}

// printUsage writes c's lines of the usage and, when given, its flags.
func (c command) printUsage(w io.Writer, flags string) {
	fmt.Fprintf(w, "Usage:\n%s", c.synopsis)
	if flags != "" {
		fmt.Fprintf(w, "\nFlags:\n%s", flags)
	}
}

// printHelp writes c's usage with its flags. A flag command asked for -h alone
// answers with its flags before it does anything else.
func (c command) printHelp(ctx context.Context, w io.Writer) {
	flags := ""
	if c.flags {
		var ue *usageError
		if err := c.run(ctx, env{stdout: io.Discard}, []string{"-h"}); errors.As(err, &ue) {
			flags = ue.flags
		}
	}
	c.printUsage(w, flags)
}

// usageError is a command's arguments that cannot be right (or -h), with the
// defaults of its flags for the usage.
type usageError struct {
	err   error
	flags string
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// parseFlags parses a command's flags. The flag package prints nothing itself:
// execute prints the usage, to stdout when asked (-h), to stderr after a mistake.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if err == nil {
		return nil
	}
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return &usageError{err: err, flags: b.String()}
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
