package slackapp

import (
	"context"
	"slices"
	"strings"
	"sync"
)

// maxCachedAnswers bounds the answers kept for one generation of the store;
// past it the cache starts over.
const maxCachedAnswers = 1024

// generationer is a store that can tell cheaply whether its data changed,
// whichever process wrote (the SQLite store reads PRAGMA data_version).
// Answers are cached only over such a store: over one without it
// (PostgreSQL), every command asks the store.
type generationer interface {
	Generation(ctx context.Context) (uint64, error)
}

// answerCache keeps the replies of `who-said` and `speakers` while the store
// is unchanged. During a summit many people ask the same few questions
// between two ingests; once the store answers from its own cache, building
// the Block Kit message is most of what is left (the speaker list alone
// took 0.4 ms a request).
type answerCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]reply
}

// cachedAnswer returns the reply to the command (kind, args) from the cache
// when the store has not changed since it was made, else from answer.
// Errors are not kept: they are cheap, and some are passing (a timeout).
func (a *App) cachedAnswer(ctx context.Context, kind string, args []arg, answer func() (reply, error)) (reply, error) {
	g, ok := a.deps.Store.(generationer)
	if !ok {
		return answer()
	}
	gen, err := g.Generation(ctx)
	if err != nil {
		// The store itself will say whether it is usable.
		return answer()
	}
	key := answerKey(kind, args)
	c := &a.answers
	c.mu.Lock()
	if gen > c.gen {
		c.gen, c.m = gen, nil
		// The speaker lists kept for speakersTTL are of the old data too;
		// this also clears them after another replica's ingest.
		a.forgetSpeakers()
	}
	r, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return r.copy(), nil
	}
	r, err = answer()
	if err != nil {
		return r, err
	}
	c.mu.Lock()
	// Kept only when no newer generation was seen meanwhile: a reply made
	// before a write must not stand for the data after it.
	if c.gen == gen {
		if c.m == nil || len(c.m) >= maxCachedAnswers {
			c.m = make(map[string]reply)
		}
		c.m[key] = r
	}
	c.mu.Unlock()
	return r.copy(), nil
}

// copy gives each caller its own list of blocks, which callers may extend.
func (r reply) copy() reply {
	r.Msg.Blocks = slices.Clone(r.Msg.Blocks)
	return r
}

// answerKey is the command's kind and its arguments as understood, so that
// spellings of one command ("who-said", "who") share an entry and a phrase
// is never taken for a name.
func answerKey(kind string, args []arg) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, x := range args {
		b.WriteByte(0)
		if x.Quoted {
			b.WriteByte('"')
		}
		b.WriteString(x.Text)
	}
	return b.String()
}
