package ingest

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is what an HTML document yields: its article's text and metadata.
type page struct {
	Title  string
	Author string
	// Published is the publication time, zero when the page gives none.
	Published time.Time
	// Canonical is the page's own idea of its URL (rel=canonical, og:url),
	// resolved against the page's address; "" when it gives none.
	Canonical string
	// Text is the article body, one paragraph a line.
	Text string
}

// parseHTML reads an HTML document: decoded with the charset its BOM, the
// server (contentType) or its <meta> declares; metadata from OpenGraph,
// JSON-LD, <time> and <link rel=canonical>; the body by readability, with
// navigation, scripts and other boilerplate dropped. base is the page's
// address, nil for a file.
func parseHTML(b []byte, contentType string, base *url.URL) page {
	declared := mediaCharset(contentType)
	if declared == "" {
		declared = metaCharset(b)
	}
	src := normalizeNewlines(decode(b, declared))
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// x/net/html recovers from malformed markup but refuses absurd
		// nesting; the text between the tags is still the page's text.
		return page{Text: tokenText(src)}
	}
	var p page
	m := collectMeta(doc)

	pruneNavigation(doc)
	parser := readability.NewParser()
	// Readability's scoring grows faster than the page; past this many
	// elements (a news page has a few thousand) the plain body is used.
	parser.MaxElemsToParse = maxReadabilityElems
	art, err := parser.ParseAndMutate(doc, base)
	if err == nil && art.Node != nil {
		p.Text = nodeText(art.Node)
	}
	if p.Text == "" {
		// Readability found no article (a short page, a list): fall back
		// on the body without its obvious boilerplate. Readability has
		// mutated doc, so read it afresh.
		if fresh, err := html.Parse(strings.NewReader(src)); err == nil {
			p.Text = nodeText(stripBoilerplate(fresh))
		}
	}
	p.Text = dropBylines(p.Text)
	p.Title = firstNonEmpty(m.jsonTitle, m.ogTitle, art.Title(), m.title)
	p.Author = firstNonEmpty(m.jsonAuthor, m.metaAuthor, cleanByline(art.Byline()))
	for _, s := range []string{m.jsonPublished, m.metaPublished, m.timeTag} {
		if t, ok := parseDate(s); ok {
			p.Published = t
			break
		}
	}
	if p.Published.IsZero() {
		if t, err := art.PublishedTime(); err == nil {
			p.Published = t
		}
	}
	for _, c := range []string{m.canonical, m.jsonURL, m.ogURL} {
		if u := resolveHTTP(base, c); u != "" {
			p.Canonical = u
			break
		}
	}
	return p
}

// maxReadabilityElems is the most elements a page may have for readability.
const maxReadabilityElems = 30000

// tokenText is the text of an HTML document that cannot be parsed into a
// tree: its text tokens, outside scripts and styles, one block a line.
func tokenText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return paragraphs(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case skipped[a] && a != atom.Img && a != atom.Input:
				if z.Token().Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			case blocks[a]:
				b.WriteByte('\n')
			}
		}
	}
}

// meta is the raw metadata found in a document's markup.
type meta struct {
	title, ogTitle, jsonTitle    string
	metaAuthor, jsonAuthor       string
	metaPublished, jsonPublished string
	timeTag                      string
	canonical, ogURL, jsonURL    string
}

// collectMeta walks the document once for the metadata readability does
// not give back: the canonical link, og:url, JSON-LD's NewsArticle and the
// first <time datetime>.
func collectMeta(doc *html.Node) meta {
	var m meta
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if m.title == "" {
					m.title = strings.TrimSpace(textContent(n))
				}
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				val := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "og:title":
					setOnce(&m.ogTitle, val)
				case "og:url":
					setOnce(&m.ogURL, val)
				case "author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author":
					if !strings.Contains(val, "://") {
						setOnce(&m.metaAuthor, strings.TrimPrefix(strings.TrimPrefix(val, "By "), "by "))
					}
				case "article:published_time", "datepublished", "date", "pubdate", "publishdate",
					"dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "og:published_time":
					setOnce(&m.metaPublished, val)
				}
			case atom.Link:
				for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
					if rel == "canonical" {
						setOnce(&m.canonical, strings.TrimSpace(attr(n, "href")))
					}
				}
			case atom.Time:
				setOnce(&m.timeTag, strings.TrimSpace(attr(n, "datetime")))
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
					readJSONLD(textContent(n), &m)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// articleTypes are the schema.org types whose metadata describes a news story.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"BlogPosting": true, "LiveBlogPosting": true, "OpinionNewsArticle": true, "Report": true,
	"WebPage": false,
}

// readJSONLD takes headline, author, date and URL from the first
// schema.org article object in a JSON-LD block, looking inside @graph and
// arrays. Malformed JSON is ignored: metadata is a bonus, not a requirement.
func readJSONLD(src string, m *meta) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var visit func(any, int) bool
	visit = func(v any, depth int) bool {
		if depth > 8 {
			return false
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if visit(e, depth+1) {
					return true
				}
			}
		case map[string]any:
			if isArticleType(x["@type"]) {
				setOnce(&m.jsonTitle, strings.TrimSpace(jsonString(x["headline"])))
				setOnce(&m.jsonAuthor, jsonAuthor(x["author"]))
				setOnce(&m.jsonPublished, strings.TrimSpace(jsonString(x["datePublished"])))
				setOnce(&m.jsonURL, firstNonEmpty(jsonString(x["url"]), jsonID(x["mainEntityOfPage"])))
				return true
			}
			return visit(x["@graph"], depth+1)
		}
		return false
	}
	visit(v, 0)
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[x]
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && articleTypes[s] {
				return true
			}
		}
	}
	return false
}

// jsonAuthor reads schema.org's author: a name, a Person, or a list of either.
func jsonAuthor(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		return strings.TrimSpace(jsonString(x["name"]))
	case []any:
		var names []string
		for _, e := range x {
			if n := jsonAuthor(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

func jsonString(v any) string {
	s, _ := v.(string)
	return s
}

func jsonID(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return jsonString(x["@id"])
	}
	return ""
}

// dateLayouts are the forms publication dates take in page metadata.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.000Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"20060102",
}

// parseDate reads a metadata date in any of dateLayouts.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// resolveHTTP resolves ref against base and returns it when it is an
// absolute http(s) URL, else "".
func resolveHTTP(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// textContent is the concatenated text of n's descendants.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// dropBylines removes byline lines ("By Ines Varga · 12 May 2031") from
// the top of an article's text, where readability leaves them when the
// page's metadata already named the author: they are not part of the story.
func dropBylines(text string) string {
	for range 3 {
		line, rest, ok := strings.Cut(text, "\n")
		if !ok || !isByline(line) {
			return text
		}
		text = rest
	}
	return text
}

// isByline reports whether line reads as a byline: "By" and a capitalised
// name, short, and not a sentence.
func isByline(line string) bool {
	f := strings.Fields(line)
	if len(f) < 2 || len(f) > 16 || (f[0] != "By" && f[0] != "BY" && f[0] != "by") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(f[1])
	return unicode.IsUpper(r) && !strings.HasSuffix(line, ".")
}

// cleanByline keeps a byline readability found in the page's text when it
// reads as names: "By " dropped, and nothing with digits (a dateline, "5
// minutes ago") or as long as a sentence.
func cleanByline(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"By ", "by ", "BY "} {
		s = strings.TrimPrefix(s, p)
	}
	if s == "" || len(s) > 100 || strings.ContainsFunc(s, unicode.IsDigit) {
		return ""
	}
	return s
}
