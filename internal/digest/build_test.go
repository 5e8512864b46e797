package digest

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// extractionOf is a test helper: an extraction of a source with nothing found in it yet.
func extractionOf(source string) Extraction {
	return Extraction{Article: Article{ID: ArticleID(source), Source: source, URL: "https://news.example/" + source, Title: "Title of " + source}}
}

func quoteTexts(d *Digest) []string {
	var out []string
	for _, q := range d.Quotes {
		out = append(out, q.Speaker+": "+q.Text)
	}
	return out
}

func TestBuildMergesQuotesAcrossSources(t *testing.T) {
	a := extractionOf("a")
	a.Speakers = []Speaker{{Name: "Emmanuel Macron", Role: "French President", Aliases: []string{"Macron"}}}
	a.Quotes = []Quote{{Speaker: "Emmanuel Macron", Text: "We have finalized a plan that offers strong security assurances for Ukraine", Kind: Direct, Time: "16:25", Offset: 10}}
	b := extractionOf("b")
	b.Speakers = []Speaker{{Name: "Macron"}}
	// Another outlet: the surname only, curly apostrophes, a trailing comma, no time.
	b.Quotes = []Quote{{Speaker: "Macron", Text: "We have finalised a plan that offers strong security assurances for Ukraine,", Kind: Direct}}
	c := extractionOf("c")
	c.Speakers = []Speaker{{Name: "President Macron"}}
	c.Quotes = []Quote{{Speaker: "Macron", Text: "we have finalized a plan that offers strong security assurances for Ukraine", Kind: Direct}}

	d := Build([]Extraction{a, b, c}, BuildOptions{})
	// "finalised" and "finalized" are different words: two quotes, not one.
	want := []DigestQuote{
		{
			Quote:   Quote{Speaker: "Emmanuel Macron", Text: "We have finalized a plan that offers strong security assurances for Ukraine", Kind: Direct, Time: "16:25", Offset: 10},
			Role:    "French President",
			Sources: []int{0, 2},
		},
		{
			Quote:   Quote{Speaker: "Emmanuel Macron", Text: "We have finalised a plan that offers strong security assurances for Ukraine,", Kind: Direct},
			Role:    "French President",
			Sources: []int{1},
		},
	}
	if diff := cmp.Diff(want, d.Quotes, cmpIgnoreScore()); diff != "" {
		t.Errorf("Build(...).Quotes mismatch (-want +got):\n%s", diff)
	}
	wantSpeakers := []SpeakerCount{{
		Speaker: Speaker{Name: "Emmanuel Macron", Role: "French President", Aliases: []string{"Macron", "President Macron"}},
		Quotes:  3,
	}}
	if diff := cmp.Diff(wantSpeakers, d.Speakers); diff != "" {
		t.Errorf("Build(...).Speakers mismatch (-want +got):\n%s", diff)
	}
}

func cmpIgnoreScore() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Score" }, cmp.Ignore())
}

func TestBuildSpeakerMerging(t *testing.T) {
	tests := []struct {
		name     string
		speakers [][]Speaker // per article
		quotedBy []string    // one quote per name, in the last article
		want     []string    // Speakers' names with counts, as "name/quotes"
	}{
		{
			name:     "surname joins the full name",
			speakers: [][]Speaker{{{Name: "Mark Rutte", Role: "NATO Secretary General"}}, {{Name: "Rutte"}}},
			quotedBy: []string{"Rutte", "Mark Rutte"},
			want:     []string{"Mark Rutte/2"},
		},
		{
			name:     "a shared surname stays apart",
			speakers: [][]Speaker{{{Name: "Boris Johnson"}, {Name: "Mike Johnson"}}, {{Name: "Johnson"}}},
			quotedBy: []string{"Johnson", "Boris Johnson"},
			want:     []string{"Boris Johnson/1", "Johnson/1", "Mike Johnson/0"},
		},
		{
			name:     "declared alias joins",
			speakers: [][]Speaker{{{Name: "Volodymyr Zelenskyy", Aliases: []string{"Zelensky", "Zelenskyy"}}}, {{Name: "Zelensky"}}},
			quotedBy: []string{"Zelensky", "Zelensky"},
			want:     []string{"Volodymyr Zelenskyy/2"},
		},
		{
			name:     "titles before a name",
			speakers: [][]Speaker{{{Name: "Stubb"}}, {{Name: "Alexander Stubb"}}, {{Name: "President Alexander Stubb"}}},
			quotedBy: []string{"President Stubb", "Stubb"},
			want:     []string{"Alexander Stubb/2"},
		},
		{
			name: "chain of longer names",
			speakers: [][]Speaker{
				{{Name: "Zelenskyy"}},
				{{Name: "Volodymyr Zelenskyy"}},
				{{Name: "Volodymyr Oleksandrovych Zelenskyy", Aliases: []string{"Volodymyr Zelenskyy"}}},
			},
			quotedBy: []string{"Zelenskyy"},
			want:     []string{"Volodymyr Oleksandrovych Zelenskyy/1"},
		},
		{
			name:     "descriptive sources are not listed",
			speakers: [][]Speaker{{{Name: "Ursula von der Leyen"}}},
			quotedBy: []string{"a spokesperson", "Ursula von der Leyen", ""},
			want:     []string{"Ursula von der Leyen/1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exts []Extraction
			for i, sp := range tt.speakers {
				x := extractionOf(string(rune('a' + i)))
				x.Speakers = sp
				exts = append(exts, x)
			}
			last := &exts[len(exts)-1]
			for i, who := range tt.quotedBy {
				last.Quotes = append(last.Quotes, Quote{Speaker: who, Text: "Quote number " + string(rune('A'+i)) + " of the test", Kind: Direct})
			}
			d := Build(exts, BuildOptions{})
			var got []string
			for _, s := range d.Speakers {
				got = append(got, s.Name+"/"+string(rune('0'+s.Quotes)))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Build(%v).Speakers mismatch (-want +got):\n%s", tt.speakers, diff)
			}
		})
	}
}

func TestBuildMergesContainedQuotes(t *testing.T) {
	long := "The security guarantees must be strong and legally binding, or they are worth nothing"
	tests := []struct {
		name   string
		quotes [][]Quote // per article
		want   []string
	}{
		{
			name: "partial inside a direct quote of the same speaker",
			quotes: [][]Quote{
				{{Speaker: "Volodymyr Zelenskyy", Text: long, Kind: Direct}},
				{{Speaker: "Volodymyr Zelenskyy", Text: "strong and legally binding", Kind: Partial, Time: "16:49"}},
			},
			want: []string{"Volodymyr Zelenskyy: " + long},
		},
		{
			name: "same words from another speaker stay apart",
			quotes: [][]Quote{
				{{Speaker: "Volodymyr Zelenskyy", Text: long, Kind: Direct}},
				{{Speaker: "Keir Starmer", Text: "strong and legally binding", Kind: Partial}},
			},
			want: []string{"Volodymyr Zelenskyy: " + long, "Keir Starmer: strong and legally binding"},
		},
		{
			name: "too short to merge",
			quotes: [][]Quote{
				{{Speaker: "Volodymyr Zelenskyy", Text: long, Kind: Direct}},
				{{Speaker: "Volodymyr Zelenskyy", Text: "legally binding", Kind: Partial}},
			},
			want: []string{"Volodymyr Zelenskyy: " + long, "Volodymyr Zelenskyy: legally binding"},
		},
		{
			name: "words must match whole",
			quotes: [][]Quote{
				{{Speaker: "Volodymyr Zelenskyy", Text: long, Kind: Direct}},
				{{Speaker: "Volodymyr Zelenskyy", Text: "strong and legally bind", Kind: Partial}},
			},
			want: []string{"Volodymyr Zelenskyy: " + long, "Volodymyr Zelenskyy: strong and legally bind"},
		},
		{
			name: "unattributed copy takes the speaker",
			quotes: [][]Quote{
				{{Speaker: "", Text: "strong and legally binding", Kind: Partial}},
				{{Speaker: "Volodymyr Zelenskyy", Text: long, Kind: Direct}},
			},
			want: []string{"Volodymyr Zelenskyy: " + long},
		},
		{
			name: "unattributed copy of two speakers' words stays alone",
			quotes: [][]Quote{
				{{Speaker: "", Text: "strong and legally binding", Kind: Partial}},
				{{Speaker: "Volodymyr Zelenskyy", Text: long, Kind: Direct}},
				{{Speaker: "Keir Starmer", Text: "strong and legally binding", Kind: Partial}},
			},
			want: []string{"Volodymyr Zelenskyy: " + long, ": strong and legally binding", "Keir Starmer: strong and legally binding"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exts []Extraction
			for i, qs := range tt.quotes {
				x := extractionOf(string(rune('a' + i)))
				x.Quotes = qs
				exts = append(exts, x)
			}
			got := quoteTexts(Build(exts, BuildOptions{}))
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Build(%v) quotes mismatch (-want +got):\n%s", tt.quotes, diff)
			}
		})
	}
}

func TestBuildMergedQuoteKeepsTimeAndSources(t *testing.T) {
	a := extractionOf("a")
	a.Quotes = []Quote{{Speaker: "Volodymyr Zelenskyy", Text: "The guarantees must be strong and legally binding", Kind: Partial}}
	b := extractionOf("b")
	b.Quotes = []Quote{{Speaker: "Volodymyr Zelenskyy", Text: "strong and legally binding", Kind: Partial, Time: "16:49"}}
	d := Build([]Extraction{a, b}, BuildOptions{})
	if len(d.Quotes) != 1 {
		t.Fatalf("Build(a, b).Quotes = %v; want one quote", quoteTexts(d))
	}
	q := d.Quotes[0]
	if q.Time != "16:49" || !slices.Equal(q.Sources, []int{0, 1}) {
		t.Errorf("Build(a, b).Quotes[0] = time %q, sources %v; want 16:49, [0 1]", q.Time, q.Sources)
	}
}

func TestBuildRanksQuotes(t *testing.T) {
	// Prominence: Rutte is quoted in three articles, Kallas once. Corroboration:
	// Rutte's warning is in three. Direct beats partial; a time helps.
	var exts []Extraction
	for i := range 3 {
		x := extractionOf(string(rune('a' + i)))
		x.Quotes = []Quote{{Speaker: "Mark Rutte", Text: "We must not be naive about Russia", Kind: Direct}}
		exts = append(exts, x)
	}
	exts[0].Quotes = append(exts[0].Quotes,
		Quote{Speaker: "Mark Rutte", Text: "a persistent challenge", Kind: Partial},
		Quote{Speaker: "Kaja Kallas", Text: "Russia is not interested in peace at all", Kind: Direct},
		Quote{Speaker: "Mark Rutte", Text: "Russia plays for time while it bombs cities", Kind: Direct, Time: "10:09"},
	)
	d := Build(exts, BuildOptions{})
	want := []string{
		"Mark Rutte: We must not be naive about Russia",
		"Mark Rutte: Russia plays for time while it bombs cities",
		"Kaja Kallas: Russia is not interested in peace at all",
		"Mark Rutte: a persistent challenge",
	}
	if diff := cmp.Diff(want, quoteTexts(d)); diff != "" {
		t.Errorf("Build(...) quote order mismatch (-want +got):\n%s", diff)
	}
	for i := 1; i < len(d.Quotes); i++ {
		if d.Quotes[i].Score > d.Quotes[i-1].Score {
			t.Errorf("Build(...).Quotes[%d].Score = %v > Quotes[%d].Score = %v; want non-increasing", i, d.Quotes[i].Score, i-1, d.Quotes[i-1].Score)
		}
	}
}

func TestBuildStatementsAndDecisions(t *testing.T) {
	a := extractionOf("a")
	a.Statements = []Statement{
		{Speaker: "Alexander Stubb", Text: "Stubb disclosed that Trump proposed closer coordination on sanctions.", Time: "17:11"},
		{Speaker: "Emmanuel Macron", Text: "He said the plan would go to the United States."},
	}
	a.Decisions = []Decision{{Actor: "the 26 nations", Text: "The 26 nations finalised a plan for security guarantees."}}
	b := extractionOf("b")
	b.Speakers = []Speaker{{Name: "Alexander Stubb", Role: "Finland's President"}}
	b.Statements = []Statement{{Speaker: "Stubb", Text: "Stubb disclosed that Trump proposed closer coordination on sanctions"}}
	b.Decisions = []Decision{
		{Actor: "The 26 nations", Text: "The 26 nations finalised a plan for security guarantees.", Time: "16:25"},
		{Actor: "Coalition of the Willing", Text: "The coalition pledged troops for a reassurance force."},
	}
	d := Build([]Extraction{a, b}, BuildOptions{})
	wantSt := []DigestStatement{
		{Statement: Statement{Speaker: "Alexander Stubb", Text: "Stubb disclosed that Trump proposed closer coordination on sanctions.", Time: "17:11"}, Sources: []int{0, 1}},
		{Statement: Statement{Speaker: "Emmanuel Macron", Text: "He said the plan would go to the United States."}, Sources: []int{0}},
	}
	if diff := cmp.Diff(wantSt, d.Statements); diff != "" {
		t.Errorf("Build(a, b).Statements mismatch (-want +got):\n%s", diff)
	}
	wantDec := []DigestDecision{
		{Decision: Decision{Actor: "the 26 nations", Text: "The 26 nations finalised a plan for security guarantees.", Time: "16:25"}, Sources: []int{0, 1}},
		{Decision: Decision{Actor: "Coalition of the Willing", Text: "The coalition pledged troops for a reassurance force."}, Sources: []int{1}},
	}
	if diff := cmp.Diff(wantDec, d.Decisions); diff != "" {
		t.Errorf("Build(a, b).Decisions mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildTimeline(t *testing.T) {
	a := extractionOf("a")
	a.Article.Published = time.Date(2025, 9, 4, 18, 0, 0, 0, time.UTC)
	a.Timeline = []Event{
		{Time: "16:25", Speaker: "Emmanuel Macron", Text: "Macron announces the plan."},
		{Time: "10:09", Speaker: "Mark Rutte", Text: "Rutte warns about Russia."},
	}
	b := extractionOf("b")
	b.Timeline = []Event{
		{Date: "2025-09-04", Time: "10:09", Speaker: "Mark Rutte", Text: "Rutte warns about Russia"},
		{Date: "2025-09-03", Time: "21:00", Speaker: "", Text: "Leaders arrive in Paris."},
		{Time: "08:00", Text: "An undated entry."},
	}
	d := Build([]Extraction{a, b}, BuildOptions{})
	want := []DigestEvent{
		{Event: Event{Time: "08:00", Text: "An undated entry."}, Source: 1},
		{Event: Event{Date: "2025-09-03", Time: "21:00", Text: "Leaders arrive in Paris."}, Source: 1},
		{Event: Event{Date: "2025-09-04", Time: "10:09", Speaker: "Mark Rutte", Text: "Rutte warns about Russia."}, Source: 0},
		{Event: Event{Date: "2025-09-04", Time: "16:25", Speaker: "Emmanuel Macron", Text: "Macron announces the plan."}, Source: 0},
	}
	if diff := cmp.Diff(want, d.Timeline); diff != "" {
		t.Errorf("Build(a, b).Timeline mismatch (-want +got):\n%s", diff)
	}

	// Over the cap, the entry both sources carry stays.
	d = Build([]Extraction{a, b}, BuildOptions{MaxTimeline: 1})
	if len(d.Timeline) != 1 || d.Timeline[0].Time != "10:09" {
		t.Errorf("Build(a, b, MaxTimeline 1).Timeline = %v; want the 10:09 entry alone", d.Timeline)
	}
}

func TestBuildOptions(t *testing.T) {
	old := extractionOf("old")
	old.Article.Published = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	old.Quotes = []Quote{{Speaker: "Keir Starmer", Text: "An old quote about the coalition", Kind: Direct}}
	fresh := extractionOf("fresh")
	fresh.Article.Published = time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC)
	fresh.Quotes = []Quote{
		{Speaker: "Keir Starmer", Text: "A fresh quote about the coalition", Kind: Direct},
		{Speaker: "Keir Starmer", Text: "Another fresh quote, on troops", Kind: Direct},
	}
	undated := extractionOf("undated")
	undated.Quotes = []Quote{{Speaker: "Keir Starmer", Text: "An undated quote about sanctions", Kind: Direct}}
	exts := []Extraction{old, fresh, undated}

	tests := []struct {
		name        string
		opts        BuildOptions
		wantTitle   string
		wantSources int
		wantQuotes  int
	}{
		{name: "defaults", opts: BuildOptions{}, wantTitle: "Title of old", wantSources: 3, wantQuotes: 4},
		{name: "title", opts: BuildOptions{Title: "Paris summit"}, wantTitle: "Paris summit", wantSources: 3, wantQuotes: 4},
		{name: "since", opts: BuildOptions{Since: time.Date(2025, 9, 2, 0, 0, 0, 0, time.UTC)}, wantTitle: "Title of fresh", wantSources: 2, wantQuotes: 3},
		{name: "cap", opts: BuildOptions{MaxQuotes: 2}, wantTitle: "Title of old", wantSources: 3, wantQuotes: 2},
		{name: "no cap", opts: BuildOptions{MaxQuotes: -1, MaxStatements: -1, MaxDecisions: -1, MaxTimeline: -1, MaxSpeakers: -1, SummarySentences: -1}, wantTitle: "Title of old", wantSources: 3, wantQuotes: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Build(exts, tt.opts)

			if d.Title != tt.wantTitle || len(d.Sources) != tt.wantSources || len(d.Quotes) != tt.wantQuotes {
				t.Errorf("Build(%+v) = title %q, %d sources, %d quotes; want %q, %d, %d",
					tt.opts, d.Title, len(d.Sources), len(d.Quotes), tt.wantTitle, tt.wantSources, tt.wantQuotes)
			}
		})
	}
}

func TestBuildTitleFromFirstTitledArticle(t *testing.T) {
	untitled := Extraction{Article: Article{Source: "untitled.txt", Title: "  "}}
	titled := extractionOf("b")
	if got, want := Build([]Extraction{untitled, titled}, BuildOptions{}).Title, "Title of b"; got != want {
		t.Errorf("Build(untitled, titled).Title = %q; want %q", got, want)
	}
	if got := Build([]Extraction{untitled}, BuildOptions{}).Title; got != "" {
		t.Errorf("Build(untitled).Title = %q; want \"\"", got)
	}
}

func TestBuildCountsAnArticleOnce(t *testing.T) {
	a := extractionOf("a")
	a.Quotes = []Quote{{Speaker: "Keir Starmer", Text: "We stand with Ukraine for as long as it takes", Kind: Direct}}
	b := extractionOf("b")
	b.Quotes = a.Quotes
	d := Build([]Extraction{a, b, a}, BuildOptions{})
	if len(d.Sources) != 2 {
		t.Errorf("Build(a, b, a).Sources = %v; want a and b", d.Sources)
	}
	if len(d.Quotes) != 1 || !slices.Equal(d.Quotes[0].Sources, []int{0, 1}) {
		t.Errorf("Build(a, b, a).Quotes = %+v; want one quote from sources [0 1]", d.Quotes)
	}
	if len(d.Speakers) != 1 || d.Speakers[0].Quotes != 2 {
		t.Errorf("Build(a, b, a).Speakers = %+v; want Keir Starmer quoted twice", d.Speakers)
	}
}

func TestBuildSummary(t *testing.T) {
	lead := "Leaders of 26 nations agreed in Paris on security guarantees for Ukraine after a ceasefire."
	a := extractionOf("a")
	a.Summary = []string{lead, "The plan now goes to Washington, where officials will study the proposal next week."}
	b := extractionOf("b")
	b.Summary = []string{lead, "Finland's president said Trump proposed closer coordination on sanctions against Russian oil."}
	c := extractionOf("c")
	c.Article.Text = "\n  Farmers blocked the roads around the venue with tractors to protest against grain imports. Police cleared them by noon.\n"
	d := Build([]Extraction{a, b, c}, BuildOptions{SummarySentences: 3})
	if len(d.Summary) == 0 || len(d.Summary) > 3 {
		t.Fatalf("Build(a, b, c).Summary = %q; want 1 to 3 sentences", d.Summary)
	}
	if d.Summary[0] != lead {
		t.Errorf("Build(a, b, c).Summary[0] = %q; want the shared lead %q", d.Summary[0], lead)
	}
	if n := slices.Index(d.Summary[1:], lead); n >= 0 {
		t.Errorf("Build(a, b, c).Summary = %q; the lead appears twice", d.Summary)
	}
}

func TestLeadSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"\n\nOne line without a stop", "One line without a stop"},
		{"The U.S. delegation arrived late in the evening. Talks began at once.", "The U.S. delegation arrived late in the evening."},
		{"Short. Then a much longer second sentence follows here. And a third.", "Short. Then a much longer second sentence follows here."},
	}
	for _, tt := range tests {
		if got := leadSentence(tt.in); got != tt.want {
			t.Errorf("leadSentence(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestBuildEmpty(t *testing.T) {
	d := Build(nil, BuildOptions{})
	if d == nil {
		t.Fatal("Build(nil) = nil; want an empty digest")
	}
	if diff := cmp.Diff(&Digest{}, d, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Build(nil) mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildDeterministic(t *testing.T) {
	exts := generateExtractions(300, 7)
	first := Build(exts, BuildOptions{})
	for range 3 {
		if diff := cmp.Diff(first, Build(exts, BuildOptions{})); diff != "" {
			t.Fatalf("Build(generated) differs between runs (-first +again):\n%s", diff)
		}
	}
}

// foldKeyReference is foldKey as first written, rune by rune: the byte path
// for ASCII must agree with it on every input.
func foldKeyReference(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

func TestFoldKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  We must NOT be naive, about Russia!  ", "we must not be naive about russia"},
		{"\u201cRussia\u2019s war\u201d", "russia s war"},
		{"Zelenskyy: «Ми не здамося»", "zelenskyy ми не здамося"},
		{"16:25 — U.S.-led", "16 25 u s led"},
		{"Ça\tva\u00a0bien", "ça va bien"},
		{"\xff\xfeok", "ok"},
	}
	for _, tt := range tests {
		if got := foldKey(tt.in); got != tt.want {
			t.Errorf("foldKey(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFoldKey(f *testing.F) {
	for _, s := range []string{"", "We must not be naive", "Zelenskyy’s «guarantees»", "\xff\x00A-b_c", "ÀÉÎ õü 1/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldKey(s), foldKeyReference(s); got != want {
			t.Errorf("foldKey(%q) = %q; want %q", s, got, want)
		}
	})
}

func TestBuildKeepsTimedItemsUnderCaps(t *testing.T) {
	x := extractionOf("a")
	x.Statements = []Statement{{Speaker: "Mark Rutte", Text: "Rutte said the alliance would stay vigilant about Russia and China.", Time: "10:09"}}
	x.Decisions = []Decision{{Actor: "NATO", Text: "The allies agreed to raise spending.", Time: "12:00"}}
	// Many untimed items by a more prominent speaker, on the article's main words.
	for i := range 30 {
		x.Quotes = append(x.Quotes, Quote{Speaker: "Emmanuel Macron", Text: "Security guarantees for Ukraine, point " + strings.Repeat("x", i+1), Kind: Direct})
		x.Statements = append(x.Statements, Statement{Speaker: "Emmanuel Macron", Text: "Macron said security guarantees for Ukraine matter, point " + strings.Repeat("x", i+1) + "."})
		x.Decisions = append(x.Decisions, Decision{Actor: "Coalition", Text: "The coalition agreed on security guarantees for Ukraine, point " + strings.Repeat("x", i+1) + "."})
	}
	d := Build([]Extraction{x}, BuildOptions{MaxStatements: 3, MaxDecisions: 3})
	if len(d.Statements) != 3 || d.Statements[0].Time != "10:09" {
		t.Errorf("Build(...).Statements[0] = %+v; want the timed statement first of 3", d.Statements[0])
	}
	if len(d.Decisions) != 3 || d.Decisions[0].Time != "12:00" {
		t.Errorf("Build(...).Decisions[0] = %+v; want the timed decision first of 3", d.Decisions[0])
	}
}

func TestQuoteLength(t *testing.T) {
	tests := []struct {
		words int
		want  float64
	}{
		{0, 0}, {2, 0.25}, {8, 1}, {25, 1}, {40, 1}, {80, 0.5}, {120, 0}, {500, 0},
	}
	for _, tt := range tests {
		if got := quoteLength(tt.words); got != tt.want {
			t.Errorf("quoteLength(%d) = %v; want %v", tt.words, got, tt.want)
		}
	}
}

func TestBuildLeavesItsInputAlone(t *testing.T) {
	exts := generateExtractions(200, 3)
	want := generateExtractions(200, 3)
	Build(exts, BuildOptions{})
	if diff := cmp.Diff(want, exts); diff != "" {
		t.Errorf("Build changed its input (-before +after):\n%s", diff)
	}
}

// TestBuildConcurrent shares one input among several builds; run with
// -race, it shows that Build keeps no state between calls.
func TestBuildConcurrent(t *testing.T) {
	exts := generateExtractions(100, 5)
	want := Build(exts, BuildOptions{})
	var wg sync.WaitGroup
	got := make([]*Digest, 4)
	for i := range got {
		wg.Go(func() { got[i] = Build(exts, BuildOptions{}) })
	}
	wg.Wait()
	for i, d := range got {
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("concurrent Build %d differs (-want +got):\n%s", i, diff)
		}
	}
}

func TestBuildSummaryLeftOut(t *testing.T) {
	x := extractionOf("a")
	x.Summary = []string{"Leaders of 26 nations agreed in Paris on security guarantees for Ukraine after a ceasefire."}
	if got := Build([]Extraction{x}, BuildOptions{SummarySentences: -1}).Summary; len(got) != 0 {
		t.Errorf("Build(SummarySentences -1).Summary = %q; want none", got)
	}
}

// FuzzBuild feeds Build speakers and words of any kind and checks what
// every digest promises: sources in range and in order, quotes ranked,
// a sorted timeline, and the same digest twice.
func FuzzBuild(f *testing.F) {
	f.Add("Emmanuel Macron", "Macron", "We have finalized a plan", "finalized a plan")
	f.Add("", "a spokesperson", "no comment", "")
	f.Add("President Alexander Stubb", "Stubb", "x y z", "x y z w")
	f.Add("Ба Ки", "ки", "«слова слова слова»", "слова слова")
	f.Fuzz(func(t *testing.T, name, alias, text, part string) {
		var exts []Extraction
		for i, who := range []string{name, alias, ""} {
			x := extractionOf(string(rune('a' + i)))
			x.Speakers = []Speaker{{Name: name, Aliases: []string{alias}}}
			x.Quotes = []Quote{{Speaker: who, Text: text, Kind: Direct, Time: "10:00"}, {Speaker: who, Text: part, Kind: Partial}}
			x.Statements = []Statement{{Speaker: who, Text: part + " " + text}}
			x.Decisions = []Decision{{Actor: alias, Text: text}}
			x.Timeline = []Event{{Time: Clock("1" + string(rune('0'+i)) + ":00"), Speaker: who, Text: text}}
			x.Summary = []string{text, part}
			exts = append(exts, x)
		}
		d := Build(exts, BuildOptions{})
		check := func(what string, srcs []int) {
			if len(srcs) == 0 || !slices.IsSorted(srcs) || srcs[0] < 0 || srcs[len(srcs)-1] >= len(d.Sources) {
				t.Errorf("Build: %s has sources %v; want sorted indices into %d sources", what, srcs, len(d.Sources))
			}
		}
		for i, q := range d.Quotes {
			check("quote "+q.Text, q.Sources)
			if i > 0 && q.Score > d.Quotes[i-1].Score {
				t.Errorf("Build: quote %d scores %v above quote %d's %v", i, q.Score, i-1, d.Quotes[i-1].Score)
			}
		}
		for _, s := range d.Statements {
			check("statement "+s.Text, s.Sources)
		}
		for _, dec := range d.Decisions {
			check("decision "+dec.Text, dec.Sources)
		}
		if !slices.IsSortedFunc(d.Timeline, func(a, b DigestEvent) int {
			if c := strings.Compare(a.Date, b.Date); c != 0 {
				return c
			}
			return strings.Compare(string(a.Time), string(b.Time))
		}) {
			t.Errorf("Build: timeline %v is not sorted by date and time", d.Timeline)
		}
		if diff := cmp.Diff(d, Build(exts, BuildOptions{})); diff != "" {
			t.Errorf("Build differs between runs (-first +second):\n%s", diff)
		}
		// Uncapped, as scheduled digests build, no quote is lost.
		all := Build(exts, BuildOptions{MaxQuotes: -1, MaxStatements: -1, MaxDecisions: -1})
		for _, x := range exts {
			for _, q := range x.Quotes {
				w := foldKey(q.Text)
				if w != "" && !slices.ContainsFunc(all.Quotes, func(dq DigestQuote) bool { return containsWords(foldKey(dq.Text), w) }) {
					t.Errorf("Build(uncapped) lost quote %q", q.Text)
				}
			}
		}
	})
}

func TestDiversify(t *testing.T) {
	tests := []struct {
		name       string
		who        []string  // per item
		scores     []float64 // per item; items are given best first
		limit      int
		wantOrder  []int
		wantScores []float64 // of the items in wantOrder
	}{
		{
			name:       "one speaker gives way",
			who:        []string{"a", "a", "a", "b"},
			scores:     []float64{1, 0.95, 0.9, 0.85},
			limit:      10,
			wantOrder:  []int{0, 3, 1, 2},
			wantScores: []float64{1, 0.85, 0.76, 0.576},
		},
		{
			name:       "a clear lead stays ahead",
			who:        []string{"a", "a", "b"},
			scores:     []float64{1, 0.9, 0.5},
			limit:      10,
			wantOrder:  []int{0, 1, 2},
			wantScores: []float64{1, 0.72, 0.5},
		},
		{
			name:       "unknown speakers are not held back",
			who:        []string{"", "", "b"},
			scores:     []float64{1, 0.9, 0.8},
			limit:      10,
			wantOrder:  []int{0, 1, 2},
			wantScores: []float64{1, 0.9, 0.8},
		},
		{
			name:       "limit",
			who:        []string{"a", "b", "c"},
			scores:     []float64{0.9, 0.9, 0.9},
			limit:      2,
			wantOrder:  []int{0, 1},
			wantScores: []float64{0.9, 0.9},
		},
		{name: "nothing", limit: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order := make([]int, len(tt.who))
			for i := range order {
				order[i] = i
			}
			gotOrder, gotScores := diversify(order, tt.scores, func(i int) string { return tt.who[i] }, tt.limit)
			var scores []float64
			for _, i := range gotOrder {
				scores = append(scores, gotScores[i])
			}
			if diff := cmp.Diff(tt.wantOrder, gotOrder, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("diversify(%v, %v) order mismatch (-want +got):\n%s", tt.who, tt.scores, diff)
			}
			if diff := cmp.Diff(tt.wantScores, scores, cmpopts.EquateEmpty(), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("diversify(%v, %v) scores mismatch (-want +got):\n%s", tt.who, tt.scores, diff)
			}
		})
	}
}

// TestBuildUncappedKeepsEveryItem is what scheduled digests rely on: with
// no caps, every quote, statement and decision given to Build is in the
// digest, itself or inside a longer item that contains its words. A
// claimed item left out would never be posted.
func TestBuildUncappedKeepsEveryItem(t *testing.T) {
	exts := generateExtractions(300, 7)
	d := Build(exts, BuildOptions{MaxQuotes: -1, MaxStatements: -1, MaxDecisions: -1})
	kept := func(what string, have []string, want string) {
		t.Helper()
		w := foldKey(want)
		if w == "" {
			return
		}
		for _, h := range have {
			if containsWords(foldKey(h), w) {
				return
			}
		}
		t.Errorf("Build(uncapped) lost %s %q", what, want)
	}
	var quotes, statements, decisions []string
	for _, q := range d.Quotes {
		quotes = append(quotes, q.Text)
	}
	for _, s := range d.Statements {
		statements = append(statements, s.Text)
	}
	for _, dec := range d.Decisions {
		decisions = append(decisions, dec.Text)
	}
	n := 0
	for _, x := range exts {
		for _, q := range x.Quotes {
			kept("quote", quotes, q.Text)
			n++
		}
		for _, s := range x.Statements {
			kept("statement", statements, s.Text)
		}
		for _, dec := range x.Decisions {
			kept("decision", decisions, dec.Text)
		}
	}
	if n <= DefaultMaxQuotes {
		t.Fatalf("generateExtractions(300) has %d quotes; the test needs more than the default cap", n)
	}
}
