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

// maxLinkDepth bounds how deeply link texts inside link texts are
// stripped; deeper brackets are left as written. It keeps hostile input
// ("[[[[[[…") linear.
const maxLinkDepth = 3

// mdInline strips inline Markdown: links and images to their text, code
// spans to their content, emphasis markers, escapes, autolinks, HTML tags
// and entities. It never drops the words themselves, and leaves alone what
// only looks like markup: "[sic]", "5 * 3", snake_case, apostrophes.
func mdInline(s string) string {
	return html.UnescapeString(inline(s, 0))
}

// inline is mdInline without the entities, at a link nesting depth. Every
// closing delimiter is found by a table built in one pass, so that the
// whole is linear in len(s) whatever the input.
func inline(s string, depth int) string {
	if !strings.ContainsAny(s, "\\`[!<*_~") {
		return s
	}
	brackets := matchPairs(s, '[', ']')
	parens := matchPairs(s, '(', ')')
	ticks := newTickRuns(s)
	nextGT := -1
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
			n, end := ticks.at(i)
			if end >= 0 {
				b.WriteString(strings.TrimSpace(s[i+n : end]))
				i = end + n
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
			if label, next, ok := mdLink(s, start, brackets, parens); ok && depth < maxLinkDepth {
				b.WriteString(inline(label, depth+1))
				i = next
				continue
			}
		case '<':
			if nextGT < i {
				nextGT = strings.IndexByte(s[i:], '>')
				if nextGT < 0 {
					nextGT = len(s)
				} else {
					nextGT += i
				}
			}
			if nextGT < len(s) {
				inner := s[i+1 : nextGT]
				if strings.HasPrefix(inner, "http://") || strings.HasPrefix(inner, "https://") || strings.HasPrefix(inner, "mailto:") {
					b.WriteString(strings.TrimPrefix(inner, "mailto:"))
					i = nextGT + 1
					continue
				}
				if htmlTag.MatchString(s[i : nextGT+1]) {
					i = nextGT + 1
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
	return b.String()
}

// matchPairs returns, for each open delimiter of s, the index of the close
// delimiter that balances it (-1 when none), skipping backslash escapes;
// nil when s has no open delimiter.
func matchPairs(s string, open, close byte) []int32 {
	if strings.IndexByte(s, open) < 0 {
		return nil
	}
	match := make([]int32, len(s))
	var stack []int32
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case open:
			match[i] = -1
			stack = append(stack, int32(i))
		case close:
			if len(stack) > 0 {
				match[stack[len(stack)-1]] = int32(i)
				stack = stack[:len(stack)-1]
			}
		}
	}
	return match
}

// tickRuns are the runs of backticks in a string, each with the start of
// the next run of the same length: where its code span closes.
type tickRuns struct {
	start, n, close []int
	k               int
}

func newTickRuns(s string) *tickRuns {
	t := &tickRuns{}
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		n := runLen(s[i:], '`')
		t.start = append(t.start, i)
		t.n = append(t.n, n)
		i += n
	}
	t.close = make([]int, len(t.start))
	next := map[int]int{}
	for k := len(t.start) - 1; k >= 0; k-- {
		t.close[k] = -1
		if j, ok := next[t.n[k]]; ok {
			t.close[k] = t.start[j]
		}
		next[t.n[k]] = k
	}
	return t
}

// at returns the length of the run of backticks at i (the start of a run,
// asked in increasing order) and where its code span closes, -1 when it
// does not.
func (t *tickRuns) at(i int) (n, end int) {
	for t.k < len(t.start) && t.start[t.k] < i {
		t.k++
	}
	if t.k == len(t.start) || t.start[t.k] != i {
		return 1, -1
	}
	return t.n[t.k], t.close[t.k]
}

// mdLink reads a link or image at s[i] == '[': "[text](url)",
// "[text][ref]" or "[text][]". It returns the text and the index after the
// link; ok is false when s[i:] is a bracket that is not a link ("[sic]").
func mdLink(s string, i int, brackets, parens []int32) (label string, next int, ok bool) {
	if brackets == nil || brackets[i] <= 0 {
		return "", 0, false
	}
	j := int(brackets[i])
	if j+1 >= len(s) {
		return "", 0, false
	}
	switch s[j+1] {
	case '(':
		if parens != nil && parens[j+1] > 0 {
			return s[i+1 : j], int(parens[j+1]) + 1, true
		}
	case '[':
		if e := brackets[j+1]; e > 0 {
			return s[i+1 : j], int(e) + 1, true
		}
	}
	return "", 0, false
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
