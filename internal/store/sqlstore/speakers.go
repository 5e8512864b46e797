package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// known is a stored speaker as resolution and search see it.
type known struct {
	id      int64
	name    string
	role    string
	aliases []string
	// folded holds the folded name first, then the folded aliases.
	folded []string
	dirty  bool
}

// loadSpeakers reads the whole speaker table. It stays small (people quoted
// about a summit number in the hundreds), so names are matched in Go, where
// folding and edit distance are the same for both databases.
func (c *Core) loadSpeakers(ctx context.Context, tx *qtx) ([]*known, error) {
	rows, err := tx.query(ctx, `SELECT id, name, role, aliases FROM speakers ORDER BY id`)
	if err != nil {
		return nil, c.wrap("load speakers", err)
	}
	defer rows.Close()
	var out []*known
	for rows.Next() {
		k := &known{}
		var aliases string
		if err := rows.Scan(&k.id, &k.name, &k.role, &aliases); err != nil {
			return nil, c.wrap("load speakers", err)
		}
		if err := json.Unmarshal([]byte(aliases), &k.aliases); err != nil {
			return nil, fmt.Errorf("%s: speaker %d: decode aliases: %w", c.name, k.id, err)
		}
		k.refold()
		out = append(out, k)
	}
	return out, c.wrap("load speakers", rows.Err())
}

// speakerCache holds the speaker table for searches, which would otherwise
// spend most of their time reading it. It is valid while the database's
// speakers counter, bumped by every change to the table, is version.
type speakerCache struct {
	mu      sync.Mutex
	version int64
	ks      []*known // never changed once cached
}

// searchSpeakers returns the speakers for matching names, from the cache
// when the table has not changed since, as seen by tx.
func (c *Core) searchSpeakers(ctx context.Context, tx *qtx) ([]*known, error) {
	var v int64
	if err := tx.row(ctx, `SELECT value FROM counters WHERE name = 'speakers'`).Scan(&v); err != nil && !isNoRows(err) {
		return nil, c.wrap("read speakers version", err)
	}
	c.speakers.mu.Lock()
	if c.speakers.ks != nil && c.speakers.version == v {
		ks := c.speakers.ks
		c.speakers.mu.Unlock()
		return ks, nil
	}
	c.speakers.mu.Unlock()
	ks, err := c.loadSpeakers(ctx, tx)
	if err != nil {
		return nil, err
	}
	if ks == nil {
		ks = []*known{}
	}
	c.speakers.mu.Lock()
	c.speakers.version, c.speakers.ks = v, ks
	c.speakers.mu.Unlock()
	return ks, nil
}

func (k *known) refold() {
	k.folded = append(k.folded[:0], store.Fold(k.name))
	for _, a := range k.aliases {
		k.folded = append(k.folded, store.Fold(a))
	}
}

// resolve finds the stored speaker that name (folded f) is: one whose name
// or alias is f, else one SameSpeaker agrees with, preferring an exact
// surname. Nil when none.
func resolve(ks []*known, f string) *known {
	for _, k := range ks {
		if slices.Contains(k.folded, f) {
			return k
		}
	}
	var best *known
	for _, k := range ks {
		for _, kf := range k.folded {
			if !store.SameSpeaker(f, kf) {
				continue
			}
			if best == nil || lastWord(kf) == lastWord(f) && lastWord(best.folded[0]) != lastWord(f) {
				best = k
			}
			break
		}
	}
	return best
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// resolveSpeakers maps each name ext uses to a stored speaker ID, adding the
// speakers the store does not know and merging names, roles and aliases into
// those it does. The fullest name becomes the canonical one.
func (c *Core) resolveSpeakers(ctx context.Context, tx *qtx, ext digest.Extraction) (map[string]int64, int, error) {
	ks, err := c.loadSpeakers(ctx, tx)
	if err != nil {
		return nil, 0, err
	}
	var ms []digest.Speaker
	listed := map[string]bool{}
	for _, s := range ext.Speakers {
		ms = append(ms, s)
		listed[s.Name] = true
	}
	for _, q := range ext.Quotes {
		if !listed[q.Speaker] {
			ms = append(ms, digest.Speaker{Name: q.Speaker})
			listed[q.Speaker] = true
		}
	}
	for _, s := range ext.Statements {
		if !listed[s.Speaker] {
			ms = append(ms, digest.Speaker{Name: s.Speaker})
			listed[s.Speaker] = true
		}
	}
	ids := map[string]int64{}
	added := 0
	for _, m := range ms {
		f := store.Fold(m.Name)
		if f == "" {
			continue
		}
		k := resolve(ks, f)
		if k == nil {
			k = &known{name: m.Name, role: m.Role}
			for _, a := range m.Aliases {
				if store.Fold(a) != f && !slices.Contains(k.aliases, a) {
					k.aliases = append(k.aliases, a)
				}
			}
			aj, _ := json.Marshal(nonNil(k.aliases))
			if err := tx.row(ctx, `INSERT INTO speakers (name, folded, role, aliases) VALUES (?, ?, ?, ?) RETURNING id`,
				k.name, f, k.role, string(aj)).Scan(&k.id); err != nil {
				return nil, 0, c.wrap("add speaker", err)
			}
			k.refold()
			ks = append(ks, k)
			ids[m.Name] = k.id
			added++
			continue
		}
		ids[m.Name] = k.id
		merge(k, m, f)
	}
	changed := added > 0
	for _, k := range ks {
		if !k.dirty {
			continue
		}
		changed = true
		aj, _ := json.Marshal(nonNil(k.aliases))
		if _, err := tx.exec(ctx, `UPDATE speakers SET name = ?, folded = ?, role = ?, aliases = ? WHERE id = ?`,
			k.name, k.folded[0], k.role, string(aj), k.id); err != nil {
			return nil, 0, c.wrap("update speaker", err)
		}
	}
	if changed {
		if _, err := tx.exec(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'speakers'`); err != nil {
			return nil, 0, c.wrap("bump speakers version", err)
		}
	}
	return ids, added, nil
}

// merge folds a new mention m (folded f) into the stored k.
func merge(k *known, m digest.Speaker, f string) {
	addAlias := func(a string) {
		fa := store.Fold(a)
		if fa == "" || slices.Contains(k.folded, fa) {
			return
		}
		k.aliases = append(k.aliases, a)
		k.folded = append(k.folded, fa)
		k.dirty = true
	}
	if len(strings.Fields(f)) > len(strings.Fields(k.folded[0])) {
		// "Volodymyr Zelenskyy" after "Zelensky": the fuller name leads.
		old := k.name
		k.name = m.Name
		k.aliases = slices.DeleteFunc(k.aliases, func(a string) bool { return store.Fold(a) == f })
		k.aliases = append(k.aliases, old)
		k.refold()
		k.dirty = true
	} else {
		addAlias(m.Name)
	}
	for _, a := range m.Aliases {
		addAlias(a)
	}
	// The first role given stays: outlets word roles differently, and a
	// stable one reads better than the last outlet's.
	if k.role == "" && m.Role != "" {
		k.role = m.Role
		k.dirty = true
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// listSpeakers is Speakers without the cache.
func (c *Core) listSpeakers(ctx context.Context, summit string) ([]store.SpeakerInfo, error) {
	var out []store.SpeakerInfo
	err := c.inTx(ctx, false, func(tx *qtx) error {
		// Over all coverage the counts come from the (speaker_id,
		// item_key) indexes alone; only a summit needs each article.
		query, args := `SELECT s.id, s.name, s.role, s.aliases,
				(SELECT COUNT(DISTINCT q.item_key) FROM quotes q WHERE q.speaker_id = s.id),
				(SELECT COUNT(DISTINCT t.item_key) FROM statements t WHERE t.speaker_id = s.id)
			FROM speakers s ORDER BY s.name`, []any(nil)
		if summit != "" {
			query = `SELECT s.id, s.name, s.role, s.aliases,
				(SELECT COUNT(DISTINCT q.item_key) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = s.id AND a.summit = ?),
				(SELECT COUNT(DISTINCT t.item_key) FROM statements t JOIN articles a ON a.id = t.article_id WHERE t.speaker_id = s.id AND a.summit = ?)
			FROM speakers s ORDER BY s.name`
			args = []any{summit, summit}
		}
		rows, err := tx.query(ctx, query, args...)
		if err != nil {
			return c.wrap("list speakers", err)
		}
		defer rows.Close()
		for rows.Next() {
			var si store.SpeakerInfo
			var id int64
			var aliases string
			if err := rows.Scan(&id, &si.Name, &si.Role, &aliases, &si.Quotes, &si.Statements); err != nil {
				return c.wrap("list speakers", err)
			}
			if si.Quotes+si.Statements == 0 {
				continue
			}
			if err := json.Unmarshal([]byte(aliases), &si.Aliases); err != nil {
				return fmt.Errorf("%s: speaker %d: decode aliases: %w", c.name, id, err)
			}
			out = append(out, si)
		}
		return c.wrap("list speakers", rows.Err())
	})
	slices.SortStableFunc(out, func(a, b store.SpeakerInfo) int {
		return (b.Quotes + b.Statements) - (a.Quotes + a.Statements)
	})
	return out, err
}

// HitColumns are the columns of a QuoteHit, read by scanHit, over
// quotes q JOIN articles a LEFT JOIN speakers s. A Dialect's PhraseQuery
// selects them, then its rank.
const HitColumns = `q.text, q.kind, q.clock, q.sentence, q.byte_offset, q.item_key,
	COALESCE(s.name, q.speaker), COALESCE(s.role, ''), a.id, a.title, a.source, a.url, a.published`

func scanHit(r Rows, withRank bool) (store.QuoteHit, error) {
	var h store.QuoteHit
	var kind, clock string
	var pub int64
	dest := []any{&h.Text, &kind, &clock, &h.Sentence, &h.Offset, &h.Key, &h.Speaker, &h.Role,
		&h.Article.ArticleID, &h.Article.Title, &h.Article.Source, &h.Article.URL, &pub}
	if withRank {
		dest = append(dest, &h.Rank)
	}
	if err := r.Scan(dest...); err != nil {
		return store.QuoteHit{}, err
	}
	h.Kind, h.Time, h.Article.Published = digest.Kind(kind), digest.Clock(clock), fromNanos(pub)
	return h, nil
}

func page(o store.Search) (limit, offset int) {
	limit = o.Limit
	if limit <= 0 {
		limit = store.DefaultLimit
	}
	return limit, max(o.Offset, 0)
}

// quotesBySpeaker is QuotesBySpeaker without the cache.
func (c *Core) quotesBySpeaker(ctx context.Context, name string, o store.Search) ([]store.QuoteHit, error) {
	limit, offset := page(o)
	var out []store.QuoteHit
	err := c.inTx(ctx, false, func(tx *qtx) error {
		ks, err := c.searchSpeakers(ctx, tx)
		if err != nil {
			return err
		}
		nq := store.ParseName(name)
		var ids []int64
		for _, k := range ks {
			if nq.Matches(k.folded) {
				ids = append(ids, k.id)
			}
		}
		if len(ids) == 0 {
			return notFound("speaker %q", name)
		}
		// One index scan per speaker, each stopping after the page (the
		// order is that of the index on speaker_id, sort_at, clock), then a
		// merge: a prefix can match many speakers with many quotes, and
		// sorting all of their quotes would cost every search. A quote that
		// an earlier-stored article also carries is shown once, from there.
		earlier := `SELECT 1 FROM quotes d WHERE d.item_key = q.item_key AND d.id < q.id`
		filter := ""
		if o.Summit != "" {
			filter = ` AND a.summit = ?`
			earlier = `SELECT 1 FROM quotes d JOIN articles da ON da.id = d.article_id
				WHERE d.item_key = q.item_key AND d.id < q.id AND da.summit = ?`
		}
		parts := make([]string, len(ids))
		var args []any
		for i, id := range ids {
			parts[i] = `SELECT id, sort_at, clock FROM (SELECT q.id, q.sort_at, q.clock FROM quotes q JOIN articles a ON a.id = q.article_id
				WHERE q.speaker_id = ?` + filter + ` AND NOT EXISTS (` + earlier + `)
				ORDER BY q.sort_at DESC, q.clock DESC, q.id DESC LIMIT ?) AS s` + strconv.Itoa(i)
			args = append(args, id)
			if o.Summit != "" {
				args = append(args, o.Summit, o.Summit)
			}
			args = append(args, offset+limit)
		}
		rows, err := tx.query(ctx, `WITH pick AS (`+strings.Join(parts, " UNION ALL ")+`)
			SELECT `+HitColumns+` FROM pick p JOIN quotes q ON q.id = p.id JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
			ORDER BY p.sort_at DESC, p.clock DESC, p.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
		if err != nil {
			return c.wrap("search quotes by speaker", err)
		}
		defer rows.Close()
		for rows.Next() {
			h, err := scanHit(rows, false)
			if err != nil {
				return c.wrap("search quotes by speaker", err)
			}
			out = append(out, h)
		}
		return c.wrap("search quotes by speaker", rows.Err())
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []store.QuoteHit{}
	}
	return out, nil
}

// quotesByPhrase is QuotesByPhrase without the cache.
func (c *Core) quotesByPhrase(ctx context.Context, phrase string, o store.Search) ([]store.QuoteHit, error) {
	limit, offset := page(o)
	folded := store.Fold(phrase)
	words := strings.Fields(folded)
	out := []store.QuoteHit{}
	if len(words) == 0 {
		return out, nil
	}
	slices.Sort(words)
	words = slices.Compact(words)
	err := c.inTx(ctx, false, func(tx *qtx) error {
		counts, err := c.wordCounts(ctx, tx, words)
		if err != nil {
			return err
		}
		// Every word first, but for the very common ones when rarer words
		// remain: full-text ranking reads the whole list of quotes of each
		// word it ranks, and a word in most quotes narrows nothing (search
		// engines leave out stop words for the same reason).
		match := c.d.MatchAll(fewest(words, counts, int64(c.veryCommon())))
		n, err := c.matchCount(ctx, tx, match)
		if err != nil {
			return err
		}
		if n == 0 {
			// No quote has them all: any of the rarer words, so that a
			// phrase remembered slightly wrong still finds its speaker.
			match = c.d.MatchAny(fewest(words, counts, int64(c.common)))
			if n, err = c.matchCount(ctx, tx, match); err != nil {
				return err
			}
		}
		// Ranking every match of a search that matches most of the table
		// would cost every such search: then the newest matches are ranked.
		common := n > int64(c.common)
		// Only the best candidates by full-text rank are ranked further
		// (exact phrase first, one per item): a common word can match
		// most of the table, and ordering all of it would cost every
		// search. The cap leaves room for duplicates across outlets; with
		// a summit, whose filter comes after, there is none.
		candidates := 2*(offset+limit) + 100
		if o.Summit != "" {
			candidates = math.MaxInt32
		}
		query := c.d.PhraseQuery
		if common {
			query = c.d.PhraseQueryRecent
		}
		rows, err := tx.query(ctx, query, match, folded, o.Summit, o.Summit, limit, offset, candidates)
		if err != nil {
			return c.wrap("search quotes by phrase", err)
		}
		defer rows.Close()
		for rows.Next() {
			h, err := scanHit(rows, true)
			if err != nil {
				return c.wrap("search quotes by phrase", err)
			}
			out = append(out, h)
		}
		return c.wrap("search quotes by phrase", rows.Err())
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// matchCount counts the quotes that match a full-text query, up to one more
// than the common-word limit: enough to tell, at a bounded cost.
func (c *Core) matchCount(ctx context.Context, tx *qtx, match string) (int64, error) {
	var n int64
	if err := tx.row(ctx, c.d.MatchCount, match, c.common+1).Scan(&n); err != nil {
		return 0, c.wrap("count matches", err)
	}
	return n, nil
}

// veryCommon is how many quotes a word stands in past which it is left out
// of an all-words search that has rarer words.
func (c *Core) veryCommon() int { return 5 * c.common }

// wordCounts counts the quotes of each word, up to one more than veryCommon.
// With a Generation the counts are kept until the database changes: the
// common words come back in most searches, and they are the costliest to
// count (a third of a phrase search's time went to counting).
func (c *Core) wordCounts(ctx context.Context, tx *qtx, words []string) ([]int64, error) {
	if c.d.WordCounts != "" {
		return c.storedWordCounts(ctx, tx, words)
	}
	counts := make([]int64, len(words))
	gen, keep := uint64(0), false
	if c.generation != nil {
		if g, err := c.generation(ctx); err == nil {
			gen, keep = g, true
		}
	}
	for i, w := range words {
		if keep {
			if n, ok := c.wordCache.get(gen, w); ok {
				counts[i] = n
				continue
			}
		}
		if err := tx.row(ctx, c.d.MatchCount, c.d.MatchAll([]string{w}), c.veryCommon()+1).Scan(&counts[i]); err != nil {
			return nil, c.wrap("count matches", err)
		}
		if keep {
			c.wordCache.put(gen, w, counts[i])
		}
	}
	return counts, nil
}

// storedWordCounts reads the counts that the database keeps at ingest
// (Dialect.WordCounts), all words in one statement.
func (c *Core) storedWordCounts(ctx context.Context, tx *qtx, words []string) ([]int64, error) {
	list, err := json.Marshal(words)
	if err != nil {
		return nil, fmt.Errorf("%s: count words: %w", c.name, err)
	}
	rows, err := tx.query(ctx, c.d.WordCounts, string(list))
	if err != nil {
		return nil, c.wrap("count words", err)
	}
	defer rows.Close()
	got := make(map[string]int64, len(words))
	for rows.Next() {
		var w string
		var n int64
		if err := rows.Scan(&w, &n); err != nil {
			return nil, c.wrap("count words", err)
		}
		got[w] = n
	}
	if err := rows.Err(); err != nil {
		return nil, c.wrap("count words", err)
	}
	counts := make([]int64, len(words))
	for i, w := range words {
		counts[i] = got[w]
	}
	return counts, nil
}

// maxWordCounts bounds the words counted for one generation of the database.
const maxWordCounts = 1 << 16

// wordCounts keeps how many quotes each word stands in, for one generation.
type wordCounts struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]int64
}

func (w *wordCounts) get(gen uint64, word string) (int64, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.gen != gen {
		return 0, false
	}
	n, ok := w.m[word]
	return n, ok
}

// put keeps a count made at gen, unless a newer generation was seen since.
func (w *wordCounts) put(gen uint64, word string, n int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if gen < w.gen {
		return
	}
	if w.gen != gen || len(w.m) >= maxWordCounts {
		w.gen, w.m = gen, make(map[string]int64)
	}
	w.m[word] = n
}

// fewest returns the words standing in at most limit quotes, or the
// rarest word when every one stands in more.
func fewest(words []string, counts []int64, limit int64) []string {
	var kept []string
	rarest := 0
	for i, w := range words {
		if counts[i] <= limit {
			kept = append(kept, w)
		}
		if counts[i] < counts[rarest] {
			rarest = i
		}
	}
	if len(kept) == 0 {
		return words[rarest : rarest+1]
	}
	return kept
}

// closestSpeakers is ClosestSpeakers without the cache.
func (c *Core) closestSpeakers(ctx context.Context, name string, n int) ([]string, error) {
	var names []string
	err := c.inTx(ctx, false, func(tx *qtx) error {
		ks, err := c.searchSpeakers(ctx, tx)
		if err != nil {
			return err
		}
		for _, k := range ks {
			names = append(names, k.name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := store.Closest(name, names, n)
	if out == nil {
		out = []string{}
	}
	return out, nil
}
