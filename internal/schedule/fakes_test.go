package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// clock is a controllable clock shared by the store and the scheduler.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// post is a message the fake poster holds.
type post struct {
	Channel  string
	DigestID string
	Digest   *digest.Digest // nil for a text
	Text     string
	TS       string
	At       time.Time
	// Part numbers the messages of a digest of several, from 0.
	Part int
}

// fakePoster is a Slack that keeps what is posted to it. Its function
// fields, when set, decide a call's fate: return an error to fail it, and
// set accept to keep the message even so (Slack took it, the answer was lost).
type fakePoster struct {
	now func() time.Time

	mu     sync.Mutex
	posts  []post
	seq    int
	finds  int
	onPost func(n int) (accept bool, err error) // n counts PostDigest calls from 1
	onFind func() error
	calls  int

	// parts, when above 1, makes each digest that many messages, posted in
	// order like the Slack poster's: the first in the channel, the rest in
	// its thread. onPart, when set, is called before each is posted; its
	// error fails the part and stops the digest, and it may hold the part
	// back, as Slack's rate limits do.
	parts  int
	onPart func(digestID string, part int) error
}

func newFakePoster(now func() time.Time) *fakePoster { return &fakePoster{now: now} }

func (p *fakePoster) PostDigest(ctx context.Context, channel string, d *digest.Digest, digestID string, since, until time.Time) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if p.parts > 1 {
		return p.postParts(ctx, channel, d, digestID, since, until)
	}
	p.mu.Lock()
	// Like the Slack poster, a digest already posted is not posted again.
	for _, m := range p.posts {
		if m.Channel == channel && m.DigestID == digestID && within(m.At, since, until) {
			p.mu.Unlock()
			return m.TS, nil
		}
	}
	p.calls++
	n, onPost := p.calls, p.onPost
	p.mu.Unlock()
	accept, err := true, error(nil)
	if onPost != nil {
		accept, err = onPost(n)
	}
	if !accept {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ts := p.addLocked(post{Channel: channel, DigestID: digestID, Digest: d})
	if err != nil {
		return "", err
	}
	return ts, nil
}

// postParts is PostDigest for digests of several messages. Like the Slack
// poster it posts only the parts after those already out, which it reads
// once before posting any.
func (p *fakePoster) postParts(ctx context.Context, channel string, d *digest.Digest, digestID string, since, until time.Time) (string, error) {
	p.mu.Lock()
	first, have := "", 0
	for have < p.parts {
		ts := ""
		for _, m := range p.posts {
			if m.Channel == channel && m.DigestID == digestID && m.Part == have && (have > 0 || within(m.At, since, until)) {
				ts = m.TS
				break
			}
		}
		if ts == "" {
			break
		}
		if have == 0 {
			first = ts
		}
		have++
	}
	parts, onPart := p.parts, p.onPart
	p.mu.Unlock()
	for part := have; part < parts; part++ {
		if onPart != nil {
			if err := onPart(digestID, part); err != nil {
				return first, err
			}
		}
		if err := ctx.Err(); err != nil {
			return first, err
		}
		p.mu.Lock()
		ts := p.addLocked(post{Channel: channel, DigestID: digestID, Digest: d, Part: part})
		p.mu.Unlock()
		if part == 0 {
			first = ts
		}
	}
	return first, nil
}

// setOnPart sets onPart while posts may be under way.
func (p *fakePoster) setOnPart(f func(digestID string, part int) error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onPart = f
}

func (p *fakePoster) FindDigest(ctx context.Context, channel, digestID string, since, until time.Time) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finds++
	if p.onFind != nil {
		if err := p.onFind(); err != nil {
			return "", err
		}
	}
	for _, m := range p.posts {
		if m.Channel == channel && m.DigestID == digestID && m.Part == 0 && within(m.At, since, until) {
			return m.TS, nil
		}
	}
	return "", nil
}

// within reports whether t is in [since, until], as Slack's history
// search bounds it; a zero until leaves it open.
func within(t, since, until time.Time) bool {
	return !t.Before(since) && (until.IsZero() || !t.After(until))
}

func (p *fakePoster) PostText(ctx context.Context, channel, text string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addLocked(post{Channel: channel, Text: text}), nil
}

func (p *fakePoster) addLocked(m post) string {
	p.seq++
	m.TS = fmt.Sprintf("1700000000.%06d", p.seq)
	m.At = p.now()
	p.posts = append(p.posts, m)
	return m.TS
}

// Posts returns the messages posted to channel, digests and texts, in order.
func (p *fakePoster) Posts(channel string) []post {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []post
	for _, m := range p.posts {
		if m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

// Digests returns the digests posted to channel.
func (p *fakePoster) Digests(channel string) []post {
	var out []post
	for _, m := range p.Posts(channel) {
		if m.Digest != nil {
			out = append(out, m)
		}
	}
	return out
}

// loadCoverage loads the test articles and their extractions.
func loadCoverage(tb testing.TB) []digest.Extraction {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "coverage.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var exts []digest.Extraction
	if err := json.Unmarshal(b, &exts); err != nil {
		tb.Fatalf("decode testdata/coverage.json: %v", err)
	}
	for i := range exts {
		text := exts[i].Article.Text
		for j := range exts[i].Quotes {
			exts[i].Quotes[j].Offset = strings.Index(text, exts[i].Quotes[j].Text)
		}
		for j := range exts[i].Statements {
			exts[i].Statements[j].Offset = strings.Index(text, exts[i].Statements[j].Text)
		}
		for j := range exts[i].Decisions {
			exts[i].Decisions[j].Offset = strings.Index(text, exts[i].Decisions[j].Text)
		}
	}
	return exts
}

// openSQLite opens a store in a file of dir; several calls on one dir are
// several processes sharing the file.
func openSQLite(tb testing.TB, dir string, now func() time.Time) store.Store {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "summit.db"), sqlite.Options{Now: now})
	if err != nil {
		tb.Fatalf("sqlite.Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func save(tb testing.TB, st store.Store, ext digest.Extraction) {
	tb.Helper()
	if _, err := st.SaveExtraction(context.Background(), ext); err != nil {
		tb.Fatalf("SaveExtraction(%s): %v", ext.Article.Source, err)
	}
}

func addSchedule(tb testing.TB, st store.Store, sc store.Schedule) store.Schedule {
	tb.Helper()
	got, err := st.AddSchedule(context.Background(), sc)
	if err != nil {
		tb.Fatalf("AddSchedule(%+v): %v", sc, err)
	}
	return got
}

func newScheduler(tb testing.TB, opts Options) *Scheduler {
	tb.Helper()
	s, err := New(opts)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return s
}

// itemTexts lists the words of a digest's quotes, statements and decisions,
// the coverage it carries.
func itemTexts(d *digest.Digest) []string {
	var out []string
	for _, q := range d.Quotes {
		out = append(out, q.Text)
	}
	for _, s := range d.Statements {
		out = append(out, s.Text)
	}
	for _, dc := range d.Decisions {
		out = append(out, dc.Text)
	}
	return out
}
