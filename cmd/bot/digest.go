package main

import (
	"context"
	"fmt"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
)

func runDigest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "digest", "[--format markdown|text] [--title TITLE] SOURCE...", `
Prints a digest of the SOURCEs: the key quotes (each once, with the sources
that carried it), decisions, reported statements, a timeline, the speakers and
a short summary. A SOURCE is a file (.txt, .md, .html), a URL, or - for
standard input.`)
	format := fs.String("format", "markdown", "output format: markdown or text")
	title := fs.String("title", "", "the digest's title (default: the first source's title)")
	maxBytes := fs.Int64("max-bytes", ingest.DefaultMaxBytes, "largest source read, in bytes")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "markdown" && *format != "text" {
		return usageError{fmt.Sprintf("digest: unknown format %q (want markdown or text)", *format)}
	}
	if fs.NArg() == 0 {
		return usageError{"digest: no SOURCE given"}
	}
	exts, failed := extractAll(ctx, e, ingest.NewReader(ingest.Options{MaxBytes: *maxBytes, Stdin: e.stdin}), fs.Args())
	if len(exts) > 0 {
		d := digest.Build(exts, digest.BuildOptions{Title: *title})
		var err error
		if *format == "markdown" {
			err = d.WriteMarkdown(e.stdout)
		} else {
			err = d.WriteText(e.stdout)
		}
		if err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if failed {
		return errSilent
	}
	return nil
}
