package slackapp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/store"
)

// postValuePrefix marks the value of a digest preview's "Post to channel"
// button; the summit's slug follows ("" for all coverage).
const postValuePrefix = "summit:"

// digestCommand answers `digest [SUMMIT]` with a preview only the caller
// sees and `digest post [SUMMIT]` by posting it. A digest of the whole store
// can be big, so it is built after the acknowledgement.
func (a *App) digestCommand(ctx context.Context, req request, args []arg) (answer, error) {
	post := len(args) > 0 && strings.EqualFold(args[0].Text, "post") && !args[0].Quoted
	if post {
		args = args[1:]
	}
	summit, err := a.summitArg(args)
	if err != nil {
		return answer{}, err
	}
	if req.Via == viaMention {
		// A mention has no private preview: the digest goes in its thread.
		return answer{
			now: progress("Building the digest…"),
			later: func(ctx context.Context) (reply, error) {
				return reply{}, a.postDigest(ctx, summit, req.ChannelID, req.ThreadTS)
			},
		}, nil
	}
	if post {
		return answer{
			now: progress("Building the digest…"),
			later: func(ctx context.Context) (reply, error) {
				if err := a.postDigest(ctx, summit, req.ChannelID, ""); err != nil {
					return reply{}, err
				}
				return noticeReply("Posted the digest to the channel."), nil
			},
		}, nil
	}
	return answer{
		now: progress("Building the digest…"),
		later: func(ctx context.Context) (reply, error) {
			d, err := a.buildDigest(ctx, summit)
			if err != nil {
				return reply{}, err
			}
			msgs := blockkit.Digest(d, blockkit.DigestOptions{PostValue: postValuePrefix + summit.Slug, MaxMessages: 1})
			return reply{Msg: msgs[0]}, nil
		},
	}, nil
}

// buildDigest builds the digest of a summit's coverage ("" for all).
func (a *App) buildDigest(ctx context.Context, summit store.Summit) (*digest.Digest, error) {
	exts, err := a.deps.Store.Extractions(ctx, store.Filter{Summit: summit.Slug})
	if err != nil {
		return nil, fmt.Errorf("read extractions of summit %q: %w", summit.Slug, err)
	}
	if len(exts) == 0 {
		if summit.Slug != "" {
			return nil, userErrorf(CodeNotFound, "There is no coverage of %s yet. Add some with /summit ingest URL.", summit.Slug)
		}
		return nil, userErrorf(CodeNotFound, "There is no coverage yet. Add some with /summit ingest URL.")
	}
	return digest.Build(exts, digest.BuildOptions{Title: summit.Title}), nil
}

// postDigest posts a digest on demand to a channel (or a thread): its first
// message, then the rest in the first one's thread. It carries no digest
// ID: a digest posted by hand does not count for the schedules.
func (a *App) postDigest(ctx context.Context, summit store.Summit, channelID, threadTS string) error {
	d, err := a.buildDigest(ctx, summit)
	if err != nil {
		return err
	}
	msgs := blockkit.Digest(d, blockkit.DigestOptions{})
	for i, m := range msgs {
		ts, err := a.post(ctx, channelID, threadTS, m)
		if err != nil {
			return fmt.Errorf("post digest part %d of %d: %w", i+1, len(msgs), err)
		}
		if threadTS == "" {
			threadTS = ts
		}
	}
	return nil
}

// progress is the acknowledgement of slow work: a transient note that
// mentions leave out (they answer once, in the thread).
func progress(text string) reply {
	r := noticeReply(text)
	r.transient = true
	return r
}

// summaryCommand answers `summary URL|ARTICLE`: a summary of one article,
// fetched (a URL not stored yet) or read from the store.
func (a *App) summaryCommand(ctx context.Context, args []arg) (answer, error) {
	if len(args) != 1 {
		return answer{}, userErrorf(CodeInvalid, "Tell me which article: /summit summary URL, or the short id shown next to a source.")
	}
	ref := args[0].Text
	return answer{
		now: progress("Reading the article…"),
		later: func(ctx context.Context) (reply, error) {
			art, err := a.deps.Store.Article(ctx, ref)
			switch {
			case err == nil:
			case errors.Is(err, store.ErrNotFound):
				u, ok := webURL(ref)
				if !ok {
					return reply{}, userErrorf(CodeNotFound, "I have no article %s. Give me its URL, or the short id shown next to a source.", ref)
				}
				art.Article, err = a.fetch(ctx, u)
				if err != nil {
					return reply{}, err
				}
			default:
				return reply{}, fmt.Errorf("summary of %q: %w", ref, err)
			}
			return reply{Msg: blockkit.Summary(digest.Extract(art.Article))}, nil
		},
	}, nil
}

// fetch reads an http or https URL through the Fetcher, turning its
// failures into sentences.
func (a *App) fetch(ctx context.Context, u string) (digest.Article, error) {
	if a.deps.Fetcher == nil {
		return digest.Article{}, userErrorf(CodeUnavailable, "Fetching articles is turned off on this bot.")
	}
	art, err := a.deps.Fetcher.Read(ctx, u)
	if err != nil {
		var um userMessager
		if errors.As(err, &um) {
			return digest.Article{}, err
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return digest.Article{}, &UserError{Code: CodeFetch, Message: fmt.Sprintf("Fetching %s took too long.", u), Err: err}
		}
		// The fetcher's errors name the URL and what went wrong (status,
		// refused address, content type), which is what the user needs.
		return digest.Article{}, &UserError{Code: CodeFetch, Message: fmt.Sprintf("I couldn't read that article: %v.", err), Err: err}
	}
	return art, nil
}

// ingestCommand answers `ingest URL`: fetch, extract, store.
func (a *App) ingestCommand(ctx context.Context, args []arg) (answer, error) {
	if len(args) != 1 {
		return answer{}, userErrorf(CodeInvalid, "Tell me the article's address: /summit ingest https://…")
	}
	u, ok := webURL(args[0].Text)
	if !ok {
		return answer{}, userErrorf(CodeInvalid, "%s is not a web address. I can add articles from http and https links.", args[0].Text)
	}
	return answer{
		now: progress("Fetching " + u + "…"),
		later: func(ctx context.Context) (reply, error) {
			res, err := a.ingest(ctx, u)
			if err != nil {
				return reply{}, err
			}
			return noticeReply(ingestSentence(u, res)), nil
		},
	}, nil
}

// ingest fetches u, extracts it and stores the extraction.
func (a *App) ingest(ctx context.Context, u string) (store.SaveResult, error) {
	art, err := a.fetch(ctx, u)
	if err != nil {
		return store.SaveResult{}, err
	}
	art.Summit = store.MatchSummit(art, a.deps.Summits)
	res, err := a.deps.Store.SaveExtraction(ctx, digest.Extract(art))
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("store %s: %w", u, err)
	}
	if res.Status != store.Skipped {
		a.forgetSpeakers()
		if a.deps.Metrics != nil {
			a.deps.Metrics.Ingested(1, res.Quotes)
		}
	}
	return res, nil
}

// ingestSentence tells what ingesting u did.
func ingestSentence(u string, res store.SaveResult) string {
	counts := fmt.Sprintf("%s, %s, %s",
		plural(res.Quotes, "quote", "quotes"), plural(res.Statements, "statement", "statements"), plural(res.Decisions, "decision", "decisions"))
	switch res.Status {
	case store.Skipped:
		return fmt.Sprintf("I already have %s (article %s), unchanged.", u, res.ArticleID)
	case store.Replaced:
		return fmt.Sprintf("Updated %s (article %s): it changed since I last read it. Now %s.", u, res.ArticleID, counts)
	default:
		return fmt.Sprintf("Added %s as article %s: %s.", u, res.ArticleID, counts)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// forgetCommand answers `forget URL|ARTICLE` with a confirmation: removing
// coverage cannot be undone, so it takes a click.
func (a *App) forgetCommand(ctx context.Context, args []arg) (reply, error) {
	if len(args) != 1 {
		return reply{}, userErrorf(CodeInvalid, "Tell me which article to forget: /summit forget URL, or the short id shown next to a source.")
	}
	art, err := a.findArticle(ctx, args[0].Text)
	if err != nil {
		return reply{}, err
	}
	title := art.Title
	if title == "" {
		title = art.Source
	}
	return reply{Msg: blockkit.Confirm(blockkit.Confirmation{
		Text:     fmt.Sprintf("Forget “%s” (article %s) and its %s? This cannot be undone.", title, art.ID, plural(art.Quotes, "quote", "quotes")),
		ActionID: blockkit.ActionForget,
		Value:    art.ID,
		Label:    "Forget",
		Danger:   true,
	})}, nil
}

// findArticle looks an article up by id, URL or source, saying so when none matches.
func (a *App) findArticle(ctx context.Context, ref string) (store.ArticleInfo, error) {
	art, err := a.deps.Store.Article(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		if articleRef.MatchString(ref) {
			return store.ArticleInfo{}, userErrorf(CodeNotFound, "I have no article %s.", ref)
		}
		return store.ArticleInfo{}, userErrorf(CodeNotFound, "I have no article at %s. Use the short id shown next to a source, or the address it was added with.", ref)
	}
	if err != nil {
		return store.ArticleInfo{}, fmt.Errorf("look up article %q: %w", ref, err)
	}
	return art, nil
}
