package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/store"
)

// handleInteraction handles the "POST /slack/interactivity" route: button
// clicks. It acknowledges at once and answers through the payload's
// response_url, since some clicks (posting a digest) are slow.
func (a *App) handleInteraction(w http.ResponseWriter, r *http.Request) {
	log := a.logger(r.Context())
	var ic slack.InteractionCallback
	if err := json.Unmarshal([]byte(r.PostFormValue("payload")), &ic); err != nil {
		log.Warn("unreadable interaction payload", slog.Any(logKeyError, err))
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	a.acceptInteraction(r.Context(), ic)
	w.WriteHeader(http.StatusOK)
}

// acceptInteraction starts handling a click in the background. HTTP and
// Socket Mode share it.
func (a *App) acceptInteraction(ctx context.Context, ic slack.InteractionCallback) {
	log := a.logger(ctx).With(slog.String(logKeyChannel, ic.Channel.ID), slog.String(logKeyUser, ic.User.ID))
	if ic.Type == slack.InteractionTypeMessageAction && ic.CallbackID == ShortcutAddToDigest {
		a.acceptShortcut(ctx, log, ic)
		return
	}
	if ic.Type != slack.InteractionTypeBlockActions || len(ic.ActionCallback.BlockActions) == 0 {
		log.Info("ignored interaction", slog.String(logKeyEventType, string(ic.Type)))
		return
	}
	action := *ic.ActionCallback.BlockActions[0]
	deliver := a.respondTo(ic.ResponseURL)
	if !a.background("action", func(ctx context.Context) {
		ctx = context.WithValue(ctx, requestLogKey, log)
		start := a.now()
		r, err := a.runAction(ctx, ic, action)
		outcome := "ok"
		if err != nil {
			var msg string
			msg, outcome = a.userMessage(log, err)
			r = noticeReply(msg)
		}
		a.observe("action", outcome, a.now().Sub(start))
		if err := deliver(ctx, r); err != nil {
			log.Error("answer a click", slog.String("action_id", action.ActionID), slog.Any(logKeyError, err))
		}
	}) {
		log.Warn("click dropped: shutting down")
	}
}

// ShortcutAddToDigest is the callback id of the message shortcut "Add to
// summit digest" (config/slack-manifest.yaml): it ingests the message's links.
const ShortcutAddToDigest = "summit_add_to_digest"

// acceptShortcut ingests the links of the message the shortcut was used on
// and answers the user through the shortcut's response_url.
func (a *App) acceptShortcut(ctx context.Context, log *slog.Logger, ic slack.InteractionCallback) {
	deliver := a.respondTo(ic.ResponseURL)
	links := urls(ic.Message.Text)
	if !a.background("shortcut", func(ctx context.Context) {
		ctx = context.WithValue(ctx, requestLogKey, log)
		start := a.now()
		var lines []string
		outcome := "ok"
		switch {
		case a.deps.Fetcher == nil:
			lines, outcome = []string{"Fetching articles is turned off on this bot."}, CodeUnavailable
		case len(links) == 0:
			lines, outcome = []string{"That message has no links to add."}, CodeInvalid
		}
		for _, u := range links {
			if a.deps.Fetcher == nil {
				break
			}
			res, err := a.ingest(ctx, u)
			if err != nil {
				var msg string
				msg, outcome = a.userMessage(log, err)
				lines = append(lines, msg)
				continue
			}
			lines = append(lines, ingestSentence(u, res))
		}
		a.observe("shortcut", outcome, a.now().Sub(start))
		if err := deliver(ctx, noticeReply(strings.Join(lines, " "))); err != nil {
			log.Error("answer a shortcut", slog.Any(logKeyError, err))
		}
	}) {
		log.Warn("shortcut dropped: shutting down")
	}
}

// runAction does what a button asks and returns what replaces the message
// that carried it.
func (a *App) runAction(ctx context.Context, ic slack.InteractionCallback, action slack.BlockAction) (reply, error) {
	switch action.ActionID {
	case blockkit.ActionMoreQuotes, blockkit.ActionMorePhrase:
		v, err := blockkit.ParseMore(action.Value)
		if err != nil {
			return reply{}, fmt.Errorf("more button: %w", err)
		}
		var r reply
		if action.ActionID == blockkit.ActionMoreQuotes {
			r, err = a.bySpeaker(ctx, v.Query, v.Offset)
		} else {
			r, err = a.byPhrase(ctx, v.Query, v.Offset)
		}
		r.ReplaceOriginal = true
		return r, err
	case blockkit.ActionPostDigest:
		slug, ok := strings.CutPrefix(action.Value, postValuePrefix)
		if !ok {
			return reply{}, fmt.Errorf("post digest button: bad value %q", action.Value)
		}
		summit, err := a.summitArg(argsOf(slug))
		if err != nil {
			return reply{}, err
		}
		if err := a.postDigest(ctx, summit, ic.Channel.ID, ""); err != nil {
			return reply{}, err
		}
		return reply{Msg: blockkit.Notice("Posted the digest to the channel."), ReplaceOriginal: true}, nil
	case blockkit.ActionForget:
		art, err := a.deps.Store.Forget(ctx, action.Value)
		if errors.Is(err, store.ErrNotFound) {
			return reply{Msg: blockkit.Notice(fmt.Sprintf("Article %s was already gone.", action.Value)), ReplaceOriginal: true}, nil
		}
		if err != nil {
			return reply{}, fmt.Errorf("forget %s: %w", action.Value, err)
		}
		a.forgetSpeakers()
		a.logger(ctx).Info("article forgotten", slog.String("article_id", art.ID), slog.String(logKeyUser, ic.User.ID))
		title := art.Title
		if title == "" {
			title = art.Source
		}
		return reply{Msg: blockkit.Notice(fmt.Sprintf("Forgot “%s” (article %s) and what was quoted from it.", title, art.ID)), ReplaceOriginal: true}, nil
	case blockkit.ActionCancel:
		return reply{DeleteOriginal: true}, nil
	default:
		return reply{}, fmt.Errorf("unknown action %q", action.ActionID)
	}
}

// argsOf is the argument list of one word, or none for "".
func argsOf(word string) []arg {
	if word == "" {
		return nil
	}
	return []arg{{Text: word}}
}
