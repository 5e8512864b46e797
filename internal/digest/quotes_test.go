package digest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// scanned is a quote span as the tests read it.
type scanned struct {
	Text  string
	Depth int
	Cont  bool
}

func scannedQuotes(text string) []scanned {
	var out []scanned
	for _, q := range scanQuotes(text) {
		out = append(out, scanned{Text: text[q.start:q.end], Depth: q.depth, Cont: q.cont})
	}
	return out
}

func TestScanQuotes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []scanned
	}{
		{"straight double", `He said "we are ready" today.`, []scanned{{Text: "we are ready"}}},
		{"curly double", "He said “we are ready” today.", []scanned{{Text: "we are ready"}}},
		{"guillemets", "Il a dit « nous sommes prêts » hier.", []scanned{{Text: "nous sommes prêts"}}},
		{"straight single with apostrophes", "'Russia's war can't go on,' Macron said of the leaders' meeting in the '90s style.",
			[]scanned{{Text: "Russia's war can't go on,"}}},
		{"curly single with apostrophes", "‘Ukraine’s future isn’t for sale,’ she said.",
			[]scanned{{Text: "Ukraine’s future isn’t for sale,"}}},
		{"plural possessive inside a quote", "'The leaders' plan is final,' he said.",
			[]scanned{{Text: "The leaders' plan is final,"}}},
		{"decade and elision are no quotes", "Rock 'n' roll of the '90s was loud 'til dawn.", nil},
		{"split by attribution", `"We agree," he said. "The plan is final."`,
			[]scanned{{Text: "We agree,"}, {Text: "The plan is final."}}},
		{"nested", "“He told me, ‘Let’s meet in a month,’ and I refused.”",
			[]scanned{{Text: "He told me, ‘Let’s meet in a month,’ and I refused."}, {Text: "Let’s meet in a month,", Depth: 1}}},
		{"two single marks as a double", "''It is hard,'' said Mr. Curtin.", []scanned{{Text: "It is hard,"}}},
		{"paragraph-continued", "\"The first part runs on.\n\"And the second closes.\" She added more.",
			[]scanned{{Text: "The first part runs on."}, {Text: "And the second closes.", Cont: true}}},
		{"unclosed at the paragraph's end is dropped", "He said \"this never closes.\nNext paragraph.", nil},
		{"empty quote", `He said "" and left.`, nil},
		{"several in one sentence", `It was "strong" and "legally binding".`,
			[]scanned{{Text: "strong"}, {Text: "legally binding"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scannedQuotes(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("scanQuotes(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestIsNameLike(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Coalition of the Willing,", true},
		{"Raising Our Climate Ambition", true},
		{"U.S.-India 2030 Climate and Clean Energy Agenda 2030 Partnership", true},
		{"We must not be naive about Russia,", false},
		{"I Will", false},
		{"strong and legally binding", false},
		{"This is it.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isNameLike(tt.text); got != tt.want {
			t.Errorf("isNameLike(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}

// FuzzQuotes checks that the scanner never panics, that every quote lies
// inside the input in order (marks around the words), and that its words are
// a trimmed, non-empty substring of the input.
func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		`"A," he said. "B."`, "'Russia's', leaders' '90s", "“‘’”«»„", "\"\n\"", "''x''", "‘\n‘x’",
		strings.Repeat(`"`, 9), strings.Repeat("'a ", 5), "«", "\xe2\x80", "”open“",
		"Paris (AFP) – Mrs. Vik (D-NM), said, \"a b c.\" She added:\n\"d e f.\"", "It’s X, herself a Y, upon saying, “z”",
		"Rui Sal was asked by host Ida Roth whether \"a b c\" and telling her,\n(", "Another said:\n\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, q := range scanQuotes(text) {
			if q.open < 0 || q.open >= q.start || q.start >= q.end || q.end > q.close || q.after() > len(text) {
				t.Fatalf("scanQuotes(%q): span %+v out of order or range", text, q)
			}
			words := text[q.start:q.end]
			if !strings.Contains(text, words) || isSpaceByte(words[0]) || isSpaceByte(words[len(words)-1]) {
				t.Fatalf("scanQuotes(%q): quote %q not a trimmed substring", text, words)
			}
			if utf8.ValidString(text) && !utf8.ValidString(words) {
				t.Fatalf("scanQuotes(%q): quote %q cuts a character", text, words)
			}
		}
		x := Extract(Article{Text: text})
		for _, q := range x.Quotes {
			if q.Offset < 0 || q.Offset+len(q.Text) > len(text) || text[q.Offset:q.Offset+len(q.Text)] != q.Text {
				t.Fatalf("Extract(%q): quote %q at %d is not the text there", text, q.Text, q.Offset)
			}
		}
	})
}

// TestLastStrongSingleClose pins which single mark can only close a quote:
// the last one right after , . ! ? or …, straight or curly.
func TestLastStrongSingleClose(t *testing.T) {
	tests := []struct {
		para string
		want int
	}{
		{"no marks at all", -1},
		{"the leaders' plan and Russia's", -1},
		{"'Go,' she said", 4},
		{"‘Go,’ she said, ‘now.’ Then", 27},
		{"‘Stop!’ and 'wait.' later", 22},
		{"'Wait.' then ‘go,’ he said", 19},
		{"it ended…’ so", 11},
		{"'", -1},
	}
	for _, tt := range tests {
		if got := lastStrongSingleClose(tt.para); got != tt.want {
			t.Errorf("lastStrongSingleClose(%q) = %d, want %d", tt.para, got, tt.want)
		}
	}
}
