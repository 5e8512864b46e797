package store

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/summit-digest/summit-digest/internal/digest"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jean-Noël Barrot", "jean noel barrot"},
		{"ZELENSKYY’s", "zelenskyy s"},
		{"  Łukasz  Kamiński ", "lukasz kaminski"},
		{"Erdoğan", "erdogan"},
		{"Søren", "soren"},
		{"NAÏVETÉ", "naivete"},
		{"", ""},
		{"«»—", ""},
		{"Владимир Путин", "владимир путин"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSameSpeaker(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Zelensky", "Volodymyr Zelenskyy", true},
		{"Volodymyr Zelenskyy", "Volodymyr Zelensky", true},
		{"V. Zelensky", "Volodymyr Zelenskyy", true},
		{"Emmanuel Macron", "Macron", true},
		{"Emmanuel Macron", "emmanuel macron", true},
		{"Bill Clinton", "Hillary Clinton", false},
		{"Bill Clinton", "Clinton", true},
		{"Jean-Noël Barrot", "Jean-Noel Barrot", true},
		{"Mark Rutte", "Mark Carney", false},
		{"Li Qiang", "Li Peng", false},
		{"Xi", "Li", false},
		{"Kallas", "Pallas", false},
		{"", "Macron", false},
		{"Rutte's", "Mark Rutte", true},
		// A name that ends another may be someone else: never merged.
		{"Barth Eide", "Espen Barth Eide", false},
		{"Mette Frederiksen", "Anne Mette Frederiksen", false},
		{"Hillary Rodham Clinton", "Rodham Clinton", false},
		{"Jong Un", "Kim Jong Il", false},
		{"Eide Barth", "Espen Barth Eide", false},
		{"Barth Eide", "Espen Eide", false},
	}
	for _, tt := range tests {
		if got := SameSpeaker(tt.a, tt.b); got != tt.want {
			t.Errorf("SameSpeaker(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
		if got := SameSpeaker(tt.b, tt.a); got != tt.want {
			t.Errorf("SameSpeaker(%q, %q) = %v; want %v (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNameMatches(t *testing.T) {
	type speaker struct {
		name    string
		aliases []string
	}
	zelenskyy := speaker{"Volodymyr Zelenskyy", []string{"Zelensky", "Ukraine's president"}}
	eide := speaker{"Espen Barth Eide", nil}
	rutte := speaker{"Mark Rutte", nil}
	tests := []struct {
		name    string
		speaker speaker
		query   string
		want    bool
	}{
		{"surname", zelenskyy, "zelensky", true},
		{"surname, other spelling", zelenskyy, "Zelenskyy", true},
		{"surname, slip", zelenskyy, "ZELENSKIY", true},
		{"prefix", zelenskyy, "zel", true},
		{"given name", zelenskyy, "volodymyr", true},
		{"full name", zelenskyy, "Volodymyr Zelenskyy", true},
		{"initial and surname", zelenskyy, "V. Zelensky", true},
		{"prefix too short", zelenskyy, "ze", false},
		{"slip keeping the first letter", zelenskyy, "Zelinsky", true},
		{"two slips", zelenskyy, "Zalinsky", false},
		{"word of an alias", zelenskyy, "president", true},
		{"someone else", zelenskyy, "Macron", false},
		{"empty", zelenskyy, "", false},
		{"compound surname", eide, "Barth Eide", true},
		{"compound surname, lower case", eide, "barth eide", true},
		{"compound surname, hyphenated", eide, "Barth-Eide", true},
		{"compound surname, last word cut", eide, "barth eid", true},
		{"compound surname, slip", eide, "Barht Eide", true},
		{"last word of a compound surname", eide, "Eide", true},
		{"first word of a compound surname", eide, "Barth", true},
		{"given name and last surname", eide, "Espen Eide", true},
		{"words out of order", eide, "Eide Barth", false},
		{"compound surname of someone else", eide, "Barth Olsen", false},
		{"letter left out of a short surname", rutte, "Rute", true},
		{"full name with a letter left out", rutte, "mark rute", true},
		{"letter added to a short surname", speaker{"Friedrich Merz", nil}, "Mertz", true},
		{"four letters, one replaced", rutte, "Marc", false},
		{"four letters, another name", rutte, "Ruth", false},
		{"one-letter slip of a first letter", rutte, "Butte", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NameMatches(tt.query, tt.speaker.name, tt.speaker.aliases); got != tt.want {
				t.Errorf("NameMatches(%q, %s) = %v; want %v", tt.query, tt.speaker.name, got, tt.want)
			}
		})
	}
}

func TestWithin1(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"zelensky", "zelenskyy", true},
		{"macron", "macrno", true},
		{"macron", "marcon", true},
		{"macron", "macron", true},
		{"macron", "micran", false},
		{"rutte", "ruttes", true},
		{"rutte", "ritter", false},
		{"żółw", "zółw", true},
	}
	for _, tt := range tests {
		if got := within1(tt.a, tt.b); got != tt.want {
			t.Errorf("within1(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"Emmanuel Macron", "Mark Rutte", "Volodymyr Zelenskyy", "Keir Starmer", "Mark Carney", "Espen Barth Eide"}
	tests := []struct {
		query string
		n     int
		want  []string
	}{
		{"Macrom", 3, []string{"Emmanuel Macron"}},
		{"Mark", 3, []string{"Mark Carney", "Mark Rutte"}},
		{"Starmr", 1, []string{"Keir Starmer"}},
		{"Bart Eid", 3, []string{"Espen Barth Eide"}},
		{"Rute", 3, []string{"Mark Rutte"}},
		{"Xi Jinping", 3, []string{}},
		{"", 3, nil},
	}
	for _, tt := range tests {
		got := Closest(tt.query, names, tt.n)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Closest(%q, %d) (-want +got):\n%s", tt.query, tt.n, diff)
		}
	}
}

func TestMatchSummit(t *testing.T) {
	summits := []Summit{
		{Slug: "paris-2025", Keywords: []string{"Coalition of the Willing", "security guarantees"}},
		{Slug: "g7-2026", Keywords: []string{"G7", "Évian"}},
	}
	tests := []struct {
		name string
		a    digest.Article
		want string
	}{
		{"given", digest.Article{Summit: "nato-2026", Text: "G7"}, "nato-2026"},
		{"keyword in text", digest.Article{Text: "The coalition of the willing met."}, "paris-2025"},
		{"keyword in title, accents ignored", digest.Article{Title: "Leaders gather in Evian", Text: "x"}, "g7-2026"},
		{"whole words only", digest.Article{Text: "The G75 group"}, ""},
		{"none", digest.Article{Text: "Nothing here"}, ""},
		{"first summit wins", digest.Article{Text: "G7 and security guarantees"}, "paris-2025"},
	}
	for _, tt := range tests {
		if got := MatchSummit(tt.a, summits); got != tt.want {
			t.Errorf("MatchSummit(%s) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestItemKey(t *testing.T) {
	a := ItemKey(QuoteItem, 7, "We must not be naive about Russia.")
	if b := ItemKey(QuoteItem, 7, "“We must not be  naive about Russia”"); a != b {
		t.Errorf("ItemKey differs for the same words in other marks: %q, %q", a, b)
	}
	if b := ItemKey(QuoteItem, 8, "We must not be naive about Russia."); a == b {
		t.Errorf("ItemKey is the same for two speakers: %q", a)
	}
	if b := ItemKey(StatementItem, 7, "We must not be naive about Russia."); a == b {
		t.Errorf("ItemKey is the same for a quote and a statement: %q", a)
	}
}

func TestNameParts(t *testing.T) {
	for _, tt := range []struct {
		name, folded, first, surname string
	}{
		{"empty", "", "", ""},
		{"surname alone", "rutte", "", "rutte"},
		{"given and surname", "mark rutte", "mark", "rutte"},
		{"middle names", "john fitzgerald kennedy", "john", "kennedy"},
		{"possessive", "rutte s", "", "rutte"},
		{"possessive of a full name", "mark rutte s", "mark", "rutte"},
		{"only an s", "s", "", "s"},
		{"extra spaces", "  mark   rutte ", "mark", "rutte"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			first, surname := nameParts(tt.folded)
			if first != tt.first || surname != tt.surname {
				t.Errorf("nameParts(%q) = %q, %q; want %q, %q", tt.folded, first, surname, tt.first, tt.surname)
			}
		})
	}
}

// BenchmarkNameMatches is the in-memory half of a name search: one query
// against the folded forms of 200 stored speakers, the size of
// BenchmarkCommandMix's store in internal/slackapp; a surname prefix, and
// full names as typed, right and with a slip, which are compared word by
// word with every name.
func BenchmarkNameMatches(b *testing.B) {
	var forms [][]string
	for i := range 200 {
		forms = append(forms, FoldForms(fmt.Sprintf("Given%d Surname%d", i%17, i), []string{fmt.Sprintf("Surname%d", i)}))
	}
	for _, bc := range []struct{ name, query string }{
		{"prefix", "Surnam42"},
		{"full-name", "given8 surname42"},
		{"full-name-slip", "givn8 surname42"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := ParseName(bc.query)
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for _, f := range forms {
					if q.Matches(f) {
						n++
					}
				}
				if n == 0 {
					b.Fatal("no speaker matched")
				}
			}
		})
	}
}
