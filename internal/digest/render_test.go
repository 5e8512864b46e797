package digest

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run go test -run Golden -update to write it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		tb.Errorf("%s mismatch (-want +got), run with -update if the change is right:\n%s", name, diff)
	}
}

// summitExtractions are two reports of one summit: a news site and a local
// file, sharing a quote, a decision and a timeline entry.
func summitExtractions() []Extraction {
	day := time.Date(2025, 9, 4, 19, 30, 0, 0, time.UTC)
	a := Extraction{
		Article: Article{
			ID: "1a2b3c4d", Source: "https://www.news.example/world/paris-summit", URL: "https://www.news.example/world/paris-summit",
			Title: "Coalition finalises security guarantees for Ukraine", Published: day, Author: "Jane Roe",
		},
		Speakers: []Speaker{
			{Name: "Emmanuel Macron", Role: "French President", Aliases: []string{"Macron"}},
			{Name: "Volodymyr Zelenskyy", Role: "Ukrainian President", Aliases: []string{"Zelenskyy"}},
			{Name: "Mark Rutte", Role: "NATO Secretary General", Aliases: []string{"Rutte"}},
		},
		Quotes: []Quote{
			{Speaker: "Emmanuel Macron", Text: "We have finalized a plan that offers strong security assurances for Ukraine", Kind: Direct, Time: "16:25"},
			{Speaker: "Volodymyr Zelenskyy", Text: "strong and legally binding", Kind: Partial, Time: "16:49"},
			{Speaker: "Mark Rutte", Text: "We must not be naive about Russia", Kind: Direct},
		},
		Statements: []Statement{
			{Speaker: "Emmanuel Macron", Text: "He further revealed that the proposal would now be taken to the United States for formalization.", Time: "16:46"},
		},
		Decisions: []Decision{
			{Actor: "the 26 nations", Text: "A group of 26 nations has finalized a plan for security guarantees for Ukraine."},
		},
		Timeline: []Event{
			{Time: "10:09", Speaker: "Mark Rutte", Text: "Rutte warns against naivety about Russia."},
			{Time: "16:25", Speaker: "Emmanuel Macron", Text: "Macron announces the finalised plan."},
		},
		Summary: []string{
			"A group of 26 nations has finalized a plan for security guarantees for Ukraine, French President Emmanuel Macron said in Paris.",
			"The plan now goes to the United States.",
		},
	}
	b := Extraction{
		Article: Article{ID: "5e6f7a8b", Source: "live-blog.txt", Title: "Live: leaders meet in Paris", Published: day},
		Speakers: []Speaker{
			{Name: "Zelenskyy", Role: "Ukrainian President"},
			{Name: "Alexander Stubb", Role: "Finland's President", Aliases: []string{"Stubb"}},
		},
		Quotes: []Quote{
			{Speaker: "Zelenskyy", Text: "Our key task is to ensure Russia cannot continue this war by cutting off its resources", Kind: Direct, Time: "16:37"},
			{Speaker: "Macron", Text: "We have finalized a plan that offers strong security assurances for Ukraine,", Kind: Direct},
		},
		Statements: []Statement{
			{Speaker: "Alexander Stubb", Text: "Finland's President Alexander Stubb disclosed that Trump proposed closer coordination on sanctions.", Time: "17:11"},
		},
		Decisions: []Decision{
			{Actor: "The 26 nations", Text: "A group of 26 nations has finalized a plan for security guarantees for Ukraine.", Time: "16:25"},
			{Actor: "Donald Trump", Text: "Trump proposed closer coordination between the U.S. and Europe on sanctions.", Time: "17:11"},
		},
		Timeline: []Event{
			{Time: "17:11", Speaker: "Alexander Stubb", Text: "Stubb reports on the call with Trump."},
			{Time: "10:09", Speaker: "Rutte", Text: "Rutte warns against naivety about Russia"},
		},
		Summary: []string{
			"Leaders of the Coalition of the Willing met in Paris on Thursday and agreed on security guarantees for Ukraine.",
			"Finland's president said Trump proposed closer coordination on sanctions against Russia's oil revenues.",
		},
	}
	return []Extraction{a, b}
}

// hostileDigest holds text that would break a naive layout: Markdown
// markup, line breaks, a script URL, a long word, many sources, days.
func hostileDigest() *Digest {
	var sources []Source
	for i := range 6 {
		sources = append(sources, Source{
			Title:     "Report *" + string(rune('A'+i)) + "* [draft]",
			Source:    "https://example.org/r/" + string(rune('a'+i)) + " (1)",
			URL:       "https://example.org/r/" + string(rune('a'+i)) + " (1)",
			Published: time.Date(2025, 9, 3+i%2, 8, 0, 0, 0, time.UTC),
		})
	}
	sources = append(sources,
		Source{Title: "Click me", Source: "javascript:alert(1)", URL: "javascript:alert(1)"},
		Source{Source: "notes_2025.md"},
	)
	return &Digest{
		Title:   "# Talks | *day two*",
		Sources: sources,
		Summary: []string{"1. Not a list item, just a sentence that starts with a number.", "Second\nline with <b>tags</b> and `code`."},
		Quotes: []DigestQuote{
			{Quote: Quote{Speaker: "Kaja_Kallas", Text: "We will *not*\nbe [fooled] by _anyone_", Kind: Direct, Time: "09:15"}, Role: "EU foreign policy chief", Sources: []int{0, 1, 2, 3, 4}},
			{Quote: Quote{Text: "an unattributed remark with a veryveryveryveryveryveryveryveryveryveryveryveryveryverylongword inside it", Kind: Partial}, Sources: []int{6, 7}},
		},
		Decisions:  []DigestDecision{{Decision: Decision{Text: "No actor and no time ~ still a decision."}, Sources: []int{5}}},
		Statements: []DigestStatement{{Statement: Statement{Speaker: "Pedro Sánchez", Text: "Sánchez said | the tables > everything.", Time: "11:00"}}},
		Timeline: []DigestEvent{
			{Event: Event{Date: "2025-09-03", Time: "09:15", Speaker: "Kaja_Kallas", Text: "Kallas speaks"}, Source: 0},
			{Event: Event{Date: "2025-09-04", Time: "11:00", Text: "An entry with no speaker"}, Source: 1},
		},
		Speakers: []SpeakerCount{
			{Speaker: Speaker{Name: "Kaja_Kallas", Role: "EU foreign policy chief"}, Quotes: 5, Statements: 1},
			{Speaker: Speaker{Name: "Pedro Sánchez"}, Statements: 2},
		},
	}
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name string
		d    *Digest
	}{
		{name: "summit", d: Build(summitExtractions(), BuildOptions{Title: "Paris summit of the Coalition of the Willing"})},
		{name: "hostile", d: hostileDigest()},
		{name: "empty", d: Build(nil, BuildOptions{})},
		{name: "nothing-found", d: Build([]Extraction{{Article: Article{Source: "a.txt"}}, {Article: Article{Source: "b.txt"}}}, BuildOptions{})},
		{name: "one-article", d: Build(summitExtractions()[1:], BuildOptions{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var md, txt bytes.Buffer
			if err := tt.d.WriteMarkdown(&md); err != nil {
				t.Fatalf("WriteMarkdown: %v", err)
			}
			if err := tt.d.WriteText(&txt); err != nil {
				t.Fatalf("WriteText: %v", err)
			}
			golden(t, tt.name+".md", md.Bytes())
			golden(t, tt.name+".txt", txt.Bytes())
		})
	}
}

func TestExtractionsTextGolden(t *testing.T) {
	exts := append(summitExtractions(),
		Extraction{
			Article:   Article{Source: "notes.md", Title: "Notes\nfrom the *venue*"},
			Quotes:    []Quote{{Text: "No comment,\nfor now", Kind: Direct}},
			Decisions: []Decision{{Text: "Talks resume on Monday."}},
			Timeline:  []Event{{Date: "2025-09-05", Time: "09:00", Text: "Talks resume."}},
		},
		Extraction{Article: Article{Source: "empty.html"}},
	)
	var b bytes.Buffer
	if err := WriteExtractionsText(&b, exts); err != nil {
		t.Fatalf("WriteExtractionsText: %v", err)
	}
	golden(t, "extractions.txt", b.Bytes())
}

func TestRenderEmptyIsOneLine(t *testing.T) {
	for _, d := range []*Digest{{}, {Sources: []Source{{Source: "a.txt"}}}, {Title: "T", Speakers: []SpeakerCount{{Speaker: Speaker{Name: "X"}}}}} {
		for name, write := range map[string]func(*bytes.Buffer) error{
			"WriteMarkdown": func(b *bytes.Buffer) error { return d.WriteMarkdown(b) },
			"WriteText":     func(b *bytes.Buffer) error { return d.WriteText(b) },
		} {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := b.String(); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "Nothing to digest") {
				t.Errorf("%s(%d sources, nothing found) = %q; want one line saying so", name, len(d.Sources), got)
			}
		}
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestRenderReportsWriteErrors(t *testing.T) {
	d := Build(summitExtractions(), BuildOptions{})
	for _, n := range []int{0, 100, 1000} {
		if err := d.WriteMarkdown(&failingWriter{n: n}); !errors.Is(err, errDiskFull) {
			t.Errorf("WriteMarkdown(writer failing after %d bytes) = %v; want %v", n, err, errDiskFull)
		}
		if err := d.WriteText(&failingWriter{n: n}); !errors.Is(err, errDiskFull) {
			t.Errorf("WriteText(writer failing after %d bytes) = %v; want %v", n, err, errDiskFull)
		}
		if err := WriteExtractionsText(&failingWriter{n: n}, summitExtractions()); !errors.Is(err, errDiskFull) {
			t.Errorf("WriteExtractionsText(writer failing after %d bytes) = %v; want %v", n, err, errDiskFull)
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "We must not be naive about Russia", "We must not be naive about Russia"},
		{"emphasis", "a *bold* and _italic_ claim", `a \*bold\* and \_italic\_ claim`},
		{"link", "[click](http://x)", `\[click\](http://x)`},
		{"html", "<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"code and table", "`rm` | ~strike~ #tag", "\\`rm\\` \\| \\~strike\\~ \\#tag"},
		{"backslash", `C:\path`, `C:\\path`},
	}
	for _, tt := range tests {
		if got := mdEscape(tt.in); got != tt.want {
			t.Errorf("mdEscape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	starts := []struct{ in, want string }{
		{"- not a list", `\- not a list`},
		{"+ not a list", `\+ not a list`},
		{"12. not a list", `12\. not a list`},
		{"3) not a list", `3\) not a list`},
		{"2025 was the year", "2025 was the year"},
		{"-5 degrees", "-5 degrees"},
	}
	for _, tt := range starts {
		if got := mdEscapeLineStart(tt.in); got != tt.want {
			t.Errorf("mdEscapeLineStart(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestMarkdownItemsStayFlat checks that a decision or statement whose words
// open like a list ("1. …", "- …") stays one flat item rather than a list
// nested inside it.
func TestMarkdownItemsStayFlat(t *testing.T) {
	d := &Digest{
		Sources:    []Source{{Source: "a.txt"}},
		Decisions:  []DigestDecision{{Decision: Decision{Text: "1. Sanctions are extended."}}},
		Statements: []DigestStatement{{Statement: Statement{Text: "- The talks go on."}}},
	}
	var b bytes.Buffer
	if err := d.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- 1\\. Sanctions are extended.\n", "- \\- The talks go on.\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("WriteMarkdown() = %q; want it to hold %q", b.String(), want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"https://news.example/a", "https://news.example/a", true},
		{"http://news.example/a b (c)", "http://news.example/a%20b%20%28c%29", true},
		{"https://user:secret@news.example/a", "https://news.example/a", true},
		{"javascript:alert(1)", "", false},
		{"data:text/html,hi", "", false},
		{"//news.example/a", "", false},
		{"file.txt", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := safeURL(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("safeURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name, in, first, rest, want string
	}{
		{"short", "a few words", "  ", "  ", "  a few words\n"},
		{"empty", "", "- ", "  ", "- \n"},
		{
			"wraps at the width",
			strings.Repeat("word ", 20),
			"  ", "    ",
			"  " + strings.TrimSpace(strings.Repeat("word ", 15)) + "\n    " + strings.TrimSpace(strings.Repeat("word ", 5)) + "\n",
		},
		{"long word alone", "a " + strings.Repeat("x", 90) + " b", "", "", "a\n" + strings.Repeat("x", 90) + "\nb\n"},
		{"runes count as columns", strings.Repeat("é", 70) + " " + strings.Repeat("ü", 7), "", "", strings.Repeat("é", 70) + " " + strings.Repeat("ü", 7) + "\n"},
	}
	for _, tt := range tests {
		if got := wrap(tt.in, tt.first, tt.rest); got != tt.want {
			t.Errorf("wrap(%s) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestTimelineRows(t *testing.T) {
	ev := func(date, at, who, text string) DigestEvent {
		return DigestEvent{Event: Event{Date: date, Time: Clock(at), Speaker: who, Text: text}}
	}
	tests := []struct {
		name string
		in   []DigestEvent
		want []timelineRow
	}{
		{name: "none", in: nil, want: nil},
		{
			name: "one sentence, three times",
			in: []DigestEvent{
				ev("", "13:48", "", "Remarks at 13:48, 14:00 and 14:55."),
				ev("", "14:00", "", "Remarks at 13:48, 14:00 and 14:55."),
				ev("", "14:55", "", "Remarks at 13:48, 14:00 and 14:55."),
				ev("", "16:25", "Emmanuel Macron", "Macron speaks."),
			},
			want: []timelineRow{
				{when: "13:48, 14:00, 14:55", text: "Remarks at 13:48, 14:00 and 14:55."},
				{when: "16:25", speaker: "Emmanuel Macron", text: "Macron speaks."},
			},
		},
		{
			name: "apart when something happened between",
			in: []DigestEvent{
				ev("", "10:09", "Mark Rutte", "Rutte spoke at 10:09 and 13:42."),
				ev("", "11:00", "", "Leaders arrive."),
				ev("", "13:42", "Mark Rutte", "Rutte spoke at 10:09 and 13:42."),
			},
			want: []timelineRow{
				{when: "10:09", speaker: "Mark Rutte", text: "Rutte spoke at 10:09 and 13:42."},
				{when: "11:00", text: "Leaders arrive."},
				{when: "13:42", speaker: "Mark Rutte", text: "Rutte spoke at 10:09 and 13:42."},
			},
		},
		{
			name: "dates shown when there are several",
			in: []DigestEvent{
				ev("2025-09-03", "21:00", "", "Arrivals."),
				ev("2025-09-04", "09:00", "", "Talks."),
				ev("2025-09-04", "10:00", "", "Talks."),
			},
			want: []timelineRow{
				{when: "2025-09-03 21:00", text: "Arrivals."},
				{when: "2025-09-04 09:00, 10:00", text: "Talks."},
			},
		},
	}
	for _, tt := range tests {
		evs := (&Digest{Timeline: tt.in}).events()
		if diff := cmp.Diff(tt.want, timelineRows(evs, days(evs) > 1), cmp.AllowUnexported(timelineRow{})); diff != "" {
			t.Errorf("timelineRows(%s) mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// FuzzWriteMarkdown puts arbitrary text in every field an article controls
// and checks that it cannot change the layout: one line per item, no
// heading but the digest's own, every link target http(s).
func FuzzWriteMarkdown(f *testing.F) {
	for _, s := range []string{"plain words", "# heading\n- item\n1. one", "[x](javascript:alert(1)) <b>", "*_`~|\\", "\u2028line\u2029sep\r\n\t"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, text, name string) {
		d := &Digest{
			Title:      name,
			Sources:    []Source{{Title: text, Source: name, URL: name}, {Title: name, Source: text, URL: "https://news.example/" + text}},
			Summary:    []string{text, name},
			Quotes:     []DigestQuote{{Quote: Quote{Speaker: name, Text: text, Time: "10:00"}, Role: text, Sources: []int{0, 1}}},
			Statements: []DigestStatement{{Statement: Statement{Speaker: text, Text: name}, Sources: []int{1}}},
			Decisions:  []DigestDecision{{Decision: Decision{Actor: text, Text: text}, Sources: []int{0}}},
			Timeline:   []DigestEvent{{Event: Event{Time: "10:00", Speaker: name, Text: text}}},
			Speakers:   []SpeakerCount{{Speaker: Speaker{Name: name, Role: text}, Quotes: 1}},
		}
		var b bytes.Buffer
		if err := d.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		md := b.String()
		headings := 0
		for line := range strings.Lines(md) {
			if strings.HasPrefix(line, "#") {
				headings++
			}
		}
		// The title and seven sections.
		if headings != 8 {
			t.Errorf("WriteMarkdown(%q, %q) has %d headings; want 8:\n%s", text, name, headings, md)
		}
		sections := markdownSections(md)
		for _, sec := range []string{"Key quotes", "Decisions", "Statements", "Timeline", "Speakers"} {
			if got := strings.Count(strings.TrimSpace(sections[sec]), "\n") + 1; got != 1 {
				t.Errorf("WriteMarkdown(%q, %q): section %s has %d lines; want 1:\n%s", text, name, sec, got, md)
			}
		}
		for _, target := range linkTargets(md) {
			if !strings.HasPrefix(target, "https://") && !strings.HasPrefix(target, "http://") {
				t.Errorf("WriteMarkdown(%q, %q) links to %q; want only http(s) links", text, name, target)
			}
		}
	})
}

// linkTargets returns the targets of the Markdown links "](target)" in md,
// skipping brackets that are escaped.
func linkTargets(md string) []string {
	var out []string
	for i := 0; i+1 < len(md); i++ {
		if md[i] != ']' || md[i+1] != '(' || (i > 0 && md[i-1] == '\\') {
			continue
		}
		end := strings.IndexByte(md[i+2:], ')')
		if end < 0 {
			break
		}
		out = append(out, md[i+2:i+2+end])
	}
	return out
}

func TestQuoteWords(t *testing.T) {
	long := strings.Repeat("word ", 70)
	tests := []struct{ name, in, want string }{
		{"as written", "We must not be naive about Russia", "We must not be naive about Russia"},
		{"attribution comma", "Our key task is to ensure Russia cannot continue this war,", "Our key task is to ensure Russia cannot continue this war"},
		{"full stop kept", "It was really good.", "It was really good."},
		{"line breaks", "one\ntwo  three", "one two three"},
		{"long quote cut at a word", long, strings.TrimSpace(strings.Repeat("word ", quoteCutWords)) + " …"},
		{"sixty words stay whole", strings.Repeat("word ", maxQuoteWords), strings.TrimSpace(strings.Repeat("word ", maxQuoteWords))},
	}
	for _, tt := range tests {
		if got := quoteWords(tt.in); got != tt.want {
			t.Errorf("quoteWords(%s) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// TestRenderDropsControlCharacters renders article text holding terminal
// escape sequences, a bell, C1 controls and bidirectional overrides: none
// may reach the output, where they would act on the reader's terminal or
// reorder what the reader sees.
func TestRenderDropsControlCharacters(t *testing.T) {
	const bad = "\x1b[2J\x1b]0;owned\x07\u009b31m\u202eevil\u2066\x7f\x00"
	d := &Digest{
		Title:      "Title" + bad,
		Sources:    []Source{{Title: "Src" + bad, Source: "a.txt" + bad}, {Title: "Other", URL: "https://example.org/x"}},
		Summary:    []string{"Summary sentence" + bad + "."},
		Quotes:     []DigestQuote{{Quote: Quote{Speaker: "Ann" + bad, Text: "words" + bad + " more", Time: Clock("10:00" + bad)}, Role: "role" + bad, Sources: []int{0, 1}}},
		Statements: []DigestStatement{{Statement: Statement{Speaker: "Bob" + bad, Text: "said" + bad, Time: Clock("11:00" + bad)}, Sources: []int{1}}},
		Decisions:  []DigestDecision{{Decision: Decision{Actor: "Council" + bad, Text: "agreed" + bad, Time: Clock(bad)}, Sources: []int{0}}},
		Timeline:   []DigestEvent{{Event: Event{Date: "2025-09-04" + bad, Time: Clock("10:00" + bad), Speaker: "Ann" + bad, Text: "entry" + bad}}},
		Speakers:   []SpeakerCount{{Speaker: Speaker{Name: "Ann" + bad, Role: "role" + bad}, Quotes: 1}},
	}
	exts := []Extraction{{
		Article:    Article{Title: "Title" + bad, Source: "a.txt" + bad, Author: "By" + bad},
		Speakers:   []Speaker{{Name: "Ann" + bad, Role: "role" + bad, Aliases: []string{"A" + bad}}},
		Quotes:     []Quote{{Speaker: "Ann" + bad, Text: "words" + bad, Kind: Kind("direct" + bad), Time: Clock("10:00" + bad)}},
		Statements: []Statement{{Speaker: "Bob" + bad, Text: "said" + bad, Time: Clock(bad)}},
		Decisions:  []Decision{{Actor: "Council" + bad, Text: "agreed" + bad}},
		Timeline:   []Event{{Date: "2025-09-04" + bad, Time: Clock("10:00" + bad), Text: "entry" + bad}},
		Summary:    []string{"Summary" + bad},
	}}
	renders := map[string]func(w io.Writer) error{
		"WriteMarkdown":        d.WriteMarkdown,
		"WriteText":            d.WriteText,
		"WriteExtractionsText": func(w io.Writer) error { return WriteExtractionsText(w, exts) },
	}
	for name, render := range renders {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, r := range b.String() {
			if r != '\n' && (unicode.IsControl(r) || (0x202a <= r && r <= 0x202e) || (0x2066 <= r && r <= 0x2069)) {
				t.Errorf("%s writes %U at byte %d:\n%q", name, r, i, b.String())
				break
			}
		}
	}
}

// TestRenderSaysATimeOnce checks that a decision or statement whose sentence
// gives its time is not led by the same time again, while one whose time
// is written otherwise ("4:25 p.m.") still shows it.
func TestRenderSaysATimeOnce(t *testing.T) {
	d := &Digest{
		Sources:    []Source{{Source: "a.txt"}},
		Decisions:  []DigestDecision{{Decision: Decision{Actor: "Leaders", Text: "Leaders agreed on sanctions (17:11).", Time: "17:11"}}},
		Statements: []DigestStatement{{Statement: Statement{Speaker: "Ann Lee", Text: "At 4:25 p.m. Lee said the plan was final.", Time: "16:25"}}},
	}
	for name, render := range map[string]func(io.Writer) error{"WriteMarkdown": d.WriteMarkdown, "WriteText": d.WriteText} {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "17:11"); n != 1 {
			t.Errorf("%s shows 17:11 %d times; want once:\n%s", name, n, b.String())
		}
		if !strings.Contains(b.String(), "(16:25)") {
			t.Errorf("%s does not show (16:25):\n%s", name, b.String())
		}
	}
}
