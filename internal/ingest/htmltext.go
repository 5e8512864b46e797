package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements hold no article text.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Video: true, atom.Audio: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Img: true,
}

// boilerplate elements are dropped when the whole body stands in for the
// article because readability found none.
var boilerplate = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Menu: true, atom.Dialog: true,
}

// blocks are elements that start and end a line of text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Figure: true, atom.Figcaption: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Hr: true, atom.Br: true,
	atom.Form: true, atom.Fieldset: true, atom.Legend: true, atom.Caption: true, atom.Body: true,
	atom.Html: true, atom.Center: true, atom.Hgroup: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true,
}

// nodeText renders n as plain text, one paragraph (block element) a line:
// inline elements run on, white space is folded as a browser folds it,
// table cells are separated by "; ", and hidden or non-text elements
// (scripts, styles, forms, media) are left out.
func nodeText(n *html.Node) string {
	var t textBuilder
	t.render(n)
	t.endLine()
	return paragraphs(t.out.String())
}

type textBuilder struct {
	out  strings.Builder
	line strings.Builder
	// cells counts the cells written on the current table row.
	cells int
}

func (t *textBuilder) endLine() {
	if l := cleanLine(t.line.String()); l != "" {
		t.out.WriteString(l)
		t.out.WriteByte('\n')
	}
	t.line.Reset()
	t.cells = 0
}

func (t *textBuilder) render(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		t.line.WriteString(n.Data)
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			t.render(c)
		}
		return
	case html.ElementNode:
	default:
		return
	}
	if skipped[n.DataAtom] || hidden(n) {
		return
	}
	switch n.DataAtom {
	case atom.Pre:
		// Preformatted text keeps its own lines.
		t.endLine()
		for _, l := range strings.Split(textContent(n), "\n") {
			t.line.WriteString(l)
			t.endLine()
		}
		return
	case atom.Td, atom.Th:
		if t.cells > 0 {
			prev := strings.TrimRightFunc(t.line.String(), unicode.IsSpace)
			t.line.Reset()
			t.line.WriteString(prev)
			t.line.WriteString("; ")
		}
		t.cells++
		t.children(n)
		t.line.WriteByte(' ')
		return
	}
	block := blocks[n.DataAtom]
	if block {
		t.endLine()
	}
	t.children(n)
	if block {
		t.endLine()
	}
}

func (t *textBuilder) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.render(c)
	}
}

// hidden reports whether markup hides n from readers.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// stripBoilerplate removes navigation, headers, footers, asides and forms
// from doc and returns its body (or doc itself when it has none).
func stripBoilerplate(doc *html.Node) *html.Node {
	var body *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && boilerplate[c.DataAtom] {
				n.RemoveChild(c)
			} else {
				if c.DataAtom == atom.Body && body == nil {
					body = c
				}
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
	if body == nil {
		return doc
	}
	return body
}

// navigationRoles are ARIA roles of page furniture, never of an article.
var navigationRoles = map[string]bool{
	"navigation": true, "search": true, "menubar": true, "menu": true, "dialog": true, "alertdialog": true,
}

// pruneNavigation removes menus, forms and dialogs from doc before
// readability scores it: readability judges by class names and link
// density, and a bare <nav> of a few links can otherwise pass for the
// article of a short page.
func pruneNavigation(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			switch {
			case c.DataAtom == atom.Nav, c.DataAtom == atom.Menu, c.DataAtom == atom.Form, c.DataAtom == atom.Dialog,
				navigationRoles[strings.ToLower(attr(c, "role"))]:
				n.RemoveChild(c)
			default:
				pruneNavigation(c)
			}
		}
		c = next
	}
}
