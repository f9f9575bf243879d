// Command ccpor is the whole registry in one binary: the server, its database
// set-up and its maintenance commands.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/ccpor/ccpor/backend/internal/platform/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `ccpor: the California Courts Protective Order Registry

Usage:
  ccpor serve            serve the API and the web application, and work background jobs
  ccpor bootstrap        create or correct the database roles, the database and its extensions
  ccpor migrate          apply the embedded schema migrations (as the owner)
  ccpor seed demo        load the demonstration data (idempotent; development only)
  ccpor audit verify     check every court's audit chain; names the first broken row
  ccpor invite -username U -name NAME -email E -court CODE -role ROLE[,ROLE]
                         invite a user to a court; e-mail and print the one-time link (also the
                         first platform admin: -court statewide -role platform_admin)
  ccpor idp rotate-keys  give the built-in OpenID provider a new signing key (the old one
                         still verifies its tokens until they expire)
  ccpor idp unlock USER  release an account locked after failed sign-ins
  ccpor idp add-client -id ID -court CODE -role ROLE[,ROLE]
                         register a machine client (client credentials) as a service
                         account of one court; prints its secret once
  ccpor carpos-sim [-addr A] [-latency D] [-reject-share S] [-down-for D] [-lose-share S]
                         serve a simulated DOJ CARPOS for development and tests (no database)
  ccpor openapi [-json]  print the OpenAPI document
  ccpor version          print the version

Configuration comes from environment variables only: see docs/configuration.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Environ()); err != nil {
		fmt.Fprintln(os.Stderr, "ccpor:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer, environ []string) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "openapi":
		return printOpenAPI(stdout, rest, environ)
	case "carpos-sim":
		return carposSim(ctx, rest, stdout, nil)
	case "version":
		fmt.Fprintln(stdout, version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := config.Load(environ)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, stdout)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, logger)
	case "bootstrap":
		return bootstrap(ctx, cfg, logger)
	case "migrate":
		return migrate(ctx, cfg, logger)
	case "seed":
		return seedCmd(ctx, cfg, logger, rest)
	case "audit":
		return auditCmd(ctx, cfg, stdout, rest)
	case "invite":
		return inviteCmd(ctx, cfg, stdout, rest)
	case "idp":
		return idpCmd(ctx, cfg, stdout, rest)
	}
	fmt.Fprint(stdout, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
