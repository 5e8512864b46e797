package sqlstore

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/summit-digest/summit-digest/internal/store"
)

// maxAnswers bounds the searches kept for one generation of the database;
// past it the cache starts over, which costs one search each.
const maxAnswers = 4096

// answers keeps the results of searches for as long as the database has not
// changed. During a summit many people ask the same few questions (who said
// the line everyone is quoting, what the president said) between two
// ingests, and a search answers from here in microseconds instead of a
// millisecond of SQL. Its key includes the database's generation, so it is
// exactly as fresh as a search would be, whichever process wrote.
type answers struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]answer
	// running are the searches under way at gen. After a write, the people
	// asking the same question (the speaker list, the line everyone
	// quotes) wait for one search instead of each running it: over 100,000
	// quotes the speaker list takes long enough for a queue to pile up.
	running map[string]*search
}

// search is a search under way; done is closed once a and err are set.
type search struct {
	done chan struct{}
	a    answer
	err  error
}

type answer struct {
	hits     []store.QuoteHit
	speakers []store.SpeakerInfo
	names    []string
	err      error // only store.ErrNotFound, which is an answer too
}

// cached returns the answer to key, from the cache when the database is at
// the generation it was found at, else from find. Without a Generation
// (PostgreSQL, which has no cheap change counter) it always calls find.
func (c *Core) cached(ctx context.Context, key string, find func() (answer, error)) (answer, error) {
	if c.generation == nil {
		return find()
	}
	gen, err := c.generation(ctx)
	if err != nil {
		// The search itself will tell whether the database is usable.
		return find()
	}
	a := &c.answers
	a.mu.Lock()
	if gen > a.gen {
		a.gen, a.m, a.running = gen, nil, nil
	}
	if got, ok := a.m[key]; ok {
		a.mu.Unlock()
		return got.clone(), got.err
	}
	if s, ok := a.running[key]; ok {
		a.mu.Unlock()
		select {
		case <-s.done:
		case <-ctx.Done():
			return answer{}, ctx.Err()
		}
		if s.err == nil || errors.Is(s.err, store.ErrNotFound) {
			return s.a.clone(), s.err
		}
		// The search failed for its own caller (cut short, say): this
		// caller tries for itself.
		return find()
	}
	s := &search{done: make(chan struct{})}
	if a.running == nil {
		a.running = make(map[string]*search)
	}
	a.running[key] = s
	a.mu.Unlock()

	s.a, s.err = find()
	if s.err != nil && !errors.Is(s.err, store.ErrNotFound) {
		s.a = answer{}
	}
	s.a.err = s.err

	a.mu.Lock()
	if a.running[key] == s {
		delete(a.running, key)
	}
	// Kept only when nothing newer was seen meanwhile: an answer read
	// before a write must not be served as the answer after it.
	if a.gen == gen && (s.err == nil || errors.Is(s.err, store.ErrNotFound)) {
		if a.m == nil || len(a.m) >= maxAnswers {
			a.m = make(map[string]answer)
		}
		a.m[key] = s.a
	}
	a.mu.Unlock()
	close(s.done)
	return s.a.clone(), s.err
}

// clone copies what a caller could change, so that no caller sees another's
// changes to a shared answer.
func (a answer) clone() answer {
	out := answer{hits: slices.Clone(a.hits), names: slices.Clone(a.names), err: a.err}
	if a.speakers != nil {
		out.speakers = make([]store.SpeakerInfo, len(a.speakers))
		for i, s := range a.speakers {
			s.Aliases = slices.Clone(s.Aliases)
			out.speakers[i] = s
		}
	}
	return out
}

// answerKey joins a search's kind and arguments; the separator cannot
// stand in a Slack command or a name.
func answerKey(kind string, args ...string) string {
	return kind + "\x00" + strings.Join(args, "\x00")
}

func searchKey(kind, q string, o store.Search) string {
	return answerKey(kind, q, o.Summit, strconv.Itoa(o.Limit), strconv.Itoa(o.Offset))
}

// QuotesBySpeaker implements store.Store.
func (c *Core) QuotesBySpeaker(ctx context.Context, name string, o store.Search) ([]store.QuoteHit, error) {
	a, err := c.cached(ctx, searchKey("speaker", name, o), func() (answer, error) {
		hits, err := c.quotesBySpeaker(ctx, name, o)
		return answer{hits: hits}, err
	})
	if err != nil {
		return nil, err
	}
	return a.hits, nil
}

// QuotesByPhrase implements store.Store.
func (c *Core) QuotesByPhrase(ctx context.Context, phrase string, o store.Search) ([]store.QuoteHit, error) {
	a, err := c.cached(ctx, searchKey("phrase", phrase, o), func() (answer, error) {
		hits, err := c.quotesByPhrase(ctx, phrase, o)
		return answer{hits: hits}, err
	})
	if err != nil {
		return nil, err
	}
	return a.hits, nil
}

// Speakers implements store.Store.
func (c *Core) Speakers(ctx context.Context, summit string) ([]store.SpeakerInfo, error) {
	a, err := c.cached(ctx, answerKey("speakers", summit), func() (answer, error) {
		sp, err := c.listSpeakers(ctx, summit)
		return answer{speakers: sp}, err
	})
	if err != nil {
		return nil, err
	}
	return a.speakers, nil
}

// ClosestSpeakers implements store.Store.
func (c *Core) ClosestSpeakers(ctx context.Context, name string, n int) ([]string, error) {
	a, err := c.cached(ctx, answerKey("closest", name, strconv.Itoa(n)), func() (answer, error) {
		names, err := c.closestSpeakers(ctx, name, n)
		return answer{names: names}, err
	})
	if err != nil {
		return nil, err
	}
	return a.names, nil
}
