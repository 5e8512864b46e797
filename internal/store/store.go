// Package store defines the persistent memory of Summit Digest: the Store
// interface that the Slack app, the scheduler and the command line use, the
// sentinel errors its implementations translate driver errors into, and the
// small value types that cross it. The implementations live in the sqlite and
// postgres subpackages; storetest holds the conformance suite both pass.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// Sentinel errors. Implementations wrap them with context, so callers test
// with errors.Is.
var (
	// ErrNotFound: the article, schedule, claim or setting asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: an equal row already exists (a schedule with the same
	// channel, summit, cron spec and time zone).
	ErrDuplicate = errors.New("already exists")
	// ErrConflict: the row exists but is in a state that forbids the change
	// (releasing a claim already posted, claiming a slot already claimed).
	ErrConflict = errors.New("conflict")
	// ErrNewerSchema: the database was migrated by a newer version of the
	// program; this one refuses to touch it rather than corrupt it.
	ErrNewerSchema = errors.New("database schema is newer than this program")
)

// Store is the bot's memory. Every method is safe for concurrent use, also by
// several Store values (processes, replicas) over one database. Methods that
// write do so in one transaction: on error nothing of the call is stored.
type Store interface {
	// SaveExtraction stores an article and what was extracted from it.
	//
	// An article is known by its canonical URL when it has one, else by the
	// TextHash of its text. When the known article has the same text hash,
	// nothing is written and the result is Skipped. When its text changed (a
	// live blog that grew), its quotes, statements and decisions are replaced
	// in the same transaction and the result is Replaced. Quotes, statements
	// and decisions keep their ItemKey across replacements and outlets, so an
	// item already claimed for a schedule is not new again. Speakers are
	// matched to the known ones (see SameSpeaker); a speaker keeps the
	// first role an article gives them.
	// ext.Article.ID is ignored: the store sets it with digest.ArticleID.
	SaveExtraction(ctx context.Context, ext digest.Extraction) (SaveResult, error)

	// Article returns the article whose ID, canonical URL or source is ref,
	// with its text. ErrNotFound when none is.
	Article(ctx context.Context, ref string) (ArticleInfo, error)

	// Articles lists the articles that match f, newest stored first, without
	// their text.
	Articles(ctx context.Context, f Filter) ([]ArticleInfo, error)

	// Forget removes the article whose ID, canonical URL or source is ref,
	// with its quotes, statements and decisions, and returns it.
	// ErrNotFound when none is.
	Forget(ctx context.Context, ref string) (ArticleInfo, error)

	// Extractions returns the stored extractions of the articles that match
	// f, oldest stored first, ready for digest.Build. Speaker names are the
	// store's canonical ones, so one person is one name across outlets.
	// When f.Claim is set, each extraction holds only the claim's items and
	// articles with none are left out. An empty result is not an error.
	Extractions(ctx context.Context, f Filter) ([]digest.Extraction, error)

	// Speakers lists the known speakers of summit ("" for all) with how often
	// they are quoted and reported, most quoted first.
	Speakers(ctx context.Context, summit string) ([]SpeakerInfo, error)

	// QuotesBySpeaker returns the quotes of the speakers whose name, surname
	// or alias matches name, newest first (by article, then time of day).
	// Matching ignores case and accents; it accepts consecutive words of a
	// name (a compound surname: "Barth Eide" for Espen Barth Eide), a last
	// word cut to a prefix of a query of three letters or more, and a
	// one-letter slip of a word of four letters or more that keeps its
	// first letter ("zelensky", "Zelenskyy", "macr", "Rute"); see
	// NameMatches.
	// ErrNotFound when no speaker matches, so callers can fall back to
	// QuotesByPhrase; an empty slice when a speaker matches but the page is
	// past the end.
	QuotesBySpeaker(ctx context.Context, name string, o Search) ([]QuoteHit, error)

	// QuotesByPhrase returns the quotes that hold the words of phrase (case
	// and accents ignored), best match first: the exact phrase above
	// scattered words, then full-text rank, then newest; each quote once
	// however many articles carried it. When no quote holds every word, the
	// quotes holding any of its rarer words. Words that most quotes hold
	// narrow nothing and are left out when rarer ones remain. An empty
	// slice, not an error, when nothing matches.
	QuotesByPhrase(ctx context.Context, phrase string, o Search) ([]QuoteHit, error)

	// ClosestSpeakers returns up to n speaker names nearest to name, nearest
	// first, for a "did you mean": by edit distance to the whole name or to
	// any run of as many of its words as name has (see Closest). An empty
	// slice when no speaker is known.
	ClosestSpeakers(ctx context.Context, name string, n int) ([]string, error)

	// SaveSummit inserts or updates (by slug) a summit.
	SaveSummit(ctx context.Context, s Summit) error

	// Summits lists the summits by slug.
	Summits(ctx context.Context) ([]Summit, error)

	// AddSchedule stores a new subscription and returns it with its ID and
	// Created set. When one with the same channel, summit, cron spec and time
	// zone exists, it returns that one and ErrDuplicate (so config schedules
	// can be added at every start-up).
	AddSchedule(ctx context.Context, s Schedule) (Schedule, error)

	// UpdateSchedule changes the spec, time zone, summit and Paused of the
	// schedule s.ID; its claims stay, and a new summit's coverage stored
	// before its last claim is not claimed. ErrNotFound when it does not
	// exist; ErrDuplicate when the change makes it equal to another of the
	// channel's schedules.
	UpdateSchedule(ctx context.Context, s Schedule) error

	// DeleteSchedule removes a schedule and its claims. ErrNotFound when it
	// does not exist.
	DeleteSchedule(ctx context.Context, id int64) error

	// Schedule returns one schedule. ErrNotFound when it does not exist.
	Schedule(ctx context.Context, id int64) (Schedule, error)

	// Schedules lists the schedules of channel ("" for all), oldest first.
	Schedules(ctx context.Context, channel string) ([]Schedule, error)

	// Claim takes, for the schedule r.ScheduleID and its slot r.Slot, every
	// quote, statement and decision of the schedule's summit (all coverage
	// when it names none) first stored at or after r.Since that no other
	// claim of this schedule holds; items stored before its previous claim
	// are not looked at again unless a release sent the schedule back.
	// Each item is claimed at most once per schedule, however many
	// processes claim at once. The claim is recorded
	// even when it holds no item, so that the slot is taken; close it with
	// MarkPosted or Release. The claiming run holds it until r.Lease has
	// passed; only then may another take it over (TakeOver).
	// ErrConflict when the slot is already claimed
	// (by another replica, or before a restart); ErrNotFound when the
	// schedule does not exist.
	Claim(ctx context.Context, r ClaimRequest) (Claim, error)

	// MarkPosted records that claim id was posted as the Slack message ts
	// ("" when nothing was posted, e.g. an empty claim) and sets the
	// schedule's LastPosted. ErrNotFound when the claim does not exist;
	// ErrConflict when it was already marked with another ts.
	MarkPosted(ctx context.Context, id int64, ts string) error

	// Release deletes claim id so that its items are taken again by the next
	// claim of the schedule and its slot is free. ErrNotFound when the claim
	// does not exist; ErrConflict when it was already posted.
	Release(ctx context.Context, id int64) error

	// OpenClaims lists the claims of schedule ("0" for all) that were neither
	// posted nor released: what a crash left behind. Oldest first.
	OpenClaims(ctx context.Context, schedule int64) ([]Claim, error)

	// TakeOver makes the caller the holder of open claim id until lease
	// from now, and returns the claim with its items and new LeaseEnds,
	// but only when the current holder's lease has ended: of several
	// processes taking the same claim over at once, one wins. It is how a
	// run finishes a digest another run left posted in part without a
	// third run finishing it too. ErrConflict when the lease has not
	// ended or the claim was posted; ErrNotFound when the claim does not
	// exist (never made, or released).
	TakeOver(ctx context.Context, id int64, lease time.Duration) (Claim, error)

	// FirstDelivery records the Slack event id and reports whether this is
	// its first delivery within ttl; a retry of the same event returns false.
	// Records older than ttl are forgotten.
	FirstDelivery(ctx context.Context, eventID string, ttl time.Duration) (bool, error)

	// ChannelSetting returns the value of key for channel. ErrNotFound when
	// it was never set.
	ChannelSetting(ctx context.Context, channel, key string) (string, error)

	// SetChannelSetting sets key to value for channel.
	SetChannelSetting(ctx context.Context, channel, key, value string) error

	// Close releases the database. The Store must not be used after.
	Close() error
}

// SaveStatus tells what SaveExtraction did with an article.
type SaveStatus string

// The outcomes of SaveExtraction.
const (
	// Stored: the article was new.
	Stored SaveStatus = "stored"
	// Replaced: the article was known with another text; its extraction was replaced.
	Replaced SaveStatus = "replaced"
	// Skipped: the article was known with the same text; nothing was written.
	Skipped SaveStatus = "skipped"
)

// SaveResult is what SaveExtraction did.
type SaveResult struct {
	Status    SaveStatus
	ArticleID string
	// Quotes, Statements and Decisions count what the article holds now
	// (zero when Skipped); NewItems counts those of them no article carried before.
	Quotes, Statements, Decisions int
	NewItems                      int
	// Speakers counts the article's speakers; NewSpeakers those the store did not know.
	Speakers, NewSpeakers int
}

// ArticleInfo is a stored article.
type ArticleInfo struct {
	// Article holds its text only where a method says so.
	digest.Article
	TextHash string
	// Stored is when it was first stored; Updated when it was last stored
	// or replaced.
	Stored, Updated time.Time
	Quotes          int
}

// Filter selects articles.
type Filter struct {
	// Summit keeps the articles of one summit; "" keeps all.
	Summit string
	// Since keeps the articles stored or replaced at or after it; zero keeps all.
	Since time.Time
	// Claim keeps only the items of one claim (Extractions only); 0 keeps all.
	Claim int64
	// Limit keeps the newest (last stored) articles only; 0 means no limit.
	Limit int
}

// Search pages a quote search.
type Search struct {
	// Summit keeps the quotes of one summit; "" keeps all.
	Summit string
	// Limit is the page size; 0 means DefaultLimit.
	Limit  int
	Offset int
}

// DefaultLimit is the page size of a search that gives none.
const DefaultLimit = 20

// QuoteHit is a quote found by a search, with who said it and where.
type QuoteHit struct {
	digest.Quote
	// Key is the quote's ItemKey: the same words of the same speaker found
	// in two articles have one key.
	Key  string
	Role string
	// Article is the source: ID, Source, URL, Title and Published.
	Article digest.Source
	// Rank orders phrase search results; higher is better. Zero otherwise.
	Rank float64
}

// SpeakerInfo is a known speaker with how often they are quoted and reported.
type SpeakerInfo struct {
	digest.Speaker
	Quotes     int
	Statements int
}

// Summit is a summit that articles are matched to.
type Summit struct {
	Slug     string
	Title    string
	Keywords []string
}

// Schedule is a subscription: a channel's scheduled digest.
type Schedule struct {
	ID      int64
	Channel string
	// Summit is a summit slug; "" means all coverage.
	Summit string
	// Spec is a 5-field cron spec or a descriptor (@daily, @every 6h).
	Spec string
	// TimeZone is an IANA name ("Europe/Paris"); "" means UTC.
	TimeZone string
	// CreatedBy is the Slack user ID of its creator, "" for the config file.
	CreatedBy string
	Created   time.Time
	Paused    bool
	// LastPosted is when its last digest was posted, zero before the first.
	LastPosted time.Time
}

// ClaimRequest asks for a schedule's new coverage.
type ClaimRequest struct {
	ScheduleID int64
	// Slot is the scheduled time this digest is for; one claim per slot.
	Slot time.Time
	// Since leaves out items first stored before it (the look-back of a new
	// subscription); zero takes everything not yet claimed. An item left
	// out is not considered again by later claims of the schedule, unless a
	// release sends them back over it.
	Since time.Time
	// Lease is how long the claiming run holds the claim: until it ends,
	// TakeOver refuses the claim to anyone else. Zero or less lets it be
	// taken over at once.
	Lease time.Duration
}

// ItemKind tells the three kinds of coverage a digest carries.
type ItemKind string

// The kinds of coverage item.
const (
	QuoteItem     ItemKind = "quote"
	StatementItem ItemKind = "statement"
	DecisionItem  ItemKind = "decision"
)

// Item is one piece of coverage held by a claim.
type Item struct {
	Kind ItemKind
	// Key is the item's ItemKey.
	Key string
}

// Claim is a schedule's digest in the making: the items it will carry.
// Its ID names the digest (e.g. in Slack message metadata).
type Claim struct {
	ID         int64
	ScheduleID int64
	Slot       time.Time
	Created    time.Time
	Items      []Item
	// LeaseEnds is when the lease of the run holding the claim (the one that
	// made it, or the last to take it over) ends; zero for a claim made
	// before leases were stored, which anyone may take over.
	LeaseEnds time.Time
	// Posted is when MarkPosted was called, zero while open; TS is the Slack message.
	Posted time.Time
	TS     string
}
