package blockkit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// QuoteItem is a quote as an answer shows it: with the speaker's role and
// the article it came from. The store has these as separate rows; the
// caller joins them.
type QuoteItem struct {
	Quote digest.Quote
	// Role is the speaker's role as the article gives it, "" when unknown.
	Role string
	// ArticleID is the article's short ID (digest.ArticleID).
	ArticleID string
	// Title is the article's title; URL its canonical URL, "" for a file or
	// pasted text, in which case Source (a file name) is shown instead.
	Title  string
	URL    string
	Source string
	// Published is the article's publication date, zero when unknown.
	Published time.Time
}

// Page places a page of answers in the whole result.
type Page struct {
	// Query is what was asked, carried by the "More" button.
	Query string
	// Offset is the position of the first item of this page in the result.
	Offset int
	// Total is the size of the whole result; a "More" button is shown while
	// items remain after this page.
	Total int
	// AtLeast says that Total is a lower bound (the search stopped at its
	// limit): the count reads "50+" rather than a number that is not true.
	AtLeast bool
}

// maxAnswerItems is how many quotes one answer shows at most: the rest are
// a "More" click away. It also keeps answers far from MaxBlocks.
const maxAnswerItems = 10

// answerOverhead is room kept for an answer's header, counts and button.
const answerOverhead = 500

// Quotes renders the who-said answer for a speaker: their quotes, newest
// first, each with its day and time, the source link and the speaker's role.
// items is the page of quotes at p.Offset; a page longer than the answer can
// show is cut, and the "More" button (ActionMoreQuotes) continues after what
// was shown.
func Quotes(speaker string, items []QuoteItem, p Page) Message {
	items = slices.Clone(items)
	// Newest first. The store sends them in this order already; sorting again
	// keeps an answer right even when it does not, and is stable for equals.
	slices.SortStableFunc(items, func(a, b QuoteItem) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return -c
		}
		return -cmp.Compare(a.Quote.Time, b.Quote.Time)
	})
	title := "Quotes of " + collapse(speaker)
	render := func(it QuoteItem) string {
		return quoteLine(it, func(max int) string { return quoteWords(it.Quote, max) })
	}
	return answer(title, items, p, ActionMoreQuotes, render)
}

// PhraseMatches renders the answer to who said a phrase: the quotes that
// contain it, in the order given (best match first), with the phrase in bold
// and the speaker named on each.
func PhraseMatches(phrase string, items []QuoteItem, p Page) Message {
	// The marks that made it a phrase are not part of it.
	phrase = strings.TrimFunc(collapse(phrase), func(r rune) bool {
		f := foldRune(r)
		return f == '"' || f == '\''
	})
	title := "Who said “" + collapse(phrase) + "”"
	render := func(it QuoteItem) string {
		return quoteLine(it, func(max int) string {
			if i, j, ok := find(it.Quote.Text, phrase); ok {
				return highlight(it.Quote.Text, i, j, max)
			}
			return quoteWords(it.Quote, max)
		})
	}
	return answer(title, items, p, ActionMorePhrase, render)
}

// quoteLine is one answer item: speaker line, quote, source.
func quoteLine(it QuoteItem, words func(max int) string) string {
	label := it.Title
	if strings.TrimSpace(label) == "" {
		label = it.Source
	}
	at := when(it.Published, it.Quote.Time)
	return quoteSection(it.Quote.Speaker, it.Role, at, articleRef(it.URL, label, it.ArticleID), words)
}

// answer lays out a page of quote items under a header, with a context line
// saying which of how many are shown and a "More" button when more remain.
func answer(title string, items []QuoteItem, p Page, moreAction string, render func(QuoteItem) string) Message {
	total := max(p.Total, p.Offset+len(items))
	blocks := []slack.Block{header(title)}
	shown, size := 0, 0
	for _, it := range items[:min(len(items), maxAnswerItems)] {
		b := section(render(it))
		// Stop at the budget, but always show one: it fits a section anyway.
		if shown > 0 && size+textSize(b) > messageBudget-answerOverhead {
			break
		}
		blocks = append(blocks, b)
		shown++
		size += textSize(b)
	}
	if shown == 0 {
		blocks = append(blocks, section("No quotes found."))
	}
	var counts string
	switch {
	case shown == 0:
		counts = "No results"
	case shown == total && !p.AtLeast:
		counts = plural(total, "quote", "quotes")
	case p.AtLeast:
		counts = fmt.Sprintf("%d–%d of %d+ quotes", p.Offset+1, p.Offset+shown, total)
	default:
		counts = fmt.Sprintf("%d–%d of %d quotes", p.Offset+1, p.Offset+shown, total)
	}
	blocks = append(blocks, contextLine(counts))
	if next := p.Offset + shown; shown > 0 && next < total {
		if v, ok := (MoreValue{Query: p.Query, Offset: next}).Encode(); ok {
			blocks = append(blocks, slack.NewActionBlock("", button(moreAction, "More", v, slack.StyleDefault)))
		}
	}
	return Message{Text: fallback(fmt.Sprintf("%s: %s", collapse(title), counts)), Blocks: blocks}
}

// NoMatch answers a who-said that found nothing: never an empty reply, and
// the closest names the caller found, so that a typo costs one more try.
func NoMatch(query string, suggestions []string) Message {
	text := "Nothing found for *" + mrkdwn(query, 200) + "*."
	var names []string
	for _, s := range suggestions {
		if s = collapse(s); s != "" && len(names) < 10 {
			names = append(names, "*"+mrkdwn(s, 100)+"*")
		}
	}
	if len(names) > 0 {
		text += " Did you mean " + strings.Join(names, ", ") + "?"
	} else {
		text += " Try `/summit speakers` to see who has been quoted."
	}
	return Message{Text: fallback("Nothing found for " + query), Blocks: []slack.Block{section(text)}}
}

// maxSpeakers caps the speaker list: past it the list is noise, and it keeps
// the answer within one message's budget.
const maxSpeakers = 200

// Speakers renders everyone quoted or reported, in the order given (most
// quoted first, as digest.Build sorts them), with role and the number of
// quotes and statements.
func Speakers(speakers []digest.SpeakerCount) Message {
	blocks := []slack.Block{header("Speakers")}
	if len(speakers) == 0 {
		blocks = append(blocks, section("Nobody has been quoted yet. Add coverage with `/summit ingest URL`."))
		return Message{Text: "Nobody has been quoted yet.", Blocks: blocks}
	}
	lines := make([]string, 0, min(len(speakers), maxSpeakers))
	size := 0
	for _, s := range speakers[:min(len(speakers), maxSpeakers)] {
		l := "• *" + mrkdwn(s.Name, 100) + "*"
		if role := collapse(s.Role); role != "" {
			l += ", " + mrkdwn(role, 150)
		}
		l += " — " + plural(s.Quotes, "quote", "quotes") + ", " + plural(s.Statements, "statement", "statements")
		n := runes(l) + 1
		if size+n > messageBudget-200 {
			break
		}
		lines = append(lines, l)
		size += n
	}
	blocks = append(blocks, packLines("", lines)...)
	note := plural(len(speakers), "speaker", "speakers")
	if len(lines) < len(speakers) {
		note += fmt.Sprintf(", the first %d shown", len(lines))
	}
	blocks = append(blocks, contextLine(note))
	return Message{Text: fallback("Speakers: " + note), Blocks: blocks}
}
