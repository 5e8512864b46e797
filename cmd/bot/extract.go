package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
)

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "extract", "[--format json|text] [--allow-host HOST] SOURCE...", `
Prints, for each SOURCE, the speakers, quotes, reported statements, decisions,
timeline and summary found in it. A SOURCE is a file (.txt, .md, .html), a URL,
or - for standard input. A source that cannot be read is reported on standard
error; the others still go through, and the exit status is 1.

Examples:
  bot extract samples/paris-summit-2025-09-04.txt
  bot extract --format text article.html notes.md
  curl -s https://example.org/news | bot extract -
  bot extract --allow-host intranet.example http://intranet.example/brief`)
	format := fs.String("format", "json", "output format: json or text")
	var sf sourceFlags
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "json" && *format != "text" {
		return usageError{fmt.Sprintf("extract: unknown format %q (want json or text)", *format)}
	}
	if fs.NArg() == 0 {
		return usageError{"extract: no SOURCE given"}
	}
	if err := checkSources("extract", fs.Args()); err != nil {
		return err
	}
	cfg, err := loadConfig(e, sf.config, false)
	if err != nil {
		return err
	}
	exts, failed := extractAll(ctx, e, sf.reader(e, cfg), fs.Args())
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

// sourceFlags are the options of the commands that read sources: they
// override the config's fetch section for one run.
type sourceFlags struct {
	config     string
	maxBytes   int64
	allowHosts []string
}

func (sf *sourceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.config, "config", "", configFlagUsage)
	fs.Int64Var(&sf.maxBytes, "max-bytes", 0, fmt.Sprintf("largest source read, in bytes (default fetch.max_bytes in the config, else %d)", ingest.DefaultMaxBytes))
	fs.Func("allow-host", "a `HOST` that may be fetched although it is on a private or loopback address (repeat for more; adds to fetch.allow_hosts in the config)", func(s string) error {
		for h := range strings.SplitSeq(s, ",") {
			if h = strings.TrimSpace(h); h != "" {
				sf.allowHosts = append(sf.allowHosts, h)
			}
		}
		return nil
	})
}

// reader returns the reader of sources that cfg and the flags describe.
func (sf *sourceFlags) reader(e *env, cfg config.Config) *ingest.Reader {
	maxBytes := cfg.Fetch.MaxBytes
	if sf.maxBytes > 0 {
		maxBytes = sf.maxBytes
	}
	return ingest.NewReader(ingest.Options{
		MaxBytes:     maxBytes,
		Stdin:        e.stdin,
		AllowHosts:   append(append([]string(nil), cfg.Fetch.AllowHosts...), sf.allowHosts...),
		FetchTimeout: cfg.Fetch.Timeout,
	})
}

// checkSources refuses a command line that names standard input twice:
// the second read would find it empty and blame the input.
func checkSources(cmd string, sources []string) error {
	if i := slices.Index(sources, "-"); i >= 0 && slices.Contains(sources[i+1:], "-") {
		return usageError{cmd + ": standard input (-) can be read once: give it as one SOURCE"}
	}
	return nil
}

// extractAll reads and extracts each source, reporting on standard error
// those that fail; failed is true when any did.
func extractAll(ctx context.Context, e *env, r *ingest.Reader, sources []string) (exts []digest.Extraction, failed bool) {
	for _, src := range sources {
		a, err := r.Read(ctx, src)
		if err != nil {
			fmt.Fprintf(e.stderr, "bot: %s\n", sourceProblem(src, err))
			failed = true
			continue
		}
		exts = append(exts, digest.Extract(a))
	}
	return exts, failed
}

// sourceProblem is the line shown for the source src that could not be
// read, with what to do about it when the fix is one of our own options or
// a slip in how it was written.
func sourceProblem(src string, err error) string {
	msg := err.Error()
	var blocked *ingest.BlockedAddressError
	switch {
	case errors.Is(err, ingest.ErrNotFound) && looksLikeHost(src):
		// The error names the file by its base name ("news" for
		// example.org/news), which alone would not show the slip.
		msg += fmt.Sprintf(" (for a web page, give the whole URL: https://%s)", src)
	case errors.As(err, &blocked) && blocked.Host != "":
		msg += fmt.Sprintf(" (to fetch it anyway, add --allow-host %s or list it under fetch.allow_hosts in the config)", blocked.Host)
	case errors.Is(err, ingest.ErrTooLarge):
		msg += " (raise the limit with --max-bytes or fetch.max_bytes in the config)"
	}
	return msg
}

// looksLikeHost reports whether src, given as a file, starts like a web
// address written without its scheme: "example.org/news", "www.bbc.co.uk".
func looksLikeHost(src string) bool {
	if strings.Contains(src, "://") || strings.HasPrefix(src, ".") {
		return false
	}
	host, _, _ := strings.Cut(src, "/")
	if strings.HasPrefix(host, "www.") {
		return true
	}
	// A file name has one dot before its extension, and that extension is
	// one a source can have; a host has a dot and a top-level domain.
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || dot == len(host)-1 || !strings.Contains(src, "/") {
		return false
	}
	tld := strings.ToLower(host[dot+1:])
	switch tld {
	case "txt", "md", "markdown", "html", "htm", "text":
		return false
	}
	return len(tld) >= 2 && strings.Trim(tld, "abcdefghijklmnopqrstuvwxyz") == ""
}
