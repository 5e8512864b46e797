package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", "[--summit SLUG] [--config PATH] [--allow-host HOST] SOURCE...", `
Reads each SOURCE, extracts who said what, and stores it (DATABASE_URL, default
sqlite:summit.db). An article already stored with the same text is skipped; one
whose text changed (a live blog that grew) replaces what was stored of it.
Prints a line per article and the totals. An article belongs to --summit when
given, else to the first configured summit whose keywords it mentions. A
SOURCE is a file (.txt, .md, .html), a URL, or - for standard input; one that
cannot be read is reported on standard error, the others still go in, and the
exit status is 1.

Examples:
  bot ingest samples/paris-summit-2025-09-04.txt
  bot ingest --summit paris-2025 https://example.org/news/paris-summit live.html
  DATABASE_URL=sqlite:/var/lib/summit/summit.db bot ingest article.md`)
	summit := fs.String("summit", "", "the summit the articles belong to (a slug)")
	var sf sourceFlags
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"ingest: no SOURCE given"}
	}
	if err := checkSources("ingest", fs.Args()); err != nil {
		return err
	}
	return withStore(ctx, e, sf.config, func(cfg config.Config, st store.Store) error {
		summits := make([]store.Summit, 0, len(cfg.Summits))
		for _, s := range cfg.Summits {
			summits = append(summits, store.Summit{Slug: s.Slug, Title: s.Title, Keywords: s.Keywords})
		}
		if note := unknownSummit(cfg, *summit); note != "" {
			// A slip in the slug would file the articles where no digest
			// looks; a summit of one's own is still allowed.
			fmt.Fprintf(e.stderr, "bot: note: %s\n", note)
		}
		r := sf.reader(e, cfg)
		var tot ingestTotals
		failed := false
		for _, src := range fs.Args() {
			a, err := r.Read(ctx, src)
			if err != nil {
				fmt.Fprintf(e.stderr, "bot: %s\n", sourceProblem(src, err))
				failed = true
				continue
			}
			a.Summit = *summit
			a.Summit = store.MatchSummit(a, summits)
			res, err := st.SaveExtraction(ctx, digest.Extract(a))
			if err != nil {
				// The store itself failed: later sources would too.
				tot.print(e.stdout)
				return fmt.Errorf("store %s: %w", src, err)
			}
			tot.add(res)
			printSaved(e.stdout, a, res)
		}
		tot.print(e.stdout)
		if failed {
			return errSilent
		}
		return nil
	})
}

// unknownSummit says that slug is not one of the configured summits, or is
// "" when it is, or when nothing is configured to compare it with.
func unknownSummit(cfg config.Config, slug string) string {
	if slug == "" || len(cfg.Summits) == 0 {
		return ""
	}
	if _, ok := cfg.Summit(slug); ok {
		return ""
	}
	slugs := make([]string, len(cfg.Summits))
	for i, s := range cfg.Summits {
		slugs[i] = s.Slug
	}
	return fmt.Sprintf("summit %q is not in the configuration, which has %s", slug, strings.Join(slugs, ", "))
}

func printSaved(w io.Writer, a digest.Article, r store.SaveResult) {
	title := a.Title
	if title == "" {
		title = a.Source
	}
	if r.Status == store.Skipped {
		fmt.Fprintf(w, "skipped   %s  %s: already stored\n", r.ArticleID, title)
		return
	}
	fmt.Fprintf(w, "%-9s %s  %s: %s, %s, %s, %s (%d new)\n", r.Status, r.ArticleID, title,
		plural(r.Quotes, "quote"), plural(r.Statements, "statement"), plural(r.Decisions, "decision"),
		plural(r.Speakers, "speaker"), r.NewSpeakers)
}

// ingestTotals adds up what an ingest did.
type ingestTotals struct {
	stored, replaced, skipped  int
	quotes, newItems, speakers int
}

func (t *ingestTotals) add(r store.SaveResult) {
	switch r.Status {
	case store.Stored:
		t.stored++
	case store.Replaced:
		t.replaced++
	case store.Skipped:
		t.skipped++
	}
	t.quotes += r.Quotes
	t.newItems += r.NewItems
	t.speakers += r.NewSpeakers
}

func (t *ingestTotals) print(w io.Writer) {
	fmt.Fprintf(w, "%s stored, %d replaced, %d skipped as already known; %s, %d new items of coverage, %s\n",
		plural(t.stored, "article"), t.replaced, t.skipped, plural(t.quotes, "quote"), t.newItems, plural(t.speakers, "new speaker"))
}

// plural is "1 quote" or "3 quotes".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
