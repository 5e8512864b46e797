package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/store"
)

func runWhoSaid(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "who-said", `[--summit SLUG] [--limit N] NAME-OR-"PHRASE"`, `
Prints the stored quotes of a speaker, newest first, or who said a phrase, best
match first: one quote per line with speaker, role, time and source. An
argument in quote marks ("…", “…”) is a phrase; anything else is a name (full
name, surname or alias; case, accents and a one-letter slip do not matter),
and a name that matches no speaker is searched as a phrase. Nothing found:
a message with the closest names, and exit status 1.

Examples:
  bot who-said Rutte
  bot who-said "Volodymyr Zelenskyy" --limit 5
  bot who-said '"naive about Russia"'
  bot who-said --summit paris-2025 “legally binding”`)
	summit := fs.String("summit", "", "only quotes of this summit (a slug)")
	limit := fs.Int("limit", store.DefaultLimit, "most quotes printed")
	path := fs.String("config", "", configFlagUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	arg := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if arg == "" {
		return usageError{"who-said: no NAME or \"PHRASE\" given"}
	}
	if *limit <= 0 {
		return usageError{fmt.Sprintf("who-said: --limit %d: want a positive number", *limit)}
	}
	return withExistingStore(ctx, e, *path, func(_ config.Config, st store.Store) error {
		o := store.Search{Summit: *summit, Limit: *limit}
		phrase, quoted := unquote(arg)
		if !quoted {
			hits, err := st.QuotesBySpeaker(ctx, arg, o)
			if err == nil {
				if len(hits) == 0 {
					return noQuotes(ctx, st, arg, *summit)
				}
				return printHits(e.stdout, hits)
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		hits, err := st.QuotesByPhrase(ctx, phrase, o)
		if err != nil {
			return err
		}
		if len(hits) > 0 {
			return printHits(e.stdout, hits)
		}
		if quoted {
			return fmt.Errorf("no stored quote contains “%s”%s", phrase, inSummit(*summit))
		}
		msg := fmt.Sprintf("no speaker is called %q and no stored quote contains those words%s", arg, inSummit(*summit))
		near, err := st.ClosestSpeakers(ctx, arg, 3)
		if err != nil {
			return err
		}
		if len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		return errors.New(msg)
	})
}

// noQuotes says that the speaker matched by name has no quote, by the
// speaker's full name (the argument may be a slip or a prefix), and points
// to their reported statements when there are some, as who-said lists only
// words in quote marks.
func noQuotes(ctx context.Context, st store.Store, name, summit string) error {
	who := name
	if near, err := st.ClosestSpeakers(ctx, name, 1); err == nil && len(near) == 1 {
		who = near[0]
	}
	msg := fmt.Sprintf("%s is known but has no stored quote%s", who, inSummit(summit))
	speakers, err := st.Speakers(ctx, summit)
	if err != nil {
		return fmt.Errorf("%s: %w", msg, err)
	}
	for _, s := range speakers {
		if s.Name == who && s.Statements > 0 {
			msg += fmt.Sprintf(", only %s in reported speech, which 'bot digest' shows", plural(s.Statements, "statement"))
			break
		}
	}
	return errors.New(msg)
}

// quotePairs are the marks that make an argument a phrase.
var quotePairs = [][2]string{{`"`, `"`}, {"“", "”"}, {"„", "“"}, {"«", "»"}, {"'", "'"}, {"‘", "’"}}

// unquote returns s without the quote marks around it, and whether it had any.
func unquote(s string) (string, bool) {
	for _, p := range quotePairs {
		if len(s) > len(p[0])+len(p[1]) && strings.HasPrefix(s, p[0]) && strings.HasSuffix(s, p[1]) {
			return strings.TrimSpace(s[len(p[0]) : len(s)-len(p[1])]), true
		}
	}
	return s, false
}

func inSummit(slug string) string {
	if slug == "" {
		return ""
	}
	return " in summit " + slug
}

// printHits writes one quote a line: speaker, role, when, words, source.
func printHits(w io.Writer, hits []store.QuoteHit) error {
	for _, h := range hits {
		var b strings.Builder
		who := oneLine(h.Speaker)
		if who == "" {
			who = "(unattributed)"
		}
		b.WriteString(who)
		if role := oneLine(h.Role); role != "" {
			b.WriteString(", " + role)
		}
		var when []string
		if !h.Article.Published.IsZero() {
			when = append(when, h.Article.Published.Format("2006-01-02"))
		}
		if h.Time != "" {
			when = append(when, string(h.Time))
		}
		if len(when) > 0 {
			b.WriteString(" (" + strings.Join(when, " ") + ")")
		}
		src := h.Article.URL
		if src == "" {
			src = h.Article.Source
		}
		fmt.Fprintf(&b, ": “%s” — %s [%s]\n", quoteWords(h.Text), src, h.Article.ArticleID)
		if _, err := io.WriteString(w, b.String()); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	return nil
}

// quoteWords is a quote's text on one line without the comma that closed it
// in the article ("'…resources,' Zelenskyy said"): the comma belongs to the
// attribution, and the digests leave it out too.
func quoteWords(text string) string {
	return strings.TrimRight(oneLine(text), ", ")
}

// oneLine folds runs of white space, line breaks included, to one space:
// one quote a line is what scripts reading the output count on.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
