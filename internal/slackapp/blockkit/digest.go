package blockkit

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// DigestOptions tunes Digest.
type DigestOptions struct {
	// PostValue, when set, adds a "Post to channel" button (ActionPostDigest)
	// carrying it and a "Dismiss" button (ActionCancel): the digest is a
	// preview that only the caller sees.
	PostValue string
	// MaxMessages caps the messages returned; 0 means no cap. A preview is
	// ephemeral and ephemeral messages have no thread, so it takes 1, and a
	// closing note says how much was left out.
	MaxMessages int
}

// maxSourcesPerItem is how many source links a quote or decision shows
// before "+N more": the Sources section lists them all.
const maxSourcesPerItem = 2

// maxQuoteText bounds the quoted words of one quote block, leaving room in
// the section for the speaker line and the source links.
const maxQuoteText = 2200

// Digest renders d as one or more messages. The first has the header, the
// summary, decisions, key quotes with speaker, role, time and source links,
// reported statements, the timeline and the sources, as far as they fit,
// and ends with a context line of counts; whatever does not fit follows in
// further messages, meant for the first one's thread, each opening with a
// "continued" line. d must not be nil.
func Digest(d *digest.Digest, opts DigestOptions) []Message {
	title := d.Title
	if strings.TrimSpace(title) == "" {
		title = "Summit digest"
	}
	body := digestBody(d)

	counts := strings.Join([]string{
		plural(len(d.Sources), "source", "sources"),
		plural(len(d.Quotes), "quote", "quotes"),
		plural(len(d.Statements), "statement", "statements"),
		plural(len(d.Decisions), "decision", "decisions"),
		plural(len(d.Speakers), "speaker", "speakers"),
	}, " · ")
	head := header(title)
	foot := contextLine(counts)
	var actions slack.Block
	if opts.PostValue != "" {
		actions = slack.NewActionBlock("",
			button(ActionPostDigest, "Post to channel", opts.PostValue, slack.StylePrimary),
			button(ActionCancel, "Dismiss", "digest", slack.StyleDefault))
	}
	reserved := []slack.Block{head, foot}
	if actions != nil {
		reserved = append(reserved, actions)
	}
	// Continuation messages open with a one-line context block.
	contFixed := []slack.Block{contextLine(strings.Repeat("x", 200))}
	pages := paginate(body, reserved, contFixed)

	omitted := 0
	if opts.MaxMessages > 0 && len(pages) > opts.MaxMessages {
		for _, p := range pages[opts.MaxMessages:] {
			omitted += len(p)
		}
		pages = pages[:opts.MaxMessages]
		last := pages[len(pages)-1]
		fixed := reserved
		if len(pages) > 1 {
			fixed = contFixed
		}
		// Make room for the note: one block, and its characters in the
		// budget. A section title goes with the section it opened.
		for len(last) > 0 && (len(last)+len(fixed)+1 > MaxBlocks || partsSize(last)+sizeOf(fixed)+200 > messageBudget || last[len(last)-1].keep) {
			last = last[:len(last)-1]
			omitted++
		}
		pages[len(pages)-1] = last
	}
	note := contextLine(fmt.Sprintf("_%s left out of this preview; the posted digest has everything._", plural(omitted, "section", "sections")))

	summary := fmt.Sprintf("%s: %s, %s from %s", title,
		plural(len(d.Quotes), "quote", "quotes"),
		plural(len(d.Decisions), "decision", "decisions"),
		plural(len(d.Sources), "source", "sources"))
	msgs := make([]Message, 0, len(pages))
	for i, p := range pages {
		var blocks []slack.Block
		text := fallback(summary)
		if i == 0 {
			blocks = append(blocks, head)
		} else {
			cont := fmt.Sprintf(", continued (%d of %d)", i+1, len(pages))
			// The title is cut, never the part number.
			blocks = append(blocks, contextLine(mrkdwn(title, 150)+cont))
			text = mrkdwn(title, MaxFallbackText-runes(cont)) + cont
		}
		for _, pt := range p {
			blocks = append(blocks, pt.block)
		}
		if omitted > 0 && i == len(pages)-1 {
			blocks = append(blocks, note)
		}
		if i == 0 {
			blocks = append(blocks, foot)
			if actions != nil {
				blocks = append(blocks, actions)
			}
		}
		msgs = append(msgs, Message{Text: text, Blocks: blocks})
	}
	return msgs
}

// part is a block of a long message body. keep asks the pager not to end
// a message with it: a section title belongs with what follows it.
type part struct {
	block slack.Block
	keep  bool
}

// paginate splits body into pages that fit in a message next to the
// reserved blocks of the first message and the blocks every continuation
// opens with, by block count and by messageBudget. There is always at least
// one page, possibly empty.
func paginate(body []part, first, cont []slack.Block) [][]part {
	pages := [][]part{nil}
	overhead := func() ([]slack.Block, int) {
		if len(pages) == 1 {
			return first, sizeOf(first)
		}
		return cont, sizeOf(cont)
	}
	size := 0
	for i := 0; i < len(body); i++ {
		need := []part{body[i]}
		// A kept block travels with the next one.
		for k := i; body[k].keep && k+1 < len(body); k++ {
			need = append(need, body[k+1])
		}
		fixed, fixedSize := overhead()
		cur := pages[len(pages)-1]
		if len(cur) > 0 && (len(fixed)+len(cur)+len(need) > MaxBlocks || fixedSize+size+partsSize(need) > messageBudget) {
			pages = append(pages, nil)
			size = 0
		}
		pages[len(pages)-1] = append(pages[len(pages)-1], body[i])
		size += textSize(body[i].block)
	}
	return pages
}

func sizeOf(bs []slack.Block) int {
	n := 0
	for _, b := range bs {
		n += textSize(b)
	}
	return n
}

func partsSize(ps []part) int {
	n := 0
	for _, p := range ps {
		n += textSize(p.block)
	}
	return n
}

// digestBody is the sections of a digest between its header and its counts.
func digestBody(d *digest.Digest) []part {
	var body []part
	add := func(keepFirst bool, bs ...slack.Block) {
		for i, b := range bs {
			body = append(body, part{block: b, keep: keepFirst && i == 0})
		}
	}

	if len(d.Summary) > 0 {
		lines := make([]string, 0, len(d.Summary))
		for _, s := range d.Summary {
			if l := mrkdwn(s, maxLine); l != "" {
				lines = append(lines, l)
			}
		}
		add(false, packLines("*Summary*", lines)...)
	}

	if len(d.Decisions) > 0 {
		lines := make([]string, 0, len(d.Decisions))
		for _, dec := range d.Decisions {
			lines = append(lines, decisionLine(d, dec))
		}
		add(false, packLines("*Decisions*", lines)...)
	}

	if len(d.Quotes) > 0 {
		add(true, section("*Key quotes*"))
		for _, q := range d.Quotes {
			words := func(max int) string { return quoteWords(q.Quote, max) }
			at := when(sourceDate(d, q.Sources), q.Time)
			add(false, section(quoteSection(q.Speaker, q.Role, at, sourceLinks(d, q.Sources), words)))
		}
	}

	if len(d.Statements) > 0 {
		lines := make([]string, 0, len(d.Statements))
		for _, st := range d.Statements {
			l := "• "
			// A sentence that gives its own time is not led by it again.
			at := st.Time
			if strings.Contains(st.Text, string(at)) {
				at = ""
			}
			if st.Speaker != "" {
				l += "*" + mrkdwn(st.Speaker, 100) + "*"
				if at != "" {
					l += " (" + mrkdwn(string(at), 5) + ")"
				}
				l += ": "
			} else if at != "" {
				l += "`" + mrkdwn(string(at), 5) + "` "
			}
			l += mrkdwn(st.Text, maxLine)
			if src := itemSources(d, st.Sources); src != "" {
				l += " — " + src
			}
			lines = append(lines, l)
		}
		add(false, packLines("*Reported*", lines)...)
	}

	if len(d.Timeline) > 0 {
		days := map[string]bool{}
		for _, e := range d.Timeline {
			days[e.Date] = true
		}
		lines := make([]string, 0, len(d.Timeline))
		for i := 0; i < len(d.Timeline); {
			e := d.Timeline[i]
			// One sentence often names several times ("at 13:48, 14:00 and
			// 14:55"): its entries share one line.
			var times []string
			j := i
			for ; j < len(d.Timeline) && d.Timeline[j].Text == e.Text && d.Timeline[j].Speaker == e.Speaker && d.Timeline[j].Date == e.Date; j++ {
				at := string(d.Timeline[j].Time)
				if len(days) > 1 && e.Date != "" {
					at = strings.TrimSpace(e.Date + " " + at)
				}
				if at != "" && len(times) < 10 {
					times = append(times, "`"+mrkdwn(at, 20)+"`")
				}
			}
			i = j
			l := "• "
			if len(times) > 0 {
				l += strings.Join(times, ", ") + " "
			}
			if e.Speaker != "" {
				l += "*" + mrkdwn(e.Speaker, 100) + "*: "
			}
			l += mrkdwn(e.Text, maxLine)
			lines = append(lines, l)
		}
		add(false, packLines("*Timeline*", lines)...)
	}

	if len(d.Sources) > 0 {
		shown := d.Sources[:min(len(d.Sources), maxListedSources)]
		lines := make([]string, 0, len(shown)+1)
		for _, src := range shown {
			l := "• " + sourceRef(src)
			if !src.Published.IsZero() {
				l += " · " + src.Published.Format(dateLayout)
			}
			lines = append(lines, l)
		}
		if n := len(d.Sources) - len(shown); n > 0 {
			lines = append(lines, "_and "+plural(n, "more source", "more sources")+"_")
		}
		add(false, packLines("*Sources*", lines)...)
	}
	return body
}

// maxListedSources is how many articles the Sources section lists: a day
// of busy coverage has hundreds, which would fill message after message of
// the thread with links. Every item still links its own sources.
const maxListedSources = 50

// dateLayout is how dates are shown: day first, month in words, so that no
// reader mistakes 04/09 for April.
const dateLayout = "2 Jan 2006"

// decisionLine is one decision of a digest as a list line.
func decisionLine(d *digest.Digest, dec digest.DigestDecision) string {
	l := "• "
	if dec.Actor != "" {
		l += "*" + mrkdwn(dec.Actor, 100) + "*: "
	}
	l += mrkdwn(dec.Text, maxLine)
	if dec.Time != "" && !strings.Contains(dec.Text, string(dec.Time)) {
		l += " (" + mrkdwn(string(dec.Time), 5) + ")"
	}
	if src := itemSources(d, dec.Sources); src != "" {
		l += " — " + src
	}
	return l
}

// quoteSection is a quote as a section shows it: who and when on the first
// line, the words as a block quote, then where it was reported. words
// renders the quote in at most the runes it is given: it gets what the
// speaker line and the links leave, because links cannot be cut and words can.
func quoteSection(speaker, role, at, sources string, words func(max int) string) string {
	head := speakerLine(speaker, role, at)
	var tail string
	if sources != "" {
		tail = "\n" + sources
	}
	room := min(maxQuoteText, MaxSectionText-runes(head)-runes(tail)-3)
	return head + "\n> " + words(room) + tail
}

// speakerLine is "*Name*, Role · 4 Sep 2025, 16:25", dropping what is unknown.
func speakerLine(speaker, role, at string) string {
	name := speaker
	if strings.TrimSpace(name) == "" {
		name = "Unattributed"
	}
	l := "*" + mrkdwn(name, 100) + "*"
	if role = collapse(role); role != "" {
		l += ", " + mrkdwn(role, 150)
	}
	if at != "" {
		l += " · " + at
	}
	return l
}

// quoteWords is what a block quote shows. A direct quote is its words. A
// partial quote is a few words inside someone else's sentence, which alone
// can mislead, so the sentence is shown with the quoted words in bold.
func quoteWords(q digest.Quote, max int) string {
	if q.Kind == digest.Partial && q.Sentence != "" {
		if i := strings.Index(q.Sentence, q.Text); i >= 0 && q.Text != "" {
			return highlight(q.Sentence, i, i+len(q.Text), max)
		}
	}
	// A comma before the closing mark belongs to the attribution
	// ("'…resources,' Zelenskyy said"), not to what a reader is shown.
	return mrkdwn(strings.TrimRight(strings.TrimSpace(q.Text), ","), max)
}

// when renders the day and time a thing was said, as far as they are known.
func when(date time.Time, clock digest.Clock) string {
	var parts []string
	if !date.IsZero() {
		parts = append(parts, date.Format(dateLayout))
	}
	if clock != "" {
		parts = append(parts, mrkdwn(string(clock), 5))
	}
	return strings.Join(parts, ", ")
}

// sourceDate is the publication date of the first source that has one: the
// day a quote was reported, which is all a digest knows of its date.
func sourceDate(d *digest.Digest, idx []int) time.Time {
	for _, i := range idx {
		if i >= 0 && i < len(d.Sources) && !d.Sources[i].Published.IsZero() {
			return d.Sources[i].Published
		}
	}
	return time.Time{}
}

// itemSources is the sources of a list line: none when the digest has one
// source only, which the Sources section names, so that a one-article
// digest does not repeat its title on every line. Quotes keep their link.
func itemSources(d *digest.Digest, idx []int) string {
	if len(d.Sources) == 1 {
		return ""
	}
	return sourceLinks(d, idx)
}

// sourceLinks renders the first sources of an item and how many more there are.
func sourceLinks(d *digest.Digest, idx []int) string {
	var links []string
	valid := 0
	for _, i := range idx {
		if i < 0 || i >= len(d.Sources) {
			continue
		}
		valid++
		if len(links) < maxSourcesPerItem {
			links = append(links, sourceRef(d.Sources[i]))
		}
	}
	s := strings.Join(links, " · ")
	if more := valid - len(links); more > 0 {
		s += fmt.Sprintf(" · +%d more", more)
	}
	return s
}

// sourceRef is a link to an article (or its name, when it has no URL)
// followed by the short ID people type to refer to it.
func sourceRef(s digest.Source) string {
	label := s.Title
	if strings.TrimSpace(label) == "" {
		label = s.Source
	}
	return articleRef(s.URL, label, s.ArticleID)
}

func articleRef(url, label, id string) string {
	if strings.TrimSpace(label) == "" && strings.TrimSpace(url) == "" {
		label = "untitled article"
	}
	r := link(url, label)
	if id = collapse(id); id != "" {
		r += " `" + mrkdwn(id, 16) + "`"
	}
	return r
}
