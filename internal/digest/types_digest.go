package digest

import "time"

// Digest is what many articles add up to: the key quotes (each once, with
// every source that carried it), decisions, statements, a timeline, the
// speakers and a short summary. Build makes one; the renderers show it.
type Digest struct {
	// Title names what the digest covers ("Paris summit of the Coalition of the Willing").
	Title string
	// Sources are the articles it covers, in the order Build was given them.
	Sources []Source
	// Quotes are ranked, most important first.
	Quotes     []DigestQuote
	Statements []DigestStatement
	Decisions  []DigestDecision
	// Timeline is sorted by date, then time.
	Timeline []DigestEvent
	// Speakers are sorted by how much they said, most first.
	Speakers []SpeakerCount
	// Summary is three to five sentences across all the sources.
	Summary []string
}

// Source is an article as a digest refers to it.
type Source struct {
	ArticleID string
	Title     string
	// Source is the URL or file name people are shown.
	Source    string
	URL       string
	Published time.Time
}

// DigestQuote is a quote with every source that reported it.
type DigestQuote struct {
	Quote
	// Role is the speaker's role, when any source gives one.
	Role string
	// Sources index Digest.Sources: the articles that carry this quote, first one first.
	Sources []int
	// Score is the rank Build gave it; higher is more important.
	Score float64
}

// DigestStatement is reported speech with the sources that carry it.
type DigestStatement struct {
	Statement
	Sources []int
}

// DigestDecision is a decision with the sources that carry it.
type DigestDecision struct {
	Decision
	Sources []int
}

// DigestEvent is a timeline entry with its source.
type DigestEvent struct {
	Event
	Source int
}

// SpeakerCount is a speaker with how often the digest's sources quote or report them.
type SpeakerCount struct {
	Speaker
	Quotes     int
	Statements int
}
