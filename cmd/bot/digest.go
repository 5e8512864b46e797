package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/store"
)

func runDigest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "digest", "[--format markdown|text|blocks] [--title TITLE] [--summit SLUG] [--since WHEN] [SOURCE...]", `
Prints a digest of the SOURCEs: the key quotes (each once, with the sources
that carried it), decisions, reported statements, a timeline, the speakers and
a short summary. A SOURCE is a file (.txt, .md, .html), a URL, or - for
standard input. With no SOURCE, the digest is of the store (DATABASE_URL),
narrowed by --summit and --since. The blocks format is what the Slack app
posts: a JSON array of messages, each {"text": …, "blocks": […]}, the first
for the channel and the rest for its thread (paste one into Slack's Block Kit
Builder to see it).

--since takes a duration before now (90m, 36h, 7d, 2w), today or yesterday
(from midnight UTC), a date (2025-09-04, midnight UTC), a date and time in UTC
(2025-09-04 16:00) or an RFC 3339 time (2025-09-04T16:00:00+02:00).

Examples:
  bot digest samples/paris-summit-2025-09-04.txt
  bot digest --format text first.html second.md
  bot digest --summit paris-2025 --since 24h
  bot digest --since yesterday > digest.md`)
	format := fs.String("format", "markdown", "output format: markdown, text or blocks (Slack Block Kit JSON)")
	title := fs.String("title", "", "the digest's title (default: the summit's title, else the only or first source's title)")
	summit := fs.String("summit", "", "with no SOURCE: only the articles of this summit (a slug)")
	since := fs.String("since", "", "with no SOURCE: only articles stored since then (36h, 7d, yesterday, 2025-09-04 …)")
	var sf sourceFlags
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "markdown" && *format != "text" && *format != "blocks" {
		return usageError{fmt.Sprintf("digest: unknown format %q (want markdown, text or blocks)", *format)}
	}
	write := func(exts []digest.Extraction, title string) error {
		d := digest.Build(exts, digest.BuildOptions{Title: title})
		var err error
		switch *format {
		case "markdown":
			err = d.WriteMarkdown(e.stdout)
		case "text":
			err = d.WriteText(e.stdout)
		default:
			err = writeBlocks(e.stdout, blockkit.Digest(d, blockkit.DigestOptions{}))
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
		return withExistingStore(ctx, e, sf.config, func(cfg config.Config, st store.Store) error {
			exts, err := st.Extractions(ctx, f)
			if err != nil {
				return err
			}
			if len(exts) == 0 {
				if note := unknownSummit(cfg, *summit); note != "" {
					return fmt.Errorf("the store holds no article in summit %s: %s", *summit, note)
				}
				return fmt.Errorf("the store holds no article%s%s; add some with 'bot ingest SOURCE'", inSummit(*summit), sinceText(*since))
			}
			t := *title
			if s, ok := cfg.Summit(*summit); ok && t == "" {
				t = s.Title
			}
			if t == "" && len(exts) > 1 {
				// The first article's title would name the whole store
				// after whichever article the store returned first.
				t = storeTitle(*summit)
			}
			return write(exts, t)
		})
	}
	if *summit != "" || *since != "" {
		return usageError{"digest: --summit and --since select from the store: give them without SOURCE"}
	}
	if err := checkSources("digest", fs.Args()); err != nil {
		return err
	}
	cfg, err := loadConfig(e, sf.config, false)
	if err != nil {
		return err
	}
	exts, failed := extractAll(ctx, e, sf.reader(e, cfg), fs.Args())
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

// blockMessage is one message of --format blocks, shaped as chat.postMessage
// takes it.
type blockMessage struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks"`
}

func writeBlocks(w io.Writer, msgs []blockkit.Message) error {
	out := make([]blockMessage, len(msgs))
	for i, m := range msgs {
		out[i] = blockMessage{Text: m.Text, Blocks: m.Blocks}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Slack reads the text as mrkdwn, where & < > are already escaped:
	// Go's \u0026 would be shown as it is by the Block Kit Builder.
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// parseSince reads --since: a duration before now (Go's, or whole days
// and weeks as "7d", "2w"), today or yesterday, a date (midnight UTC), a
// date and time in UTC, or an RFC 3339 time.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch strings.ToLower(s) {
	case "today":
		return midnight, nil
	case "yesterday":
		return midnight.AddDate(0, 0, -1), nil
	}
	for suffix, days := range map[string]int{"d": 1, "w": 7} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			if k, err := strconv.Atoi(n); err == nil && k >= 0 {
				return now.AddDate(0, 0, -k*days), nil
			}
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return time.Time{}, errors.New("a duration counts back from now: give it without the minus sign (36h)")
		}
		return now.Add(-d), nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.After(now) {
				return time.Time{}, fmt.Errorf("%s is in the future: nothing was stored since then", t.Format(layout))
			}
			return t, nil
		}
	}
	return time.Time{}, errors.New("want a duration (90m, 36h, 7d, 2w), today, yesterday, a date (2025-09-04), a date and time (2025-09-04 16:00) or an RFC 3339 time")
}

// storeTitle names a digest of many stored articles.
func storeTitle(summit string) string {
	if summit == "" {
		return "Summit digest"
	}
	return "Summit digest: " + summit
}

func sinceText(since string) string {
	if since == "" {
		return ""
	}
	return " stored since " + since
}
