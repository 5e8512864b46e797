package ingest

import "testing"

func TestMarkdownArticle(t *testing.T) {
	tests := []struct {
		name, in, title, text string
	}{
		{"atx heading is title", "# Talks end\n\nThe talks ended.", "Talks end", "Talks end\nThe talks ended."},
		{"closing hashes", "## Day two ##\nText.", "Day two", "Day two\nText."},
		{"setext heading", "Talks end\n=========\n\nThe talks ended.", "Talks end", "Talks end\nThe talks ended."},
		{"setext level two is a headline", "Day two\n-------\n\nText here.", "Day two", "Day two\nText here."},
		{"front matter title", "---\ntitle: \"Oslo talks\"\ndate: 2031-01-01\n---\nBody text.", "Oslo talks", "Body text."},
		{"soft breaks join", "one line\nand the next\n\nnew paragraph", "", "one line and the next\nnew paragraph"},
		{"hard break", "first line  \nsecond line", "", "first line\nsecond line"},
		{"backslash break", "first\\\nsecond", "", "first\nsecond"},
		{"emphasis", "**strong** and *em* and __also__ and _this_ and ~~gone~~", "", "strong and em and also and this and gone"},
		{"intraword underscore", "snake_case_name stays", "", "snake_case_name stays"},
		{"multiplication", "5 * 3 = 15", "", "5 * 3 = 15"},
		{"links", "See [the plan](https://x.example/p \"Plan\") and [ref][1] and [empty][].\n\n[1]: https://x.example", "", "See the plan and ref and empty."},
		{"nested parens in url", "[wiki](https://x.example/a_(b)) end", "", "wiki end"},
		{"image alt", "![A harbour](h.jpg) view", "", "A harbour view"},
		{"brackets that are not links", "He said [sic] it.", "", "He said [sic] it."},
		{"autolink", "Mail <mailto:press@x.example> or <https://x.example>.", "", "Mail press@x.example or https://x.example."},
		{"inline code", "Run `go test` now, or ``a ` b``.", "", "Run go test now, or a ` b."},
		{"escapes", `\*not em\* and \[x\]`, "", "*not em* and [x]"},
		{"html tags and entities", "a <em>b</em> &amp; c<br/>d &mdash; e", "", "a b & cd — e"},
		{"lists", "- one\n* two\n+ three\n1. four\n2) five\n- [x] done", "", "one\ntwo\nthree\nfour\nfive\ndone"},
		{"blockquote", "> “We are close,”\n> she said.\n>\n> > nested", "", "“We are close,” she said.\nnested"},
		{"fence keeps lines", "```go\nx := 1\n\ny := 2\n```\nafter", "", "x := 1\ny := 2\nafter"},
		{"tilde fence", "~~~\ncode\n~~~", "", "code"},
		{"rules", "a\n\n***\n\nb\n\n- - -\n\nc", "", "a\nb\nc"},
		{"table", "Results follow.\n\n| Who | Said |\n|-----|:----:|\n| Rosen | yes |", "", "Results follow.\nWho; Said\nRosen; yes"},
		{"apostrophes and quotes stay", "Russia's leaders' '90s \"quote\" ‘single’", "", "Russia's leaders' '90s \"quote\" ‘single’"},
		{"headline first line", "Talks end in Oslo\n\nThe talks ended.", "Talks end in Oslo", "Talks end in Oslo\nThe talks ended."},
		{"unbalanced brackets", "[[[a](b) [c", "", "[[a [c"},
		{"links nested past the limit", "[[[[[x](1)](2)](3)](4)](5)", "", "[[x](1)](2)"},
		{"unclosed code span", "a ` b `` c", "", "a ` b `` c"},
		{"unclosed tag", "a <b c", "", "a <b c"},
		{"crlf", "# T\r\n\r\nA\r\nB\r\n", "T", "T\nA B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, text := markdownArticle(tt.in)
			if title != tt.title || text != tt.text {
				t.Errorf("markdownArticle(%q) = %q, %q; want %q, %q", tt.in, title, text, tt.title, tt.text)
			}
		})
	}
}
