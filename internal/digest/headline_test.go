package digest

import (
	"strings"
	"testing"
)

// The headline a file or page opens with is the article's title: it is not
// reported speech, a decision or a line of the summary, whatever its verb.
// The same line is body when it is not the title.
func TestHeadlineIsTheTitleNotTheBody(t *testing.T) {
	tests := []struct {
		name     string
		title    string
		text     string
		first    string // the first line
		wantBody bool   // whether the first line is found as a statement, decision or summary line
	}{
		{
			name:  "headline with a verb of speech",
			title: "Swiss minister says talks will resume",
			first: "Swiss minister says talks will resume",
			text:  "\nGENEVA — Swiss Foreign Minister Ignazio Cassis said on Monday that talks would resume next week. \"We are ready,\" Cassis told reporters. The last round ended in May.",
		},
		{
			name:  "headline with a decision",
			title: "Leaders agreed a ceasefire plan",
			first: "Leaders agreed a ceasefire plan",
			text:  "\nThe talks lasted all night. Ministers said the text would be published on Tuesday. The plan has six points.",
		},
		{
			name:     "a first line that is not the title is body",
			first:    "Ministers agreed a ceasefire plan, officials said.",
			text:     "\nThe talks lasted all night. The plan has six points.",
			wantBody: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(Article{Title: tt.title, Text: tt.first + tt.text})
			var found []string
			for _, s := range x.Statements {
				found = append(found, s.Text)
			}
			for _, d := range x.Decisions {
				found = append(found, d.Text)
			}
			found = append(found, x.Summary...)
			got := false
			for _, s := range found {
				if strings.HasPrefix(s, tt.first) {
					got = true
				}
			}
			if got != tt.wantBody {
				t.Errorf("first line %q found as body: %v; want %v (statements, decisions, summary: %q)", tt.first, got, tt.wantBody, found)
			}
			if len(x.Summary) == 0 {
				t.Errorf("no summary of the body")
			}
		})
	}
}
