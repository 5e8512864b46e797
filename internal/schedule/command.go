package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
)

// Request asks for a scheduled digest in a channel, as typed in
// `/summit schedule "0 8 * * *" Europe/Paris [SUMMIT]`. The Slack app
// parses the words; Subscribe checks them.
type Request struct {
	ChannelID string
	UserID    string
	Spec      string
	TimeZone  string
	Summit    string
}

// UserError is an error a Slack user is shown: Message is a whole sentence
// of plain text (the Slack app escapes it, so it holds no mrkdwn). The
// Slack app finds it through its UserMessage method.
type UserError struct {
	Message string
	Err     error
}

func (e *UserError) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *UserError) Unwrap() error { return e.Err }

// UserMessage returns the sentence to show.
func (e *UserError) UserMessage() string { return e.Message }

// UserMessage says what is wrong with the schedule, for the person who typed it.
func (e *SpecError) UserMessage() string {
	return fmt.Sprintf("I can't use the schedule %q: %s. Try \"0 8 * * *\" Europe/Paris, @daily or \"@every 6h\".", e.Expr, e.Msg)
}

func userErrorf(format string, args ...any) *UserError {
	return &UserError{Message: fmt.Sprintf(format, args...)}
}

// listedRuns is how many upcoming run times List shows per schedule.
const listedRuns = 3

// Subscribe adds a scheduled digest to r.ChannelID, or changes the spec and
// time zone of the channel's schedule for the same summit: a channel gets
// one digest per summit. A change is allowed to the schedule's creator and
// to workspace admins. It returns a confirmation in Slack mrkdwn.
func (s *Scheduler) Subscribe(ctx context.Context, r Request) (string, error) {
	spec, err := ParseForSlack(r.Spec, r.TimeZone)
	if err != nil {
		return "", err
	}
	if r.Summit != "" {
		if err := s.checkSummit(ctx, r.Summit); err != nil {
			return "", err
		}
	}
	tz := zoneName(spec)
	existing, err := s.opts.Store.Schedules(ctx, r.ChannelID)
	if err != nil {
		return "", fmt.Errorf("list schedules of %s: %w", r.ChannelID, err)
	}
	i := slices.IndexFunc(existing, func(sc store.Schedule) bool { return sc.Summit == r.Summit })
	if i < 0 {
		sc, err := s.opts.Store.AddSchedule(ctx, store.Schedule{
			Channel: r.ChannelID, Summit: r.Summit, Spec: spec.String(), TimeZone: tz, CreatedBy: r.UserID,
		})
		if errors.Is(err, store.ErrDuplicate) {
			// Someone asked for the same a moment before (the listing
			// above did not have it yet); theirs stands.
			return fmt.Sprintf("This channel already gets a digest of %s %s.\n%s", coverage(sc.Summit), describe(spec), nextRuns(spec, s.opts.Now())), nil
		}
		if err != nil {
			return "", fmt.Errorf("add schedule to %s: %w", r.ChannelID, err)
		}
		s.reloadAfterChange(ctx)
		s.log.Info("schedule added", slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel))
		first := "the first looks back " + humanDuration(s.opts.Lookback)
		if s.opts.Lookback < 0 {
			first = "the first carries what arrives from now on"
		}
		return fmt.Sprintf("Scheduled a digest of %s here, %s. It will carry what was said and decided since the last one; %s.\n%s",
			coverage(sc.Summit), describe(spec), first, nextRuns(spec, s.opts.Now())), nil
	}

	sc := existing[i]
	same := sc.Spec == spec.String() && sc.TimeZone == tz
	if same && !sc.Paused {
		return fmt.Sprintf("This channel already gets a digest of %s %s.\n%s", coverage(sc.Summit), describe(spec), nextRuns(spec, s.opts.Now())), nil
	}
	if sc.CreatedBy == "" && !same {
		// The file would bring the old spec back at the next start.
		return "", userErrorf("This channel's %s comes from the bot's config file, so it is changed there. A workspace admin may turn it off with /summit schedule off.", plainLabel(sc))
	}
	if err := s.mayChange(ctx, sc, r.UserID); err != nil {
		return "", err
	}
	// Asking again for a paused schedule is how it is resumed.
	verb := "Changed this channel's digest of %s: now %s.\n%s"
	if same {
		verb = "Resumed this channel's digest of %s, %s.\n%s"
	}
	sc.Spec, sc.TimeZone, sc.Paused = spec.String(), tz, false
	if err := s.opts.Store.UpdateSchedule(ctx, sc); err != nil {
		return "", fmt.Errorf("change schedule %d: %w", sc.ID, err)
	}
	s.reloadAfterChange(ctx)
	s.log.Info("schedule changed", slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel))
	return fmt.Sprintf(verb, coverage(sc.Summit), describe(spec), nextRuns(spec, s.opts.Now())), nil
}

// List describes the channel's schedules, each with its next run times in
// its own time zone, in Slack mrkdwn.
func (s *Scheduler) List(ctx context.Context, channelID string) (string, error) {
	scheds, err := s.opts.Store.Schedules(ctx, channelID)
	if err != nil {
		return "", fmt.Errorf("list schedules of %s: %w", channelID, err)
	}
	if len(scheds) == 0 {
		return "This channel has no scheduled digest. Add one with `/summit schedule \"0 8 * * *\" Europe/Paris`.", nil
	}
	var b strings.Builder
	b.WriteString("*Scheduled digests in this channel*\n")
	now := s.opts.Now()
	for _, sc := range scheds {
		fmt.Fprintf(&b, "• Digest of %s, ", coverage(sc.Summit))
		spec, err := Parse(sc.Spec, sc.TimeZone)
		if err != nil {
			fmt.Fprintf(&b, "`%s`%s, which I can no longer read (%s).\n", sc.Spec, zoneSuffix(sc.TimeZone), err)
			continue
		}
		b.WriteString(describe(spec))
		// A mention, which Slack shows as the person's name: the Slack app
		// keeps mentions in these replies and escapes other markup.
		if sc.CreatedBy == "" {
			b.WriteString(", from the bot's config file")
		} else {
			b.WriteString(", set by <@" + sc.CreatedBy + ">")
		}
		if sc.Paused {
			b.WriteString(". *Paused*: run " + resumeCommand(sc) + " to resume it.\n")
			continue
		}
		b.WriteString(".\n  ")
		b.WriteString(nextRuns(spec, now))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// Off stops the channel's schedules that userID may stop: those they
// created, or all when they are a workspace admin. Schedules made in Slack
// are deleted; those from the config file are paused, since a restart
// would otherwise bring them back. It says which were stopped and which
// were not the user's to stop.
func (s *Scheduler) Off(ctx context.Context, channelID, userID string) (string, error) {
	scheds, err := s.opts.Store.Schedules(ctx, channelID)
	if err != nil {
		return "", fmt.Errorf("list schedules of %s: %w", channelID, err)
	}
	if len(scheds) == 0 {
		return "This channel has no scheduled digest to turn off.", nil
	}
	var stopped, refused []string
	for _, sc := range scheds {
		if err := s.mayChange(ctx, sc, userID); err != nil {
			var ue *UserError
			if !errors.As(err, &ue) {
				return "", err
			}
			refused = append(refused, label(sc))
			continue
		}
		if sc.CreatedBy == "" {
			if sc.Paused {
				continue
			}
			sc.Paused = true
			err = s.opts.Store.UpdateSchedule(ctx, sc)
		} else {
			err = s.opts.Store.DeleteSchedule(ctx, sc.ID)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("turn off schedule %d: %w", sc.ID, err)
		}
		stopped = append(stopped, label(sc))
		s.log.Info("schedule turned off", slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel))
	}
	if len(stopped) > 0 {
		s.reloadAfterChange(ctx)
	}
	var b strings.Builder
	if len(stopped) > 0 {
		fmt.Fprintf(&b, "Turned off the %s.", strings.Join(stopped, " and the "))
	}
	if len(refused) > 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "I left the %s: only whoever set a schedule, or a workspace admin, may turn it off.", strings.Join(refused, " and the "))
	}
	if b.Len() == 0 {
		b.WriteString("This channel's scheduled digests are already off.")
	}
	return b.String(), nil
}

// Resume turns back on the channel's paused schedules that userID may
// change (after the channel was unarchived, or the bot invited back).
func (s *Scheduler) Resume(ctx context.Context, channelID, userID string) (string, error) {
	scheds, err := s.opts.Store.Schedules(ctx, channelID)
	if err != nil {
		return "", fmt.Errorf("list schedules of %s: %w", channelID, err)
	}
	var resumed []string
	refused := 0
	for _, sc := range scheds {
		if !sc.Paused {
			continue
		}
		if err := s.mayChange(ctx, sc, userID); err != nil {
			var ue *UserError
			if !errors.As(err, &ue) {
				return "", err
			}
			refused++
			continue
		}
		sc.Paused = false
		if err := s.opts.Store.UpdateSchedule(ctx, sc); err != nil {
			return "", fmt.Errorf("resume schedule %d: %w", sc.ID, err)
		}
		resumed = append(resumed, label(sc))
	}
	switch {
	case len(resumed) > 0:
		s.reloadAfterChange(ctx)
		return fmt.Sprintf("Resumed the %s.", strings.Join(resumed, " and the ")), nil
	case refused > 0:
		return "", userErrorf("Only whoever set this channel's paused schedule, or a workspace admin, may resume it.")
	default:
		return "This channel has no paused scheduled digest.", nil
	}
}

// mayChange allows the schedule's creator and workspace admins; the
// schedules of the config file have no creator, so only admins.
func (s *Scheduler) mayChange(ctx context.Context, sc store.Schedule, userID string) error {
	if sc.CreatedBy != "" && sc.CreatedBy == userID {
		return nil
	}
	if s.opts.IsAdmin != nil {
		admin, err := s.opts.IsAdmin(ctx, userID)
		if err != nil {
			return fmt.Errorf("check whether %s is a workspace admin: %w", userID, err)
		}
		if admin {
			return nil
		}
	}
	if sc.CreatedBy == "" {
		return userErrorf("The %s comes from the bot's config file: only a workspace admin may change it.", plainLabel(sc))
	}
	return userErrorf("The %s was set by someone else: only they or a workspace admin may change it.", plainLabel(sc))
}

func (s *Scheduler) checkSummit(ctx context.Context, slug string) error {
	summits, err := s.opts.Store.Summits(ctx)
	if err != nil {
		return fmt.Errorf("list summits: %w", err)
	}
	var slugs []string
	for _, sm := range summits {
		if sm.Slug == slug {
			return nil
		}
		slugs = append(slugs, sm.Slug)
	}
	if len(slugs) == 0 {
		return userErrorf("I don't follow a summit called %q; leave the summit out to get all coverage.", slug)
	}
	return userErrorf("I don't follow a summit called %q. I follow %s; leave the summit out to get all coverage.", slug, strings.Join(slugs, ", "))
}

// reloadAfterChange makes a change effective on this replica at once. A
// failure is only logged: the periodic reload catches up within a minute,
// and the change itself is stored.
func (s *Scheduler) reloadAfterChange(ctx context.Context) {
	if err := s.Reload(ctx); err != nil {
		s.log.Warn("reload after a change", slog.Any(logKeyError, err))
	}
}

// resumeCommand is the command that resumes a paused schedule: asking for
// it again.
func resumeCommand(sc store.Schedule) string {
	cmd := "/summit schedule \"" + sc.Spec + "\""
	if sc.TimeZone != "" {
		cmd += " " + sc.TimeZone
	} else if sc.Summit != "" {
		cmd += " UTC"
	}
	if sc.Summit != "" {
		cmd += " " + sc.Summit
	}
	return "`" + cmd + "`"
}

// coverage names what a subscription covers.
func coverage(summit string) string {
	if summit == "" {
		return "all coverage"
	}
	return "`" + summit + "`"
}

// label names a schedule in a sentence.
func label(sc store.Schedule) string {
	return fmt.Sprintf("digest of %s at `%s`%s", coverage(sc.Summit), sc.Spec, zoneSuffix(sc.TimeZone))
}

// plainLabel is label without mrkdwn, for the errors users see as plain text.
func plainLabel(sc store.Schedule) string {
	return strings.ReplaceAll(label(sc), "`", "")
}

// describe says when a spec fires.
func describe(s *Spec) string {
	if s.Every() > 0 {
		return "every " + humanDuration(s.Every())
	}
	return fmt.Sprintf("on `%s` (%s)", s.String(), s.Location())
}

// nextRuns lists the spec's next run times after now in its own zone.
func nextRuns(s *Spec, now time.Time) string {
	runs := s.NextN(now, listedRuns)
	if len(runs) == 0 {
		return "It has no run in the coming years."
	}
	parts := make([]string, len(runs))
	for i, t := range runs {
		parts[i] = t.Format("Mon 2 Jan 2006 15:04 MST")
	}
	return "Next: " + strings.Join(parts, ", ") + "."
}

// humanDuration writes 24h0m0s as "24h" and 1h30m0s as "1h30m".
func humanDuration(d time.Duration) string {
	out := d.String()
	if strings.HasSuffix(out, "m0s") {
		out = strings.TrimSuffix(out, "0s")
	}
	if strings.HasSuffix(out, "h0m") {
		out = strings.TrimSuffix(out, "0m")
	}
	return out
}
