package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
	"github.com/summit-digest/summit-digest/internal/store"
)

func runForget(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "forget", "[--config PATH] SOURCE|ID...", `
Removes stored articles with their quotes, statements and decisions: for a
retraction or a mistake. Each argument is an article ID (as 'bot ingest'
prints it), a URL, or the file it was ingested from. Coverage already posted
by a scheduled digest is not posted again if the article comes back.

Examples:
  bot forget b16e9dc8
  bot forget https://example.org/news/retracted-story
  bot forget samples/paris-summit-2025-09-04.txt`)
	path := fs.String("config", "", configFlagUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"forget: no SOURCE or ID given"}
	}
	return withExistingStore(ctx, e, *path, func(cfg config.Config, st store.Store) error {
		failed := false
		for _, ref := range fs.Args() {
			a, err := st.Forget(ctx, ref)
			if errors.Is(err, store.ErrNotFound) {
				a, err = forgetFile(ctx, e, cfg, st, ref)
			}
			if errors.Is(err, store.ErrNotFound) {
				fmt.Fprintf(e.stderr, "bot: no stored article is %q (an ID, a URL, or a file ingested before)\n", ref)
				failed = true
				continue
			}
			if err != nil {
				return err
			}
			title := a.Title
			if title == "" {
				title = a.Source
			}
			fmt.Fprintf(e.stdout, "forgot %s  %s (%s)\n", a.ID, title, plural(a.Quotes, "quote"))
		}
		if failed {
			return errSilent
		}
		return nil
	})
}

// forgetFile forgets the article read from the file at ref, known by its
// URL or its text: a path people type differs from the base name stored.
func forgetFile(ctx context.Context, e *env, cfg config.Config, st store.Store, ref string) (store.ArticleInfo, error) {
	if fi, err := os.Stat(ref); err != nil || !fi.Mode().IsRegular() {
		return store.ArticleInfo{}, store.ErrNotFound
	}
	a, err := ingest.NewReader(ingest.Options{MaxBytes: cfg.Fetch.MaxBytes}).Read(ctx, ref)
	if err != nil {
		return store.ArticleInfo{}, err
	}
	key := a.URL
	if key == "" {
		key = digest.TextHash(a.Text)
	}
	return st.Forget(ctx, digest.ArticleID(key))
}
