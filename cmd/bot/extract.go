package main

import (
	"context"
	"fmt"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
)

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "extract", "[--format json|text] SOURCE...", `
Prints, for each SOURCE, the speakers, quotes, reported statements, decisions,
timeline and summary found in it. A SOURCE is a file (.txt, .md, .html), a URL,
or - for standard input. A source that cannot be read is reported on standard
error; the others still go through, and the exit status is 1.`)
	format := fs.String("format", "json", "output format: json or text")
	maxBytes := fs.Int64("max-bytes", ingest.DefaultMaxBytes, "largest source read, in bytes")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "json" && *format != "text" {
		return usageError{fmt.Sprintf("extract: unknown format %q (want json or text)", *format)}
	}
	if fs.NArg() == 0 {
		return usageError{"extract: no SOURCE given"}
	}
	exts, failed := extractAll(ctx, e, ingest.NewReader(ingest.Options{MaxBytes: *maxBytes, Stdin: e.stdin}), fs.Args())
	var err error
	if *format == "json" {
		err = digest.WriteJSON(e.stdout, exts)
	} else {
		err = digest.WriteExtractionsText(e.stdout, exts)
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if failed {
		return errSilent
	}
	return nil
}

// extractAll reads and extracts each source, reporting on standard error
// those that fail; failed is true when any did.
func extractAll(ctx context.Context, e *env, r *ingest.Reader, sources []string) (exts []digest.Extraction, failed bool) {
	for _, src := range sources {
		a, err := r.Read(ctx, src)
		if err != nil {
			fmt.Fprintf(e.stderr, "bot: %v\n", err)
			failed = true
			continue
		}
		exts = append(exts, digest.Extract(a))
	}
	return exts, failed
}
