// Package blockkit renders Summit Digest's answers as Slack Block Kit
// messages: digests, who-said answers, speaker lists, article summaries,
// help, confirmations and notices.
//
// Every function is pure: digest types in, messages out, no I/O. Every
// message stays within Slack's Block Kit limits (the Max constants below)
// whatever the input, cutting text on rune boundaries with an ellipsis, and
// every piece of article-derived text is escaped for mrkdwn, so that an
// article can neither break the layout nor mention people or channels.
package blockkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// Message is one Slack message: its blocks and the plain text that Slack
// shows in notifications and in clients that cannot show blocks.
type Message struct {
	Text   string
	Blocks []slack.Block
}

// Slack's Block Kit limits, as documented for messages. Lengths are in
// characters (runes).
const (
	MaxBlocks          = 50
	MaxSectionText     = 3000
	MaxHeaderText      = 150
	MaxFields          = 10
	MaxFieldText       = 2000
	MaxContextElements = 10
	MaxContextText     = 3000
	MaxActionElements  = 25
	MaxButtonText      = 75
	MaxButtonValue     = 2000
	MaxActionID        = 255
	// MaxFallbackText bounds Message.Text. Slack cuts longer text at 40,000
	// characters; a notification shows far less, so a short line is kinder.
	MaxFallbackText = 300
)

// messageBudget bounds the characters of text in one message. Slack does not
// document a hard limit for blocks beyond the per-block ones, but 50 sections
// of 3,000 characters is a wall nobody reads and risks msg_too_long; a long
// digest reads better as a first message and replies in its thread.
const messageBudget = 12000

// Action IDs of the interactive elements this package renders. The parent
// package routes block_actions payloads on them.
const (
	// ActionMoreQuotes is the "More" button under a speaker's quotes; its
	// value is a MoreValue.
	ActionMoreQuotes = "summit_more_quotes"
	// ActionMorePhrase is the "More" button under the matches of a phrase;
	// its value is a MoreValue.
	ActionMorePhrase = "summit_more_phrase"
	// ActionPostDigest is the button of a digest preview that posts it to the
	// channel; its value is DigestOptions.PostValue.
	ActionPostDigest = "summit_post_digest"
	// ActionCancel dismisses a confirmation or a preview.
	ActionCancel = "summit_cancel"
	// ActionForget confirms removing an article; its value is the article ID.
	ActionForget = "summit_forget"
)

// MoreValue is what a "More" button carries: the query to run again and the
// offset of the first result not shown yet.
type MoreValue struct {
	Query  string `json:"q"`
	Offset int    `json:"o"`
}

// Encode returns v as a button value. The second result is false when the
// value would exceed MaxButtonValue: a query cut short would ask a different
// question, so such a query gets no "More" button at all.
func (v MoreValue) Encode() (string, bool) {
	b, err := json.Marshal(v)
	if err != nil || runes(string(b)) > MaxButtonValue {
		return "", false
	}
	return string(b), true
}

// ParseMore decodes the value of a "More" button.
func ParseMore(value string) (MoreValue, error) {
	var v MoreValue
	if err := json.Unmarshal([]byte(value), &v); err != nil {
		return MoreValue{}, fmt.Errorf("parse more button value: %w", err)
	}
	if v.Offset < 0 {
		return MoreValue{}, errors.New("parse more button value: negative offset")
	}
	return v, nil
}

// section is a mrkdwn section whose text is already escaped and within limits.
// verbatim stops Slack from turning bare URLs, #channel or @name in article
// text into links; the explicit <url|label> links still work.
func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, cut(text, MaxSectionText), false, true), nil, nil)
}

// header is a header block of plain text.
func header(text string) *slack.HeaderBlock {
	text = plain(text, MaxHeaderText)
	if text == "" {
		text = "Summit Digest"
	}
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, text, false, false))
}

// contextLine is a context block of one mrkdwn element.
func contextLine(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, cut(text, MaxContextText), false, true))
}

// button is a button with its text and value cut to Slack's limits.
// actionID must be one of this package's Action constants or as short.
func button(actionID, text, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(cut(actionID, MaxActionID), cut(value, MaxButtonValue),
		slack.NewTextBlockObject(slack.PlainTextType, plain(text, MaxButtonText), false, false))
	b.Style = style
	return b
}

// fallback is the notification text: escaped like mrkdwn, one short line.
func fallback(s string) string {
	return mrkdwn(s, MaxFallbackText)
}

// plural renders n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// textSize is the characters of text a block carries, for messageBudget.
func textSize(b slack.Block) int {
	switch b := b.(type) {
	case *slack.SectionBlock:
		n := 0
		if b.Text != nil {
			n += runes(b.Text.Text)
		}
		for _, f := range b.Fields {
			n += runes(f.Text)
		}
		return n
	case *slack.HeaderBlock:
		return runes(b.Text.Text)
	case *slack.ContextBlock:
		n := 0
		for _, e := range b.ContextElements.Elements {
			if t, ok := e.(*slack.TextBlockObject); ok {
				n += runes(t.Text)
			}
		}
		return n
	}
	return 0
}

// packLines renders a titled list as sections of at most MaxSectionText
// characters, starting a new section whenever the next line would not fit.
// Each line must already be escaped and shorter than MaxSectionText.
func packLines(title string, lines []string) []slack.Block {
	// The section under way is kept as a builder with its length in runes:
	// measuring and copying the whole section again for every line made a
	// speaker list of a few hundred names cost more than finding them.
	var out []slack.Block
	var cur strings.Builder
	n := 0
	add := func(l string, ln int) {
		if cur.Len() > 0 {
			cur.WriteByte('\n')
			n++
		}
		cur.WriteString(l)
		n += ln
	}
	if title != "" {
		add(title, runes(title))
	}
	for _, l := range lines {
		ln := runes(l)
		if cur.Len() > 0 && n+1+ln > MaxSectionText {
			out = append(out, section(cur.String()))
			cur.Reset()
			n = 0
		}
		add(l, ln)
	}
	if cur.Len() > 0 {
		out = append(out, section(cur.String()))
	}
	return out
}

// maxLine bounds one line of a list (a decision, a timeline entry, a speaker)
// so that a single sentence of run-on article text cannot fill a section.
const maxLine = 600
