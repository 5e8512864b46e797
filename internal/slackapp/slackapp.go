// Package slackapp is Summit Digest's Slack app: it verifies the requests
// Slack sends, answers the /summit slash command, mentions and button clicks,
// handles the Events API and Socket Mode with the same code, and gates every
// post to a channel (so that an uninstalled app stops posting at once).
// Block Kit rendering lives in the blockkit subpackage and chat.postMessage
// with its retries in post; this package decides what to say and where.
package slackapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
	"github.com/summit-digest/summit-digest/internal/schedule"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/store"
)

// Limits and timings Slack imposes or that keep the app within them.
const (
	// DefaultMaxBodyBytes caps a request body from Slack; the largest it
	// sends (an interactivity payload with big blocks) is tens of kilobytes.
	DefaultMaxBodyBytes = 1 << 20
	// eventTTL is how long an event id is remembered to drop Slack's
	// retries; Slack retries three times within about an hour.
	eventTTL = 2 * time.Hour
	// slowWorkTimeout bounds one piece of background work (a fetch, a big
	// digest); a response_url stays valid for 30 minutes.
	slowWorkTimeout = 2 * time.Minute
	// ackTimeout bounds the work done before acknowledging a request:
	// Slack gives up after 3 s, and an answer that says "too slow, try
	// again" is better than none.
	ackTimeout = 2500 * time.Millisecond
	// pageSize is the number of quotes one who-said answer shows.
	pageSize = 5
)

// Fetcher reads an article from a URL. ingest.Reader satisfies it; the app
// only ever gives it http and https URLs.
type Fetcher interface {
	Read(ctx context.Context, source string) (digest.Article, error)
}

// Poster posts to channels with retries that never post twice;
// *post.Poster satisfies it. Its errors are *post.Error values, whose
// sentences users are shown.
type Poster interface {
	// Post posts msg to channel (in a thread when opts.ThreadTS is set).
	Post(ctx context.Context, channel string, msg blockkit.Message, opts post.PostOptions) (ts string, err error)
	// PostDigest posts a digest's messages, the first to the channel and
	// the rest in its thread, stamped with digestID.
	PostDigest(ctx context.Context, channel, digestID string, msgs []blockkit.Message, opts post.DigestOptions) (post.DigestResult, error)
	// FindDigest looks for the first message of digestID in the channel.
	FindDigest(ctx context.Context, channel, digestID string, since, until time.Time) (ts string, found bool, err error)
	// Respond answers through a response_url. Slack takes 5 uses of one in
	// 30 minutes; Respond counts them and refuses the sixth, so every
	// answer goes through it.
	Respond(ctx context.Context, responseURL string, msg blockkit.Message, opts post.ResponseOptions) error
}

// Scheduler manages a channel's scheduled digests for /summit schedule;
// *schedule.Scheduler satisfies it. Its answers are Slack mrkdwn, shown as
// they are, so they may name people (<@U…>) and channels (<#C…>); see
// textReply for what else is escaped. Errors whose chain holds an error
// with a UserMessage() string method (or a *UserError) are shown to the
// user as plain text, escaped; others are logged.
type Scheduler interface {
	// Subscribe adds or changes the channel's schedule and confirms it.
	Subscribe(ctx context.Context, r schedule.Request) (string, error)
	// List describes the channel's schedules and their next run times.
	List(ctx context.Context, channelID string) (string, error)
	// Off removes the channel's schedules that userID may remove, and says which.
	Off(ctx context.Context, channelID, userID string) (string, error)
	// Resume turns the channel's paused schedules that userID may change
	// back on, and says which.
	Resume(ctx context.Context, channelID, userID string) (string, error)
	// PauseChannel pauses the channel's schedules (archived, bot removed);
	// reason completes "… so I paused your digest".
	PauseChannel(ctx context.Context, channelID, reason string) error
}

// FeedLister reports the state of the polled feeds for /summit feeds;
// *ingest.Poller satisfies it.
type FeedLister interface {
	Status() []ingest.FeedStatus
}

// Metrics receives what the app measures; internal/server's collectors
// satisfy it. Nil records nothing.
type Metrics interface {
	ObserveCommand(sub, outcome string, d time.Duration)
	// Ingested counts articles stored from Slack (/summit ingest, watched
	// links, the shortcut) and the quotes they hold, as the feed poller
	// counts its own, so the ingest counters cover every way in.
	Ingested(articles, quotes int)
}

// Deps is what the app is built from.
type Deps struct {
	// Store is required.
	Store store.Store
	// Slack calls the Web API with the bot token; required.
	Slack *slack.Client
	// Poster posts to channels; required.
	Poster Poster
	// SigningSecret verifies HTTP requests; without it the HTTP routes
	// answer 401 to everything (Socket Mode needs none).
	SigningSecret string
	// Fetcher reads URLs for /summit ingest, summary and watched links;
	// nil turns those off with a message saying so.
	Fetcher Fetcher
	// Scheduler and Feeds back /summit schedule and /summit feeds; nil
	// answers that the feature is not running.
	Scheduler Scheduler
	Feeds     FeedLister
	// Summits are the summits the bot follows, for `digest SUMMIT` and titles.
	Summits []store.Summit
	Logger  *slog.Logger
	Metrics Metrics
	// MaxBodyBytes caps request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxConcurrent bounds the commands answered at once; the others wait
	// their turn in arrival order. 0 means twice the CPUs.
	MaxConcurrent int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// App is the Slack app. Its HTTP handler and its Socket Mode client share
// the same command and event code, and one switch that stops all posting.
type App struct {
	deps Deps
	log  *slog.Logger
	now  func() time.Time

	// botUserID is learnt from auth.test; events about this user (the bot
	// joining a channel) are told apart with it.
	botUserID atomic.Value // string
	// stopped is set by app_uninstalled and tokens_revoked.
	stopped atomic.Bool
	// turns admits commands in arrival order (see admit).
	turns chan struct{}
	// speakerCache holds the speaker lists (see speakersTTL).
	speakerCache speakersCache
	// answers holds the replies of who-said and speakers (see answerCache).
	answers answerCache

	// bg owns the goroutines that finish slow work after the acknowledgement.
	bg       sync.WaitGroup
	bgCtx    context.Context
	bgCancel context.CancelFunc
	closing  atomic.Bool
}

// ErrStopped is returned by Post after the app was uninstalled or its
// tokens revoked.
var ErrStopped = errors.New("slack app uninstalled or its tokens revoked: posting is stopped")

// New returns an App built from deps.
func New(deps Deps) *App {
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.MaxBodyBytes <= 0 {
		deps.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.MaxConcurrent <= 0 {
		deps.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
	a := &App{
		deps:  deps,
		log:   deps.Logger.With(slog.String(logKeyComponent, "slackapp")),
		now:   deps.Now,
		turns: make(chan struct{}, deps.MaxConcurrent),
	}
	a.botUserID.Store("")
	a.bgCtx, a.bgCancel = context.WithCancel(context.Background())
	return a
}

// NewHandler returns the HTTP handler of an App built from deps. Use New
// and Handler instead when Socket Mode or Close is needed too.
func NewHandler(deps Deps) http.Handler { return New(deps).Handler() }

// Identify asks Slack who the bot is (auth.test), so that the app knows its
// own user id. Call it at start-up; until it succeeds, the bot does not
// greet channels it joins. Its success also lifts a stop that Restore
// brought back: Slack accepting the bot token means the app was installed
// again. Nothing else lifts a stop, and that needs no restart of its own:
// an uninstall revokes the bot token and a reinstall issues a new one,
// which a process reads only at start-up, so the restart that gives it the
// new token is the one whose Identify resumes posting. A replica still
// running on the revoked token stays stopped, as Slack would refuse its
// posts anyway.
func (a *App) Identify(ctx context.Context) error {
	start := a.now()
	resp, err := a.deps.Slack.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("slack auth.test: %w", err)
	}
	a.botUserID.Store(resp.UserID)
	return a.liftStop(ctx, start)
}

// Where the app keeps the stop of all posting: a setting of the workspace,
// which the store's channel settings hold under the channel "".
const (
	workspaceSettings = ""
	settingStopped    = "posting_stopped"
)

// stopPosting stops all posting and records when, so that a restarted
// process (Restore) stays stopped. Slack sends app_uninstalled and
// tokens_revoked once; a replica that restarts after it must not try again.
func (a *App) stopPosting(ctx context.Context) error {
	a.stopped.Store(true)
	if err := a.deps.Store.SetChannelSetting(ctx, workspaceSettings, settingStopped, a.now().UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("record that posting stopped: %w", err)
	}
	return nil
}

// Restore brings back a stop of all posting recorded before a restart (the
// app was uninstalled or its tokens revoked). Call it before serving or
// starting the scheduler; Identify lifts the stop once Slack accepts the
// bot token again.
func (a *App) Restore(ctx context.Context) error {
	v, err := a.deps.Store.ChannelSetting(ctx, workspaceSettings, settingStopped)
	if errors.Is(err, store.ErrNotFound) || err == nil && v == "" {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read whether posting was stopped: %w", err)
	}
	a.stopped.Store(true)
	a.log.Warn("posting stays stopped: the app was uninstalled or its tokens revoked", slog.String("since", v))
	return nil
}

// liftStop clears a recorded stop older than the auth.test that began at
// start and succeeded. A stop recorded since then is newer news than that
// success (the app uninstalled while auth.test was answering) and stays.
func (a *App) liftStop(ctx context.Context, start time.Time) error {
	v, err := a.deps.Store.ChannelSetting(ctx, workspaceSettings, settingStopped)
	if errors.Is(err, store.ErrNotFound) || err == nil && v == "" {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read whether posting was stopped: %w", err)
	}
	if at, perr := time.Parse(time.RFC3339Nano, v); perr == nil && !at.Before(start) {
		return nil
	}
	if err := a.deps.Store.SetChannelSetting(ctx, workspaceSettings, settingStopped, ""); err != nil {
		return fmt.Errorf("clear the stop of posting: %w", err)
	}
	a.stopped.Store(false)
	a.log.Info("slack accepts the bot token again: posting resumed", slog.String("stopped_since", v))
	return nil
}

// UseScheduler sets the Scheduler behind /summit schedule. The scheduler
// posts through the App, so the App exists first; call it before serving.
func (a *App) UseScheduler(s Scheduler) { a.deps.Scheduler = s }

// IsAdmin reports whether a Slack user is a workspace admin or owner
// (users.info), for the scheduler's "who may change what".
func (a *App) IsAdmin(ctx context.Context, userID string) (bool, error) {
	u, err := a.deps.Slack.GetUserInfoContext(ctx, userID)
	if err != nil {
		return false, fmt.Errorf("users.info %s: %w", userID, err)
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

// BotUserID returns the bot's user id once Identify succeeded, else "".
func (a *App) BotUserID() string { return a.botUserID.Load().(string) }

// Stopped reports whether the app was uninstalled or its tokens revoked.
func (a *App) Stopped() bool { return a.stopped.Load() }

// Close waits for the slow work already acknowledged to Slack to finish,
// until ctx is done; then it cancels what is left. New work is refused.
func (a *App) Close(ctx context.Context) error {
	a.closing.Store(true)
	done := make(chan struct{})
	go func() {
		a.bg.Wait()
		close(done)
	}()
	select {
	case <-done:
		a.bgCancel()
		return nil
	case <-ctx.Done():
		a.bgCancel()
		<-done
		return fmt.Errorf("slack app: background work cut short: %w", ctx.Err())
	}
}

// admit waits for a turn to answer a command and returns its release.
// Beyond a few at once, commands only queue for the store's connections,
// and database/sql hands a freed connection to a random waiter: under load
// some answers would wait for seconds while others pass. Goroutines
// blocked on a channel are served in order, so the wait is fair.
func (a *App) admit(ctx context.Context) (release func(), err error) {
	select {
	case a.turns <- struct{}{}:
		return func() { <-a.turns }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a turn: %w", ctx.Err())
	}
}

// background runs f after the acknowledgement, owned by the App so that
// Close waits for it. It reports false when the app is closing.
func (a *App) background(name string, f func(ctx context.Context)) bool {
	if a.closing.Load() {
		return false
	}
	a.bg.Add(1)
	go func() {
		defer a.bg.Done()
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("panic in background work", slog.String(logKeyWork, name), slog.Any(logKeyPanic, p))
			}
		}()
		ctx, cancel := context.WithTimeout(a.bgCtx, slowWorkTimeout)
		defer cancel()
		f(ctx)
	}()
	return true
}

// Log attribute keys.
const (
	logKeyComponent = "component"
	logKeyRequestID = "request_id"
	logKeyRoute     = "route"
	logKeyReason    = "reason"
	logKeyRemote    = "remote_addr"
	logKeyWork      = "work"
	logKeyPanic     = "panic"
	logKeyError     = "error"
	logKeyChannel   = "channel_id"
	logKeyUser      = "user_id"
	logKeyCommand   = "subcommand"
	logKeyEventID   = "event_id"
	logKeyEventType = "event_type"
	logKeyCode      = "code"
)
