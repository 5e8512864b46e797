package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/store"
)

// slashCommand is the command the manifest declares.
const slashCommand = "/summit"

// Where a command came from; it labels logs and decides how to answer.
const (
	viaSlash   = "slash"
	viaSocket  = "socket"
	viaMention = "mention"
)

// request is one /summit command, whether typed as a slash command (over
// HTTP or Socket Mode) or in a mention of the bot.
type request struct {
	Via       string
	ChannelID string
	UserID    string
	// Text is the command text as Slack sent it (escaped, links in <…>).
	Text string
	// ResponseURL answers a slash command later; "" for mentions.
	ResponseURL string
	// ThreadTS is the thread a mention is answered in.
	ThreadTS string
}

// reply is one answer to show.
type reply struct {
	Msg blockkit.Message
	// InChannel shows the answer to everyone; otherwise only to the caller.
	InChannel bool
	// ReplaceOriginal replaces the message whose button was clicked.
	ReplaceOriginal bool
	// DeleteOriginal removes the message whose button was clicked.
	DeleteOriginal bool
	// transient marks a progress note ("Fetching…"), which a mention, answered
	// once in its thread, leaves out.
	transient bool
}

// answer is what a command does: a reply at once and, for slow work, a
// function that finishes in the background and replies again.
type answer struct {
	now   reply
	later func(ctx context.Context) (reply, error)
}

// noticeReply is a short ephemeral answer.
func noticeReply(text string) reply { return reply{Msg: blockkit.Notice(text)} }

// dispatch runs one command. Fast sub-commands answer in now; slow ones
// say what they are doing in now and finish in later.
func (a *App) dispatch(ctx context.Context, req request) (answer, error) {
	cl := parseCommandLine(req.Text)
	switch cl.Name {
	case "", "help", "?":
		return answer{now: reply{Msg: helpMessage()}}, nil
	case "who-said", "whosaid", "who", "said":
		r, err := a.cachedAnswer(ctx, "who-said", cl.Args, func() (reply, error) { return a.whoSaid(ctx, cl.Args, 0) })
		return answer{now: r}, err
	case "speakers":
		r, err := a.cachedAnswer(ctx, "speakers", cl.Args, func() (reply, error) { return a.speakers(ctx, cl.Args) })
		return answer{now: r}, err
	case "digest":
		return a.digestCommand(ctx, req, cl.Args)
	case "summary", "summarize", "summarise":
		return a.summaryCommand(ctx, cl.Args)
	case "ingest", "add":
		return a.ingestCommand(ctx, cl.Args)
	case "forget", "remove":
		r, err := a.forgetCommand(ctx, cl.Args)
		return answer{now: r}, err
	case "schedule", "schedules":
		r, err := a.scheduleCommand(ctx, req, cl.Args)
		return answer{now: r}, err
	case "watch":
		r, err := a.watchCommand(ctx, req, cl.Args)
		return answer{now: r}, err
	case "feeds":
		r, err := a.feedsCommand()
		return answer{now: r}, err
	default:
		help := helpMessage()
		help.Blocks = append(blockkit.Notice(fmt.Sprintf("I don't know the command %q. Here is what I can do:", cl.Name)).Blocks, help.Blocks...)
		return answer{now: reply{Msg: help}}, nil
	}
}

// helpLines is the usage of every sub-command, in the order help shows
// them: the one list of what /summit offers (a test checks that it names
// every sub-command dispatch knows).
func helpLines() []string {
	c := slashCommand
	return []string{
		"`" + c + " who-said NAME` — a speaker's quotes, newest first. _e.g._ `" + c + " who-said Rutte`",
		"`" + c + " who-said \"PHRASE\"` — who said it. _e.g._ `" + c + " who-said \"legally binding\"`",
		"`" + c + " speakers [SUMMIT]` — everyone quoted, with their role and counts",
		"`" + c + " digest [SUMMIT]` — a preview of the digest, with a button to post it; `" + c + " digest post [SUMMIT]` posts it",
		"`" + c + " summary URL|ARTICLE` — a summary of one article",
		"`" + c + " ingest URL` — add an article; `" + c + " forget URL|ARTICLE` removes one, after you confirm",
		"`" + c + " schedule \"0 8 * * *\" Europe/Paris [SUMMIT]` — a digest here on that schedule; `" + c + " schedule` lists, `" +
			c + " schedule off` stops, `" + c + " schedule on` resumes a paused one",
		"`" + c + " watch on|off` — add every link posted in this public channel to the coverage. " +
			"What I add is coverage for the whole workspace, so use it only where that is fine.",
		"`" + c + " feeds` — the feeds I poll, with their last success and last error",
		"`" + c + " help` — this message",
	}
}

// helpMessage is the usage of the command with examples.
func helpMessage() blockkit.Message {
	intro := "I read the coverage of a summit and tell you *who said what, when*, and *what was decided*. Every quote is verbatim, with its source."
	body := mrkdwnMessage(intro + "\n\n*Commands*\n• " + strings.Join(helpLines(), "\n• "))
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Summit Digest", false, false))}
	blocks = append(blocks, body.Blocks...)
	blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
		"ARTICLE is the short id shown next to each source. Mention me with the same words to get the answer in a thread.", false, false)))
	return blockkit.Message{Text: "Summit Digest: " + slashCommand + " help", Blocks: blocks}
}

// dispatchInTurn dispatches req once admitted (see admit).
func (a *App) dispatchInTurn(ctx context.Context, req request) (answer, error) {
	release, err := a.admit(ctx)
	if err != nil {
		return answer{}, err
	}
	defer release()
	return a.dispatch(ctx, req)
}

// runCommand dispatches req and delivers its answers through deliver,
// mapping errors to sentences and recording the outcome.
func (a *App) runCommand(ctx context.Context, req request, deliver func(ctx context.Context, r reply) error) reply {
	start := a.now()
	log := a.logger(ctx).With(slog.String(logKeyChannel, req.ChannelID), slog.String(logKeyUser, req.UserID))
	sub := subcommandLabel(req.Text)
	ans, err := a.dispatchInTurn(ctx, req)
	outcome := "ok"
	if err != nil {
		var msg string
		msg, outcome = a.userMessage(log, err)
		ans = answer{now: noticeReply(msg)}
	}
	a.observe(sub, outcome, a.now().Sub(start))
	log.Info("command", slog.String("via", req.Via), slog.String(logKeyCommand, sub), slog.String("outcome", outcome))
	if ans.later != nil {
		later := ans.later
		ok := a.background(sub, func(bctx context.Context) {
			bctx = context.WithValue(bctx, requestLogKey, log)
			r, err := later(bctx)
			outcome := "ok"
			if err != nil {
				var msg string
				msg, outcome = a.userMessage(log, err)
				r = noticeReply(msg)
			}
			a.observe(sub+"_finish", outcome, a.now().Sub(start))
			if err := deliver(bctx, r); err != nil {
				log.Error("deliver a command's answer", slog.String(logKeyCommand, sub), slog.Any(logKeyError, err))
			}
		})
		if !ok {
			return noticeReply("I'm restarting and can't take this on right now. Please try again in a minute.")
		}
	}
	return ans.now
}

func (a *App) observe(sub, outcome string, d time.Duration) {
	if a.deps.Metrics != nil {
		a.deps.Metrics.ObserveCommand(sub, outcome, d)
	}
}

// subcommandLabel names a command for metrics and logs from a fixed set,
// so a user's typing cannot grow the metric's label values.
func subcommandLabel(text string) string {
	switch name := parseCommandLine(text).Name; name {
	case "", "help", "?":
		return "help"
	case "who-said", "whosaid", "who", "said":
		return "who-said"
	case "speakers", "digest", "summary", "ingest", "forget", "schedule", "watch", "feeds":
		return name
	case "summarize", "summarise":
		return "summary"
	case "add":
		return "ingest"
	case "remove":
		return "forget"
	case "schedules":
		return "schedule"
	default:
		return "unknown"
	}
}

// handleCommand handles the "POST /slack/commands" route: a /summit slash
// command. Fast answers go in the acknowledgement; slow work is
// acknowledged at once and finished through the command's response_url.
func (a *App) handleCommand(w http.ResponseWriter, r *http.Request) {
	sc, err := slack.SlashCommandParse(r)
	if err != nil {
		a.logger(r.Context()).Warn("unreadable slash command", slog.Any(logKeyError, err))
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	req := request{Via: viaSlash, ChannelID: sc.ChannelID, UserID: sc.UserID, Text: sc.Text, ResponseURL: sc.ResponseURL}
	ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
	defer cancel()
	now := a.runCommand(ctx, req, a.respondTo(sc.ResponseURL))
	writeJSON(w, webhookMessage(now))
}

// respondTo returns a deliver function that answers through a
// response_url, by way of the Poster, which counts the URL's uses. The URL
// comes from a verified request (or Slack's own socket), so it is used as
// given.
func (a *App) respondTo(responseURL string) func(context.Context, reply) error {
	return func(ctx context.Context, r reply) error {
		if responseURL == "" {
			return errors.New("no response_url to answer through")
		}
		if a.stopped.Load() {
			return ErrStopped
		}
		opts := post.ResponseOptions{InChannel: r.InChannel, ReplaceOriginal: r.ReplaceOriginal, DeleteOriginal: r.DeleteOriginal}
		if err := a.deps.Poster.Respond(ctx, responseURL, r.Msg, opts); err != nil {
			return fmt.Errorf("answer through response_url: %w", err)
		}
		return nil
	}
}

// webhookMessage is r as a slash command acknowledgement or a response_url post.
func webhookMessage(r reply) *slack.WebhookMessage {
	m := &slack.WebhookMessage{
		Text:            r.Msg.Text,
		ResponseType:    slack.ResponseTypeEphemeral,
		ReplaceOriginal: r.ReplaceOriginal,
		DeleteOriginal:  r.DeleteOriginal,
	}
	if len(r.Msg.Blocks) > 0 {
		m.Blocks = &slack.Blocks{BlockSet: r.Msg.Blocks}
	}
	if r.InChannel {
		m.ResponseType = slack.ResponseTypeInChannel
	}
	return m
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// whoSaid answers `who-said NAME` and `who-said "PHRASE"`, one page from offset.
func (a *App) whoSaid(ctx context.Context, args []arg, offset int) (reply, error) {
	if len(args) == 0 {
		return reply{}, userErrorf(CodeInvalid, "Tell me a name or a phrase, like `/summit who-said Rutte` or `/summit who-said \"legally binding\"`.")
	}
	if len(args) == 1 && args[0].Quoted {
		return a.byPhrase(ctx, args[0].Text, offset)
	}
	return a.bySpeaker(ctx, joinWords(args), offset)
}

func (a *App) bySpeaker(ctx context.Context, name string, offset int) (reply, error) {
	hits, page, err := searchPage(name, offset, func(s store.Search) ([]store.QuoteHit, error) {
		return a.deps.Store.QuotesBySpeaker(ctx, name, s)
	})
	if errors.Is(err, store.ErrNotFound) {
		// No such speaker: the words may still be something someone said.
		return a.byPhrase(ctx, name, offset)
	}
	if err != nil {
		return reply{}, fmt.Errorf("who-said %q: %w", name, err)
	}
	if len(hits) == 0 && offset == 0 {
		return noticeReply(fmt.Sprintf("I know %s but have no quotes of theirs yet.", name)), nil
	}
	return reply{Msg: blockkit.Quotes(speakerName(hits, name), quoteItems(hits[:min(len(hits), pageSize)]), page)}, nil
}

func (a *App) byPhrase(ctx context.Context, phrase string, offset int) (reply, error) {
	hits, page, err := searchPage(phrase, offset, func(s store.Search) ([]store.QuoteHit, error) {
		return a.deps.Store.QuotesByPhrase(ctx, phrase, s)
	})
	if err != nil {
		return reply{}, fmt.Errorf("who-said phrase %q: %w", phrase, err)
	}
	if len(hits) == 0 && offset == 0 {
		// Never an empty answer: the speakers whose names come closest
		// (people often type a name with a slip, or quote one).
		closest, err := a.deps.Store.ClosestSpeakers(ctx, phrase, 3)
		if err != nil {
			return reply{}, fmt.Errorf("closest speakers to %q: %w", phrase, err)
		}
		return reply{Msg: blockkit.NoMatch(phrase, closest)}, nil
	}
	return reply{Msg: blockkit.PhraseMatches(phrase, quoteItems(hits[:min(len(hits), pageSize)]), page)}, nil
}

// speakerName is the canonical name of the speaker a name search found,
// which may be fuller than what was typed ("macron" finds Emmanuel Macron).
func speakerName(hits []store.QuoteHit, typed string) string {
	if len(hits) > 0 && hits[0].Speaker != "" {
		return hits[0].Speaker
	}
	return typed
}

// speakers answers `speakers [SUMMIT]`.
func (a *App) speakers(ctx context.Context, args []arg) (reply, error) {
	summit, err := a.summitArg(args)
	if err != nil {
		return reply{}, err
	}
	sp, err := a.speakerList(ctx, summit.Slug)
	if err != nil {
		return reply{}, fmt.Errorf("list speakers: %w", err)
	}
	if len(sp) == 0 {
		return noticeReply("Nobody has been quoted yet. Add coverage with `/summit ingest URL`."), nil
	}
	return reply{Msg: blockkit.Speakers(speakerCounts(sp))}, nil
}

// summitArg resolves an optional SUMMIT argument against the summits the bot follows.
func (a *App) summitArg(args []arg) (store.Summit, error) {
	if len(args) == 0 {
		return store.Summit{}, nil
	}
	slug := strings.ToLower(joinWords(args))
	for _, s := range a.deps.Summits {
		if strings.EqualFold(s.Slug, slug) {
			return s, nil
		}
	}
	if len(a.deps.Summits) == 0 {
		return store.Summit{}, userErrorf(CodeNotFound, "I don't follow a summit called %s: no summits are configured, so leave it out to cover everything.", slug)
	}
	slugs := make([]string, len(a.deps.Summits))
	for i, s := range a.deps.Summits {
		slugs[i] = "`" + s.Slug + "`"
	}
	return store.Summit{}, userErrorf(CodeNotFound, "I don't follow a summit called %s. I follow %s.", slug, strings.Join(slugs, ", "))
}
