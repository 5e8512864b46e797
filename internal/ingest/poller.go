package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// Defaults of PollerOptions.
const (
	DefaultPollInterval = 15 * time.Minute
	DefaultHostDelay    = 2 * time.Second
	DefaultMaxBackoff   = 6 * time.Hour
	// seenRetention is how long an item no longer in its feed is remembered.
	seenRetention = 30 * 24 * time.Hour
	// maxItemAttempts is how many polls try a failing item before giving up on it.
	maxItemAttempts = 3
	// robotsTTL is how long a robots.txt is trusted (RFC 9309 §2.4: a day).
	robotsTTL = 24 * time.Hour
	// maxItemsPerPoll is how many articles one poll of a feed fetches. The
	// rest wait for the feed's next turn, which comes at once: a feed that
	// lists a hundred new items on a slow host (each fetch spaced by its
	// Crawl-delay, or timing out) then takes turns with the other feeds
	// instead of holding them up for an hour.
	maxItemsPerPoll = 20
	// stateTimeout bounds a save of a feed's state, which also runs when
	// the poller is being stopped.
	stateTimeout = 10 * time.Second
)

// Log attribute keys.
const (
	logKeyComponent = "component"
	logKeyFeed      = "feed_url"
	logKeyItem      = "item_url"
	logKeyError     = "error"
	logKeyFailures  = "failures"
	logKeyAttempt   = "attempt"
	logKeyNextPoll  = "next_poll"
	logKeyPanic     = "panic"
	logKeyStack     = "stack"
)

// Feed is one feed to follow, and the summit its articles belong to.
type Feed struct {
	URL string
	// Summit is the slug given to the articles of this feed.
	Summit string
	// Keywords select the items to ingest: an item is taken when its title,
	// description or text contains one of them as whole words, in any case.
	// No keywords means every item.
	Keywords []string
}

// Sink receives each new article. An error for one article is logged and
// shown in the feed's status; the poller goes on with the others and tries
// that item again at the next polls, a few times.
type Sink func(ctx context.Context, a digest.Article) error

// Clock is the time as a Poller sees it; tests give it a fake one.
type Clock interface {
	Now() time.Time
	// After is time.After.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// FeedState is what a Poller remembers of one feed between polls.
type FeedState struct {
	// ETag and LastModified are the validators of the last full answer,
	// sent back for a conditional GET.
	ETag         string
	LastModified string
	// Seen holds the items already handled (ingested, skipped, or given
	// up on), by canonical link or GUID, with when they were first seen.
	Seen map[string]time.Time
	// Attempts counts the failed tries of items not yet handled.
	Attempts map[string]int
	// Failures counts the polls that failed in a row and NextPoll is when
	// the feed is due again, so that a restart goes on backing off a
	// failing feed instead of hitting it at once.
	Failures int
	NextPoll time.Time
}

// StateStore keeps FeedStates across restarts. The Poller keeps its state
// in memory and, when given a StateStore, loads a feed's state before
// polling it the first time and saves it after every poll, failed or cut
// short by a shutdown. Ingesting twice is harmless (the store dedupes by
// canonical URL and text hash), so a StateStore only saves work: when it
// fails, the Poller logs it and polls on.
type StateStore interface {
	// LoadFeedState returns the saved state of feedURL, or a zero
	// FeedState and nil when none was saved.
	LoadFeedState(ctx context.Context, feedURL string) (FeedState, error)
	SaveFeedState(ctx context.Context, feedURL string, st FeedState) error
}

// PollerOptions configures a Poller. The zero value of every field means its default.
type PollerOptions struct {
	// Interval is the time between two polls of a feed; 0 means DefaultPollInterval.
	Interval time.Duration
	// HostDelay is the least time between two requests to one host; a
	// robots.txt Crawl-delay lengthens it. 0 means DefaultHostDelay.
	HostDelay time.Duration
	// MaxBackoff caps the wait before polling a failing feed again; 0 means DefaultMaxBackoff.
	MaxBackoff time.Duration
	State      StateStore
	Clock      Clock
	Logger     *slog.Logger
	// OnFailure, when set, learns of every failed poll of a feed, so that
	// the operator's metrics count them; a shutdown is not a failure.
	OnFailure func(f Feed, err error)
}

// FeedStatus is how a feed is doing, for "/summit feeds".
type FeedStatus struct {
	URL    string
	Summit string
	// LastPoll is when the feed was last polled, zero before the first poll.
	LastPoll time.Time
	// LastSuccess is when the feed was last fetched and read, zero if never.
	LastSuccess time.Time
	// LastError says why the last poll failed, "" when it did not.
	LastError string
	// Failures counts the polls that failed in a row.
	Failures int
	// NextPoll is when the feed will be polled next.
	NextPoll time.Time
	// Items is the number of items in the feed at its last successful read.
	Items int
	// Ingested counts the articles handed to the sink since the start.
	Ingested int
	// Skipped counts the items that matched none of the keywords.
	Skipped int
	// Duplicates counts the items another feed had already delivered.
	Duplicates int
	// ItemErrors counts the items that could not be fetched or ingested,
	// and LastItemError says why the latest one failed.
	ItemErrors    int
	LastItemError string
}

// Poller follows feeds: it polls each on an interval with conditional
// GETs, fetches the items it has not seen, keeps those that match the
// feed's keywords and hands them to a sink. It honours robots.txt, waits
// between requests to one host and backs off a failing feed without
// holding up the others. Create one with NewPoller, then call Run.
type Poller struct {
	reader *Reader
	sink   Sink
	opts   PollerOptions
	agent  string
	log    *slog.Logger

	// feeds and hosts belong to the goroutine that polls (Run or PollDue).
	feeds []*feedRun
	hosts map[string]*hostRun
	// delivered holds the items handed to the sink, by key, so that an
	// article two feeds carry is delivered once.
	delivered map[string]time.Time

	mu     sync.Mutex // guards status
	status []FeedStatus
}

// feedRun is one feed's state while polling.
type feedRun struct {
	feed   Feed
	state  FeedState
	loaded bool
	next   time.Time
	fails  int
}

// hostRun is what a poller knows of one host.
type hostRun struct {
	last      time.Time
	robots    robots
	robotsAt  time.Time
	hasRobots bool
	// robotsErr says why robots.txt could not be read, when it could not.
	robotsErr string
}

// NewPoller returns a Poller of feeds that fetches with r (and so with its
// limits and address checks) and gives articles to sink, which must not be nil.
func NewPoller(r *Reader, feeds []Feed, sink Sink, opts PollerOptions) *Poller {
	if opts.Interval <= 0 {
		opts.Interval = DefaultPollInterval
	}
	if opts.HostDelay <= 0 {
		opts.HostDelay = DefaultHostDelay
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	p := &Poller{
		reader: r,
		sink:   sink,
		opts:   opts,
		agent:  agentToken(r.opts.UserAgent),
		log:    opts.Logger.With(slog.String(logKeyComponent, "poller")),
		hosts:  make(map[string]*hostRun),

		delivered: make(map[string]time.Time),
	}
	for _, f := range feeds {
		p.feeds = append(p.feeds, &feedRun{feed: f})
		p.status = append(p.status, FeedStatus{URL: f.URL, Summit: f.Summit})
	}
	return p
}

// agentToken is the product token of a User-Agent ("SummitDigest"), the
// name robots.txt groups are matched against.
func agentToken(ua string) string {
	tok, _, _ := strings.Cut(ua, "/")
	return strings.TrimSpace(tok)
}

// Status returns every feed's status, in the order the feeds were given.
// It is safe to call while Run runs.
func (p *Poller) Status() []FeedStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.status)
}

// Run polls the feeds that are due, waits for the next one to be due, and
// so on until ctx is cancelled; then it returns nil. It must not be called
// twice at once.
func (p *Poller) Run(ctx context.Context) error {
	for {
		p.PollDue(ctx)
		wait := p.opts.Interval
		if next, ok := p.nextDue(); ok {
			// At least a second, so that a clock that jumps cannot spin the loop.
			wait = max(next.Sub(p.opts.Clock.Now()), time.Second)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-p.opts.Clock.After(wait):
		}
	}
}

func (p *Poller) nextDue() (time.Time, bool) {
	var next time.Time
	for _, f := range p.feeds {
		if next.IsZero() || f.next.Before(next) {
			next = f.next
		}
	}
	return next, len(p.feeds) > 0
}

// PollDue polls, one after the other, every feed whose time has come.
// Run calls it; tests and a "poll now" command may call it directly, but
// not while Run runs.
func (p *Poller) PollDue(ctx context.Context) {
	for i, f := range p.feeds {
		if ctx.Err() != nil {
			return
		}
		if now := p.opts.Clock.Now(); now.Before(f.next) {
			continue
		}
		p.pollFeed(ctx, i, f)
	}
	// Forget the hosts of articles not fetched from for a day (their
	// robots.txt is stale by then anyway), so that a poller that runs for
	// months does not keep every host its feeds ever linked to.
	now := p.opts.Clock.Now()
	for k, h := range p.hosts {
		if now.Sub(h.last) > robotsTTL {
			delete(p.hosts, k)
		}
	}
}

// pollFeed polls one feed and records how it went.
func (p *Poller) pollFeed(ctx context.Context, i int, f *feedRun) {
	log := p.log.With(slog.String(logKeyFeed, f.feed.URL))
	if !f.loaded {
		f.loaded = true
		if p.load(ctx, log, i, f) {
			return
		}
	}
	if f.state.Seen == nil {
		f.state.Seen = make(map[string]time.Time)
	}
	if f.state.Attempts == nil {
		f.state.Attempts = make(map[string]int)
	}

	res, err := p.fetchFeed(ctx, f)
	now := p.opts.Clock.Now()
	if ctx.Err() != nil {
		// Shutting down is not the feed's fault; but the items handled
		// before it are, and are kept.
		p.save(ctx, log, f)
		return
	}
	defer p.save(ctx, log, f)
	p.mu.Lock()
	st := &p.status[i]
	st.LastPoll = now
	if err != nil {
		f.fails++
		f.next = now.Add(p.backoff(f.fails))
		st.LastError = err.Error()
		st.Failures = f.fails
		st.NextPoll = f.next
		p.mu.Unlock()
		log.Warn("poll feed", slog.Any(logKeyError, err), slog.Int(logKeyFailures, f.fails))
		if p.opts.OnFailure != nil {
			p.opts.OnFailure(f.feed, err)
		}
		return
	}
	f.fails = 0
	f.next = now.Add(p.opts.Interval)
	if res.more {
		f.next = now
	}
	st.LastSuccess, st.LastError, st.Failures, st.NextPoll = now, "", 0, f.next
	if res.items >= 0 {
		st.Items = res.items
	}
	st.Ingested += res.ingested
	st.Skipped += res.skipped
	st.Duplicates += res.duplicates
	st.ItemErrors += res.itemErrors
	if res.lastItemError != "" {
		st.LastItemError = res.lastItemError
	}
	p.mu.Unlock()
}

// load reads the saved state of f, when there is a StateStore, and reports
// whether the feed, failing before a restart, is to wait out its backoff
// before it is polled again.
func (p *Poller) load(ctx context.Context, log *slog.Logger, i int, f *feedRun) (wait bool) {
	if p.opts.State == nil {
		return false
	}
	st, err := p.opts.State.LoadFeedState(ctx, f.feed.URL)
	if err != nil {
		log.Warn("load feed state; starting afresh", slog.Any(logKeyError, err))
		return false
	}
	f.state = st
	f.fails = max(st.Failures, 0)
	now := p.opts.Clock.Now()
	if f.fails == 0 || !now.Before(st.NextPoll) {
		return false
	}
	// A clock set back, or a shorter MaxBackoff since, must not park the feed.
	f.next = st.NextPoll
	if limit := now.Add(p.backoff(f.fails)); f.next.After(limit) {
		f.next = limit
	}
	p.mu.Lock()
	p.status[i].Failures, p.status[i].NextPoll = f.fails, f.next
	p.mu.Unlock()
	log.Info("feed failed before the restart; waiting out its backoff",
		slog.Int(logKeyFailures, f.fails), slog.Time(logKeyNextPoll, f.next))
	return true
}

// save writes f's state, when there is a StateStore; a failure is logged
// and costs only work after a restart. It saves also when ctx is done: a
// poll that ends as the poller is stopped is kept like any other.
func (p *Poller) save(ctx context.Context, log *slog.Logger, f *feedRun) {
	if p.opts.State == nil {
		return
	}
	f.state.Failures, f.state.NextPoll = f.fails, f.next
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stateTimeout)
	defer cancel()
	if err := p.opts.State.SaveFeedState(ctx, f.feed.URL, cloneState(f.state)); err != nil {
		log.Warn("save feed state", slog.Any(logKeyError, err))
	}
}

// backoff is the wait before polling a feed that failed fails times in a
// row: the interval, doubled for each failure, at most MaxBackoff.
func (p *Poller) backoff(fails int) time.Duration {
	d := p.opts.Interval
	for range min(fails, 30) {
		d *= 2
		if d >= p.opts.MaxBackoff {
			return p.opts.MaxBackoff
		}
	}
	return d
}

// pollResult counts what one poll of a feed did; items is -1 when the
// feed had not changed (304). more is true when new items were left for
// the next poll, past maxItemsPerPoll.
type pollResult struct {
	items, ingested, skipped, duplicates, itemErrors int
	lastItemError                                    string
	more                                             bool
}

// fetchFeed fetches and reads the feed and handles its new items. The
// error is the feed's own failure; item failures are only counted.
func (p *Poller) fetchFeed(ctx context.Context, f *feedRun) (pollResult, error) {
	res := pollResult{items: -1}
	resp, err := p.get(ctx, request{
		url:          f.feed.URL,
		accept:       isFeedMedia,
		describe:     "an RSS, Atom or JSON feed",
		noun:         "feed",
		acceptHeader: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5",
		etag:         f.state.ETag,
		lastModified: f.state.LastModified,
	})
	if err != nil {
		return res, err
	}
	if resp.NotModified {
		return res, nil
	}
	feed, err := p.parseFeed(resp)
	if err != nil {
		return res, &Error{Source: displayURL(resp.URL), Kind: ErrNoText,
			Reason: "this is not an RSS, Atom or JSON feed that can be read", Err: err}
	}
	res.items = len(feed.Items)
	retry := false
	budget := maxItemsPerPoll

	now := p.opts.Clock.Now()
	// present holds every item the feed lists, reached or not: a poll cut
	// short by a shutdown or by its budget must not forget the state of
	// the items it did not get to.
	present := make(map[string]bool, len(feed.Items))
	for _, it := range feed.Items {
		if key := itemKey(resolveHTTP(resp.URL, it.Link), it.GUID); key != "" {
			present[key] = true
		}
	}
	// Feeds list the newest first; ingest in the order things happened.
	for _, it := range slices.Backward(feed.Items) {
		if ctx.Err() != nil {
			break
		}
		link := resolveHTTP(resp.URL, it.Link)
		key := itemKey(link, it.GUID)
		if key == "" {
			continue
		}
		if _, ok := f.state.Seen[key]; ok {
			continue
		}
		if _, ok := p.delivered[key]; ok {
			// Another feed of this poller already delivered it.
			f.state.Seen[key] = now
			res.duplicates++
			continue
		}
		if budget == 0 {
			res.more = true
			continue
		}
		budget--
		skipped, err := p.handleItem(ctx, f.feed, it, link)
		if err != nil && ctx.Err() != nil {
			// Cut short by a shutdown: neither handled nor failed. An item
			// handled just before the shutdown is recorded below.
			break
		}
		if err != nil {
			res.itemErrors++
			res.lastItemError = err.Error()
			f.state.Attempts[key]++
			p.log.Warn("ingest feed item", slog.String(logKeyFeed, f.feed.URL), slog.String(logKeyItem, link),
				slog.Int(logKeyAttempt, f.state.Attempts[key]), slog.Any(logKeyError, err))
			if f.state.Attempts[key] < maxItemAttempts {
				retry = true
				continue
			}
		} else if skipped {
			res.skipped++
		} else {
			res.ingested++
			p.delivered[key] = now
		}
		delete(f.state.Attempts, key)
		f.state.Seen[key] = now
	}
	if !retry && !res.more && ctx.Err() == nil {
		// Keep the old validators while an item waits to be tried again
		// or its turn: a 304 next time would hide it.
		f.state.ETag, f.state.LastModified = resp.ETag, resp.LastModified
	}
	// Forget, after a while, items the feed no longer lists, so that the
	// state of a busy feed does not grow without end.
	for k, t := range f.state.Seen {
		if !present[k] && now.Sub(t) > seenRetention {
			delete(f.state.Seen, k)
		}
	}
	for k := range f.state.Attempts {
		if !present[k] {
			delete(f.state.Attempts, k)
		}
	}
	for k, t := range p.delivered {
		if now.Sub(t) > seenRetention {
			delete(p.delivered, k)
		}
	}
	return res, nil
}

// itemKey identifies a feed item: its canonical link, else its GUID.
func itemKey(link, guid string) string {
	if link != "" {
		return CanonicalURL(link)
	}
	return strings.TrimSpace(guid)
}

// parseFeed reads a feed's body as RSS, Atom or JSON Feed.
func (p *Poller) parseFeed(resp *response) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, p.recovered(logKeyFeed, displayURL(resp.URL), r)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
}

// recovered turns a panic met while reading source (a feed or an item, as
// key says) into its error. Feeds and pages are written by strangers and read by
// third-party parsers; one that trips a parser must cost its own item,
// not the poller's goroutine and with it the bot (which, restarted, would
// poll the same feed and fall again).
func (p *Poller) recovered(key, source string, r any) error {
	p.log.Error("recovered from a panic while polling", slog.String(key, source),
		slog.Any(logKeyPanic, r), slog.String(logKeyStack, string(debug.Stack())))
	return &Error{Source: source, Reason: "reading it failed unexpectedly", Err: fmt.Errorf("panic: %v", r)}
}

// handleItem fetches one item's article, checks it against the keywords
// and hands it to the sink. skipped is true when no keyword matched.
func (p *Poller) handleItem(ctx context.Context, feed Feed, it *gofeed.Item, link string) (skipped bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			skipped, err = false, p.recovered(logKeyItem, firstNonEmpty(link, it.Title, it.GUID), r)
		}
	}()
	var a digest.Article
	switch {
	case link != "":
		resp, err := p.get(ctx, request{
			url:          link,
			accept:       isArticleMedia,
			describe:     "an HTML page or plain text",
			acceptHeader: "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
		})
		if err != nil {
			return false, err
		}
		if a, err = p.reader.fromResponse(resp); err != nil {
			return false, err
		}
	case it.Content != "" || it.Description != "":
		// An item with no link carries its article in the feed itself.
		body := firstNonEmpty(it.Content, it.Description)
		pg := parseHTML([]byte(body), "text/html; charset=utf-8", nil)
		if pg.Text == "" {
			return false, &Error{Source: firstNonEmpty(it.Title, it.GUID), Kind: ErrNoText, Reason: "the feed item has no text"}
		}
		a = digest.Article{Source: firstNonEmpty(it.GUID, it.Title), Text: pg.Text}
		a.ID = digest.ArticleID(digest.TextHash(a.Text))
	default:
		return false, &Error{Source: firstNonEmpty(it.Title, it.GUID), Kind: ErrNoText, Reason: "the feed item has neither a link nor text"}
	}
	if !matchesKeywords(feed.Keywords, it.Title, it.Description, a.Title, a.Text) {
		return true, nil
	}
	if a.Title == "" {
		a.Title = strings.TrimSpace(it.Title)
	}
	if a.Published.IsZero() && it.PublishedParsed != nil {
		a.Published = *it.PublishedParsed
	}
	if a.Author == "" && len(it.Authors) > 0 && it.Authors[0] != nil {
		a.Author = it.Authors[0].Name
	}
	a.Summit = feed.Summit
	if err := p.sink(ctx, a); err != nil {
		return false, fmt.Errorf("ingest %s: %w", a.Source, err)
	}
	return false, nil
}

// get fetches for the poller: only what the host's robots.txt allows, and
// not sooner after the last request to that host than HostDelay.
func (p *Poller) get(ctx context.Context, req request) (*response, error) {
	u, err := parseHTTPURL(req.url)
	if err != nil {
		return nil, err
	}
	h, err := p.host(ctx, u)
	if err != nil {
		return nil, err
	}
	if h.robots.disallowAll {
		return nil, &Error{Source: displayURL(u), Kind: ErrRobots,
			Reason: fmt.Sprintf("the robots.txt of %s could not be read (%s), so nothing is fetched from the host for now", u.Host, h.robotsErr)}
	}
	if !h.robots.allowed(robotsPath(u)) {
		return nil, &Error{Source: displayURL(u), Kind: ErrRobots,
			Reason: fmt.Sprintf("the robots.txt of %s does not allow fetching it", u.Host)}
	}
	if err := p.waitHost(ctx, h); err != nil {
		return nil, err
	}
	return p.reader.fetch.get(ctx, req)
}

// robotsPath is what robots.txt rules are matched against: the path and
// query as sent. A URL with no path asks for "/", which "Disallow: /"
// must cover.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// host returns what is known of u's host, fetching its robots.txt when
// it is not known or stale.
func (p *Poller) host(ctx context.Context, u *url.URL) (*hostRun, error) {
	key := u.Scheme + "://" + strings.ToLower(u.Host)
	h := p.hosts[key]
	if h == nil {
		h = &hostRun{}
		p.hosts[key] = h
	}
	now := p.opts.Clock.Now()
	if h.hasRobots && now.Sub(h.robotsAt) < robotsTTL && !(h.robots.disallowAll && now.Sub(h.robotsAt) >= p.opts.Interval) {
		return h, nil
	}
	if err := p.waitHost(ctx, h); err != nil {
		return nil, err
	}
	resp, err := p.reader.fetch.get(ctx, request{
		url:      key + "/robots.txt",
		accept:   func(string) bool { return true },
		describe: "a robots.txt",
		noun:     "robots.txt",
	})
	h.robotsAt, h.hasRobots = p.opts.Clock.Now(), true
	var e *Error
	switch {
	case err == nil:
		h.robots = parseRobots(resp.Body, p.agent)
	case errors.As(err, &e) && errors.Is(e.Kind, ErrHTTPStatus) && e.status >= 400 && e.status < 500:
		// No robots.txt (or none for us to read): everything is allowed.
		h.robots = robots{}
	case ctx.Err() != nil:
		h.hasRobots = false
		return nil, ctx.Err()
	case errors.Is(err, ErrBlocked), errors.Is(err, ErrScheme):
		// The host itself may not be fetched: say so, not "robots.txt".
		h.hasRobots = false
		return nil, err
	default:
		// The server failed or could not be reached: RFC 9309 says to take
		// that as "disallow everything" until it can be read again.
		h.robots = robots{disallowAll: true}
		h.robotsErr = err.Error()
		if errors.As(err, &e) {
			h.robotsErr = e.Reason
		}
	}
	return h, nil
}

// waitHost sleeps until HostDelay (or the host's Crawl-delay) has passed
// since the last request to the host, then marks a new request.
func (p *Poller) waitHost(ctx context.Context, h *hostRun) error {
	delay := max(p.opts.HostDelay, h.robots.delay)
	if !h.last.IsZero() {
		if d := h.last.Add(delay).Sub(p.opts.Clock.Now()); d > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-p.opts.Clock.After(d):
			}
		}
	}
	h.last = p.opts.Clock.Now()
	return nil
}

// matchesKeywords reports whether any of texts contains one of keywords as
// whole words, ignoring case ("Paris" matches "PARIS," but not "Parisian").
// No keywords match everything.
func matchesKeywords(keywords []string, texts ...string) bool {
	if len(keywords) == 0 {
		return true
	}
	for _, t := range texts {
		t = strings.ToLower(t)
		for _, k := range keywords {
			k = strings.ToLower(strings.TrimSpace(k))
			if k != "" && containsWord(t, k) {
				return true
			}
		}
	}
	return false
}

// containsWord reports whether s contains w with no letter or digit
// directly before or after it.
func containsWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		off = i + max(1, len(w))
		if off >= len(s) {
			return false
		}
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func cloneState(st FeedState) FeedState {
	st.Seen = maps.Clone(st.Seen)
	st.Attempts = maps.Clone(st.Attempts)
	return st
}
