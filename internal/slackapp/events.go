package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/store"
)

// handleEvent handles the "POST /slack/events" route: the Events API. It
// answers url_verification, drops deliveries of an event already handled
// (Slack retries with X-Slack-Retry-Num when an answer is slow or lost), and
// acknowledges at once: the work goes on in the background.
func (a *App) handleEvent(w http.ResponseWriter, r *http.Request) {
	log := a.logger(r.Context())
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// The signature has been verified; the deprecated verification token
	// adds nothing.
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		log.Warn("unreadable event", slog.Any(logKeyError, err))
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		var uv slackevents.EventsAPIURLVerificationEvent
		if err := json.Unmarshal(body, &uv); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, uv.Challenge)
	case slackevents.CallbackEvent:
		cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
		if !ok {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
		defer cancel()
		if err := a.acceptEvent(ctx, cb.EventID, ev); err != nil {
			// 500 makes Slack deliver it again, when the store may be back.
			log.Error("accept event", slog.String(logKeyEventID, cb.EventID), slog.Any(logKeyError, err))
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	case slackevents.AppRateLimited:
		log.Warn("slack is rate-limiting the app's events")
		w.WriteHeader(http.StatusOK)
	default:
		log.Info("ignored event envelope", slog.String(logKeyEventType, ev.Type))
		w.WriteHeader(http.StatusOK)
	}
}

// acceptEvent records eventID and, on its first delivery only, starts
// handling ev in the background. HTTP and Socket Mode share it.
func (a *App) acceptEvent(ctx context.Context, eventID string, ev slackevents.EventsAPIEvent) error {
	log := a.logger(ctx).With(slog.String(logKeyEventID, eventID), slog.String(logKeyEventType, ev.InnerEvent.Type))
	switch data := ev.InnerEvent.Data.(type) {
	case *slackevents.AppUninstalledEvent, *slackevents.TokensRevokedEvent:
		// The app posts with its bot token alone. Users' tokens revoked
		// (someone took back their own authorisation) leave it working,
		// and stopping on them would silence the bot until a restart: the
		// stop is lifted only by Identify, which runs at start-up.
		if tr, ok := data.(*slackevents.TokensRevokedEvent); ok && len(tr.Tokens.Bot) == 0 {
			log.Info("user tokens revoked; the bot token still works, posting goes on", slog.Int("tokens", len(tr.Tokens.Oauth)))
			return nil
		}
		// Stop before acknowledging, so that no post starts after Slack was
		// told the event arrived. Stopping twice does no harm, so a
		// delivery again is not dropped: when the stop could not be
		// recorded, the 500 this error gets brings it back.
		if err := a.stopPosting(ctx); err != nil {
			return err
		}
		log.Warn("posting stopped: the app was uninstalled or its bot token revoked")
		return nil
	}
	if eventID != "" {
		first, err := a.deps.Store.FirstDelivery(ctx, eventID, eventTTL)
		if err != nil {
			return fmt.Errorf("record event %s: %w", eventID, err)
		}
		if !first {
			log.Info("event delivered again; already handled")
			return nil
		}
	}
	if !a.background("event", func(ctx context.Context) {
		a.handleInner(context.WithValue(ctx, requestLogKey, log), ev)
	}) {
		log.Warn("event dropped: shutting down")
	}
	return nil
}

// handleInner does what an event asks.
func (a *App) handleInner(ctx context.Context, ev slackevents.EventsAPIEvent) {
	log := a.logger(ctx)
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		a.handleMention(ctx, e)
	case *slackevents.MemberJoinedChannelEvent:
		if bot := a.BotUserID(); bot != "" && e.User == bot {
			if err := a.sayHello(ctx, e.Channel); err != nil {
				log.Error("say hello", slog.String(logKeyChannel, e.Channel), slog.Any(logKeyError, err))
			}
		}
	case *slackevents.MessageEvent:
		a.handleMessage(ctx, e)
	case *slackevents.ChannelArchiveEvent:
		a.pauseChannel(ctx, e.Channel, "<#"+e.Channel+"> was archived")
	case *slackevents.GroupArchiveEvent:
		a.pauseChannel(ctx, e.Channel, "<#"+e.Channel+"> was archived")
	case *slackevents.ChannelDeletedEvent:
		a.pauseChannel(ctx, e.Channel, "<#"+e.Channel+"> was deleted")
	case *slackevents.MemberLeftChannelEvent:
		if bot := a.BotUserID(); bot != "" && e.User == bot {
			a.pauseChannel(ctx, e.Channel, "I was removed from <#"+e.Channel+">")
		}
	default:
		log.Debug("ignored event")
	}
}

// pauseChannel pauses the scheduled digests of a channel the bot can no
// longer post to, so that they are not tried and failed at every slot.
func (a *App) pauseChannel(ctx context.Context, channelID, reason string) {
	if a.deps.Scheduler == nil {
		return
	}
	if err := a.deps.Scheduler.PauseChannel(ctx, channelID, reason); err != nil {
		a.logger(ctx).Error("pause the schedules of a channel", slog.String(logKeyChannel, channelID), slog.Any(logKeyError, err))
	}
}

// mentionPrefix matches the mention of the bot that starts a mention's text.
var mentionPrefix = regexp.MustCompile(`^\s*(<@[A-Z0-9]+(\|[^>]*)?>\s*)+`)

// handleMention answers `@bot who-said Rutte` (and every other sub-command)
// in the thread of the mention.
func (a *App) handleMention(ctx context.Context, e *slackevents.AppMentionEvent) {
	if e.BotID != "" {
		return // another bot's message: never start a conversation between bots
	}
	thread := e.ThreadTimeStamp
	if thread == "" {
		thread = e.TimeStamp
	}
	deliver := func(ctx context.Context, r reply) error {
		_, err := a.post(ctx, e.Channel, thread, r.Msg)
		return err
	}
	req := request{
		Via:       viaMention,
		ChannelID: e.Channel,
		UserID:    e.User,
		Text:      mentionPrefix.ReplaceAllString(e.Text, ""),
		ThreadTS:  thread,
	}
	now := a.runCommand(ctx, req, deliver)
	if now.transient || len(now.Msg.Blocks) == 0 && now.Msg.Text == "" {
		return
	}
	if err := deliver(ctx, now); err != nil {
		a.logger(ctx).Error("answer a mention", slog.String(logKeyChannel, e.Channel), slog.Any(logKeyError, err))
	}
}

// sayHello introduces the bot in a channel it was invited to, once.
func (a *App) sayHello(ctx context.Context, channelID string) error {
	v, err := a.deps.Store.ChannelSetting(ctx, channelID, settingHello)
	if err == nil && v != "" {
		return nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read hello setting: %w", err)
	}
	// Recorded before the post, so that two deliveries racing (a re-invite
	// while the first hello is on its way) say it once; cleared again if
	// the post fails, so that the next invitation tries again.
	if err := a.deps.Store.SetChannelSetting(ctx, channelID, settingHello, a.now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("record hello: %w", err)
	}
	msg := helpMessage()
	msg.Blocks = append(blockkit.Notice("Hello! Thanks for inviting me. Here is what I can do in this channel:").Blocks, msg.Blocks...)
	msg.Text = "Hello! I'm Summit Digest. Type /summit help to see what I can do."
	if _, err := a.post(ctx, channelID, "", msg); err != nil {
		if cerr := a.deps.Store.SetChannelSetting(ctx, channelID, settingHello, ""); cerr != nil {
			return errors.Join(fmt.Errorf("post hello: %w", err), fmt.Errorf("clear hello record: %w", cerr))
		}
		return fmt.Errorf("post hello: %w", err)
	}
	return nil
}

// handleMessage ingests the links posted in a watched channel, reacting to
// the message when it did and replying in its thread when it could not.
func (a *App) handleMessage(ctx context.Context, e *slackevents.MessageEvent) {
	if e.SubType != "" || e.BotID != "" || a.deps.Fetcher == nil {
		return // edits, joins and bots' messages carry no new links to add
	}
	links := urls(e.Text)
	if len(links) == 0 {
		return
	}
	log := a.logger(ctx).With(slog.String(logKeyChannel, e.Channel))
	on, err := a.watching(ctx, e.Channel)
	if err != nil {
		log.Error("read watch setting", slog.Any(logKeyError, err))
		return
	}
	if !on {
		return
	}
	var failures []string
	added := 0
	for _, u := range links {
		if _, err := a.ingest(ctx, u); err != nil {
			msg, _ := a.userMessage(log, err)
			failures = append(failures, msg)
			continue
		}
		added++
	}
	if added > 0 && !a.stopped.Load() {
		if err := a.deps.Slack.AddReactionContext(ctx, "white_check_mark", slack.NewRefToMessage(e.Channel, e.TimeStamp)); err != nil {
			log.Warn("react to a watched link", slog.Any(logKeyError, err))
		}
	}
	if len(failures) > 0 {
		text := "I couldn't add " + plural(len(failures), "link", "links") + " from this message: " + strings.Join(failures, " ")
		if _, err := a.post(ctx, e.Channel, e.TimeStamp, blockkit.Notice(text)); err != nil {
			log.Error("reply about a watched link", slog.Any(logKeyError, err))
		}
	}
}
