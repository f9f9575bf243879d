package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

func printOpenAPI(w io.Writer, args []string, _ []string) error {
	fs := flag.NewFlagSet("openapi", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON instead of YAML")
	if err := parseFlags(fs, args); err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	spec := httpapi.Spec(app.Routes(config.Config{Env: config.Development}, version))
	var out []byte
	var err error
	if *asJSON {
		out, err = spec.MarshalJSON()
	} else {
		out, err = spec.YAML()
	}
	if err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	_, err = w.Write(out)
	return err
}
