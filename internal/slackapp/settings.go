package slackapp

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/ingest"
	"github.com/summit-digest/summit-digest/internal/schedule"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/store"
)

// Channel setting keys this package stores.
const (
	settingWatch = "watch_links"
	settingHello = "hello_sent"
)

// scheduleCommand answers `schedule`, `schedule off`, `schedule on` (or
// `resume`) and `schedule "CRON" TIMEZONE [SUMMIT]` through the Scheduler.
func (a *App) scheduleCommand(ctx context.Context, req request, args []arg) (reply, error) {
	if a.deps.Scheduler == nil {
		return reply{}, userErrorf(CodeUnavailable, "Scheduled digests are not running on this bot.")
	}
	var (
		text string
		err  error
	)
	switch {
	case len(args) == 0:
		text, err = a.deps.Scheduler.List(ctx, req.ChannelID)
	case len(args) == 1 && !args[0].Quoted && strings.EqualFold(args[0].Text, "off"):
		text, err = a.deps.Scheduler.Off(ctx, req.ChannelID, req.UserID)
	case len(args) == 1 && !args[0].Quoted && (strings.EqualFold(args[0].Text, "on") || strings.EqualFold(args[0].Text, "resume")):
		text, err = a.deps.Scheduler.Resume(ctx, req.ChannelID, req.UserID)
	default:
		var sr schedule.Request
		sr, err = parseSchedule(args)
		if err != nil {
			return reply{}, err
		}
		if sr.Summit != "" {
			s, serr := a.summitArg([]arg{{Text: sr.Summit}})
			if serr != nil {
				return reply{}, serr
			}
			sr.Summit = s.Slug
		}
		sr.ChannelID, sr.UserID = req.ChannelID, req.UserID
		text, err = a.deps.Scheduler.Subscribe(ctx, sr)
	}
	if err != nil {
		return reply{}, fmt.Errorf("schedule: %w", err)
	}
	return textReply(text), nil
}

// parseSchedule reads `"CRON" [TIMEZONE] [SUMMIT]`. The cron spec is quoted,
// a descriptor (@daily, @every 6h), or five bare fields.
func parseSchedule(args []arg) (schedule.Request, error) {
	var sr schedule.Request
	switch first := args[0]; {
	case first.Quoted:
		sr.Spec, args = first.Text, args[1:]
	case strings.EqualFold(first.Text, "@every") && len(args) > 1:
		sr.Spec, args = "@every "+args[1].Text, args[2:]
	case strings.HasPrefix(first.Text, "@"):
		sr.Spec, args = first.Text, args[1:]
	case len(args) >= 5 && cronFields(args[:5]):
		sr.Spec, args = joinWords(args[:5]), args[5:]
	default:
		return sr, userErrorf(CodeInvalid, `Give the schedule as a cron spec in quotes and a time zone, like /summit schedule "0 8 * * *" Europe/Paris, or a descriptor like @daily.`)
	}
	if len(args) > 0 {
		sr.TimeZone, args = args[0].Text, args[1:]
	}
	if len(args) > 0 {
		sr.Summit, args = args[0].Text, args[1:]
	}
	if len(args) > 0 {
		return sr, userErrorf(CodeInvalid, "I didn't understand %q after the summit. The form is /summit schedule \"CRON\" TIMEZONE [SUMMIT].", joinWords(args))
	}
	return sr, nil
}

// cronFields reports whether args look like the five fields of a cron spec.
func cronFields(args []arg) bool {
	for _, a := range args {
		if a.Quoted || strings.Trim(a.Text, "0123456789*/,-?LW#") != "" && !isCronName(a.Text) {
			return false
		}
	}
	return true
}

// isCronName accepts month and weekday names (JAN, mon-fri).
func isCronName(s string) bool {
	for _, part := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == '-' || r == '/' }) {
		if len(part) != 3 || strings.Trim(part, "abcdefghijklmnopqrstuvwxyz") != "" {
			return false
		}
	}
	return true
}

// watchCommand answers `watch on|off` (and `watch` alone, the state): links
// posted in a watched channel are ingested.
func (a *App) watchCommand(ctx context.Context, req request, args []arg) (reply, error) {
	state := ""
	if len(args) == 1 {
		state = strings.ToLower(args[0].Text)
	}
	switch state {
	case "":
		on, err := a.watching(ctx, req.ChannelID)
		if err != nil {
			return reply{}, err
		}
		if on {
			return noticeReply("I'm adding the links posted in this channel to the coverage. /summit watch off stops that."), nil
		}
		return noticeReply("I'm not watching this channel for links. /summit watch on starts (public channels only; what I add is coverage for the whole workspace)."), nil
	case "on":
		if a.deps.Fetcher == nil {
			return reply{}, userErrorf(CodeUnavailable, "Fetching articles is turned off on this bot, so I can't watch for links.")
		}
		if err := a.requirePublic(ctx, req.ChannelID); err != nil {
			return reply{}, err
		}
		if err := a.deps.Store.SetChannelSetting(ctx, req.ChannelID, settingWatch, "on"); err != nil {
			return reply{}, fmt.Errorf("turn watching on: %w", err)
		}
		return reply{Msg: blockkit.Notice("From now on I add the links posted in this channel to the coverage, and react with ✅ when I did. Anything I add is coverage for the whole workspace."), InChannel: true}, nil
	case "off":
		if err := a.deps.Store.SetChannelSetting(ctx, req.ChannelID, settingWatch, "off"); err != nil {
			return reply{}, fmt.Errorf("turn watching off: %w", err)
		}
		return reply{Msg: blockkit.Notice("I've stopped adding the links posted in this channel."), InChannel: true}, nil
	default:
		return reply{}, userErrorf(CodeInvalid, "Say /summit watch on or /summit watch off.")
	}
}

// watching reports whether links posted in channel are ingested.
func (a *App) watching(ctx context.Context, channelID string) (bool, error) {
	v, err := a.deps.Store.ChannelSetting(ctx, channelID, settingWatch)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read watch setting of %s: %w", channelID, err)
	}
	return v == "on", nil
}

// requirePublic refuses private channels and direct messages: links shared
// there must not become coverage the whole workspace sees.
func (a *App) requirePublic(ctx context.Context, channelID string) error {
	if !strings.HasPrefix(channelID, "C") {
		return userErrorf(CodeForbidden, "I only watch public channels: what I add is coverage for the whole workspace.")
	}
	ch, err := a.deps.Slack.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channelID})
	if err != nil {
		return fmt.Errorf("conversations.info %s: %w", channelID, err)
	}
	if ch.IsPrivate || ch.IsIM || ch.IsMpIM {
		return userErrorf(CodeForbidden, "I only watch public channels: what I add is coverage for the whole workspace.")
	}
	return nil
}

// feedsCommand answers `feeds` with each feed's last success, last error
// and item count.
func (a *App) feedsCommand() (reply, error) {
	if a.deps.Feeds == nil {
		return reply{}, userErrorf(CodeUnavailable, "Feed polling is not running on this bot: no feeds are configured.")
	}
	return reply{Msg: mrkdwnMessage(feedLines(a.deps.Feeds.Status(), a.now()))}, nil
}

// feedLines describes feeds in mrkdwn, a line a feed.
func feedLines(feeds []ingest.FeedStatus, now time.Time) string {
	if len(feeds) == 0 {
		return "No feeds are configured."
	}
	esc := mrkdwnEscaper
	var b strings.Builder
	b.WriteString("*Feeds*")
	for _, f := range feeds {
		b.WriteString("\n• ")
		b.WriteString(esc.Replace(f.URL))
		if f.Summit != "" {
			b.WriteString(" (" + esc.Replace(f.Summit) + ")")
		}
		switch {
		case f.LastPoll.IsZero():
			b.WriteString(": not polled yet")
		case f.LastSuccess.IsZero():
			b.WriteString(": never read successfully")
		default:
			fmt.Fprintf(&b, ": last read %s ago, %s, %d ingested since start", ago(now.Sub(f.LastSuccess)), plural(f.Items, "item", "items"), f.Ingested)
		}
		if f.LastError != "" {
			fmt.Fprintf(&b, ". Last error (%s in a row): %s", plural(f.Failures, "failure", "failures"), esc.Replace(f.LastError))
		}
		if f.LastItemError != "" {
			fmt.Fprintf(&b, ". Last item error: %s", esc.Replace(f.LastItemError))
		}
	}
	return b.String()
}

// ago says how long d is, roughly, as people say it.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute", "minutes")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour", "hours")
	default:
		return plural(int(d/(24*time.Hour)), "day", "days")
	}
}

// textReply shows the scheduler's mrkdwn answer with its lines kept
// (blockkit.Notice folds lines, and these answers are lists) and its
// mentions working, so that it can say who set a schedule.
//
// The scheduler builds these answers from parts that cannot carry markup:
// a cron spec its parser accepted (digits, * / , - and names), a time zone
// the tz database knows, a summit the store knows. What users type and it
// refuses comes back in its errors, which userMessage escapes as plain
// text. safeMrkdwn is a second line of defence over that reading of its
// code: it keeps user and channel mentions and entities, and escapes every
// other &, < and >, so a slip cannot inject a link or an @channel.
func textReply(text string) reply {
	text = strings.TrimSpace(text)
	if text == "" {
		return noticeReply("Nothing to show.")
	}
	return reply{Msg: mrkdwnMessage(safeMrkdwn(text))}
}

// keptMrkdwn matches what safeMrkdwn leaves as it is: a user or channel
// mention (<@U123>, <#C123|name>) and the three entities Slack uses.
var keptMrkdwn = regexp.MustCompile(`<[@#][A-Z0-9]+(?:\|[^<>]*)?>|&(?:amp|lt|gt);`)

// mrkdwnEscaper escapes Slack's three control characters.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// safeMrkdwn escapes the &, < and > of s that are not part of a mention
// or an entity, and escapes nothing twice.
func safeMrkdwn(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range keptMrkdwn.FindAllStringIndex(s, -1) {
		b.WriteString(mrkdwnEscaper.Replace(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(mrkdwnEscaper.Replace(s[last:]))
	return b.String()
}
