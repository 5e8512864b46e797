package blockkit

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// summaryQuotes is how many quotes an article summary shows: the summary is
// a glance, who-said is for the rest.
const summaryQuotes = 5

// Summary renders one article's extraction: its title and link, its
// summary sentences, its first quotes and its decisions, and a context line
// with the counts.
func Summary(ext digest.Extraction) Message {
	a := ext.Article
	title := a.Title
	if strings.TrimSpace(title) == "" {
		title = a.Source
	}
	blocks := []slack.Block{header(title)}

	ref := articleRef(a.URL, title, a.ID)
	if !a.Published.IsZero() {
		ref += " · " + a.Published.Format(dateLayout)
	}
	blocks = append(blocks, contextLine(ref))

	var lines []string
	for _, s := range ext.Summary {
		if l := mrkdwn(s, maxLine); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		lines = append(lines, "_No summary: the article is too short or has no sentences to pick._")
	}
	blocks = append(blocks, packLines("*Summary*", lines)...)

	roles := map[string]string{}
	for _, sp := range ext.Speakers {
		roles[sp.Name] = sp.Role
	}
	var quotesTitle slack.Block
	if len(ext.Quotes) > 0 {
		quotesTitle = section("*Quotes*")
		blocks = append(blocks, quotesTitle)
		for _, q := range ext.Quotes[:min(len(ext.Quotes), summaryQuotes)] {
			words := func(max int) string { return quoteWords(q, min(max, 1000)) }
			blocks = append(blocks, section(quoteSection(q.Speaker, roles[q.Speaker], when(a.Published, q.Time), "", words)))
		}
	}
	if len(ext.Decisions) > 0 {
		var ds []string
		for _, d := range ext.Decisions {
			l := "• "
			if d.Actor != "" {
				l += "*" + mrkdwn(d.Actor, 100) + "*: "
			}
			l += mrkdwn(d.Text, maxLine)
			if d.Time != "" {
				l += " (" + mrkdwn(string(d.Time), 5) + ")"
			}
			ds = append(ds, l)
		}
		blocks = append(blocks, packLines("*Decisions*", ds)...)
	}
	counts := strings.Join([]string{
		plural(len(ext.Quotes), "quote", "quotes"),
		plural(len(ext.Statements), "statement", "statements"),
		plural(len(ext.Decisions), "decision", "decisions"),
		plural(len(ext.Speakers), "speaker", "speakers"),
	}, " · ")
	foot := contextLine(counts)
	// A summary is one message: past the limits, the last decisions and
	// quotes go, and who-said has them all.
	for len(blocks) > 2 && (len(blocks)+1 > MaxBlocks || sizeOf(blocks)+textSize(foot) > messageBudget || blocks[len(blocks)-1] == quotesTitle) {
		blocks = blocks[:len(blocks)-1]
	}
	blocks = append(blocks, foot)
	return Message{Text: fallback("Summary of " + title), Blocks: blocks}
}

// Confirmation is a question with a button that does something and one
// that cancels (ActionCancel).
type Confirmation struct {
	// Text is the question, plain text; it is escaped.
	Text string
	// ActionID routes the confirming button, ActionForget or
	// ActionPostDigest for example; Value is what it carries.
	ActionID string
	Value    string
	// Label is the confirming button's text ("Forget"), "Confirm" when empty.
	Label string
	// Danger styles the confirming button red, for what cannot be undone.
	Danger bool
}

// Confirm renders a confirmation.
func Confirm(c Confirmation) Message {
	label := c.Label
	if strings.TrimSpace(label) == "" {
		label = "Confirm"
	}
	style := slack.StylePrimary
	if c.Danger {
		style = slack.StyleDanger
	}
	text := mrkdwn(c.Text, MaxSectionText)
	if text == "" {
		text = "Are you sure?"
	}
	return Message{
		Text: fallback(c.Text),
		Blocks: []slack.Block{
			section(text),
			slack.NewActionBlock("",
				button(c.ActionID, label, c.Value, style),
				button(ActionCancel, "Cancel", c.Value, slack.StyleDefault)),
		},
	}
}

// Notice is a plain message of one section: a status, an error shown to a
// user, a hello, a list. text is escaped, so it can safely hold user input;
// its line breaks are kept (blank lines fold to one) and the rest of its
// white space folded.
func Notice(text string) Message {
	t := mrkdwnLines(text, MaxSectionText)
	if t == "" {
		t = ellipsis
	}
	return Message{Text: fallback(text), Blocks: []slack.Block{section(t)}}
}

// mrkdwnLines is mrkdwn that keeps line breaks, in at most max runes.
func mrkdwnLines(s string, max int) string {
	var lines []string
	used := 0
	blank := false
	for _, l := range strings.Split(s, "\n") {
		l = collapse(l)
		if l == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			used++
			blank = false
		}
		sep := 0
		if len(lines) > 0 {
			sep = 1
		}
		room := max - used - sep
		if room <= 0 {
			break
		}
		e := mrkdwn(l, room)
		lines = append(lines, e)
		used += sep + runes(e)
		if strings.HasSuffix(e, ellipsis) && runes(escape(l)) > room {
			break
		}
	}
	return strings.Join(lines, "\n")
}
