package schedule

import (
	"context"
	"log/slog"

	"github.com/robfig/cron/v3"
)

// Log attribute keys.
const (
	logKeyComponent = "component"
	logKeySchedule  = "schedule_id"
	logKeyChannel   = "channel_id"
	logKeyClaim     = "claim_id"
	logKeySlot      = "slot"
	logKeyItems     = "items"
	logKeyTS        = "ts"
	logKeyError     = "error"
	logKeyAdded     = "added"
	logKeyRemoved   = "removed"
)

// cronLogger adapts a *slog.Logger to cron.Logger. cron's Info messages are
// its heartbeat (every wake, every schedule computed), so they go to Debug,
// all but "skip": a run dropped because the last one has not ended means
// a digest stuck on a store or on Slack, and an operator must see it. Its
// errors are recovered panics and stay errors.
type cronLogger struct{ l *slog.Logger }

var _ cron.Logger = cronLogger{}

func (c cronLogger) Info(msg string, keysAndValues ...any) {
	level := slog.LevelDebug
	if msg == "skip" {
		level = slog.LevelWarn
		msg = "skip: the last run of this schedule has not ended"
	}
	c.l.LogAttrs(context.Background(), level, "cron: "+msg, attrs(keysAndValues)...)
}

func (c cronLogger) Error(err error, msg string, keysAndValues ...any) {
	c.l.LogAttrs(context.Background(), slog.LevelError, "cron: "+msg,
		append([]slog.Attr{slog.Any(logKeyError, err)}, attrs(keysAndValues)...)...)
}

// attrs turns cron's alternating keys and values into attributes, keeping a
// dangling key rather than dropping it.
func attrs(kv []any) []slog.Attr {
	out := make([]slog.Attr, 0, (len(kv)+1)/2)
	for i := 0; i < len(kv); i += 2 {
		key, ok := kv[i].(string)
		if !ok {
			key = "!BADKEY"
		}
		if i+1 < len(kv) {
			out = append(out, slog.Any(key, kv[i+1]))
		} else {
			out = append(out, slog.String("!BADKEY", key))
		}
	}
	return out
}
