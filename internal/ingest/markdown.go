package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

var (
	// mdHeading is an ATX heading: "## Title ##".
	mdHeading = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	// mdRule is a thematic break or a setext underline.
	mdRule = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+|-+)[ \t]*$`)
	// mdListItem is a bullet or ordered list marker, with an optional task box.
	mdListItem = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?`)
	// mdRefDef is a link reference definition: "[id]: https://… "title"".
	mdRefDef = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S+`)
	// mdFence opens or closes a code block.
	mdFence = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	// mdTableRule is the line under a table's header: "|---|:--:|".
	mdTableRule = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$`)
	// htmlTag is an inline HTML tag, dropped from Markdown text.
	htmlTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
)

// markdownArticle turns Markdown into plain text, one paragraph a line, and
// returns the title: YAML front matter's title, else the first level-one
// heading, else a headline-like first line.
func markdownArticle(src string) (title, text string) {
	lines := strings.Split(normalizeNewlines(src), "\n")
	lines, title = frontMatter(lines)

	var out []string
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, cleanLine(mdInline(strings.Join(para, " "))))
			para = para[:0]
		}
	}
	fence := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if fence != "" {
			// Code is kept as it is, one line each: it is quoted material
			// at most, and has no paragraphs to rebuild.
			if strings.HasPrefix(strings.TrimSpace(line), fence) {
				fence = ""
				continue
			}
			out = append(out, cleanLine(line))
			continue
		}
		if m := mdFence.FindStringSubmatch(line); m != nil {
			flush()
			fence = m[1]
			continue
		}
		line = stripBlockquote(line)
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
			continue
		case mdRefDef.MatchString(line), mdTableRule.MatchString(line):
			continue
		}
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			flush()
			h := cleanLine(mdInline(m[2]))
			if title == "" && len(m[1]) == 1 {
				title = h
			}
			out = append(out, h)
			continue
		}
		if mdRule.MatchString(line) {
			// A setext underline makes the paragraph above it a heading.
			if len(para) > 0 && strings.Trim(t, "=-") == "" {
				h := cleanLine(mdInline(strings.Join(para, " ")))
				para = para[:0]
				if title == "" && t[0] == '=' {
					title = h
				}
				out = append(out, h)
			} else {
				flush()
			}
			continue
		}
		if loc := mdListItem.FindStringIndex(line); loc != nil {
			flush()
			para = append(para, line[loc[1]:])
			continue
		}
		if strings.HasPrefix(t, "|") && strings.Count(t, "|") >= 2 {
			flush()
			out = append(out, cleanLine(mdInline(tableRow(t))))
			continue
		}
		para = append(para, t)
		// Two trailing spaces or a backslash end a line on purpose.
		if strings.HasSuffix(line, "  ") || strings.HasSuffix(t, `\`) {
			if strings.HasSuffix(t, `\`) {
				para[len(para)-1] = strings.TrimSuffix(t, `\`)
			}
			flush()
		}
	}
	flush()
	text = paragraphs(strings.Join(out, "\n"))
	if title == "" {
		title = headline(text)
	}
	return title, text
}

// frontMatter drops a leading YAML front matter block and returns its title.
func frontMatter(lines []string) ([]string, string) {
	if len(lines) < 2 || strings.TrimSpace(lines[0]) != "---" {
		return lines, ""
	}
	for i := 1; i < len(lines) && i < 100; i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			title := ""
			for _, l := range lines[1:i] {
				if v, ok := strings.CutPrefix(l, "title:"); ok {
					title = strings.Trim(strings.TrimSpace(v), `"'`)
				}
			}
			return lines[i+1:], title
		}
	}
	return lines, ""
}

// stripBlockquote removes the "> " markers in front of a line.
func stripBlockquote(line string) string {
	for {
		t := strings.TrimLeft(line, " ")
		if len(line)-len(t) > 3 || !strings.HasPrefix(t, ">") {
			return line
		}
		line = strings.TrimPrefix(t[1:], " ")
	}
}

// tableRow turns "| a | b |" into "a; b".
func tableRow(t string) string {
	t = strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|")
	cells := strings.Split(t, "|")
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
	return strings.Join(cells, "; ")
}

// mdInline strips inline Markdown: links and images to their text, code
// spans to their content, emphasis markers, escapes, autolinks, HTML tags
// and entities. It never drops the words themselves, and leaves alone what
// only looks like markup: "[sic]", "5 * 3", snake_case, apostrophes.
func mdInline(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				b.WriteByte(s[i+1])
				i += 2
				continue
			}
		case '`':
			n := runLen(s[i:], '`')
			if end := strings.Index(s[i+n:], s[i:i+n]); end >= 0 {
				b.WriteString(strings.TrimSpace(s[i+n : i+n+end]))
				i += n + end + n
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		case '!', '[':
			start := i
			if c == '!' {
				if i+1 >= len(s) || s[i+1] != '[' {
					break
				}
				start++
			}
			if label, next, ok := mdLink(s, start); ok {
				b.WriteString(mdInline(label))
				i = next
				continue
			}
		case '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				inner := s[i+1 : i+end]
				if strings.HasPrefix(inner, "http://") || strings.HasPrefix(inner, "https://") || strings.HasPrefix(inner, "mailto:") {
					b.WriteString(strings.TrimPrefix(inner, "mailto:"))
					i += end + 1
					continue
				}
				if loc := htmlTag.FindStringIndex(s[i:]); loc != nil && loc[0] == 0 {
					i += loc[1]
					continue
				}
			}
		case '*', '_', '~':
			n := runLen(s[i:], c)
			if emphasis(s, i, n, c) {
				i += n
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteByte(c)
		i++
	}
	return html.UnescapeString(b.String())
}

// mdLink reads a link or image at s[i] == '[': "[text](url)",
// "[text][ref]" or "[text][]". It returns the text and the index after the
// link; ok is false when s[i:] is a bracket that is not a link ("[sic]").
func mdLink(s string, i int) (label string, next int, ok bool) {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
			if depth > 0 {
				continue
			}
			label = s[i+1 : j]
			if j+1 >= len(s) {
				return "", 0, false
			}
			switch s[j+1] {
			case '(':
				if end := closeParen(s, j+1); end > 0 {
					return label, end + 1, true
				}
			case '[':
				if end := strings.IndexByte(s[j+1:], ']'); end > 0 {
					return label, j + 1 + end + 1, true
				}
			}
			return "", 0, false
		}
	}
	return "", 0, false
}

// closeParen returns the index of the ')' closing the '(' at s[open],
// allowing nested parentheses in URLs; -1 when there is none.
func closeParen(s string, open int) int {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// emphasis reports whether the run of n delimiter characters c at s[i]
// marks emphasis: it touches a word on one side and white space or
// punctuation (not a letter) on the other. An underscore inside a word
// (snake_case) and a lone tilde are text.
func emphasis(s string, i, n int, c byte) bool {
	if c == '~' && n < 2 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+n:])
	if i == 0 {
		before = ' '
	}
	if i+n >= len(s) {
		after = ' '
	}
	wordBefore := unicode.IsLetter(before) || unicode.IsDigit(before)
	wordAfter := unicode.IsLetter(after) || unicode.IsDigit(after)
	spaceBefore := unicode.IsSpace(before)
	spaceAfter := unicode.IsSpace(after)
	if spaceBefore && spaceAfter {
		return false
	}
	if c == '_' && wordBefore && wordAfter {
		return false
	}
	return true
}

func runLen(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

func isASCIIPunct(c byte) bool {
	return c < utf8.RuneSelf && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}
