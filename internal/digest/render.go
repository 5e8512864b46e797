package digest

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Renderers write what people read: Markdown for chat and documents, plain
// text for a terminal. Every piece of article text goes through an escaper
// (Markdown) or a line cleaner (text), because an article may hold anything:
// an asterisk, a bracket, a line break in the middle of a quote.

// maxLinkedSources is how many sources a quote or a statement links to
// before the rest are counted ("+3 more"): the list of sources says the rest.
const maxLinkedSources = 3

// maxListedSources is how many sources the Sources section lists.
const maxListedSources = 50

// textWidth is where plain text wraps: a terminal's 80 columns, less a margin.
const textWidth = 78

// printer buffers formatted output and keeps the first error, so that a
// renderer checks once at the end instead of after every line, and the
// writer (a terminal, a socket) sees a few large writes.
type printer struct {
	w   *bufio.Writer
	err error
}

func newPrinter(w io.Writer) *printer { return &printer{w: bufio.NewWriter(w)} }

func (p *printer) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

func (p *printer) print(s string) {
	if p.err != nil {
		return
	}
	_, p.err = p.w.WriteString(s)
}

// done flushes what is buffered and returns the first error.
func (p *printer) done() error {
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}

// isEmpty reports whether the digest found nothing worth a section.
func (d *Digest) isEmpty() bool {
	return len(d.Quotes) == 0 && len(d.Statements) == 0 && len(d.Decisions) == 0 &&
		len(d.Timeline) == 0 && len(d.Summary) == 0
}

// emptyLine says, in one line, that there is nothing to show.
func (d *Digest) emptyLine() string {
	switch n := len(d.Sources); n {
	case 0:
		return "Nothing to digest: there are no articles."
	case 1:
		return "Nothing to digest: no quotes, statements, decisions or times were found in the one article given."
	default:
		return fmt.Sprintf("Nothing to digest: no quotes, statements, decisions or times were found in the %d articles given.", n)
	}
}

// title is the digest's title, or a plain one when it has none.
func (d *Digest) title() string {
	if t := oneLine(d.Title); t != "" {
		return t
	}
	return "Summit digest"
}

// WriteMarkdown renders d as Markdown: title, summary, key quotes, decisions,
// statements, timeline, speakers and sources. Sections with nothing in them
// are left out, and a digest with nothing at all is one line saying so.
func (d *Digest) WriteMarkdown(w io.Writer) error {
	p := newPrinter(w)
	if d.isEmpty() {
		p.print(d.emptyLine() + "\n")
		return p.done()
	}
	p.printf("# %s\n\n", mdEscape(d.title()))
	if line := d.coverage(); line != "" {
		p.printf("_%s_\n", mdEscape(line))
	}

	if len(d.Summary) > 0 {
		p.print("\n## Summary\n\n")
		parts := make([]string, len(d.Summary))
		for i, s := range d.Summary {
			parts[i] = mdEscape(oneLine(s))
		}
		p.print(mdEscapeLineStart(strings.Join(parts, " ")) + "\n")
	}

	labels := d.sourceLabels()
	if len(d.Quotes) > 0 {
		p.print("\n## Key quotes\n\n")
		for _, q := range d.Quotes {
			p.printf("- %s — %s%s\n", mdQuote(q.Text), mdWho(q.Speaker, q.Role, q.Time), d.mdSources(labels, q.Sources))
		}
	}

	if len(d.Decisions) > 0 {
		p.print("\n## Decisions\n\n")
		for _, dec := range d.Decisions {
			// A line with no lead must not open a list inside the item ("- 1. …").
			p.printf("- %s%s\n", mdEscapeLineStart(mdLead(dec.Actor, untold(dec.Time, dec.Text))+mdEscape(oneLine(dec.Text))), d.mdSources(labels, dec.Sources))
		}
	}

	if len(d.Statements) > 0 {
		p.print("\n## Statements\n\n")
		for _, st := range d.Statements {
			p.printf("- %s%s\n", mdEscapeLineStart(mdLead(st.Speaker, untold(st.Time, st.Text))+mdEscape(oneLine(st.Text))), d.mdSources(labels, st.Sources))
		}
	}

	if len(d.Timeline) > 0 {
		p.print("\n## Timeline\n\n")
		evs := d.events()
		if day := oneDay(evs); day != "" {
			p.printf("_%s_\n\n", mdEscape(oneLine(day)))
		}
		for _, row := range timelineRows(evs, days(evs) > 1) {
			who := ""
			if row.speaker != "" {
				who = " — **" + mdEscape(oneLine(row.speaker)) + "**"
			}
			p.printf("- **%s**%s — %s\n", mdEscape(row.when), who, mdEscape(oneLine(row.text)))
		}
	}

	if len(d.Speakers) > 0 {
		p.print("\n## Speakers\n\n")
		for _, s := range d.Speakers {
			role := ""
			if s.Role != "" {
				role = ", " + mdEscape(oneLine(s.Role))
			}
			p.printf("- **%s**%s — %s\n", mdEscape(oneLine(s.Name)), role, counts(s.Quotes, s.Statements))
		}
	}

	if len(d.Sources) > 0 {
		p.print("\n## Sources\n\n")
		for i, s := range d.Sources[:min(len(d.Sources), maxListedSources)] {
			p.printf("%d. %s\n", i+1, mdSourceEntry(s))
		}
		if n := len(d.Sources) - maxListedSources; n > 0 {
			p.printf("\n_and %d more._\n", n)
		}
	}
	return p.done()
}

// WriteText renders d as plain text for a terminal, wrapped at 78 columns,
// with the sources numbered at the end and referred to by number.
func (d *Digest) WriteText(w io.Writer) error {
	p := newPrinter(w)
	if d.isEmpty() {
		p.print(d.emptyLine() + "\n")
		return p.done()
	}
	title := d.title()
	p.printf("%s\n%s\n", title, strings.Repeat("=", min(utf8.RuneCountInString(title), textWidth)))
	if line := d.coverage(); line != "" {
		p.print(line + "\n")
	}

	if len(d.Summary) > 0 {
		textHeading(p, "Summary")
		parts := make([]string, len(d.Summary))
		for i, s := range d.Summary {
			parts[i] = oneLine(s)
		}
		p.print(wrap(strings.Join(parts, " "), "  ", "  "))
	}

	if len(d.Quotes) > 0 {
		textHeading(p, "Key quotes")
		for i, q := range d.Quotes {
			if i > 0 {
				p.print("\n")
			}
			p.print(wrap("\u201c"+quoteWords(q.Text)+"\u201d", "  ", "   "))
			p.print(wrap("— "+textWho(q.Speaker, q.Role, q.Time)+d.textSources(q.Sources), "      ", "        "))
		}
	}

	if len(d.Decisions) > 0 {
		textHeading(p, "Decisions")
		for _, dec := range d.Decisions {
			p.print(wrap(textLead(dec.Actor, untold(dec.Time, dec.Text))+oneLine(dec.Text)+d.textSources(dec.Sources), "  - ", "    "))
		}
	}

	if len(d.Statements) > 0 {
		textHeading(p, "Statements")
		for _, st := range d.Statements {
			p.print(wrap(textLead(st.Speaker, untold(st.Time, st.Text))+oneLine(st.Text)+d.textSources(st.Sources), "  - ", "    "))
		}
	}

	if len(d.Timeline) > 0 {
		textTimeline(p, d.events())
	}

	if len(d.Speakers) > 0 {
		textHeading(p, "Speakers")
		for _, s := range d.Speakers {
			line := oneLine(s.Name)
			if s.Role != "" {
				line += ", " + oneLine(s.Role)
			}
			p.print(wrap(line+" — "+counts(s.Quotes, s.Statements), "  - ", "    "))
		}
	}

	if len(d.Sources) > 0 {
		textHeading(p, "Sources")
		for i, s := range d.Sources[:min(len(d.Sources), maxListedSources)] {
			num := "  [" + strconv.Itoa(i+1) + "] "
			p.print(wrap(textSourceEntry(s), num, strings.Repeat(" ", len(num))))
		}
		if n := len(d.Sources) - maxListedSources; n > 0 {
			p.printf("  and %d more.\n", n)
		}
	}
	return p.done()
}

// WriteExtractionsText renders extractions as plain text, one article after
// another: its speakers with their roles, quotes with speaker, time and
// kind, statements, decisions, timeline and summary. This is `bot extract
// --format text`.
func WriteExtractionsText(w io.Writer, exts []Extraction) error {
	p := newPrinter(w)
	for i, x := range exts {
		if i > 0 {
			p.print("\n")
		}
		a := x.Article
		head := oneLine(a.Title)
		if head == "" {
			head = oneLine(a.Source)
		}
		p.printf("%s\n%s\n", head, strings.Repeat("=", min(utf8.RuneCountInString(head), textWidth)))
		var meta []string
		if head != oneLine(a.Source) && a.Source != "" {
			meta = append(meta, oneLine(a.Source))
		}
		if !a.Published.IsZero() {
			meta = append(meta, a.Published.Format(time.DateOnly))
		}
		if a.Author != "" {
			meta = append(meta, "by "+oneLine(a.Author))
		}
		if len(meta) > 0 {
			p.print(wrap(strings.Join(meta, " · "), "", ""))
		}
		if len(x.Speakers) == 0 && len(x.Quotes) == 0 && len(x.Statements) == 0 &&
			len(x.Decisions) == 0 && len(x.Timeline) == 0 && len(x.Summary) == 0 {
			p.print("Nothing found in this article.\n")
			continue
		}

		if len(x.Speakers) > 0 {
			textHeading(p, "Speakers")
			for _, s := range x.Speakers {
				line := oneLine(s.Name)
				if s.Role != "" {
					line += ", " + oneLine(s.Role)
				}
				if len(s.Aliases) > 0 {
					line += " (also " + oneLine(strings.Join(s.Aliases, ", ")) + ")"
				}
				p.print(wrap(line, "  - ", "    "))
			}
		}

		if len(x.Quotes) > 0 {
			textHeading(p, "Quotes")
			for j, q := range x.Quotes {
				if j > 0 {
					p.print("\n")
				}
				// The whole quote, but without the comma that closed it in the
				// article: it belongs to the attribution, as in the digests.
				p.print(wrap("\u201c"+strings.TrimRight(oneLine(q.Text), ", ")+"\u201d", "  ", "   "))
				who := oneLine(q.Speaker)
				if who == "" {
					who = "speaker unknown"
				}
				meta := []string{who}
				if q.Time != "" {
					meta = append(meta, string(q.Time))
				}
				if q.Kind != "" {
					meta = append(meta, string(q.Kind))
				}
				p.print(wrap("— "+strings.Join(meta, ", "), "      ", "        "))
			}
		}

		if len(x.Statements) > 0 {
			textHeading(p, "Statements")
			for _, st := range x.Statements {
				p.print(wrap(textLead(st.Speaker, st.Time)+oneLine(st.Text), "  - ", "    "))
			}
		}

		if len(x.Decisions) > 0 {
			textHeading(p, "Decisions")
			for _, dec := range x.Decisions {
				p.print(wrap(textLead(dec.Actor, dec.Time)+oneLine(dec.Text), "  - ", "    "))
			}
		}

		if len(x.Timeline) > 0 {
			textTimeline(p, x.Timeline)
		}

		if len(x.Summary) > 0 {
			textHeading(p, "Summary")
			parts := make([]string, len(x.Summary))
			for j, s := range x.Summary {
				parts[j] = oneLine(s)
			}
			p.print(wrap(strings.Join(parts, " "), "  ", "  "))
		}
	}
	return p.done()
}

// coverage is the line under the title: how many articles, over which days.
func (d *Digest) coverage() string {
	if len(d.Sources) == 0 {
		return ""
	}
	var first, last time.Time
	for _, s := range d.Sources {
		if s.Published.IsZero() {
			continue
		}
		if first.IsZero() || s.Published.Before(first) {
			first = s.Published
		}
		if last.IsZero() || s.Published.After(last) {
			last = s.Published
		}
	}
	line := "From 1 article"
	if n := len(d.Sources); n > 1 {
		line = fmt.Sprintf("From %d articles", n)
	}
	switch {
	case first.IsZero():
	case first.Format(time.DateOnly) == last.Format(time.DateOnly):
		line += ", " + first.Format(time.DateOnly)
	default:
		line += ", " + first.Format(time.DateOnly) + " to " + last.Format(time.DateOnly)
	}
	return line + "."
}

// timelineRow is a line of a rendered timeline: entries next to each other
// that differ only in time ("at 13:48, 14:00 and 14:55, leaders …") share one.
type timelineRow struct {
	when, speaker, text string
}

// events is the digest's timeline without the sources.
func (d *Digest) events() []Event {
	evs := make([]Event, len(d.Timeline))
	for i, ev := range d.Timeline {
		evs[i] = ev.Event
	}
	return evs
}

// textTimeline writes a plain-text Timeline section: the day once when
// every entry shares it, else each row's own.
func textTimeline(p *printer, evs []Event) {
	textHeading(p, "Timeline")
	if day := oneDay(evs); day != "" {
		p.print("  " + oneLine(day) + "\n")
	}
	for _, row := range timelineRows(evs, days(evs) > 1) {
		line := row.when + " — "
		if row.speaker != "" {
			line += oneLine(row.speaker) + " — "
		}
		p.print(wrap(line+oneLine(row.text), "  ", "    "))
	}
}

// timelineRows groups the entries; dated puts each row's date before its time.
func timelineRows(evs []Event, dated bool) []timelineRow {
	var rows []timelineRow
	for i, ev := range evs {
		if i > 0 {
			prev := evs[i-1]
			if prev.Date == ev.Date && prev.Speaker == ev.Speaker && prev.Text == ev.Text {
				rows[len(rows)-1].when += ", " + oneLine(string(ev.Time))
				continue
			}
		}
		when := oneLine(string(ev.Time))
		if dated && ev.Date != "" {
			when = oneLine(ev.Date) + " " + when
		}
		rows = append(rows, timelineRow{when: when, speaker: ev.Speaker, text: ev.Text})
	}
	return rows
}

// oneDay is the date the entries share, "" when they have several or none.
func oneDay(evs []Event) string {
	if len(evs) == 0 || days(evs) != 1 {
		return ""
	}
	return evs[0].Date
}

// days counts the distinct dates of a sorted timeline: with more than one,
// each row shows its date.
func days(evs []Event) int {
	n := 0
	prev := "\x00"
	for _, ev := range evs {
		if ev.Date != prev {
			n++
			prev = ev.Date
		}
	}
	return n
}

func counts(quotes, statements int) string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	}
	switch {
	case quotes == 0 && statements == 0:
		return "named, not quoted"
	case quotes > 0 && statements > 0:
		return plural(quotes, "quote", "quotes") + ", " + plural(statements, "statement", "statements")
	case statements > 0:
		return plural(statements, "statement", "statements")
	default:
		return plural(quotes, "quote", "quotes")
	}
}

// oneLine folds runs of white space, line breaks included, into one space,
// and drops control and bidirectional-override characters: article text
// must not break the layout it is put in, nor, through an escape sequence,
// the terminal that shows it.
func oneLine(s string) string {
	return strings.Join(fields(s), " ")
}

// fields is strings.Fields of s without its control characters.
func fields(s string) []string {
	return strings.Fields(strings.Map(printable, s))
}

// printable maps a rune to itself, a control character that is white space
// to a space, and any other control character (ESC, BEL, the C1 set) or
// bidirectional embedding, override or isolate to nothing. strings.Map
// allocates only when something changes, which article text rarely needs.
func printable(r rune) rune {
	switch {
	case r < 0x20 || (0x7f <= r && r < 0xa0):
		if unicode.IsSpace(r) {
			return ' '
		}
		return -1
	case 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return -1
	}
	return r
}

// mdEscape backslash-escapes the characters that Markdown (CommonMark and
// GitHub's) would read as markup: emphasis, code, links, HTML, headings,
// tables and strike-through. Slack's mrkdwn has no backslash escapes; its
// rendering escapes for itself.
func mdEscape(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>#|~") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdEscapeLineStart escapes what would make a paragraph a list or a
// quotation when it opens a line: "- ", "+ ", "1. ", "1) ".
func mdEscapeLineStart(s string) string {
	if len(s) >= 2 && (s[0] == '-' || s[0] == '+') && s[1] == ' ' {
		return "\\" + s
	}
	i := 0
	for i < len(s) && i < 9 && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// mdQuote shows quoted words verbatim between curly quote marks.
func mdQuote(text string) string {
	return "\u201c" + mdEscape(quoteWords(text)) + "\u201d"
}

// A quote longer than maxQuoteWords is shown by its first quoteCutWords
// words and an ellipsis: a digest points to the words, the source has them
// all, and a paragraph-long quote would bury the others.
const (
	maxQuoteWords = 60
	quoteCutWords = 50
)

// quoteWords is a quote's text on one line, without the comma that closed
// it in the article ("'…resources,' Zelenskyy said"): it belongs to the
// attribution, not to the words. A very long quote is cut at a word.
func quoteWords(text string) string {
	words := fields(text)
	if len(words) > maxQuoteWords {
		return strings.Join(words[:quoteCutWords], " ") + " …"
	}
	return strings.TrimRight(strings.Join(words, " "), ", ")
}

// mdWho is "**Speaker**, role, 16:25", or "_speaker unknown_".
func mdWho(speaker, role string, at Clock) string {
	var b strings.Builder
	if speaker == "" {
		b.WriteString("_speaker unknown_")
	} else {
		b.WriteString("**" + mdEscape(oneLine(speaker)) + "**")
	}
	if role != "" {
		b.WriteString(", " + mdEscape(oneLine(role)))
	}
	if at != "" {
		b.WriteString(", " + mdEscape(oneLine(string(at))))
	}
	return b.String()
}

// untold is the time of a decision or statement as its line shows it: none
// when the sentence itself says it ("… war efforts (17:11)"), which the
// reader would otherwise read twice.
func untold(at Clock, text string) Clock {
	if at != "" && strings.Contains(text, string(at)) {
		return ""
	}
	return at
}

// mdLead is what opens a decision or statement line: "**Actor** (16:25): ".
func mdLead(who string, at Clock) string {
	var s string
	if who != "" {
		s = "**" + mdEscape(oneLine(who)) + "**"
	}
	if at != "" {
		if s != "" {
			s += " "
		}
		s += "(" + mdEscape(oneLine(string(at))) + ")"
	}
	if s == "" {
		return ""
	}
	return s + ": "
}

// sourceLabels names each source inline: its host or file name, with its
// number in the Sources section when two sources share the name.
func (d *Digest) sourceLabels() []string {
	labels := make([]string, len(d.Sources))
	seen := make(map[string]int, len(d.Sources))
	for i, s := range d.Sources {
		labels[i] = shortName(s)
		seen[labels[i]]++
	}
	for i, l := range labels {
		if seen[l] > 1 {
			labels[i] = l + " (" + strconv.Itoa(i+1) + ")"
		}
	}
	return labels
}

// mdSources is " · [host](url), file.txt, +2 more" for the given sources.
func (d *Digest) mdSources(labels []string, idx []int) string {
	if len(idx) == 0 || len(d.Sources) == 1 {
		return "" // one source: the Sources section says it once
	}
	parts := make([]string, 0, maxLinkedSources+1)
	for _, i := range idx[:min(len(idx), maxLinkedSources)] {
		if i < 0 || i >= len(d.Sources) {
			continue
		}
		if link, ok := safeURL(d.Sources[i].URL); ok {
			parts = append(parts, "["+mdEscape(labels[i])+"]("+link+")")
		} else {
			parts = append(parts, mdEscape(labels[i]))
		}
	}
	if n := len(idx) - maxLinkedSources; n > 0 {
		parts = append(parts, fmt.Sprintf("+%d more", n))
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, ", ")
}

// mdSourceEntry is a line of the Sources section: the title linked to the
// URL, or the file name, with the date.
func mdSourceEntry(s Source) string {
	title := oneLine(s.Title)
	name := oneLine(s.Source)
	var entry string
	switch link, ok := safeURL(s.URL); {
	case ok && title != "":
		entry = "[" + mdEscape(title) + "](" + link + ")"
	case ok:
		entry = "[" + mdEscape(shortName(s)) + "](" + link + ")"
	case title != "" && name != "":
		entry = mdEscape(title) + " — " + mdEscape(name)
	case title != "":
		entry = mdEscape(title)
	default:
		entry = mdEscape(name)
	}
	if !s.Published.IsZero() {
		entry += " — " + s.Published.Format(time.DateOnly)
	}
	return entry
}

// shortName is how a source is named inline: a URL's host without "www.",
// else the source as given (a file name).
func shortName(s Source) string {
	for _, raw := range []string{s.URL, s.Source} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	if name := oneLine(s.Source); name != "" {
		return name
	}
	return "source"
}

// safeURL returns raw fit for a Markdown link target when it is an http or
// https URL: spaces, parentheses and angle brackets, which end or break a
// link, are percent-encoded, and a user name or password is dropped. Any
// other scheme (javascript:, data:) is refused, so an article cannot put a
// script behind a link.
func safeURL(raw string) (string, bool) {
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	u.User = nil
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "", "\r", "")
	return r.Replace(u.String()), true
}

func textHeading(p *printer, title string) {
	p.printf("\n%s\n%s\n", title, strings.Repeat("-", utf8.RuneCountInString(title)))
}

// textWho is "Speaker, role, 16:25", or "speaker unknown".
func textWho(speaker, role string, at Clock) string {
	s := oneLine(speaker)
	if s == "" {
		s = "speaker unknown"
	}
	if role != "" {
		s += ", " + oneLine(role)
	}
	if at != "" {
		s += ", " + oneLine(string(at))
	}
	return s
}

// textLead is what opens a decision or statement line: "Actor (16:25): ".
func textLead(who string, at Clock) string {
	s := oneLine(who)
	if at != "" {
		if s != "" {
			s += " "
		}
		s += "(" + oneLine(string(at)) + ")"
	}
	if s == "" {
		return ""
	}
	return s + ": "
}

// textSources is " [1, 3, +2 more]": numbers of the Sources section.
func (d *Digest) textSources(idx []int) string {
	if len(idx) == 0 || len(d.Sources) == 1 {
		return "" // one source: the Sources section says it once
	}
	parts := make([]string, 0, maxLinkedSources+1)
	for _, i := range idx[:min(len(idx), maxLinkedSources)] {
		parts = append(parts, strconv.Itoa(i+1))
	}
	if n := len(idx) - maxLinkedSources; n > 0 {
		parts = append(parts, fmt.Sprintf("+%d more", n))
	}
	return " [" + strings.Join(parts, ", ") + "]"
}

// textSourceEntry is a line of the plain Sources section.
func textSourceEntry(s Source) string {
	parts := make([]string, 0, 3)
	if t := oneLine(s.Title); t != "" {
		parts = append(parts, t)
	}
	if link, ok := safeURL(s.URL); ok {
		parts = append(parts, link)
	} else if s.URL != "" {
		parts = append(parts, oneLine(s.URL))
	} else if src := oneLine(s.Source); src != "" {
		parts = append(parts, src)
	}
	if !s.Published.IsZero() {
		parts = append(parts, s.Published.Format(time.DateOnly))
	}
	return strings.Join(parts, " — ")
}

// wrap breaks s into lines of at most textWidth columns at spaces, the first
// line starting with first and the others with rest; a word longer than a
// line stands alone on its line. The result ends with a newline.
func wrap(s, first, rest string) string {
	var b strings.Builder
	b.WriteString(first)
	col := utf8.RuneCountInString(first)
	start := col
	for _, word := range fields(s) {
		n := utf8.RuneCountInString(word)
		if col > start && col+1+n > textWidth {
			b.WriteString("\n" + rest)
			col = utf8.RuneCountInString(rest)
			start = col
		} else if col > start {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	b.WriteByte('\n')
	return b.String()
}
