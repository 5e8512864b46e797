package digest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readSentences reads a fixture that holds one sentence a line.
func readSentences(tb testing.TB, name string) []string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "summary", name))
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

func TestSummarizeEdgeCases(t *testing.T) {
	long := "The delegates argued over the wording of the final communique until late at night."
	tests := []struct {
		name      string
		sentences []string
		n         int
		want      []int
	}{
		{name: "nothing", sentences: nil, n: 3, want: nil},
		{name: "zero wanted", sentences: []string{long}, n: 0, want: nil},
		{name: "negative wanted", sentences: []string{long}, n: -1, want: nil},
		{name: "one sentence", sentences: []string{long}, n: 3, want: []int{0}},
		{
			name:      "only punctuation and stop words",
			sentences: []string{"...", "It is what it is, and so it was.", "— —"},
			n:         3,
			want:      []int{},
		},
		{
			name:      "a run-on text with no full stop",
			sentences: []string{strings.Repeat("talks about guarantees went on ", 2000)},
			n:         3,
			want:      []int{},
		},
		{
			name:      "short lines when nothing else",
			sentences: []string{"Sanctions tightened.", "Talks resume.", "—"},
			n:         3,
			want:      []int{0, 1},
		},
		{
			name: "headings skipped when full sentences exist",
			sentences: []string{
				"6:30 p.m.",
				"The foreign ministers signed the grain corridor agreement in the afternoon.",
				"Update",
				"The grain corridor agreement reopens three ports to cargo ships within a week.",
			},
			n:    3,
			want: []int{1, 3},
		},
		{
			name: "same sentence twice is picked once",
			sentences: []string{
				"The coalition agreed to deploy a reassurance force after a ceasefire.",
				"The coalition agreed to deploy a reassurance force after a ceasefire.",
				"Farmers protested outside the venue against cheap grain imports.",
			},
			n:    2,
			want: []int{0, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(tt.sentences, tt.n)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("summarize(%q, %d) mismatch (-want +got):\n%s", tt.sentences, tt.n, diff)
			}
		})
	}
}

func TestSummarizeArticle(t *testing.T) {
	sents := readSentences(t, "harbour-talks.txt")
	got := summarize(sents, 4)
	if len(got) != 4 {
		t.Fatalf("summarize(harbour-talks, 4) = %v; want 4 sentences", got)
	}
	if !slices.IsSorted(got) {
		t.Errorf("summarize(harbour-talks, 4) = %v; want text order", got)
	}
	// The lead says what happened; it must be there.
	if got[0] != 0 {
		t.Errorf("summarize(harbour-talks, 4) = %v; want the lead sentence 0 first", got)
	}
	for _, i := range got {
		switch i {
		case 8:
			t.Errorf("summarize(harbour-talks, 4) = %v; sentence 8 repeats the lead", got)
		case 3, 9:
			t.Errorf("summarize(harbour-talks, 4) = %v; sentence %d is colour, not news: %q", got, i, sents[i])
		case 14:
			t.Errorf("summarize(harbour-talks, 4) = %v; sentence 14 is a heading", got)
		}
	}
}

func TestSummarizeDeterministic(t *testing.T) {
	sents := readSentences(t, "harbour-talks.txt")
	first := summarize(sents, 3)
	for range 5 {
		if got := summarize(slices.Clone(sents), 3); !slices.Equal(got, first) {
			t.Fatalf("summarize(harbour-talks, 3) = %v, then %v; want the same each time", first, got)
		}
	}
}

func TestSummarizeLongInputCapped(t *testing.T) {
	base := readSentences(t, "harbour-talks.txt")
	var sents []string
	for i := 0; len(sents) < 20*summaryGraphCap; i++ {
		for _, s := range base {
			sents = append(sents, fmt.Sprintf("%s (%d)", s, i))
		}
	}
	got := summarize(sents, 5)
	if len(got) == 0 || len(got) > 5 {
		t.Fatalf("summarize(%d sentences, 5) = %v; want 1 to 5 sentences", len(sents), got)
	}
	for _, i := range got {
		if i >= summaryGraphCap {
			t.Errorf("summarize(%d sentences, 5) = %v; index %d is beyond the ranked %d", len(sents), got, i, summaryGraphCap)
		}
	}
}

func TestForEachWord(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Russia's leaders' plan", []string{"russia", "leaders", "plan"}},
		{"don't stop the cease-fire", []string{"don't", "stop", "the", "cease-fire"}},
		{"Zelenskyy’s “strong” guarantees—now", []string{"zelenskyy", "strong", "guarantees", "now"}},
		{"at 16:25, U.S. 'robust'", []string{"at", "16", "25", "u", "s", "robust"}},
		{"Élysée ПРЕЗИДЕНТ -", []string{"élysée", "президент"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		forEachWord(tt.in, nil, func(w []byte) { got = append(got, string(w)) })
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("forEachWord(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sanctions", "sanction"},
		{"sanctioned", "sanction"},
		{"meeting", "meet"},
		{"guarantees", "guarantee"},
		{"countries", "country"},
		{"press", "press"},
		{"crisis", "crisis"},
		{"us", "us"},
		{"bus", "bus"},
	}
	for _, tt := range tests {
		if got := string(stem([]byte(tt.in))); got != tt.want {
			t.Errorf("stem(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// newsSentences makes n sentences of 8 to 40 words drawn from a vocabulary
// of a few thousand words with a Zipf law, as words are in news text; the
// same seed gives the same sentences.
func newsSentences(n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 1))
	vocab := make([]string, 3000)
	for i := range vocab {
		w := make([]byte, 3+rng.IntN(8))
		for k := range w {
			w[k] = byte('a' + rng.IntN(26))
		}
		vocab[i] = string(w)
	}
	// The commonest words are function words, as in real text.
	copy(vocab, []string{"the", "of", "and", "to", "a", "in", "that", "is", "for", "on", "said", "with", "as", "was", "he", "it", "by", "at"})
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	out := make([]string, n)
	for i := range out {
		ws := make([]string, 8+rng.IntN(33))
		for k := range ws {
			ws[k] = vocab[zipf.Uint64()]
		}
		out[i] = strings.Join(ws, " ") + "."
	}
	return out
}

func BenchmarkSummarize(b *testing.B) {
	for _, n := range []int{15, 40, 200, 5000} {
		sents := newsSentences(n, 1)
		var size int
		for _, s := range sents {
			size += len(s) + 1
		}
		b.Run(fmt.Sprintf("sentences=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			defer reportCPU(b)()
			for b.Loop() {
				summarize(sents, 5)
			}
		})
	}
}

func TestStandAlone(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"The ministers agreed to fund a patrol fleet.", 1},
		{"He added that the fleet would start in spring.", 0.6},
		{"However, critics said the cost was unknown.", 0.6},
		{"\u201cThey will pay,\u201d the minister said.", 0.6},
		{"Theresa May spoke first.", 1},
		{"Heads of state arrived on Tuesday.", 1},
		{"Who will pay for the fleet?", 0.7},
		{"But who will pay for the fleet?\u201d", 0.6 * 0.7},
		{"", 1},
	}
	for _, tt := range tests {
		if got := standAlone(tt.in); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("standAlone(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestSummarizePrefersSentencesThatStandAlone(t *testing.T) {
	sents := []string{
		"Ministers from the Baltic and Nordic states met in Tallinn on Tuesday for a second day of talks.",
		"He said the patrol fleet for undersea cables would be funded by all twelve states from next spring.",
		"The patrol fleet for undersea cables will be funded by all twelve states from next spring, the minister said.",
		"Lunch was served on the terrace by the water.",
	}
	got := summarize(sents, 2)
	if want := []int{0, 2}; !slices.Equal(got, want) {
		t.Errorf("summarize(%q, 2) = %v; want %v", sents, got, want)
	}
}

func TestSummarizeHugeN(t *testing.T) {
	sents := readSentences(t, "harbour-talks.txt")
	if got := summarize(sents, math.MaxInt); len(got) == 0 || len(got) > len(sents) {
		t.Errorf("summarize(harbour-talks, MaxInt) = %v; want some of the %d sentences", got, len(sents))
	}
}

// TestTermTableGrows checks that term ids survive the table's growth: a
// lost id would split one word in two and weaken the summary's links.
func TestTermTableGrows(t *testing.T) {
	tests := []struct {
		name     string
		sizedFor int
		terms    int
	}{
		{"sized right", 1000, 1000},
		{"grows many times", 1, 5000},
		{"hash zero", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := newTermTable(tt.sizedFor)
			hash := func(i int) uint64 { return uint64(i) * 0x100000001b3 }
			for i := range tt.terms {
				if id, ok := table.idOf(hash(i), int32(i)); ok || id != int32(i) {
					t.Fatalf("new term %d: got id %d, known %v", i, id, ok)
				}
			}
			for i := range tt.terms {
				if id, ok := table.idOf(hash(i), int32(tt.terms)); !ok || id != int32(i) {
					t.Fatalf("term %d again: got id %d, known %v", i, id, ok)
				}
			}
		})
	}
}
