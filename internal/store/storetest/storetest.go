// Package storetest is the conformance suite of store.Store: every
// implementation runs Run against a fresh database, so the SQLite and the
// PostgreSQL stores are held to one behaviour.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// NewDB makes a fresh, empty database for one test; the implementation
// drops it when the test ends.
type NewDB func(tb testing.TB) DB

// DB is a test database.
type DB struct {
	// Open opens a handle on it. Each call is a separate handle (connection
	// pool), as another process would have; handles are closed when the
	// test ends.
	Open Opener
	// FailInserts makes every later insert into table fail inside the
	// database (a trigger raising an error), standing in for a full disk in
	// the middle of a transaction.
	FailInserts func(tb testing.TB, table string)
}

// Opener opens a handle on a test database; now is its clock (nil: time.Now).
type Opener func(tb testing.TB, now func() time.Time) store.Store

// Run runs the conformance suite.
func Run(t *testing.T, h NewDB) {
	tests := []struct {
		name string
		fn   func(t *testing.T, h NewDB)
	}{
		{"SaveSkipReplace", testSaveSkipReplace},
		{"SameTextIsOneArticle", testSameText},
		{"ConcurrentSameArticle", testConcurrentSave},
		{"RollbackOnFailingWrite", testRollback},
		{"ArticleLookupAndForget", testForget},
		{"Extractions", testExtractions},
		{"SpeakersAcrossArticles", testSpeakers},
		{"QuotesBySpeaker", testQuotesBySpeaker},
		{"QuotesByPhrase", testQuotesByPhrase},
		{"SpeakersSeenByOtherHandles", testSpeakersOtherHandle},
		{"Summits", testSummits},
		{"Schedules", testSchedules},
		{"Claims", testClaims},
		{"ClaimsGrownLiveBlog", testClaimsGrownLiveBlog},
		{"ClaimsConcurrent", testClaimsConcurrent},
		{"ClaimsReleasedOutOfOrder", testClaimsReleasedOutOfOrder},
		{"ClaimsSummitAndSince", testClaimsSummitAndSince},
		{"TakeOver", testTakeOver},
		{"TakeOverConcurrent", testTakeOverConcurrent},
		{"FirstDelivery", testFirstDelivery},
		{"ChannelSettings", testChannelSettings},
		{"FeedStates", testFeedStates},
		{"FeedStateBounds", testFeedStateBounds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, h) })
	}
}

// clock is a settable clock for the stores under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 9, 4, 8, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// q is a quote of a fixture: who, words, time of day.
type q struct{ speaker, text, clock string }

// article builds an extraction whose text holds its quotes, as the
// extractor would give it. Speakers are listed with roles where given.
func article(url, title string, published time.Time, speakers []digest.Speaker, quotes ...q) digest.Extraction {
	var b strings.Builder
	b.WriteString(title + "\n")
	var qs []digest.Quote
	for _, x := range quotes {
		prefix := ""
		if x.clock != "" {
			prefix = x.clock + " "
		}
		b.WriteString(prefix + x.speaker + " said: \"")
		off := b.Len()
		b.WriteString(x.text + "\"\n")
		qs = append(qs, digest.Quote{Speaker: x.speaker, Text: x.text, Kind: digest.Direct, Time: digest.Clock(x.clock),
			Sentence: x.speaker + " said: \"" + x.text + "\"", Offset: off})
	}
	return digest.Extraction{
		Article:  digest.Article{Source: sourceOf(url, title), URL: url, Title: title, Published: published, Text: b.String()},
		Speakers: speakers,
		Quotes:   qs,
	}
}

func sourceOf(url, title string) string {
	if url != "" {
		return url
	}
	return strings.ReplaceAll(strings.ToLower(title), " ", "-") + ".txt"
}

func day(d int) time.Time { return time.Date(2025, 9, d, 0, 0, 0, 0, time.UTC) }

var ctx = context.Background()

func mustSave(tb testing.TB, s store.Store, ext digest.Extraction) store.SaveResult {
	tb.Helper()
	r, err := s.SaveExtraction(ctx, ext)
	if err != nil {
		tb.Fatalf("SaveExtraction(%q): %v", ext.Article.Title, err)
	}
	return r
}

func parisLive() digest.Extraction {
	e := article("https://news.example/live/paris", "Paris summit live", day(4),
		[]digest.Speaker{
			{Name: "Emmanuel Macron", Role: "French President", Aliases: []string{"Macron"}},
			{Name: "Mark Rutte", Role: "NATO Secretary General", Aliases: []string{"Rutte"}},
		},
		q{"Emmanuel Macron", "We have finalized a plan that offers strong security assurances for Ukraine", "16:25"},
		q{"Mark Rutte", "We must not be naive about Russia", "10:09"},
	)
	e.Statements = []digest.Statement{{Speaker: "Emmanuel Macron", Text: "Macron said the plan goes to the United States.", Time: "16:46"}}
	e.Decisions = []digest.Decision{{Actor: "the 26 nations", Text: "26 nations pledged to deploy troops.", Time: "16:30"}}
	e.Timeline = []digest.Event{{Date: "2025-09-04", Time: "10:09", Speaker: "Mark Rutte", Text: "We must not be naive about Russia"}}
	e.Summary = []string{"Leaders met in Paris.", "They agreed on guarantees."}
	return e
}

func testSaveSkipReplace(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	e := parisLive()
	r := mustSave(t, s, e)
	want := store.SaveResult{Status: store.Stored, ArticleID: digest.ArticleID(e.Article.URL), Quotes: 2, Statements: 1, Decisions: 1, NewItems: 4, Speakers: 2, NewSpeakers: 2}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Fatalf("first SaveExtraction (-want +got):\n%s", diff)
	}
	r = mustSave(t, s, e)
	if r.Status != store.Skipped || r.ArticleID != want.ArticleID || r.NewItems != 0 {
		t.Fatalf("second SaveExtraction = %+v; want skipped %s with no new items", r, want.ArticleID)
	}
	grown := article(e.Article.URL, e.Article.Title, day(4), e.Speakers,
		q{"Emmanuel Macron", "We have finalized a plan that offers strong security assurances for Ukraine", "16:25"},
		q{"Mark Rutte", "We must not be naive about Russia", "10:09"},
		q{"Mark Rutte", "The guarantees must be credible", "17:02"},
	)
	r = mustSave(t, s, grown)
	if r.Status != store.Replaced || r.Quotes != 3 || r.NewItems != 1 || r.NewSpeakers != 0 {
		t.Fatalf("SaveExtraction(grown live blog) = %+v; want replaced, 3 quotes, 1 new item, no new speaker", r)
	}
	as, err := s.Articles(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Quotes != 3 || as[0].Text != "" {
		t.Fatalf("Articles() = %+v; want one article with 3 quotes and no text", as)
	}
	hits, err := s.QuotesBySpeaker(ctx, "Rutte", store.Search{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 {
		t.Fatalf("QuotesBySpeaker(Rutte) after replace = %d quotes; want 2 (old ones replaced, not doubled)", len(hits))
	}
}

func testSameText(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	e := article("", "Pasted text", time.Time{}, nil, q{"Mark Rutte", "We must not be naive about Russia", ""})
	first := mustSave(t, s, e)
	if first.Status != store.Stored || first.ArticleID != digest.ArticleID(digest.TextHash(e.Article.Text)) {
		t.Fatalf("SaveExtraction(pasted) = %+v; want stored under the text hash's ID", first)
	}
	// The same words laid out differently: one article.
	relaid := e
	relaid.Article.Text = "  " + strings.ReplaceAll(e.Article.Text, "\n", "\n\n  ")
	if r := mustSave(t, s, relaid); r.Status != store.Skipped || r.ArticleID != first.ArticleID {
		t.Errorf("SaveExtraction(same text, new layout) = %+v; want skipped as %s", r, first.ArticleID)
	}
	// The same text under a URL: a copy, so skipped too.
	copied := e
	copied.Article.URL = "https://mirror.example/a"
	if r := mustSave(t, s, copied); r.Status != store.Skipped || r.ArticleID != first.ArticleID {
		t.Errorf("SaveExtraction(same text, other URL) = %+v; want skipped as %s", r, first.ArticleID)
	}
	// One word changed: a near-duplicate is another article.
	near := e
	near.Article.Text = strings.Replace(e.Article.Text, "naive", "naïve", 1)
	if r := mustSave(t, s, near); r.Status != store.Stored {
		t.Errorf("SaveExtraction(near-duplicate) = %+v; want stored", r)
	}
}

func testConcurrentSave(t *testing.T, h NewDB) {
	open := h(t).Open
	handles := []store.Store{open(t, nil), open(t, nil)}
	e := parisLive()
	const perHandle = 4
	var wg sync.WaitGroup
	results := make(chan store.SaveResult, 2*perHandle)
	errs := make(chan error, 2*perHandle)
	for _, s := range handles {
		for range perHandle {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := s.SaveExtraction(ctx, e)
				if err != nil {
					errs <- err
					return
				}
				results <- r
			}()
		}
	}
	wg.Wait()
	close(results)
	close(errs)
	for err := range errs {
		t.Errorf("concurrent SaveExtraction: %v", err)
	}
	stored := 0
	for r := range results {
		if r.Status == store.Stored {
			stored++
		}
	}
	if stored != 1 {
		t.Errorf("concurrent SaveExtraction of one article: %d stored; want exactly 1", stored)
	}
	as, err := handles[1].Articles(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Quotes != 2 {
		t.Errorf("Articles() after concurrent saves = %+v; want one article with 2 quotes", as)
	}
	sp, err := handles[0].Speakers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sp) != 2 {
		t.Errorf("Speakers() after concurrent saves = %d speakers; want 2", len(sp))
	}
}

func testRollback(t *testing.T, h NewDB) {
	db := h(t)
	s := db.Open(t, nil)
	db.FailInserts(t, "decisions")
	_, err := s.SaveExtraction(ctx, parisLive())
	if err == nil {
		t.Fatal("SaveExtraction with failing decision inserts = nil error; want an error")
	}
	as, err := s.Articles(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 0 {
		t.Errorf("Articles() after a failed save = %d; want none (no half article)", len(as))
	}
	if _, err := s.QuotesBySpeaker(ctx, "Macron", store.Search{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("QuotesBySpeaker(Macron) after a failed save: err = %v; want ErrNotFound (no speaker left behind)", err)
	}
	if hits, err := s.QuotesByPhrase(ctx, "naive", store.Search{}); err != nil || len(hits) != 0 {
		t.Errorf("QuotesByPhrase(naive) after a failed save = %v, %v; want nothing", hits, err)
	}
}

func testForget(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	e := parisLive()
	r := mustSave(t, s, e)
	for _, ref := range []string{r.ArticleID, e.Article.URL} {
		a, err := s.Article(ctx, ref)
		if err != nil {
			t.Fatalf("Article(%q): %v", ref, err)
		}
		if a.ID != r.ArticleID || a.Text != e.Article.Text || a.Title != e.Article.Title || !a.Published.Equal(day(4)) {
			t.Errorf("Article(%q) = %+v; want %s with its text, title and date", ref, a, r.ArticleID)
		}
	}
	if _, err := s.Article(ctx, "ffffffff"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(unknown) err = %v; want ErrNotFound", err)
	}
	a, err := s.Forget(ctx, e.Article.URL)
	if err != nil || a.ID != r.ArticleID {
		t.Fatalf("Forget(%q) = %v, %v; want %s", e.Article.URL, a.ID, err, r.ArticleID)
	}
	if _, err := s.Forget(ctx, r.ArticleID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second Forget err = %v; want ErrNotFound", err)
	}
	if hits, err := s.QuotesByPhrase(ctx, "naive", store.Search{}); err != nil || len(hits) != 0 {
		t.Errorf("QuotesByPhrase(naive) after Forget = %v, %v; want nothing", hits, err)
	}
	// Forgotten, then ingested again: stored anew.
	if r := mustSave(t, s, e); r.Status != store.Stored {
		t.Errorf("SaveExtraction after Forget = %+v; want stored", r)
	}
}

func testExtractions(t *testing.T, h NewDB) {
	clk := newClock()
	s := h(t).Open(t, clk.Now)
	e := parisLive()
	mustSave(t, s, e)
	clk.Add(time.Hour)
	later := article("https://other.example/b", "Later", day(5),
		[]digest.Speaker{{Name: "Macron", Role: "President of France"}},
		q{"Macron", "The plan goes to Washington", "09:00"})
	later.Article.Summit = "paris-2025"
	mustSave(t, s, later)

	got, err := s.Extractions(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Extractions() = %d; want 2", len(got))
	}
	first := got[0]
	if first.Article.ID != digest.ArticleID(e.Article.URL) || first.Article.Text != e.Article.Text {
		t.Errorf("Extractions()[0].Article = %+v; want the Paris live blog with its text", first.Article)
	}
	if diff := cmp.Diff(e.Quotes, first.Quotes); diff != "" {
		t.Errorf("Extractions()[0].Quotes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(e.Statements, first.Statements); diff != "" {
		t.Errorf("Extractions()[0].Statements (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(e.Decisions, first.Decisions); diff != "" {
		t.Errorf("Extractions()[0].Decisions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(e.Timeline, first.Timeline); diff != "" {
		t.Errorf("Extractions()[0].Timeline (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(e.Summary, first.Summary); diff != "" {
		t.Errorf("Extractions()[0].Summary (-want +got):\n%s", diff)
	}
	// The second outlet's "Macron" is the store's "Emmanuel Macron".
	if sp := got[1].Quotes[0].Speaker; sp != "Emmanuel Macron" {
		t.Errorf("Extractions()[1].Quotes[0].Speaker = %q; want the canonical %q", sp, "Emmanuel Macron")
	}
	bySummit, err := s.Extractions(ctx, store.Filter{Summit: "paris-2025"})
	if err != nil || len(bySummit) != 1 || bySummit[0].Article.Title != "Later" {
		t.Errorf("Extractions(summit paris-2025) = %d, %v; want the one article ingested for it", len(bySummit), err)
	}
	newest, err := s.Extractions(ctx, store.Filter{Limit: 1})
	if err != nil || len(newest) != 1 || newest[0].Article.Title != "Later" {
		t.Errorf("Extractions(limit 1) = %d, %v; want the newest article", len(newest), err)
	}
	since, err := s.Extractions(ctx, store.Filter{Since: clk.Now()})
	if err != nil || len(since) != 1 || since[0].Article.Title != "Later" {
		t.Errorf("Extractions(since the second save) = %d, %v; want the later article only", len(since), err)
	}
}

func testSpeakers(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	mustSave(t, s, article("https://a.example/1", "One", day(3), nil,
		q{"Zelensky", "Russia must pay", "10:00"},
		q{"Bill Clinton", "I remember Dayton", "10:05"}))
	mustSave(t, s, article("https://b.example/2", "Two", day(4),
		[]digest.Speaker{{Name: "Volodymyr Zelenskyy", Role: "President of Ukraine"}},
		q{"Volodymyr Zelenskyy", "We need strong and legally binding guarantees", "16:49"},
		q{"Hillary Clinton", "Diplomacy takes patience", "11:00"}))
	mustSave(t, s, article("https://c.example/3", "Trois", day(4),
		[]digest.Speaker{{Name: "Jean-Noël Barrot", Role: "ministre des Affaires étrangères"}},
		q{"Jean-Noël Barrot", "La paix se construit", "12:00"}))
	sp, err := s.Speakers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range sp {
		names = append(names, x.Name)
	}
	slices.Sort(names)
	want := []string{"Bill Clinton", "Hillary Clinton", "Jean-Noël Barrot", "Volodymyr Zelenskyy"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("Speakers() names (-want +got):\n%s", diff)
	}
	if sp[0].Name != "Volodymyr Zelenskyy" || sp[0].Quotes != 2 || sp[0].Role != "President of Ukraine" {
		t.Errorf("Speakers()[0] = %+v; want Volodymyr Zelenskyy first with 2 quotes and his role", sp[0])
	}
	if !slices.Contains(sp[0].Aliases, "Zelensky") {
		t.Errorf("Speakers()[0].Aliases = %q; want the earlier form %q kept", sp[0].Aliases, "Zelensky")
	}
}

func testQuotesBySpeaker(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	mustSave(t, s, article("https://a.example/1", "One", day(3),
		[]digest.Speaker{{Name: "Emmanuel Macron", Role: "French President"}},
		q{"Emmanuel Macron", "Europe is ready", "09:00"},
		q{"Emmanuel Macron", "The plan is final", "16:25"},
		q{"Zelensky", "Russia must pay", "10:00"}))
	mustSave(t, s, article("https://b.example/2", "Two", day(4), nil,
		q{"Volodymyr Zelenskyy", "We need strong and legally binding guarantees", "16:49"},
		q{"Jean-Noël Barrot", "La paix se construit", "12:00"},
		// The same words of the same man in another outlet: one quote.
		q{"Macron", "The plan is final", "16:25"}))
	mustSave(t, s, article("https://c.example/3", "Three", day(5), nil,
		q{"Macron", "We will not wait", "08:00"}))
	geneva := article("https://d.example/4", "Four", day(1), nil,
		q{"Emmanuel Macron", "Geneva is a good place", "07:00"},
		q{"Emmanuel Macron", "The plan is final", "16:25"})
	geneva.Article.Summit = "geneva"
	mustSave(t, s, geneva)
	// A compound surname, given whole then without the given name: two
	// speakers, since a name that ends another may be someone else's, but
	// a search finds both. And a short surname that is easy to misspell.
	mustSave(t, s, article("https://e.example/5", "Five", day(2),
		[]digest.Speaker{{Name: "Espen Barth Eide", Role: "Norwegian Foreign Minister"}},
		q{"Espen Barth Eide", "Norway will contribute", "09:30"},
		q{"Mark Rutte", "We must not be naive about Russia", "10:09"}))
	mustSave(t, s, article("https://f.example/6", "Six", day(6), nil,
		q{"Barth Eide", "The guarantees must hold", "11:00"}))

	hits, err := s.QuotesBySpeaker(ctx, "Macron", store.Search{Summit: "geneva"})
	var inSummit []string
	for _, h := range hits {
		inSummit = append(inSummit, h.Text)
	}
	if diff := cmp.Diff([]string{"The plan is final", "Geneva is a good place"}, inSummit); err != nil || diff != "" {
		t.Errorf("QuotesBySpeaker(Macron, summit geneva) err %v (-want +got):\n%s", err, diff)
	}
	if hits, err := s.QuotesByPhrase(ctx, "plan final", store.Search{Summit: "geneva"}); err != nil || len(hits) != 1 || hits[0].Article.ArticleID != digest.ArticleID(geneva.Article.URL) {
		t.Errorf("QuotesByPhrase(plan final, summit geneva) = %+v, %v; want the Geneva article's quote", hits, err)
	}

	tests := []struct {
		query string
		want  []string
	}{
		{"Macron", []string{"We will not wait", "The plan is final", "Europe is ready", "Geneva is a good place"}},
		{"emmanuel macron", []string{"We will not wait", "The plan is final", "Europe is ready", "Geneva is a good place"}},
		{"macr", []string{"We will not wait", "The plan is final", "Europe is ready", "Geneva is a good place"}},
		{"MACRONN", []string{"We will not wait", "The plan is final", "Europe is ready", "Geneva is a good place"}},
		{"zelensky", []string{"We need strong and legally binding guarantees", "Russia must pay"}},
		{"Zelenskyy", []string{"We need strong and legally binding guarantees", "Russia must pay"}},
		{"Zelenskiy", []string{"We need strong and legally binding guarantees", "Russia must pay"}},
		{"barrot", []string{"La paix se construit"}},
		{"Jean-Noel BARROT", []string{"La paix se construit"}},
		{"Barot", []string{"La paix se construit"}},
		{"Barth Eide", []string{"The guarantees must hold", "Norway will contribute"}},
		{"barth eide", []string{"The guarantees must hold", "Norway will contribute"}},
		{"Barth-Eide", []string{"The guarantees must hold", "Norway will contribute"}},
		{"Espen Barth Eide", []string{"Norway will contribute"}},
		{"eide", []string{"The guarantees must hold", "Norway will contribute"}},
		{"Rute", []string{"We must not be naive about Russia"}},
		{"mark rute", []string{"We must not be naive about Russia"}},
	}
	eideSpeakers := map[string]string{"Norway will contribute": "Espen Barth Eide", "The guarantees must hold": "Barth Eide"}
	for _, tt := range tests {
		hits, err := s.QuotesBySpeaker(ctx, tt.query, store.Search{})
		if err != nil {
			t.Errorf("QuotesBySpeaker(%q): %v", tt.query, err)
			continue
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Text)
			if want, ok := eideSpeakers[h.Text]; ok && h.Speaker != want {
				t.Errorf("QuotesBySpeaker(%q) gave %q to %q; want %s, as stored", tt.query, h.Text, h.Speaker, want)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("QuotesBySpeaker(%q) (-want +got):\n%s", tt.query, diff)
		}
	}
	hits, err = s.QuotesBySpeaker(ctx, "Macron", store.Search{Limit: 1, Offset: 1})
	if err != nil || len(hits) != 1 || hits[0].Text != "The plan is final" {
		t.Errorf("QuotesBySpeaker(Macron, limit 1 offset 1) = %v, %v; want the second quote", hits, err)
	} else if hits[0].Speaker != "Emmanuel Macron" || hits[0].Role != "French President" || hits[0].Time != "16:25" || hits[0].Article.ArticleID == "" {
		t.Errorf("QuotesBySpeaker(Macron)[1] = %+v; want speaker, role, time and source set", hits[0])
	}
	hits, err = s.QuotesBySpeaker(ctx, "Macron", store.Search{Offset: 10})
	if err != nil || len(hits) != 0 {
		t.Errorf("QuotesBySpeaker(Macron, past the end) = %v, %v; want an empty page", hits, err)
	}
	for _, name := range []string{"Merkel", "ma", "Clinton", "Eide Barth", "Ruth"} {
		if _, err := s.QuotesBySpeaker(ctx, name, store.Search{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("QuotesBySpeaker(%q) err = %v; want ErrNotFound", name, err)
		}
	}
	closest, err := s.ClosestSpeakers(ctx, "Macrom", 2)
	if err != nil || len(closest) == 0 || closest[0] != "Emmanuel Macron" {
		t.Errorf("ClosestSpeakers(Macrom) = %q, %v; want Emmanuel Macron first", closest, err)
	}
	closest, err = s.ClosestSpeakers(ctx, "Bart Eid", 2)
	if err != nil || !slices.Equal(closest, []string{"Barth Eide", "Espen Barth Eide"}) {
		t.Errorf("ClosestSpeakers(Bart Eid) = %q, %v; want Barth Eide, then Espen Barth Eide", closest, err)
	}
	closest, err = s.ClosestSpeakers(ctx, "Xi Jinping", 3)
	if err != nil || len(closest) != 0 {
		t.Errorf("ClosestSpeakers(Xi Jinping) = %q, %v; want none", closest, err)
	}
}

func testQuotesByPhrase(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	mustSave(t, s, article("https://a.example/1", "One", day(3), nil,
		q{"Mark Rutte", "We must not be naive about Russia", "10:09"},
		q{"Kaja Kallas", "Russia is naive about us if it thinks we will not be there", "11:00"},
		q{"Friedrich Merz", "Naïveté is a luxury", "11:30"},
		q{"Giorgia Meloni", "Italy stands with Ukraine", "12:00"}))
	mustSave(t, s, article("https://b.example/2", "Two", day(4), nil,
		q{"Mark Rutte", "We must not be naive about Russia", "10:09"}))

	hits, err := s.QuotesByPhrase(ctx, "not be naive about Russia", store.Search{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.Speaker+": "+h.Text)
	}
	want := []string{"Mark Rutte: We must not be naive about Russia", "Kaja Kallas: Russia is naive about us if it thinks we will not be there"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("QuotesByPhrase(not be naive about Russia): exact phrase first, each quote once (-want +got):\n%s", diff)
	}
	if len(hits) == 2 && hits[0].Rank <= hits[1].Rank {
		t.Errorf("QuotesByPhrase ranks %v, %v; want the first higher", hits[0].Rank, hits[1].Rank)
	}
	hits, err = s.QuotesByPhrase(ctx, "NAÏVETÉ", store.Search{})
	if err != nil || len(hits) != 1 || hits[0].Speaker != "Friedrich Merz" {
		t.Errorf("QuotesByPhrase(NAÏVETÉ) = %v, %v; want Merz's quote (case and accents ignored)", hits, err)
	}
	// No quote has every word: any word will do.
	hits, err = s.QuotesByPhrase(ctx, "Italy and Greece", store.Search{})
	if err != nil || len(hits) == 0 || hits[0].Speaker != "Giorgia Meloni" {
		t.Errorf("QuotesByPhrase(Italy and Greece) = %v, %v; want Meloni's quote first", hits, err)
	}
	for _, p := range []string{"xylophone", "", `"*:(`} {
		hits, err := s.QuotesByPhrase(ctx, p, store.Search{})
		if err != nil || len(hits) != 0 {
			t.Errorf("QuotesByPhrase(%q) = %v, %v; want no hit and no error", p, hits, err)
		}
	}
	hits, err = s.QuotesByPhrase(ctx, "naive", store.Search{Limit: 1, Offset: 1})
	if err != nil || len(hits) != 1 {
		t.Errorf("QuotesByPhrase(naive, limit 1 offset 1) = %v, %v; want one hit", hits, err)
	}
}

func testSummits(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	for _, sm := range []store.Summit{
		{Slug: "paris-2025", Title: "Paris", Keywords: []string{"Ukraine", "coalition"}},
		{Slug: "g7-2026", Title: "G7"},
		{Slug: "paris-2025", Title: "Paris summit", Keywords: []string{"security guarantees"}},
	} {
		if err := s.SaveSummit(ctx, sm); err != nil {
			t.Fatalf("SaveSummit(%+v): %v", sm, err)
		}
	}
	got, err := s.Summits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Summit{
		{Slug: "g7-2026", Title: "G7", Keywords: []string{}},
		{Slug: "paris-2025", Title: "Paris summit", Keywords: []string{"security guarantees"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summits() (-want +got):\n%s", diff)
	}
}

func testSchedules(t *testing.T, h NewDB) {
	clk := newClock()
	s := h(t).Open(t, clk.Now)
	in := store.Schedule{Channel: "C1", Summit: "paris-2025", Spec: "0 8 * * *", TimeZone: "Europe/Paris", CreatedBy: "U1"}
	a, err := s.AddSchedule(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || !a.Created.Equal(clk.Now()) || a.Spec != in.Spec || a.CreatedBy != "U1" {
		t.Errorf("AddSchedule(%+v) = %+v; want it with an ID and created now", in, a)
	}
	again, err := s.AddSchedule(ctx, in)
	if !errors.Is(err, store.ErrDuplicate) || again.ID != a.ID {
		t.Errorf("AddSchedule(same again) = %+v, %v; want the first one and ErrDuplicate", again, err)
	}
	b, err := s.AddSchedule(ctx, store.Schedule{Channel: "C2", Spec: "@every 6h"})
	if err != nil {
		t.Fatal(err)
	}
	a.Spec, a.Paused = "30 7 * * 1-5", true
	if err := s.UpdateSchedule(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Schedule(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("Schedule(%d) after update (-want +got):\n%s", a.ID, diff)
	}
	all, err := s.Schedules(ctx, "")
	if err != nil || len(all) != 2 || all[0].ID != a.ID || all[1].ID != b.ID {
		t.Errorf("Schedules(all) = %+v, %v; want both, oldest first", all, err)
	}
	c2, err := s.Schedules(ctx, "C2")
	if err != nil || len(c2) != 1 || c2[0].ID != b.ID {
		t.Errorf("Schedules(C2) = %+v, %v; want C2's one", c2, err)
	}
	c3, err := s.AddSchedule(ctx, store.Schedule{Channel: "C2", Spec: "@daily"})
	if err != nil {
		t.Fatal(err)
	}
	c3.Spec = "@every 6h"
	if err := s.UpdateSchedule(ctx, c3); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("UpdateSchedule(into a copy of another) err = %v; want ErrDuplicate", err)
	}
	if err := s.DeleteSchedule(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSchedule(ctx, b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteSchedule(deleted) err = %v; want ErrNotFound", err)
	}
	if _, err := s.Schedule(ctx, b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Schedule(deleted) err = %v; want ErrNotFound", err)
	}
	if err := s.UpdateSchedule(ctx, store.Schedule{ID: 999999}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateSchedule(unknown) err = %v; want ErrNotFound", err)
	}
}

// itemKeys lists the keys of a claim, sorted.
func itemKeys(c store.Claim) []string {
	var ks []string
	for _, it := range c.Items {
		ks = append(ks, string(it.Kind)+" "+it.Key)
	}
	slices.Sort(ks)
	return ks
}

func addSchedule(tb testing.TB, s store.Store, summit string) store.Schedule {
	tb.Helper()
	sc, err := s.AddSchedule(ctx, store.Schedule{Channel: "C" + summit, Summit: summit, Spec: "0 8 * * *", TimeZone: "Europe/Paris"})
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

func slot(n int) time.Time {
	return time.Date(2025, 9, 5, 6, 0, 0, 0, time.UTC).Add(time.Duration(n) * 24 * time.Hour)
}

func testClaims(t *testing.T, h NewDB) {
	clk := newClock()
	s := h(t).Open(t, clk.Now)
	sc := addSchedule(t, s, "")
	if _, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: 424242, Slot: slot(0)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Claim(unknown schedule) err = %v; want ErrNotFound", err)
	}
	mustSave(t, s, parisLive())
	c1, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(c1.Items) != 4 || c1.ID == 0 || !c1.Slot.Equal(slot(0)) {
		t.Fatalf("Claim(first) = %+v; want 4 items (2 quotes, a statement, a decision)", c1)
	}
	kinds := map[store.ItemKind]int{}
	for _, it := range c1.Items {
		kinds[it.Kind]++
	}
	if kinds[store.QuoteItem] != 2 || kinds[store.StatementItem] != 1 || kinds[store.DecisionItem] != 1 {
		t.Errorf("Claim(first) kinds = %v; want 2 quotes, 1 statement, 1 decision", kinds)
	}
	if _, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(0)}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Claim(same slot again) err = %v; want ErrConflict", err)
	}
	exts, err := s.Extractions(ctx, store.Filter{Claim: c1.ID})
	if err != nil || len(exts) != 1 || len(exts[0].Quotes) != 2 || len(exts[0].Decisions) != 1 {
		t.Errorf("Extractions(claim) = %+v, %v; want the article with the claimed items", exts, err)
	}
	open, err := s.OpenClaims(ctx, sc.ID)
	if err != nil || len(open) != 1 || open[0].ID != c1.ID || !cmp.Equal(itemKeys(open[0]), itemKeys(c1)) {
		t.Errorf("OpenClaims() = %+v, %v; want the first claim with its items", open, err)
	}
	clk.Add(time.Minute)
	if err := s.MarkPosted(ctx, c1.ID, "1725430000.000100"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPosted(ctx, c1.ID, "1725430000.000100"); err != nil {
		t.Errorf("MarkPosted(same ts again) = %v; want nil (idempotent)", err)
	}
	if err := s.MarkPosted(ctx, c1.ID, "1725430000.999999"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("MarkPosted(other ts) err = %v; want ErrConflict", err)
	}
	if err := s.Release(ctx, c1.ID); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Release(posted) err = %v; want ErrConflict", err)
	}
	if err := s.Release(ctx, 987654); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Release(unknown) err = %v; want ErrNotFound", err)
	}
	if err := s.MarkPosted(ctx, 987654, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("MarkPosted(unknown) err = %v; want ErrNotFound", err)
	}
	got, err := s.Schedule(ctx, sc.ID)
	if err != nil || !got.LastPosted.Equal(clk.Now()) {
		t.Errorf("Schedule().LastPosted = %v, %v; want %v", got.LastPosted, err, clk.Now())
	}
	if open, err := s.OpenClaims(ctx, 0); err != nil || len(open) != 0 {
		t.Errorf("OpenClaims() after posting = %+v, %v; want none", open, err)
	}
	// Nothing new: an empty claim still takes the slot.
	c2, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(1)})
	if err != nil || len(c2.Items) != 0 {
		t.Fatalf("Claim(nothing new) = %+v, %v; want an empty claim", c2, err)
	}
	if err := s.Release(ctx, c2.ID); err != nil {
		t.Fatal(err)
	}
	// A released slot can be claimed again.
	if _, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(1)}); err != nil {
		t.Errorf("Claim(released slot) err = %v; want nil", err)
	}
	// Forgotten and ingested again: its items are not new for this schedule.
	if _, err := s.Forget(ctx, parisLive().Article.URL); err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, parisLive())
	c3, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(2)})
	if err != nil || len(c3.Items) != 0 {
		t.Errorf("Claim(after forget and re-ingest) = %+v, %v; want no items", c3, err)
	}
	// Another schedule has its own claims.
	other, err := s.AddSchedule(ctx, store.Schedule{Channel: "C9", Spec: "@daily"})
	if err != nil {
		t.Fatal(err)
	}
	c4, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: other.ID, Slot: slot(0)})
	if err != nil || len(c4.Items) != 4 {
		t.Errorf("Claim(another schedule) = %d items, %v; want all 4", len(c4.Items), err)
	}
	if err := s.DeleteSchedule(ctx, other.ID); err != nil {
		t.Errorf("DeleteSchedule(with claims) = %v", err)
	}
}

func testClaimsGrownLiveBlog(t *testing.T, h NewDB) {
	clk := newClock()
	s := h(t).Open(t, clk.Now)
	sc := addSchedule(t, s, "")
	e := parisLive()
	mustSave(t, s, e)
	c1, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(0)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPosted(ctx, c1.ID, "1.1"); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Hour)
	grown := article(e.Article.URL, e.Article.Title, day(4), e.Speakers,
		// The live blog grew above and below; its old quotes moved.
		q{"Mark Rutte", "The guarantees must be credible", "17:02"},
		q{"Emmanuel Macron", "We have finalized a plan that offers strong security assurances for Ukraine", "16:25"},
		q{"Mark Rutte", "We must not be naive about Russia", "10:09"},
	)
	grown.Statements, grown.Decisions = e.Statements, e.Decisions
	if r := mustSave(t, s, grown); r.Status != store.Replaced || r.NewItems != 1 {
		t.Fatalf("SaveExtraction(grown) = %+v; want replaced with 1 new item", r)
	}
	c2, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(1)})
	if err != nil {
		t.Fatal(err)
	}
	exts, err := s.Extractions(ctx, store.Filter{Claim: c2.ID})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, x := range exts {
		for _, qq := range x.Quotes {
			texts = append(texts, qq.Text)
		}
		if len(x.Statements)+len(x.Decisions) != 0 {
			t.Errorf("Extractions(second claim) carries old statements or decisions: %+v %+v", x.Statements, x.Decisions)
		}
	}
	if diff := cmp.Diff([]string{"The guarantees must be credible"}, texts); diff != "" {
		t.Errorf("second claim after a grown live blog: quotes (-want +got):\n%s", diff)
	}
}

func testClaimsConcurrent(t *testing.T, h NewDB) {
	open := h(t).Open
	handles := []store.Store{open(t, nil), open(t, nil)}
	sc := addSchedule(t, handles[0], "")
	const articles = 6
	for i := range articles {
		mustSave(t, handles[i%2], article(fmt.Sprintf("https://x.example/%d", i), fmt.Sprintf("A%d", i), day(4), nil,
			q{"Mark Rutte", fmt.Sprintf("Point number %d", i), "10:00"},
			q{"Kaja Kallas", fmt.Sprintf("Answer number %d", i), "10:01"}))
	}
	// Every replica fires every slot; several slots race too.
	const slots = 3
	var wg sync.WaitGroup
	var mu sync.Mutex
	claimed := map[string]int{}
	conflicts, wins := 0, 0
	for round := range 2 {
		for sl := range slots {
			for _, s := range handles {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(sl + round*slots)})
					mu.Lock()
					defer mu.Unlock()
					if errors.Is(err, store.ErrConflict) {
						conflicts++
						return
					}
					if err != nil {
						t.Errorf("concurrent Claim: %v", err)
						return
					}
					wins++
					for _, it := range c.Items {
						claimed[it.Key]++
					}
				}()
			}
		}
		if round == 0 {
			wg.Wait()
			// Fresh coverage between the rounds, claimed once too.
			mustSave(t, handles[0], article("https://x.example/late", "Late", day(5), nil, q{"Mark Rutte", "A late word", "18:00"}))
		}
	}
	wg.Wait()
	if wins != 2*slots || conflicts != 2*slots {
		t.Errorf("concurrent Claim: %d slots won, %d conflicts; want %d each (one winner per slot)", wins, conflicts, 2*slots)
	}
	if len(claimed) != 2*articles+1 {
		t.Errorf("concurrent Claim: %d distinct items claimed; want %d", len(claimed), 2*articles+1)
	}
	for k, n := range claimed {
		if n != 1 {
			t.Errorf("item %q claimed %d times; want once", k, n)
		}
	}
}

func testClaimsSummitAndSince(t *testing.T, h NewDB) {
	clk := newClock()
	s := h(t).Open(t, clk.Now)
	paris := addSchedule(t, s, "paris-2025")
	old := article("https://x.example/old", "Old", day(1), nil, q{"Mark Rutte", "An old word", "09:00"})
	old.Article.Summit = "paris-2025"
	mustSave(t, s, old)
	clk.Add(48 * time.Hour)
	cutoff := clk.Now().Add(-24 * time.Hour)
	fresh := article("https://x.example/new", "New", day(3), nil, q{"Mark Rutte", "A new word", "09:00"})
	fresh.Article.Summit = "paris-2025"
	mustSave(t, s, fresh)
	mustSave(t, s, article("https://x.example/g7", "Elsewhere", day(3), nil, q{"Mark Carney", "Not about Paris", "09:00"}))
	c, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: paris.ID, Slot: slot(0), Since: cutoff})
	if err != nil {
		t.Fatal(err)
	}
	exts, err := s.Extractions(ctx, store.Filter{Claim: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Items) != 1 || len(exts) != 1 || exts[0].Article.Title != "New" {
		t.Errorf("Claim(summit paris-2025, since 24 h) = %+v with %d extractions; want the new Paris quote only", c, len(exts))
	}
}

func testFirstDelivery(t *testing.T, h NewDB) {
	clk := newClock()
	open := h(t).Open
	a, b := open(t, clk.Now), open(t, clk.Now)
	ttl := time.Hour
	steps := []struct {
		s    store.Store
		id   string
		want bool
		wait time.Duration
	}{
		{a, "Ev1", true, 0},
		{b, "Ev1", false, 0},
		{a, "Ev2", true, 0},
		{a, "Ev1", false, 30 * time.Minute},
		{b, "Ev1", true, 2 * time.Hour},
	}
	for i, st := range steps {
		clk.Add(st.wait)
		got, err := st.s.FirstDelivery(ctx, st.id, ttl)
		if err != nil || got != st.want {
			t.Errorf("step %d: FirstDelivery(%q) = %v, %v; want %v", i, st.id, got, err, st.want)
		}
	}
}

func testChannelSettings(t *testing.T, h NewDB) {
	s := h(t).Open(t, nil)
	if _, err := s.ChannelSetting(ctx, "C1", "watch"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ChannelSetting(unset) err = %v; want ErrNotFound", err)
	}
	for _, v := range []string{"on", "off"} {
		if err := s.SetChannelSetting(ctx, "C1", "watch", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ChannelSetting(ctx, "C1", "watch"); err != nil || got != v {
			t.Errorf("ChannelSetting(C1, watch) = %q, %v; want %q", got, err, v)
		}
	}
	if _, err := s.ChannelSetting(ctx, "C2", "watch"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ChannelSetting(other channel) err = %v; want ErrNotFound", err)
	}
}

// testSpeakersOtherHandle checks that a handle sees the speakers another
// handle (another process) adds or renames after its first search.
func testSpeakersOtherHandle(t *testing.T, h NewDB) {
	open := h(t).Open
	a, b := open(t, nil), open(t, nil)
	if _, err := a.QuotesBySpeaker(ctx, "Rutte", store.Search{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("QuotesBySpeaker(Rutte) on an empty store err = %v; want ErrNotFound", err)
	}
	mustSave(t, b, article("https://a.example/1", "One", day(3), nil, q{"Rutte", "We must not be naive", "10:00"}))
	hits, err := a.QuotesBySpeaker(ctx, "Rutte", store.Search{})
	if err != nil || len(hits) != 1 || hits[0].Speaker != "Rutte" {
		t.Fatalf("QuotesBySpeaker(Rutte) after another handle stored him = %v, %v; want his quote", hits, err)
	}
	mustSave(t, b, article("https://a.example/2", "Two", day(4), nil, q{"Mark Rutte", "Russia is the threat", "11:00"}))
	hits, err = a.QuotesBySpeaker(ctx, "mark rutte", store.Search{})
	if err != nil || len(hits) != 2 || hits[0].Speaker != "Mark Rutte" {
		t.Errorf("QuotesBySpeaker(mark rutte) after another handle gave his full name = %v, %v; want both quotes as Mark Rutte", hits, err)
	}
}

// testClaimsReleasedOutOfOrder releases an older claim after a newer one
// was taken: its items come back in the next claim, the newer claim's do
// not, and nothing stored in between is lost.
func testClaimsReleasedOutOfOrder(t *testing.T, h NewDB) {
	clk := newClock()
	s := h(t).Open(t, clk.Now)
	sc := addSchedule(t, s, "")
	mustSave(t, s, article("https://x.example/1", "One", day(4), nil, q{"Mark Rutte", "First word", "10:00"}))
	a, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(0)})
	if err != nil || len(a.Items) != 1 {
		t.Fatalf("Claim(a) = %+v, %v; want one item", a, err)
	}
	mustSave(t, s, article("https://x.example/2", "Two", day(4), nil, q{"Mark Rutte", "Second word", "11:00"}))
	b, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(1)})
	if err != nil || len(b.Items) != 1 || b.Items[0].Key == a.Items[0].Key {
		t.Fatalf("Claim(b) = %+v, %v; want the second article's item", b, err)
	}
	if err := s.MarkPosted(ctx, b.ID, "2.2"); err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, article("https://x.example/3", "Three", day(4), nil, q{"Mark Rutte", "Third word", "12:00"}))
	if err := s.Release(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	c, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(2)})
	if err != nil {
		t.Fatal(err)
	}
	exts, err := s.Extractions(ctx, store.Filter{Claim: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range exts {
		for _, qq := range x.Quotes {
			got = append(got, qq.Text)
		}
	}
	if diff := cmp.Diff([]string{"First word", "Third word"}, got); diff != "" {
		t.Errorf("Claim after releasing the older claim (-want +got):\n%s", diff)
	}
}

// testTakeOver checks the lease of an open claim: no one takes it over
// while the run holding it may still be posting, one may once the lease
// has ended, and a posted or released claim is no one's to take.
func testTakeOver(t *testing.T, h NewDB) {
	clk := newClock()
	s := h(t).Open(t, clk.Now)
	sc := addSchedule(t, s, "")
	mustSave(t, s, parisLive())
	c, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(0), Lease: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if want := clk.Now().Add(10 * time.Minute); !c.LeaseEnds.Equal(want) {
		t.Errorf("Claim(lease 10m).LeaseEnds = %v; want %v", c.LeaseEnds, want)
	}
	if open, err := s.OpenClaims(ctx, sc.ID); err != nil || len(open) != 1 || !open[0].LeaseEnds.Equal(c.LeaseEnds) {
		t.Errorf("OpenClaims() = %+v, %v; want the claim with LeaseEnds %v", open, err, c.LeaseEnds)
	}
	clk.Add(9 * time.Minute)
	if _, err := s.TakeOver(ctx, c.ID, 5*time.Minute); !errors.Is(err, store.ErrConflict) {
		t.Errorf("TakeOver(within the claiming run's lease) err = %v; want ErrConflict", err)
	}
	clk.Add(time.Minute)
	got, err := s.TakeOver(ctx, c.ID, 5*time.Minute)
	if err != nil {
		t.Fatalf("TakeOver(as the lease ends) = %v", err)
	}
	if got.ID != c.ID || got.ScheduleID != sc.ID || !got.Slot.Equal(slot(0)) || !got.Created.Equal(c.Created) || !cmp.Equal(itemKeys(got), itemKeys(c)) {
		t.Errorf("TakeOver() = %+v; want claim %d of schedule %d with its items %v", got, c.ID, sc.ID, itemKeys(c))
	}
	if want := clk.Now().Add(5 * time.Minute); !got.LeaseEnds.Equal(want) {
		t.Errorf("TakeOver(lease 5m).LeaseEnds = %v; want %v", got.LeaseEnds, want)
	}
	clk.Add(4 * time.Minute)
	if _, err := s.TakeOver(ctx, c.ID, 5*time.Minute); !errors.Is(err, store.ErrConflict) {
		t.Errorf("TakeOver(within the taker's lease) err = %v; want ErrConflict", err)
	}
	if open, err := s.OpenClaims(ctx, sc.ID); err != nil || len(open) != 1 || !open[0].LeaseEnds.Equal(got.LeaseEnds) {
		t.Errorf("OpenClaims() after TakeOver = %+v, %v; want LeaseEnds %v", open, err, got.LeaseEnds)
	}
	clk.Add(time.Hour)
	if err := s.MarkPosted(ctx, c.ID, "1725430000.000100"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TakeOver(ctx, c.ID, 5*time.Minute); !errors.Is(err, store.ErrConflict) {
		t.Errorf("TakeOver(posted) err = %v; want ErrConflict", err)
	}
	if _, err := s.TakeOver(ctx, 987654, 5*time.Minute); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("TakeOver(unknown) err = %v; want ErrNotFound", err)
	}
	// Without a lease a claim is anyone's at once; released, no one's.
	c2, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TakeOver(ctx, c2.ID, time.Minute); err != nil {
		t.Errorf("TakeOver(claim made without a lease) = %v; want nil", err)
	}
	if err := s.Release(ctx, c2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TakeOver(ctx, c2.ID, time.Minute); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("TakeOver(released) err = %v; want ErrNotFound", err)
	}
}

// testTakeOverConcurrent has several processes take one claim over at once,
// round after round as each lease ends: each round exactly one wins.
func testTakeOverConcurrent(t *testing.T, h NewDB) {
	clk := newClock()
	open := h(t).Open
	handles := []store.Store{open(t, clk.Now), open(t, clk.Now)}
	sc := addSchedule(t, handles[0], "")
	mustSave(t, handles[0], parisLive())
	c, err := handles[0].Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: slot(0), Lease: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	const takers = 4 // per handle
	for round := range 3 {
		clk.Add(time.Minute)
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, conflicts := 0, 0
		for _, s := range handles {
			for range takers {
				wg.Go(func() {
					_, err := s.TakeOver(ctx, c.ID, time.Minute)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						wins++
					case errors.Is(err, store.ErrConflict):
						conflicts++
					default:
						t.Errorf("round %d: concurrent TakeOver: %v", round, err)
					}
				})
			}
		}
		wg.Wait()
		if wins != 1 || conflicts != len(handles)*takers-1 {
			t.Errorf("round %d: %d takers won claim %d, %d got ErrConflict; want exactly one winner", round, wins, c.ID, conflicts)
		}
	}
}
