package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
	"github.com/summit-digest/summit-digest/internal/store"
)

func runDigest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "digest", "[--format markdown|text] [--title TITLE] [--summit SLUG] [--since WHEN] [SOURCE...]", `
Prints a digest of the SOURCEs: the key quotes (each once, with the sources
that carried it), decisions, reported statements, a timeline, the speakers and
a short summary. A SOURCE is a file (.txt, .md, .html), a URL, or - for
standard input. With no SOURCE, the digest is of the store (DATABASE_URL),
narrowed by --summit and --since.`)
	format := fs.String("format", "markdown", "output format: markdown or text")
	title := fs.String("title", "", "the digest's title (default: the first source's title)")
	maxBytes := fs.Int64("max-bytes", ingest.DefaultMaxBytes, "largest source read, in bytes")
	summit := fs.String("summit", "", "with no SOURCE: only the articles of this summit (a slug)")
	since := fs.String("since", "", "with no SOURCE: only articles stored since then: a duration (36h, 7d) or a date (2025-09-04)")
	path := fs.String("config", "", configFlagUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "markdown" && *format != "text" {
		return usageError{fmt.Sprintf("digest: unknown format %q (want markdown or text)", *format)}
	}
	write := func(exts []digest.Extraction, title string) error {
		d := digest.Build(exts, digest.BuildOptions{Title: title})
		var err error
		if *format == "markdown" {
			err = d.WriteMarkdown(e.stdout)
		} else {
			err = d.WriteText(e.stdout)
		}
		if err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		return nil
	}
	if fs.NArg() == 0 {
		f := store.Filter{Summit: *summit}
		if *since != "" {
			t, err := parseSince(*since, time.Now())
			if err != nil {
				return usageError{fmt.Sprintf("digest: --since %q: %v", *since, err)}
			}
			f.Since = t
		}
		return withStore(ctx, e, *path, func(cfg config.Config, st store.Store) error {
			exts, err := st.Extractions(ctx, f)
			if err != nil {
				return err
			}
			if len(exts) == 0 {
				return fmt.Errorf("the store holds no article%s%s; add some with 'bot ingest SOURCE'", inSummit(*summit), sinceText(*since))
			}
			t := *title
			if s, ok := cfg.Summit(*summit); ok && t == "" {
				t = s.Title
			}
			return write(exts, t)
		})
	}
	if *summit != "" || *since != "" {
		return usageError{"digest: --summit and --since select from the store: give them without SOURCE"}
	}
	exts, failed := extractAll(ctx, e, ingest.NewReader(ingest.Options{MaxBytes: *maxBytes, Stdin: e.stdin}), fs.Args())
	if len(exts) > 0 {
		if err := write(exts, *title); err != nil {
			return err
		}
	}
	if failed {
		return errSilent
	}
	return nil
}

// parseSince reads --since: a duration before now (Go's, or whole days as
// "7d"), a date (midnight UTC), or an RFC 3339 time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days >= 0 {
			return now.AddDate(0, 0, -days), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, errors.New("want a duration (36h, 7d), a date (2025-09-04) or an RFC 3339 time")
}

func sinceText(since string) string {
	if since == "" {
		return ""
	}
	return " stored since " + since
}
