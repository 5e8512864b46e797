package slackapp

import (
	"context"
	"sync"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
)

// speakersTTL is how long a speaker list is reused. The list changes only
// when coverage is added or removed, and counting every speaker's quotes is
// the most expensive query a command makes (tens of milliseconds over a
// large store), while `/summit speakers` is asked by many people at once
// during a summit. Ingests by this process clear it at once; those of the
// feed poller and of other replicas show within the TTL.
const speakersTTL = 30 * time.Second

// speakersCache keeps the speaker list of each summit for speakersTTL.
type speakersCache struct {
	mu      sync.Mutex
	entries map[string]speakersEntry
}

type speakersEntry struct {
	at   time.Time
	list []store.SpeakerInfo
}

// speakerList returns the speakers of summit ("" for all), from the cache
// when it is fresh.
func (a *App) speakerList(ctx context.Context, summit string) ([]store.SpeakerInfo, error) {
	now := a.now()
	c := &a.speakerCache
	c.mu.Lock()
	e, ok := c.entries[summit]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < speakersTTL {
		return e.list, nil
	}
	list, err := a.deps.Store.Speakers(ctx, summit)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.entries == nil {
		c.entries = make(map[string]speakersEntry)
	}
	c.entries[summit] = speakersEntry{at: now, list: list}
	c.mu.Unlock()
	return list, nil
}

// forgetSpeakers clears the cache after this process changed the coverage.
func (a *App) forgetSpeakers() {
	a.speakerCache.mu.Lock()
	a.speakerCache.entries = nil
	a.speakerCache.mu.Unlock()
}
