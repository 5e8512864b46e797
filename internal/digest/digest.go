// Package digest is the domain of Summit Digest: articles, the speakers,
// quotes, statements and decisions extracted from them, and the digests
// built from many articles. It is pure: no I/O beyond the io.Writer its
// renderers are given, and nothing of Slack, storage or HTTP.
package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind tells a quote of one or more whole sentences of speech from words
// quoted inside reported speech.
type Kind string

// The kinds of quote.
const (
	Direct  Kind = "direct"
	Partial Kind = "partial"
)

// Clock is a time of day as "HH:MM" (24 h), or "" when the text gives none.
// Its zero value means unknown, and its string order is its time order.
type Clock string

// Article is one piece of coverage: a news report, a live blog, a press release.
type Article struct {
	// ID is a short stable identifier people can type (see ArticleID).
	ID string
	// Source is what people are shown: a URL, or a local file's base name.
	Source string
	// URL is the canonical URL, "" for a file or pasted text.
	URL   string
	Title string
	// Author is the byline when the source gives one.
	Author string
	// Published is the publication date, zero when unknown.
	Published time.Time
	// Text is the body: plain text, one paragraph a line, no markup.
	Text string
	// Summit is the slug of the summit the article belongs to, "" when none.
	Summit string
}

// Speaker is a person or body that is quoted or reported.
type Speaker struct {
	// Name is the canonical name: the fullest mention in the text.
	Name string
	// Role is the title or affiliation as the text gives it ("NATO Secretary General").
	Role string
	// Aliases are the other forms the text uses ("Rutte", "NATO's Rutte").
	Aliases []string
}

// Quote is speech quoted verbatim.
type Quote struct {
	// Speaker is the canonical name, or the source as written ("a spokesperson"),
	// or "" when the text does not say who spoke.
	Speaker string
	// Text is the quoted words exactly as written: a substring of Article.Text.
	Text string
	Kind Kind
	// Time is when it was said, when the text ties a time to it.
	Time Clock
	// Sentence is the whole sentence (or sentences) the quote stands in.
	Sentence string
	// Offset is the byte offset of Text in Article.Text.
	Offset int
}

// Statement is reported speech: "Stubb disclosed that Trump proposed …".
type Statement struct {
	Speaker string
	// Text is the sentence that reports the speech.
	Text   string
	Time   Clock
	Offset int
}

// Decision is something agreed, finalised, approved, pledged, signed or
// announced as a plan.
type Decision struct {
	// Actor is who decided ("Coalition of the Willing", "the 26 nations"), "" when unsaid.
	Actor  string
	Text   string
	Time   Clock
	Offset int
}

// Event is an entry of a timeline: something said or done at a time of day.
type Event struct {
	// Date is the day as "2006-01-02" when the text or the article gives one.
	Date    string
	Time    Clock
	Speaker string
	Text    string
}

// Extraction is everything found in one article.
type Extraction struct {
	Article    Article
	Speakers   []Speaker
	Quotes     []Quote
	Statements []Statement
	Decisions  []Decision
	Timeline   []Event
	// Summary is three to five sentences of the article, in text order.
	Summary []string
}

// TextHash is the hex SHA-256 of text normalised for comparing articles:
// Unicode spaces folded to one space, each line trimmed, blank lines dropped.
// Two copies of one article that differ only in layout hash alike; any other
// change (a live blog that grew, a corrected word) hashes differently.
func TextHash(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, line := range strings.Split(text, "\n") {
		f := strings.FieldsFunc(line, unicode.IsSpace)
		if len(f) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(f, " "))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// ArticleID returns the short identifier of an article known by key (its
// canonical URL, or its TextHash when it has none): eight hex digits, enough
// to tell apart the articles of one workspace and short enough to type.
func ArticleID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:4])
}

// QuoteKey is the stable identity of a quote across articles and re-ingests:
// its speaker and its words, folded (case, punctuation, quote marks, spaces),
// so that the same words reported by two outlets are one quote.
func QuoteKey(speaker, text string) string {
	return foldKey(speaker) + "\x00" + foldKey(text)
}

// foldKey keeps letters and digits, lower-cased, one space between words.
func foldKey(s string) string {
	return string(appendFold(make([]byte, 0, len(s)), s))
}

// asciiFold maps an ASCII byte to itself lower-cased when it is a letter
// or a digit, and to 0 otherwise.
const asciiFold = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"0123456789\x00\x00\x00\x00\x00\x00" +
	"\x00abcdefghijklmno" +
	"pqrstuvwxyz\x00\x00\x00\x00\x00" +
	"\x00abcdefghijklmno" +
	"pqrstuvwxyz\x00\x00\x00\x00\x00"

// appendFold appends the folded form of s (see foldKey) to dst. ASCII, the
// bulk of news text, goes byte by byte through a table: Build folds every
// quote of thousands of articles, and looks most of them up without
// allocating.
func appendFold(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			f := asciiFold[c]
			if f == 0 {
				space = true
				continue
			}
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, f)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
			continue
		}
		space = true
	}
	return dst
}
