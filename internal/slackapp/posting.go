package slackapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/schedule"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/store"
)

// The App is the scheduler's way to Slack, so that an uninstalled app stops
// scheduled digests too.
var _ schedule.Poster = (*App)(nil)

// post posts msg to a channel (or a thread) unless the app was uninstalled.
// Every message the app posts goes through it.
func (a *App) post(ctx context.Context, channelID, threadTS string, msg blockkit.Message) (string, error) {
	if a.postingStopped(ctx) {
		return "", ErrStopped
	}
	ts, err := a.deps.Poster.Post(ctx, channelID, msg, post.PostOptions{ThreadTS: threadTS})
	if err != nil {
		return "", a.postError(ctx, channelID, err)
	}
	return ts, nil
}

// postingStopped reports whether posting is stopped: in this process, or
// by another replica, since Slack sends app_uninstalled and tokens_revoked
// to one of them. A post is rare next to a read of one setting. A store
// that cannot answer does not stop posting (it is logged): Slack refuses
// a revoked token anyway, and a store outage must not silence the bot.
func (a *App) postingStopped(ctx context.Context) bool {
	if a.stopped.Load() {
		return true
	}
	v, err := a.deps.Store.ChannelSetting(ctx, workspaceSettings, settingStopped)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			a.logger(ctx).Warn("read whether posting was stopped", slog.Any(logKeyError, err))
		}
		return false
	}
	if v == "" {
		return false
	}
	a.stopped.Store(true)
	a.logger(ctx).Warn("posting stopped by another replica: the app was uninstalled or its tokens revoked")
	return true
}

// postError marks the errors the scheduler branches on and logs a token
// that stopped working, which no retry will fix.
func (a *App) postError(ctx context.Context, channelID string, err error) error {
	code := post.CodeOf(err)
	switch {
	case code.ChannelUnusable():
		return fmt.Errorf("%w: %w", schedule.ErrChannelUnavailable, err)
	case code.AuthRevoked():
		a.logger(ctx).Error("slack refused the bot token; an admin must reinstall the app", slog.String(logKeyChannel, channelID), slog.String(logKeyCode, string(code)))
	}
	return err
}

// PostDigest posts d to channel, its first message stamped with digestID,
// the rest in its thread, and returns the first message's ts. Parts of
// digestID already posted (the first between since and until, the rest
// since then in its thread) are found through their metadata and not
// posted again. A digest whose first message went out but a later part
// failed returns that ts with the error, so that the scheduler keeps it
// open and resumes it rather than counting it posted.
func (a *App) PostDigest(ctx context.Context, channel string, d *digest.Digest, digestID string, since, until time.Time) (string, error) {
	if a.postingStopped(ctx) {
		return "", ErrStopped
	}
	msgs := blockkit.Digest(d, blockkit.DigestOptions{})
	res, err := a.deps.Poster.PostDigest(ctx, channel, digestID, msgs, post.DigestOptions{Resume: true, Since: since, Until: until})
	if err != nil {
		if res.TS != "" {
			a.logger(ctx).Warn("digest posted in part", slog.String(logKeyChannel, channel), slog.String("digest_id", digestID),
				slog.Int("parts_posted", 1+len(res.Replies)), slog.Int("parts", len(msgs)), slog.Any(logKeyError, err))
		}
		return res.TS, a.postError(ctx, channel, err)
	}
	return res.TS, nil
}

// FindDigest returns the ts of the first message of digestID posted to
// channel between since and until, or "" when there is none.
func (a *App) FindDigest(ctx context.Context, channel, digestID string, since, until time.Time) (string, error) {
	ts, found, err := a.deps.Poster.FindDigest(ctx, channel, digestID, since, until)
	if err != nil {
		return "", fmt.Errorf("find digest %s in %s: %w", digestID, channel, err)
	}
	if !found {
		return "", nil
	}
	return ts, nil
}

// PostText posts a short message of the app's own (mrkdwn, not user input)
// to a channel, or as a direct message when channel is a user ID.
func (a *App) PostText(ctx context.Context, channel, text string) (string, error) {
	return a.post(ctx, channel, "", mrkdwnMessage(text))
}

// mrkdwnMessage is a message of the app's own mrkdwn, which may hold
// mentions such as <#C123>: unlike blockkit.Notice it is not escaped.
func mrkdwnMessage(text string) blockkit.Message {
	text = strings.TrimSpace(text)
	var blocks []slack.Block
	for _, chunk := range splitText(text, blockkit.MaxSectionText) {
		if len(blocks) == blockkit.MaxBlocks {
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, chunk, false, false), nil, nil))
	}
	first, _, _ := strings.Cut(text, "\n")
	return blockkit.Message{Text: first, Blocks: blocks}
}

// splitText cuts text into pieces of at most max runes, at line breaks
// where it can and never inside an HTML entity.
func splitText(text string, max int) []string {
	var out []string
	for text != "" {
		r := []rune(text)
		if len(r) <= max {
			out = append(out, text)
			break
		}
		chunk := string(r[:max])
		if i := strings.LastIndexByte(chunk, '\n'); i > 0 {
			chunk = chunk[:i]
		} else if i := strings.LastIndexByte(chunk, '&'); i > len(chunk)-len("&amp;") {
			chunk = chunk[:i]
		}
		out = append(out, chunk)
		text = strings.TrimPrefix(text[len(chunk):], "\n")
	}
	return out
}
