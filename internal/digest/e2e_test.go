package digest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDigestOfSample runs the whole engine, Extract then Build then
// WriteMarkdown, over the sample article the README shows, and checks what
// DESIGN.md says its digest must show.
func TestDigestOfSample(t *testing.T) {
	const name = "paris-summit-2025-09-04.txt"
	text, err := os.ReadFile(filepath.Join("..", "..", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	x := Extract(Article{ID: ArticleID(TextHash(string(text))), Source: name, Text: string(text)})
	d := Build([]Extraction{x}, BuildOptions{Title: "Paris summit of the Coalition of the Willing"})
	var b bytes.Buffer
	if err := d.WriteMarkdown(&b); err != nil {
		t.Fatalf("WriteMarkdown: %v", err)
	}
	md := b.String()
	sections := markdownSections(md)

	tests := []struct {
		name    string
		section string
		// all must stand on one line of the section.
		all []string
	}{
		{"Macron's 16:25 quote", "Key quotes", []string{"Emmanuel Macron", "16:25", "We have finalized a plan that offers strong security assurances for Ukraine"}},
		{"Zelenskyy's 16:37 quote", "Key quotes", []string{"Volodymyr Zelenskyy", "16:37", "Our key task is to ensure Russia cannot continue this war by cutting off its resources"}},
		{"Zelenskyy's 16:49 words", "Key quotes", []string{"Volodymyr Zelenskyy", "16:49", "strong and legally binding"}},
		{"Rutte's warning", "Key quotes", []string{"Mark Rutte", "We must not be naive about Russia"}},
		{"Macron's 16:46 statement", "Statements", []string{"Emmanuel Macron", "16:46", "United States"}},
		{"Stubb's 17:11 report", "Statements", []string{"Alexander Stubb", "17:11", "Trump proposed closer coordination"}},
		{"the decision of the 26 nations", "Decisions", []string{"26 nations", "finalized"}},
		{"the timeline opens at 10:09", "Timeline", []string{"10:09", "Mark Rutte"}},
		{"the timeline closes at 17:11", "Timeline", []string{"17:11", "Alexander Stubb"}},
		{"speakers counted", "Speakers", []string{"Emmanuel Macron", "French President", "quote"}},
		{"the source", "Sources", []string{name}},
	}
	for _, tt := range tests {
		if !hasLineWithAll(sections[tt.section], tt.all) {
			t.Errorf("digest of %s: %s: no line of section %q has all of %q; the digest:\n%s", name, tt.name, tt.section, tt.all, md)
		}
	}
	if got := len(d.Summary); got < 3 || got > 5 {
		t.Errorf("digest of %s: %d summary sentences; want 3 to 5", name, got)
	}
	if strings.Contains(sections["Key quotes"], "Coalition of the Willing\u201d") {
		t.Errorf("digest of %s: 'Coalition of the Willing' shown as a quote; it is a name", name)
	}
	if n := len(d.Timeline); n == 0 || d.Timeline[0].Time != "10:09" || d.Timeline[n-1].Time != "17:11" {
		t.Errorf("digest of %s: timeline %v; want it to run from 10:09 to 17:11", name, d.Timeline)
	}
}

// markdownSections splits a Markdown digest at its "## " headings.
func markdownSections(md string) map[string]string {
	out := make(map[string]string)
	var current string
	for line := range strings.Lines(md) {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			current = strings.TrimSpace(h)
			continue
		}
		out[current] += line
	}
	return out
}

func hasLineWithAll(section string, all []string) bool {
	for line := range strings.Lines(section) {
		ok := true
		for _, s := range all {
			if !strings.Contains(line, s) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
