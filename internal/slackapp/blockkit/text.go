package blockkit

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis marks text cut short. It is one rune, so a cut never costs more
// than the one character it stands for.
const ellipsis = "…"

// zwsp is the zero-width space put before a formatting mark from an article:
// Slack pairs *, _, ~ and ` only at word edges, and an invisible space there
// keeps a quote such as "the *real* plan" from turning bold half-way through
// while leaving what people read and copy unchanged.
const zwsp = "\u200b"

// mrkdwn escapes article-derived s for a mrkdwn text object and cuts it so
// that the result is at most max runes long, ellipsis included. Runs of white
// space (new lines too) become one space: the layout of the source is not
// part of what was said. The cut never splits an entity or a neutralised
// mark, because it is made on the escaped pieces, not on the output.
func mrkdwn(s string, max int) string {
	return mrkdwnRaw(collapse(s), max)
}

// escapeRune is what one rune of article text becomes in mrkdwn, "" when
// it stays itself (writeEscaped then writes the rune, with no allocation).
func escapeRune(r rune) string {
	switch r {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '*':
		return zwsp + "*"
	case '_':
		return zwsp + "_"
	case '~':
		return zwsp + "~"
	case '`':
		return zwsp + "`"
	}
	return ""
}

// escapedLen is the runes r takes once escaped.
func escapedLen(r rune) int {
	if e := escapeRune(r); e != "" {
		return runes(e)
	}
	return 1
}

// writeEscaped writes r escaped.
func writeEscaped(b *strings.Builder, r rune) {
	if e := escapeRune(r); e != "" {
		b.WriteString(e)
		return
	}
	b.WriteRune(r)
}

// plain prepares s for a plain_text object, which Slack shows as written: only
// white space is folded and the length cut to max runes.
func plain(s string, max int) string {
	return cut(collapse(s), max)
}

// cut shortens s to at most max runes, the last of them an ellipsis when
// anything was dropped. It cuts on rune boundaries only.
func cut(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + ellipsis
		}
		n++
	}
	return s
}

// collapse folds every run of white space and control characters into one
// space, drops bidirectional controls and trims the ends.
func collapse(s string) string {
	return fold(s, false)
}

// fold is collapse, keeping one space at an end that had white space when
// edges is true: for pieces of a sentence that are joined again.
func fold(s string, edges bool) string {
	if s == "" || folded(s, edges) {
		return s
	}
	return foldSlow(s, edges)
}

// foldSlow is fold without the fast path.
func foldSlow(s string, edges bool) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
			space = b.Len() > 0 || edges
			continue
		}
		if bidiControl(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space && edges {
		b.WriteByte(' ')
	}
	return b.String()
}

// folded reports whether fold would return s unchanged, which is the
// common case and costs no allocation.
func folded(s string, edges bool) bool {
	prevSpace := true // a space at the start is a change unless edges
	for i, r := range s {
		switch {
		case r == ' ':
			if prevSpace && !(edges && i == 0) {
				return false
			}
			prevSpace = true
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError || bidiControl(r):
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || edges
}

// bidiControl reports whether r is a bidirectional embedding, override or
// isolate: in article text it could make a quote or a link read in another
// order than it is written, so fold drops it.
func bidiControl(r rune) bool {
	return 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// escape is mrkdwn without a length limit, on text already folded.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		writeEscaped(&b, r)
	}
	return b.String()
}

// escapeTail escapes s and keeps at most max runes of its end, starting with
// an ellipsis when anything was dropped.
func escapeTail(s string, max int) string {
	if max <= 0 {
		return ""
	}
	e := escape(s)
	if runes(e) <= max {
		return e
	}
	rs := []rune(s)
	var pieces []string
	n := 0
	for i := len(rs) - 1; i >= 0; i-- {
		p := escapeRune(rs[i])
		if p == "" {
			p = string(rs[i])
		}
		if n+runes(p) > max-1 {
			break
		}
		pieces = append(pieces, p)
		n += runes(p)
	}
	var b strings.Builder
	b.WriteString(ellipsis)
	for i := len(pieces) - 1; i >= 0; i-- {
		b.WriteString(pieces[i])
	}
	return strings.Replace(b.String(), ellipsis+" ", ellipsis, 1)
}

// highlight escapes s with the bytes s[i:j] in bold, in at most max runes:
// the match is kept whole when it fits, and the text around it shares what
// room is left, cut with ellipses. White space at the edges of the match
// moves outside the asterisks, where Slack expects it.
func highlight(s string, i, j, max int) string {
	for i < j && s[i] == ' ' {
		i++
	}
	for j > i && s[j-1] == ' ' {
		j--
	}
	if i >= j {
		return mrkdwn(s, max)
	}
	pre, mid, post := fold(s[:i], true), collapse(s[i:j]), fold(s[j:], true)
	m := mrkdwn(mid, max-2)
	room := max - 2 - runes(m)
	if room < 0 || m == "" {
		return mrkdwn(s, max)
	}
	preRoom := room / 2
	postRoom := room - preRoom
	// Give the side that needs less its exact share and the rest to the other.
	if pr := runes(escape(pre)); pr < preRoom {
		postRoom += preRoom - pr
		preRoom = pr
	} else if po := runes(escape(post)); po < postRoom {
		preRoom += postRoom - po
		postRoom = po
	}
	out := escapeTail(strings.TrimLeft(pre, " "), preRoom) + "*" + m + "*" + mrkdwnRaw(strings.TrimRight(post, " "), postRoom)
	return out
}

// mrkdwnRaw is mrkdwn on text already folded, which keeps its edge spaces.
func mrkdwnRaw(s string, max int) string {
	if max <= 0 {
		return ""
	}
	total, same := 0, true
	for _, r := range s {
		n := escapedLen(r)
		total += n
		// A name or a role rarely holds a character to escape; then s is
		// its own mrkdwn (RuneError would be rewritten as U+FFFD).
		same = same && n == 1 && r != utf8.RuneError
	}
	if same && total <= max {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	if total <= max {
		for _, r := range s {
			writeEscaped(&b, r)
		}
		return b.String()
	}
	n := 0
	for _, r := range s {
		pn := escapedLen(r)
		if n+pn > max-1 {
			break
		}
		writeEscaped(&b, r)
		n += pn
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace) + ellipsis
}

// find returns the byte range of the first match of phrase in text, ignoring
// case, the style of quote marks and the amount of white space, as people
// type a phrase they remember.
func find(text, phrase string) (int, int, bool) {
	p := []rune(collapse(phrase))
	if len(p) == 0 {
		return 0, 0, false
	}
	for i := range text {
		if j, ok := matchAt(text, i, p); ok {
			return i, j, true
		}
	}
	return 0, 0, false
}

func matchAt(text string, i int, p []rune) (int, bool) {
	j := i
	for _, want := range p {
		if j >= len(text) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if want == ' ' {
			if !unicode.IsSpace(r) {
				return 0, false
			}
			for j < len(text) {
				r, size = utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += size
			}
			continue
		}
		if foldRune(r) != foldRune(want) {
			return 0, false
		}
		j += size
	}
	return j, true
}

// foldRune maps a rune to what find compares: lower case, and every single
// or double quote mark to its straight form.
func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb', '\u2033':
		return '"'
	}
	return unicode.ToLower(r)
}

// runes is the length Slack measures: characters, not bytes.
func runes(s string) int { return utf8.RuneCountInString(s) }

// maxURL is the longest link target written. A link cannot be cut short,
// and a longer one would crowd the text it belongs to out of its section;
// real article URLs are far shorter, so past it the title stands alone.
const maxURL = 600

// maxLinkLabel keeps a long article title from crowding out the quote it
// sits under.
const maxLinkLabel = 90

// link renders a mrkdwn link to rawURL labelled with label. Only absolute
// http and https URLs become links: anything else (a file name, a URL that
// does not parse) is shown as escaped text, so article data can never smuggle
// in a mention, a channel link or a javascript: target.
func link(rawURL, label string) string {
	label = collapse(label)
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if label == "" {
			label = rawURL
		}
		return mrkdwn(label, maxLinkLabel)
	}
	if label == "" {
		label = u.Host
	}
	// A user name or password in a link would be shown to the whole
	// channel on hover; the article is reached without them.
	u.User = nil
	target := escapeURL(u.String())
	if runes(target) > maxURL {
		return mrkdwn(label, maxLinkLabel)
	}
	return "<" + target + "|" + mrkdwn(label, maxLinkLabel) + ">"
}

// escapeURL makes a URL safe between < and >: the three entities Slack
// decodes, and | percent-encoded because Slack splits URL from label there.
func escapeURL(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C", " ", "%20")
	return r.Replace(s)
}
