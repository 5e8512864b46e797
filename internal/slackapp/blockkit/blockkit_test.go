package blockkit

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares msgs, marshalled as Slack receives them, with
// testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, msgs []Message) {
	t.Helper()
	type wire struct {
		Text   string        `json:"text"`
		Blocks []slack.Block `json:"blocks"`
	}
	out := make([]wire, len(msgs))
	for i, m := range msgs {
		out[i] = wire(m)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		t.Fatalf("marshal %s: %v", name, err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("%s differs from golden (-want +got):\n%s", name, diff)
	}
}

// loadDigest reads a hand-built digest fixture. paris-digest.json holds the
// reference article's key items as the design expects them, with an
// ampersand and angle brackets added to one summary sentence and a URL with a
// query string, so that the golden file shows the escaping.
func loadDigest(tb testing.TB, name string) *digest.Digest {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	var d digest.Digest
	if err := json.Unmarshal(raw, &d); err != nil {
		tb.Fatalf("parse %s: %v", name, err)
	}
	return &d
}

func TestDigestGolden(t *testing.T) {
	d := loadDigest(t, "paris-digest.json")
	msgs := Digest(d, DigestOptions{})
	if len(msgs) != 1 {
		t.Fatalf("Digest(paris) = %d messages; want 1", len(msgs))
	}
	checkMessage(t, "paris", msgs[0])
	golden(t, "paris-digest.golden.json", msgs)

	preview := Digest(d, DigestOptions{PostValue: "paris-2025", MaxMessages: 1})
	checkMessage(t, "paris preview", preview[0])
	golden(t, "paris-preview.golden.json", preview)
}

// referenceDigest builds the digest of the reference article with the
// engine, or returns nil when the article is not there.
func referenceDigest(tb testing.TB) *digest.Digest {
	tb.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "..", "samples", "paris-summit-2025-09-04.txt"))
	if err != nil {
		return nil
	}
	a := digest.Article{
		ID:        digest.ArticleID("paris-summit-2025-09-04.txt"),
		Source:    "paris-summit-2025-09-04.txt",
		Title:     "Paris summit of the Coalition of the Willing",
		Published: time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC),
		Text:      string(text),
	}
	return digest.Build([]digest.Extraction{digest.Extract(a)}, digest.BuildOptions{})
}

// TestDigestReferenceGolden renders the digest of the reference article as
// the engine built it when the golden was last updated: the digest itself is
// kept in testdata, so that a change in the engine's ranking does not break
// this package's test, and -update rebuilds both from the engine.
func TestDigestReferenceGolden(t *testing.T) {
	const input = "reference-digest.input.json"
	if *update {
		d := referenceDigest(t)
		if d == nil || len(d.Quotes) == 0 {
			t.Fatal("-update: the engine finds no quotes in the reference article")
		}
		raw, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", input), append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := loadDigest(t, input)
	msgs := Digest(d, DigestOptions{})
	for i, m := range msgs {
		checkMessage(t, fmt.Sprintf("reference message %d", i), m)
	}
	golden(t, "reference-digest.golden.json", msgs)
}

// TestDigestReferenceArticle renders the digest of the reference article as
// the engine builds it now, and checks that it shows what the design asks
// of it, within Slack's limits.
func TestDigestReferenceArticle(t *testing.T) {
	d := referenceDigest(t)
	if d == nil {
		t.Skip("reference article not found")
	}
	msgs := Digest(d, DigestOptions{})
	for i, m := range msgs {
		checkMessage(t, fmt.Sprintf("reference message %d", i), m)
	}
	all := renderedText(msgs)
	for _, want := range []string{"16:25", "16:37", "16:46", "16:49", "strong and legally binding", "We must not be naive about Russia", "17:11", "10:09", "26 nations"} {
		if !strings.Contains(all, want) {
			t.Errorf("digest of the reference article lacks %q", want)
		}
	}
}

// renderedText is every text of every block, for "does it show X" checks.
func renderedText(msgs []Message) string {
	var b strings.Builder
	for _, m := range msgs {
		raw, _ := json.Marshal(m.Blocks)
		b.Write(raw)
	}
	return b.String()
}

func TestDigestShowsWhatMatters(t *testing.T) {
	d := loadDigest(t, "paris-digest.json")
	all := renderedText(Digest(d, DigestOptions{}))
	for _, want := range []string{
		"Paris summit of the Coalition of the Willing",
		"*Emmanuel Macron*, French President · 4 Sep 2025, 16:25",
		"> We have finalized a plan",
		"must be '*strong and legally binding*'",
		"<https://news.example.org/world/paris-summit?id=4&amp;lang=en|26 nations finalise 'robust' security guarantees for Ukraine> `5f0c2a9e`",
		"paris-summit-2025-09-04.txt `b71d03c4`",
		"oil &amp; gas",
		"&lt;targeting&gt;",
		"`10:09` *Mark Rutte*",
		"2 sources · 4 quotes · 2 statements · 1 decision · 4 speakers",
	} {
		if !strings.Contains(all, jsonString(want)) {
			t.Errorf("Digest(paris) lacks %q", want)
		}
	}
}

// jsonString is s as it appears inside a marshalled JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func TestDigestUnattributedAndEmpty(t *testing.T) {
	d := &digest.Digest{Quotes: []digest.DigestQuote{{Quote: digest.Quote{Text: "Nobody knows", Kind: digest.Direct}}}}
	msgs := Digest(d, DigestOptions{})
	checkMessage(t, "unattributed", msgs[0])
	if all := renderedText(msgs); !strings.Contains(all, "*Unattributed*") || !strings.Contains(all, "Summit digest") {
		t.Errorf("Digest(unattributed) = %s; want an Unattributed speaker and the default title", all)
	}
	empty := Digest(&digest.Digest{}, DigestOptions{})
	if len(empty) != 1 {
		t.Fatalf("Digest(empty) = %d messages; want 1", len(empty))
	}
	checkMessage(t, "empty", empty[0])
}

// randomText is text meant to break things: markup, entities, emoji,
// combining marks, invalid UTF-8, runs of spaces and very long words.
func randomText(r *rand.Rand, maxRunes int) string {
	pieces := []string{"word", " ", "  ", "\n", "&", "<", ">", "*", "_", "~", "`", "|", "<!channel>",
		"<https://x.org|y>", "é", "e\u0301", "🇺🇦", "日本", "\xff", "'", "“", "https://example.org/a?b=1&c=2",
		strings.Repeat("x", 500)}
	n := r.IntN(maxRunes + 1)
	var b strings.Builder
	for have := 0; have < n; {
		p := pieces[r.IntN(len(pieces))]
		b.WriteString(p)
		have += runes(p)
	}
	return b.String()
}

func randomDigest(r *rand.Rand) *digest.Digest {
	d := &digest.Digest{Title: randomText(r, 400)}
	for range r.IntN(60) {
		u := ""
		if r.IntN(3) > 0 {
			u = "https://example.org/" + randomText(r, 300)
		}
		d.Sources = append(d.Sources, digest.Source{ArticleID: randomText(r, 10), Title: randomText(r, 300), Source: randomText(r, 50), URL: u,
			Published: time.Date(2025, 9, 1+r.IntN(20), 0, 0, 0, 0, time.UTC)})
	}
	idx := func() []int {
		var s []int
		for range r.IntN(6) {
			s = append(s, r.IntN(len(d.Sources)+2)-1) // out of range too
		}
		return s
	}
	for range r.IntN(300) {
		text := randomText(r, 4000)
		q := digest.Quote{Speaker: randomText(r, 200), Text: text, Kind: digest.Direct, Time: digest.Clock(randomText(r, 6))}
		if r.IntN(2) == 0 {
			q.Kind = digest.Partial
			q.Sentence = randomText(r, 2000) + text + randomText(r, 2000)
		}
		d.Quotes = append(d.Quotes, digest.DigestQuote{Quote: q, Role: randomText(r, 300), Sources: idx()})
	}
	for range r.IntN(100) {
		d.Statements = append(d.Statements, digest.DigestStatement{Statement: digest.Statement{Speaker: randomText(r, 100), Text: randomText(r, 5000), Time: "12:00"}, Sources: idx()})
	}
	for range r.IntN(100) {
		d.Decisions = append(d.Decisions, digest.DigestDecision{Decision: digest.Decision{Actor: randomText(r, 100), Text: randomText(r, 5000)}, Sources: idx()})
	}
	for range r.IntN(300) {
		d.Timeline = append(d.Timeline, digest.DigestEvent{Event: digest.Event{Date: randomText(r, 10), Time: "10:09", Speaker: randomText(r, 100), Text: randomText(r, 3000)}})
	}
	for range r.IntN(50) {
		d.Summary = append(d.Summary, randomText(r, 4000))
	}
	for range r.IntN(300) {
		d.Speakers = append(d.Speakers, digest.SpeakerCount{Speaker: digest.Speaker{Name: randomText(r, 200), Role: randomText(r, 300)}, Quotes: r.IntN(9), Statements: r.IntN(9)})
	}
	return d
}

// TestRandomDigestsStayWithinLimits renders random, large and hostile
// digests and checks every message against Slack's limits as marshalled.
func TestRandomDigestsStayWithinLimits(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 9))
	n := 15
	if testing.Short() {
		n = 3
	}
	for i := range n {
		d := randomDigest(r)
		msgs := Digest(d, DigestOptions{PostValue: randomText(r, 3000)})
		for j, m := range msgs {
			checkMessage(t, fmt.Sprintf("digest %d message %d", i, j), m)
		}
		// Nothing is lost: every quote is a section of its own somewhere.
		quotes := 0
		for _, m := range msgs {
			for _, b := range m.Blocks {
				if s, ok := b.(*slack.SectionBlock); ok && strings.Contains(s.Text.Text, "\n> ") {
					quotes++
				}
			}
		}
		if quotes != len(d.Quotes) {
			t.Errorf("digest %d: %d quotes rendered; want %d", i, quotes, len(d.Quotes))
		}
		preview := Digest(d, DigestOptions{PostValue: "x", MaxMessages: 1})
		if len(preview) != 1 {
			t.Errorf("digest %d: preview has %d messages; want 1", i, len(preview))
		}
		checkMessage(t, fmt.Sprintf("digest %d preview", i), preview[0])

		var items []QuoteItem
		for _, q := range d.Quotes {
			items = append(items, QuoteItem{Quote: q.Quote, Role: q.Role, ArticleID: randomText(r, 12), Title: randomText(r, 400), URL: "https://e.org/" + randomText(r, 100), Published: time.Unix(r.Int64N(2e9), 0)})
		}
		p := Page{Query: randomText(r, 2500), Offset: r.IntN(100), Total: r.IntN(1000)}
		checkMessage(t, fmt.Sprintf("quotes %d", i), Quotes(randomText(r, 300), items, p))
		checkMessage(t, fmt.Sprintf("phrase %d", i), PhraseMatches(randomText(r, 300), items, p))
		checkMessage(t, fmt.Sprintf("speakers %d", i), Speakers(d.Speakers))
		checkMessage(t, fmt.Sprintf("nomatch %d", i), NoMatch(randomText(r, 500), []string{randomText(r, 300), randomText(r, 300)}))
		ext := digest.Extraction{Article: digest.Article{ID: randomText(r, 10), Title: randomText(r, 500), URL: randomText(r, 100)}, Summary: d.Summary}
		for _, q := range d.Quotes {
			ext.Quotes = append(ext.Quotes, q.Quote)
		}
		for _, dec := range d.Decisions {
			ext.Decisions = append(ext.Decisions, dec.Decision)
		}
		checkMessage(t, fmt.Sprintf("summary %d", i), Summary(ext))
		checkMessage(t, fmt.Sprintf("confirm %d", i), Confirm(Confirmation{Text: randomText(r, 5000), ActionID: ActionForget, Value: randomText(r, 3000), Label: randomText(r, 200)}))
		checkMessage(t, fmt.Sprintf("notice %d", i), Notice(randomText(r, 5000)))
	}
}

func TestDigestContinuesInThread(t *testing.T) {
	d := &digest.Digest{Title: "Long summit"}
	for i := range 120 {
		d.Quotes = append(d.Quotes, digest.DigestQuote{Quote: digest.Quote{Speaker: fmt.Sprintf("Speaker %d", i), Text: fmt.Sprintf("Quote number %d.", i), Kind: digest.Direct}})
	}
	msgs := Digest(d, DigestOptions{})
	if len(msgs) < 3 {
		t.Fatalf("Digest(120 quotes) = %d messages; want at least 3", len(msgs))
	}
	for i, m := range msgs {
		checkMessage(t, fmt.Sprintf("message %d", i), m)
		if i > 0 && !strings.Contains(renderedText([]Message{m}), fmt.Sprintf("Long summit, continued (%d of %d)", i+1, len(msgs))) {
			t.Errorf("message %d does not say it continues", i)
		}
	}
	// The counts end the first message; the header opens it.
	first := msgs[0].Blocks
	if _, ok := first[0].(*slack.HeaderBlock); !ok {
		t.Errorf("first block is %T; want a header", first[0])
	}
	if c, ok := first[len(first)-1].(*slack.ContextBlock); !ok || !strings.Contains(c.ContextElements.Elements[0].(*slack.TextBlockObject).Text, "120 quotes") {
		t.Errorf("last block of the first message is %#v; want the counts", first[len(first)-1])
	}
	// Every quote appears once, in order.
	all := renderedText(msgs)
	last := -1
	for i := range 120 {
		at := strings.Index(all, fmt.Sprintf("Quote number %d.", i))
		if at < 0 || at < last {
			t.Fatalf("quote %d missing or out of order", i)
		}
		last = at
	}
	// The "Key quotes" title is never the last block of a message.
	for i, m := range msgs {
		if s, ok := m.Blocks[len(m.Blocks)-1].(*slack.SectionBlock); ok && s.Text.Text == "*Key quotes*" {
			t.Errorf("message %d ends with a section title", i)
		}
	}

	for _, max := range []int{1, 2} {
		preview := Digest(d, DigestOptions{PostValue: "v", MaxMessages: max})
		if len(preview) != max {
			t.Fatalf("Digest(MaxMessages: %d) = %d messages; want %d", max, len(preview), max)
		}
		for i, m := range preview {
			checkMessage(t, fmt.Sprintf("preview of %d, message %d", max, i), m)
			// The note closes the last message shown, whichever it is.
			if got, want := strings.Contains(renderedText([]Message{m}), "left out of this preview"), i == max-1; got != want {
				t.Errorf("Digest(MaxMessages: %d) message %d has the note: %v; want %v", max, i, got, want)
			}
		}
	}
}

// TestDigestPreviewEndsOnAWholeSection checks that a preview cut short never
// ends on a section title with none of its section after it: the length of
// the quotes after the decisions varies so that every cut is tried.
func TestDigestPreviewEndsOnAWholeSection(t *testing.T) {
	for size := 100; size < 2200; size += 10 {
		d := &digest.Digest{Title: "Cut"}
		for i := range 20 {
			d.Decisions = append(d.Decisions, digest.DigestDecision{Decision: digest.Decision{Text: fmt.Sprintf("Decision %d. %s", i, strings.Repeat("word ", 100))}})
		}
		for i := range 5 {
			d.Quotes = append(d.Quotes, digest.DigestQuote{Quote: digest.Quote{Speaker: "Ann", Text: fmt.Sprintf("Quote %d. %s", i, strings.Repeat("x", size)), Kind: digest.Direct}})
		}
		preview := Digest(d, DigestOptions{MaxMessages: 1})
		blocks := preview[0].Blocks
		for i, b := range blocks {
			if s, ok := b.(*slack.SectionBlock); ok && s.Text.Text == "*Key quotes*" {
				if next, ok := blocks[i+1].(*slack.SectionBlock); !ok || !strings.Contains(next.Text.Text, "Quote ") {
					t.Fatalf("Digest(quotes of %d runes) preview: \"Key quotes\" is followed by %#v, not a quote", size, blocks[i+1])
				}
			}
		}
	}
}

func quoteItems(n int) []QuoteItem {
	var items []QuoteItem
	for i := range n {
		items = append(items, QuoteItem{
			Quote:     digest.Quote{Speaker: "Mark Rutte", Text: fmt.Sprintf("Quote %d", i), Kind: digest.Direct, Time: digest.Clock(fmt.Sprintf("1%d:00", i%10))},
			Role:      "NATO Secretary General",
			ArticleID: "abcd1234", Title: "T", URL: "https://example.org/" + fmt.Sprint(i),
			Published: time.Date(2025, 9, 1+i, 0, 0, 0, 0, time.UTC),
		})
	}
	return items
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		name     string
		items    int
		page     Page
		wantMore *MoreValue
		wantNote string
	}{
		{"all fit", 3, Page{Query: "Rutte", Total: 3}, nil, "3 quotes"},
		{"more by total", 10, Page{Query: "Rutte", Total: 25}, &MoreValue{"Rutte", 10}, "1–10 of 25 quotes"},
		{"page cut", 14, Page{Query: "Rutte", Offset: 10, Total: 24}, &MoreValue{"Rutte", 20}, "11–20 of 24 quotes"},
		{"last page", 4, Page{Query: "Rutte", Offset: 20, Total: 24}, nil, "21–24 of 24 quotes"},
		{"lower bound", 10, Page{Query: "Rutte", Offset: 50, Total: 100, AtLeast: true}, &MoreValue{"Rutte", 60}, "51–60 of 100+ quotes"},
		{"none", 0, Page{Query: "Rutte"}, nil, "No results"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Quotes("Mark Rutte", quoteItems(tt.items), tt.page)
			checkMessage(t, tt.name, m)
			var more *MoreValue
			var note string
			for _, b := range m.Blocks {
				switch b := b.(type) {
				case *slack.ActionBlock:
					btn := b.Elements.ElementSet[0].(*slack.ButtonBlockElement)
					if btn.ActionID != ActionMoreQuotes {
						t.Errorf("button action %q; want %q", btn.ActionID, ActionMoreQuotes)
					}
					v, err := ParseMore(btn.Value)
					if err != nil {
						t.Fatal(err)
					}
					more = &v
				case *slack.ContextBlock:
					note = b.ContextElements.Elements[0].(*slack.TextBlockObject).Text
				}
			}
			if diff := cmp.Diff(tt.wantMore, more); diff != "" {
				t.Errorf("More value (-want +got):\n%s", diff)
			}
			if note != tt.wantNote {
				t.Errorf("context = %q; want %q", note, tt.wantNote)
			}
		})
	}
}

func TestQuotesNewestFirst(t *testing.T) {
	items := quoteItems(3) // oldest first
	m := Quotes("Mark Rutte", items, Page{Query: "Rutte"})
	all := renderedText([]Message{m})
	i2, i1, i0 := strings.Index(all, "Quote 2"), strings.Index(all, "Quote 1"), strings.Index(all, "Quote 0")
	if !(i2 < i1 && i1 < i0) {
		t.Errorf("Quotes order = %d, %d, %d; want newest first", i2, i1, i0)
	}
	if !strings.Contains(all, jsonString("*Mark Rutte*, NATO Secretary General · 3 Sep 2025, 12:00")) {
		t.Errorf("Quotes lacks the speaker line with role, day and time: %s", all)
	}
	if !strings.Contains(all, jsonString("<https://example.org/2|T> `abcd1234`")) {
		t.Errorf("Quotes lacks the source link: %s", all)
	}
}

func TestPhraseMatchesHighlights(t *testing.T) {
	items := []QuoteItem{{Quote: digest.Quote{Speaker: "Volodymyr Zelenskyy", Text: "Guarantees must be “strong and legally binding” now", Kind: digest.Direct}, Title: "T", URL: "https://e.org/x"}}
	m := PhraseMatches("“strong and LEGALLY binding”", items, Page{Query: "x"})
	checkMessage(t, "phrase", m)
	if all := renderedText([]Message{m}); !strings.Contains(all, jsonString("must be “*strong and legally binding*” now")) {
		t.Errorf("PhraseMatches does not bold the phrase: %s", all)
	}
}

func TestParseMore(t *testing.T) {
	v, ok := MoreValue{Query: `who "said" <x>`, Offset: 30}.Encode()
	if !ok {
		t.Fatal("Encode failed")
	}
	got, err := ParseMore(v)
	if err != nil || got != (MoreValue{`who "said" <x>`, 30}) {
		t.Errorf("ParseMore(%q) = %v, %v", v, got, err)
	}
	for _, bad := range []string{"", "{", `{"q":"x","o":-1}`} {
		if _, err := ParseMore(bad); err == nil {
			t.Errorf("ParseMore(%q) succeeded; want an error", bad)
		}
	}
	if _, ok := (MoreValue{Query: strings.Repeat("x", 2000)}).Encode(); ok {
		t.Error("Encode of a 2,000-character query succeeded; want false")
	}
}

func TestSmallMessages(t *testing.T) {
	tests := []struct {
		name string
		msg  Message
		want []string
	}{
		{"notice escapes", Notice("Could not fetch <https://x|y> & more"), []string{"Could not fetch &lt;https://x|y&gt; &amp; more"}},
		{"confirm", Confirm(Confirmation{Text: "Forget “Paris & co”?", ActionID: ActionForget, Value: "abcd1234", Label: "Forget", Danger: true}),
			[]string{"Forget “Paris &amp; co”?", `"action_id":"summit_forget"`, `"style":"danger"`, `"action_id":"summit_cancel"`}},
		{"no match", NoMatch("Rute", []string{"Mark Rutte"}), []string{"Nothing found for *Rute*.", "Did you mean *Mark Rutte*?"}},
		{"no match without names", NoMatch("zzz", nil), []string{"/summit speakers"}},
		{"speakers", Speakers([]digest.SpeakerCount{{Speaker: digest.Speaker{Name: "Mark Rutte", Role: "NATO Secretary General"}, Quotes: 2, Statements: 1}}),
			[]string{"• *Mark Rutte*, NATO Secretary General — 2 quotes, 1 statement", "1 speaker"}},
		{"no speakers", Speakers(nil), []string{"Nobody has been quoted yet."}},
		{"summary", Summary(digest.Extraction{
			Article:   digest.Article{ID: "abcd1234", Title: "Paris", URL: "https://e.org/p", Published: time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC)},
			Speakers:  []digest.Speaker{{Name: "Mark Rutte", Role: "NATO Secretary General"}},
			Quotes:    []digest.Quote{{Speaker: "Mark Rutte", Text: "We must not be naive about Russia", Kind: digest.Direct}},
			Decisions: []digest.Decision{{Actor: "the 26 nations", Text: "They finalised a plan."}},
			Summary:   []string{"One.", "Two."},
		}), []string{"<https://e.org/p|Paris> `abcd1234` · 4 Sep 2025", "*Summary*\nOne.\nTwo.", "*Mark Rutte*, NATO Secretary General · 4 Sep 2025\n> We must not be naive about Russia", "• *the 26 nations*: They finalised a plan.", "1 quote · 0 statements · 1 decision · 1 speaker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMessage(t, tt.name, tt.msg)
			all := renderedText([]Message{tt.msg})
			for _, w := range tt.want {
				if !strings.Contains(all, jsonString(w)) && !strings.Contains(all, w) {
					t.Errorf("%s lacks %q in %s", tt.name, w, all)
				}
			}
		})
	}
}

func BenchmarkDigest(b *testing.B) {
	d := randomDigest(rand.New(rand.NewPCG(1, 2)))
	b.ReportAllocs()
	for b.Loop() {
		Digest(d, DigestOptions{})
	}
}

func BenchmarkDigestReference(b *testing.B) {
	d := loadDigest(b, "reference-digest.input.json")
	b.ReportAllocs()
	for b.Loop() {
		Digest(d, DigestOptions{})
	}
}

func BenchmarkQuotes(b *testing.B) {
	items := quoteItems(10)
	b.ReportAllocs()
	for b.Loop() {
		Quotes("Mark Rutte", items, Page{Query: "Rutte", Total: 25})
	}
}

// BenchmarkSpeakers renders the speaker list of a summit with 200 people
// quoted, the size of BenchmarkCommandMix's store in internal/slackapp.
func BenchmarkSpeakers(b *testing.B) {
	speakers := make([]digest.SpeakerCount, 200)
	for i := range speakers {
		speakers[i] = digest.SpeakerCount{
			Speaker:    digest.Speaker{Name: fmt.Sprintf("Speaker Number%d", i), Role: "minister of foreign affairs"},
			Quotes:     200 - i,
			Statements: i % 7,
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Speakers(speakers)
	}
}

// TestSummaryEndsOnAWholeSection checks that a summary too long for one
// message loses whole quotes, never leaving the "Quotes" title alone.
func TestSummaryEndsOnAWholeSection(t *testing.T) {
	for size := 100; size < 1000; size += 20 {
		ext := digest.Extraction{Article: digest.Article{ID: "a1", Title: "Long"}}
		for i := range 19 {
			ext.Summary = append(ext.Summary, fmt.Sprintf("Sentence %d. %s", i, strings.Repeat("y", 590)))
		}
		for i := range 5 {
			ext.Quotes = append(ext.Quotes, digest.Quote{Speaker: "Ann", Text: fmt.Sprintf("Quote %d. %s", i, strings.Repeat("x", size)), Kind: digest.Direct})
		}
		msg := Summary(ext)
		checkMessage(t, fmt.Sprintf("summary with quotes of %d runes", size), msg)
		blocks := msg.Blocks
		for i, b := range blocks {
			if s, ok := b.(*slack.SectionBlock); ok && s.Text.Text == "*Quotes*" {
				if next, ok := blocks[i+1].(*slack.SectionBlock); !ok || !strings.Contains(next.Text.Text, "Quote ") {
					t.Fatalf("Summary(quotes of %d runes): \"Quotes\" is followed by %#v, not a quote", size, blocks[i+1])
				}
			}
		}
	}
}

// TestDigestListsSourcesUpToACap checks that a digest of many articles lists
// the first maxListedSources and counts the rest, while each quote still
// links its own.
func TestDigestListsSourcesUpToACap(t *testing.T) {
	d := &digest.Digest{Title: "Busy day"}
	for i := range 120 {
		d.Sources = append(d.Sources, digest.Source{ArticleID: fmt.Sprintf("id%03d", i), Title: fmt.Sprintf("Report %03d", i), URL: fmt.Sprintf("https://example.org/%d", i)})
	}
	d.Quotes = []digest.DigestQuote{{Quote: digest.Quote{Speaker: "Ann", Text: "Late words.", Kind: digest.Direct}, Sources: []int{110}}}
	msgs := Digest(d, DigestOptions{})
	for i, m := range msgs {
		checkMessage(t, fmt.Sprintf("message %d", i), m)
	}
	all := renderedText(msgs)
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Report 049", true},
		{"Report 050", false},
		{"and 70 more sources", true},
		{"Report 110", true}, // the quote's own link
	} {
		if got := strings.Contains(all, tt.text); got != tt.want {
			t.Errorf("Digest(120 sources) shows %q: %v; want %v", tt.text, got, tt.want)
		}
	}
}
