package main

import (
	"context"
	"fmt"
	"io"

	"github.com/opsim/opsim/scenarios"
)

// cmdSchema prints the scenario reference, or with --json-schema the JSON
// Schema for editors; docs/scenarios.md and docs/opsim.schema.json are
// this output ('make docs'), and a test fails when they fall behind.
func cmdSchema(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("schema [flags]", "Prints the scenario reference: every key with its type, default, unit, meaning and the source\nof the default (Markdown, as docs/scenarios.md), or the JSON Schema for editors.",
		"opsim schema --json-schema > opsim.schema.json", &o, stdout, stderr)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fs.wrongArgs("schema takes no arguments")
	}
	if o.jsonSchema {
		b, err := scenarios.JSONSchema()
		if err != nil {
			return err
		}
		_, err = stdout.Write(b)
		return err
	}
	_, err = fmt.Fprint(stdout, scenarios.ReferenceMarkdown())
	return err
}
