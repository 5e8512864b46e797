package ingest

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseHTMLMetadata(t *testing.T) {
	body := `<article><p>The delegations met in Northport for the second day of talks on the harbour and on fishing quotas.</p></article>`
	base, _ := url.Parse("https://ledger.example/world/story?id=1")
	tests := []struct {
		name      string
		head      string
		body      string
		title     string
		author    string
		published string // RFC 3339, "" for none
		canonical string
	}{
		{
			name:      "opengraph",
			head:      `<meta property="og:title" content="Talks go on"><meta property="article:published_time" content="2031-05-13T08:00:00Z"><meta property="og:url" content="https://ledger.example/world/talks">`,
			title:     "Talks go on",
			published: "2031-05-13T08:00:00Z",
			canonical: "https://ledger.example/world/talks",
		},
		{
			name: "json-ld array, author as text, mainEntityOfPage",
			head: `<script type="application/ld+json">[{"@type":"Organization","name":"Ledger"},` +
				`{"@type":["NewsArticle"],"headline":"Quotas agreed","author":"Tomas Lind","datePublished":"2031-05-14",` +
				`"mainEntityOfPage":{"@id":"https://ledger.example/world/quotas"}}]</script>`,
			title:     "Quotas agreed",
			author:    "Tomas Lind",
			published: "2031-05-14T00:00:00Z",
			canonical: "https://ledger.example/world/quotas",
		},
		{
			name:      "time element and title only",
			head:      `<title>Harbour works begin</title>`,
			body:      `<p class="dateline"><time datetime="2031-09-01T06:15:00+01:00">1 September</time></p>`,
			title:     "Harbour works begin",
			published: "2031-09-01T06:15:00+01:00",
		},
		{
			name:      "relative canonical resolved against the page",
			head:      `<title>Story</title><link rel="canonical" href="../world/story-2/">`,
			title:     "Story",
			canonical: "https://ledger.example/world/story-2/",
		},
		{
			name:  "canonical of another scheme ignored",
			head:  `<title>Story</title><link rel="canonical" href="javascript:alert(1)">`,
			title: "Story",
		},
		{
			name:   "malformed json-ld ignored, meta author used",
			head:   `<title>Story</title><meta name="author" content="By Ines Varga"><script type="application/ld+json">{"@type": "NewsArticle", </script>`,
			title:  "Story",
			author: "Ines Varga",
		},
		{
			name:   "author URL is not a name",
			head:   `<title>Story</title><meta property="article:author" content="https://social.example/ines">`,
			title:  "Story",
			author: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "<!doctype html><html><head>" + tt.head + "</head><body>" + tt.body + body + "</body></html>"
			p := parseHTML([]byte(doc), "text/html", base)
			pub := ""
			if !p.Published.IsZero() {
				pub = p.Published.Format(time.RFC3339)
			}
			if p.Title != tt.title || p.Author != tt.author || pub != tt.published || p.Canonical != tt.canonical {
				t.Errorf("parseHTML() = title %q, author %q, published %q, canonical %q;\nwant %q, %q, %q, %q",
					p.Title, p.Author, pub, p.Canonical, tt.title, tt.author, tt.published, tt.canonical)
			}
			if !strings.Contains(p.Text, "second day of talks") {
				t.Errorf("parseHTML().Text = %q; want the article", p.Text)
			}
		})
	}
}

func TestNodeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One.</p><p>Two.</p>", "One.\nTwo."},
		{"inline runs on", "<p>A <b>bold</b> and <a href='#'>linked</a> word.</p>", "A bold and linked word."},
		{"white space folded", "<p>  many\n   spaces\there </p>", "many spaces here"},
		{"br splits", "<p>line one<br>line two</p>", "line one\nline two"},
		{"lists", "<ul><li>first</li><li>second</li></ul>", "first\nsecond"},
		{"headings", "<h2>Day two</h2><p>Text.</p>", "Day two\nText."},
		{"table cells", "<table><tr><th>Who</th><th>Said</th></tr><tr><td>Rosen</td><td>yes</td></tr></table>", "Who; Said\nRosen; yes"},
		{"pre keeps lines", "<pre>a  b\nc</pre>", "a b\nc"},
		{"scripts and styles", "<p>x<script>bad()</script><style>p{}</style>y</p>", "xy"},
		{"hidden", "<p>seen</p><p hidden>unseen</p><p style='display: none'>gone</p><div aria-hidden='true'>no</div>", "seen"},
		{"entities", "<p>&ldquo;Yes,&rdquo; &amp; &eacute;t&eacute;&nbsp;2031</p>", "“Yes,” & été\u00a02031"},
		{"blockquote", "<blockquote><p>“We are close.”</p></blockquote><p>She said.</p>", "“We are close.”\nShe said."},
	}
	for _, tt := range tests {
		p := parseHTML([]byte("<html><body>"+tt.in+"</body></html>"), "text/html", nil)
		if p.Text != tt.want {
			t.Errorf("%s: text of %q = %q; want %q", tt.name, tt.in, p.Text, tt.want)
		}
	}
}

func TestParseHTMLHostile(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Deeper than x/net/html will build a tree for: read by tokens.
		{"absurd nesting", "<html><body>" + strings.Repeat("<div>", 100000) + "<p>deep text</p><script>x()</script>" + "</body></html>", "deep text"},
		{"unclosed everything", "<p>one<p>two<div><b>three", "one\ntwo\nthree"},
		{"only a comment", "<!-- nothing --><p>kept</p>", "kept"},
	}
	for _, tt := range tests {
		if got := parseHTML([]byte(tt.in), "text/html", nil).Text; got != tt.want {
			t.Errorf("%s: parseHTML().Text = %q; want %q", tt.name, got, tt.want)
		}
	}
}
