package digest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sentenceTexts returns the sentences of text as strings.
func sentenceTexts(text string) []string {
	var out []string
	for _, s := range splitSentences(text) {
		out = append(out, text[s.start:s.end])
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "The summit opened. Leaders arrived! Was it late? Yes.",
			[]string{"The summit opened.", "Leaders arrived!", "Was it late?", "Yes."}},
		{"titles", "Mr. Macron met Gen. Burkhard and Sen. Graham. They talked.",
			[]string{"Mr. Macron met Gen. Burkhard and Sen. Graham.", "They talked."}},
		{"initials", "President Donald J. Trump spoke. He left.",
			[]string{"President Donald J. Trump spoke.", "He left."}},
		{"dotted abbreviation inside", "The U.S. and the U.K. agreed on Sept. 4 at 4 p.m. on Friday.",
			[]string{"The U.S. and the U.K. agreed on Sept. 4 at 4 p.m. on Friday."}},
		{"dotted abbreviation at the end", "The plan goes to the U.S. The talks end today.",
			[]string{"The plan goes to the U.S.", "The talks end today."}},
		{"decimals", "Growth was 3.5 per cent. Prices rose 0.2 points.",
			[]string{"Growth was 3.5 per cent.", "Prices rose 0.2 points."}},
		{"ellipsis inside", "It was a success ... focused on the dangers. Next.",
			[]string{"It was a success ... focused on the dangers.", "Next."}},
		{"ellipsis character then capital", "We waited… Then the door opened.",
			[]string{"We waited…", "Then the door opened."}},
		{"question inside a quote", `"Why now?" he asked. Nobody knew.`,
			[]string{`"Why now?" he asked.`, "Nobody knew."}},
		{"no-break space between sentences", "She called it “a bad deal.”\u00a0She also said more.\u00a0Then she left.",
			[]string{"She called it “a bad deal.”", "She also said more.", "Then she left."}},
		{"closing quote kept", `He said: "We are ready." The hall clapped.`,
			[]string{`He said: "We are ready."`, "The hall clapped."}},
		{"attribution after a closing quote", "“Are you listening?” Trump said. Then he left.",
			[]string{"“Are you listening?” Trump said.", "Then he left."}},
		{"a period with no space before a capital", "Kerr said.Vik claimed the plan was new.",
			[]string{"Kerr said.", "Vik claimed the plan was new."}},
		{"a domain is no sentence end", "See fivethirtyeight.com and the U.S.Army site.",
			[]string{"See fivethirtyeight.com and the U.S.Army site."}},
		{"a verb with a colon after a quote opens the next", "“We are not terrorists.” Rui Zahed said: “The attack was theirs.”",
			[]string{"“We are not terrorists.”", "Rui Zahed said: “The attack was theirs.”"}},
		{"a present tense after a question", "“Would it be fair to all of us?” Kerr asks. Nobody answered.",
			[]string{"“Would it be fair to all of us?” Kerr asks.", "Nobody answered."}},
		{"any speech verb after an exclamation", "“Not again!” Ana Vik groaned as the lights went out.",
			[]string{"“Not again!” Ana Vik groaned as the lights went out."}},
		{"after a period a name and a verb start anew", "Ana Vik said Rui Sal “caused harm.” Ida Roth called Vik “a liar.”",
			[]string{"Ana Vik said Rui Sal “caused harm.”", "Ida Roth called Vik “a liar.”"}},
		{"paragraphs", "First paragraph without a stop\nSecond one.\n\n  Third.  ",
			[]string{"First paragraph without a stop", "Second one.", "Third."}},
		{"empty", "", nil},
		{"only space", " \n\t\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("splitSentences(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// FuzzSentences checks that any input splits into ordered, non-overlapping,
// trimmed, non-empty byte ranges inside the input.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"Mr. Smith said so. He left.", "U.S.", "...", "“Why?” he asked.\n\nNext…", "a.m. p.m. 3.5 J. K.",
		"\"'\"'", "\xff\xfe.", "", ". . .", "?!?!", "No. 1.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, s := range splitSentences(text) {
			if s.start < prev || s.end <= s.start || s.end > len(text) {
				t.Fatalf("splitSentences(%q): span %v out of order or range (previous end %d)", text, s, prev)
			}
			if isSpaceByte(text[s.start]) || isSpaceByte(text[s.end-1]) {
				t.Fatalf("splitSentences(%q): span %v not trimmed: %q", text, s, text[s.start:s.end])
			}
			prev = s.end
		}
	})
}
