package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
	"github.com/summit-digest/summit-digest/internal/metrics"
	"github.com/summit-digest/summit-digest/internal/schedule"
	"github.com/summit-digest/summit-digest/internal/server"
	"github.com/summit-digest/summit-digest/internal/slackapp"
	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/store"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "[--config PATH]", `
Runs the Slack app: the HTTP endpoints Slack calls (/slack/commands,
/slack/events, /slack/interactivity) on LISTEN_ADDR with /healthz, /readyz and
/metrics, Socket Mode as well when SLACK_APP_TOKEN is set, the scheduled
digests, and the polling of the summits' feeds. Stops gracefully on SIGINT or
SIGTERM. Needs SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN.`)
	path := fs.String("config", "", configFlagUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e, *path, true)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, newLogger(e.stderr, &cfg))
}

// serve wires the pieces of `bot serve` and runs them until ctx is done,
// then stops them in reverse order within cfg.ShutdownTimeout.
func serve(ctx context.Context, cfg config.Config, logger *slog.Logger) (err error) {
	reg := metrics.NewRegistry()
	m, err := metrics.New(reg)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close store: %w", cerr))
		}
	}()

	summits := make([]store.Summit, 0, len(cfg.Summits))
	for _, s := range cfg.Summits {
		sm := store.Summit{Slug: s.Slug, Title: s.Title, Keywords: s.Keywords}
		if err := st.SaveSummit(ctx, sm); err != nil {
			return fmt.Errorf("save summit %s: %w", s.Slug, err)
		}
		summits = append(summits, sm)
	}

	api := slack.New(cfg.Slack.BotToken.Reveal(), slackOptions(cfg)...)
	poster := post.New(api, post.Options{
		Logger: logger,
		Hooks: post.Hooks{
			APICall: func(method, outcome string, _ time.Duration) { m.ObserveSlackCall(method, outcome) },
			Retry:   func(method, _ string) { m.Retried(method) },
		},
	})
	reader := ingest.NewReader(ingest.Options{MaxBytes: cfg.Fetch.MaxBytes, AllowHosts: cfg.Fetch.AllowHosts, FetchTimeout: cfg.Fetch.Timeout})
	deps := slackapp.Deps{
		Store:         st,
		Slack:         api,
		Poster:        poster,
		SigningSecret: cfg.Slack.SigningSecret.Reveal(),
		Fetcher:       reader,
		Summits:       summits,
		Logger:        logger,
		Metrics:       m,
		MaxBodyBytes:  cfg.HTTP.MaxBodyBytes,
	}
	poller := newPoller(cfg, reader, st, m, logger)
	if poller != nil {
		deps.Feeds = poller
	}
	app := slackapp.New(deps)
	// Before anything can post: an uninstall seen before a restart holds.
	if err := app.Restore(ctx); err != nil {
		return err
	}

	var scheds []store.Schedule
	for _, s := range cfg.Schedules {
		scheds = append(scheds, store.Schedule{Channel: s.Channel, Summit: s.Summit, Spec: s.Cron, TimeZone: s.Timezone})
	}
	if err := schedule.SyncConfig(ctx, st, scheds, logger); err != nil {
		return fmt.Errorf("config schedules: %w", err)
	}
	sched, err := schedule.New(schedule.Options{
		Store: st, Poster: app, Logger: logger,
		Lookback: cfg.Digest.Lookback, CatchUp: cfg.Digest.CatchUp, PostWhenEmpty: cfg.Digest.PostWhenEmpty,
		IsAdmin: app.IsAdmin,
		Count:   func(r schedule.Result) { m.Digest(string(r)) },
	})
	if err != nil {
		return err
	}
	app.UseScheduler(sched)

	// Slack may be unreachable at start-up: the process serves anyway, not
	// ready, and keeps trying auth.test with backoff.
	identify := server.NewEventually("slack", app.Identify, server.EventuallyOptions{Logger: logger, OnRetry: func() { m.Retried("auth.test") }})
	opts := serverOptions(&cfg, logger)
	opts.Handler = app.Handler()
	opts.Gatherer = reg
	opts.Metrics = m
	opts.Checks = []server.Check{
		{Name: "store", Func: func(ctx context.Context) error { _, err := st.Summits(ctx); return err }},
		identify.Check(),
	}
	srv := server.New(opts)
	if err := srv.Start(); err != nil {
		return err
	}

	runCtx, stopRunning := context.WithCancel(ctx)
	defer stopRunning()
	var wg sync.WaitGroup
	failed := make(chan error, 2)
	goRun := func(name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(runCtx); err != nil && runCtx.Err() == nil {
				failed <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	goRun("slack auth.test", identify.Run)
	if poller != nil {
		goRun("feed polling", poller.Run)
	}
	if cfg.Slack.AppToken.IsSet() {
		goRun("socket mode", func(ctx context.Context) error { return app.RunSocketMode(ctx, api) })
	}
	if err := sched.Start(runCtx); err != nil {
		if ctx.Err() != nil {
			// SIGTERM while starting cut the first read of the schedules
			// short: a stop like any other, not a failure.
			logger.Info("shutting down")
			return shutdown(cfg, logger, srv, app, nil, stopRunning, &wg)
		}
		return errors.Join(err, shutdown(cfg, logger, srv, app, nil, stopRunning, &wg))
	}
	logger.Info("serving", slog.String("addr", srv.Addr()), slog.Bool("socket_mode", cfg.Slack.AppToken.IsSet()), slog.Int("feeds", feedCount(cfg)))

	var runErr error
	select {
	case <-ctx.Done():
		logger.Info("shutting down")
	case runErr = <-srv.Err():
	case runErr = <-failed:
	}
	return errors.Join(runErr, shutdown(cfg, logger, srv, app, sched, stopRunning, &wg))
}

// shutdown stops what serve started, in reverse order, within
// cfg.ShutdownTimeout: no new requests, then the commands and digests in
// flight are finished, then the background loops end.
func shutdown(cfg config.Config, logger *slog.Logger, srv *server.Server, app *slackapp.App, sched *schedule.Scheduler, stopRunning context.CancelFunc, wg *sync.WaitGroup) error {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("stop http server: %w", err))
	}
	if sched != nil {
		if err := sched.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop scheduler: %w", err))
		}
	}
	if err := app.Close(ctx); err != nil {
		errs = append(errs, err)
	}
	stopRunning()
	wg.Wait()
	if len(errs) == 0 {
		logger.Info("stopped")
	}
	return errors.Join(errs...)
}

// slackOptions points the Web API client at SLACK_API_URL when set and
// gives it the app-level token for Socket Mode. slack-go's own retries stay
// off: post.Poster retries, and only where a retry cannot post twice.
func slackOptions(cfg config.Config) []slack.Option {
	var opts []slack.Option
	if u := cfg.Slack.APIURL; u != "" {
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		opts = append(opts, slack.OptionAPIURL(u))
	}
	if cfg.Slack.AppToken.IsSet() {
		opts = append(opts, slack.OptionAppLevelToken(cfg.Slack.AppToken.Reveal()))
	}
	return opts
}

// newPoller returns the poller of the summits' feeds, nil when none are
// configured. Each new item is extracted and stored.
func newPoller(cfg config.Config, r *ingest.Reader, st openedStore, m *metrics.Metrics, logger *slog.Logger) *ingest.Poller {
	var feeds []ingest.Feed
	for _, s := range cfg.Summits {
		for _, u := range s.Feeds {
			feeds = append(feeds, ingest.Feed{URL: u, Summit: s.Slug, Keywords: s.Keywords})
		}
	}
	if len(feeds) == 0 {
		return nil
	}
	sink := func(ctx context.Context, a digest.Article) error {
		res, err := st.SaveExtraction(ctx, digest.Extract(a))
		if err == nil && res.Status != store.Skipped {
			m.Ingested(1, res.Quotes)
		}
		return err
	}
	return ingest.NewPoller(r, feeds, sink, ingest.PollerOptions{
		Interval:  cfg.Feeds.PollInterval,
		State:     feedStates{st},
		Logger:    logger,
		OnFailure: func(f ingest.Feed, _ error) { m.FeedFetchFailed(f.Summit) },
	})
}

// feedStates is the store's memory of feeds as the poller's StateStore.
// The two FeedState types are one struct, converted as is: a field added
// to one and not the other stops the build here.
type feedStates struct{ st store.FeedStates }

func (f feedStates) LoadFeedState(ctx context.Context, feedURL string) (ingest.FeedState, error) {
	st, err := f.st.FeedState(ctx, feedURL)
	if errors.Is(err, store.ErrNotFound) {
		return ingest.FeedState{}, nil
	}
	return ingest.FeedState(st), err
}

func (f feedStates) SaveFeedState(ctx context.Context, feedURL string, st ingest.FeedState) error {
	return f.st.SaveFeedState(ctx, feedURL, store.FeedState(st))
}

func feedCount(cfg config.Config) int {
	n := 0
	for _, s := range cfg.Summits {
		n += len(s.Feeds)
	}
	return n
}
