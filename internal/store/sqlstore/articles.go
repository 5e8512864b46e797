package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// extra is what an article keeps beside its rows: the speakers as it names
// them, its timeline and its summary. Its own JSON names keep stored rows
// readable whatever becomes of the digest types' field names.
type extra struct {
	Speakers []extraSpeaker `json:"speakers,omitempty"`
	Timeline []extraEvent   `json:"timeline,omitempty"`
	Summary  []string       `json:"summary,omitempty"`
}

type extraSpeaker struct {
	Name    string   `json:"name"`
	Role    string   `json:"role,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	ID      int64    `json:"id,omitempty"`
}

type extraEvent struct {
	Date    string `json:"date,omitempty"`
	Time    string `json:"time,omitempty"`
	Speaker string `json:"speaker,omitempty"`
	Text    string `json:"text"`
}

// articleKey is what makes two ingests one article: the canonical URL, or
// the text's hash when there is none.
func articleKey(a digest.Article, hash string) string {
	if a.URL != "" {
		return a.URL
	}
	return hash
}

// SaveExtraction implements store.Store.
func (c *Core) SaveExtraction(ctx context.Context, ext digest.Extraction) (store.SaveResult, error) {
	a := ext.Article
	hash := digest.TextHash(a.Text)
	key := articleKey(a, hash)
	id := digest.ArticleID(key)
	res := store.SaveResult{ArticleID: id}
	err := c.inTx(ctx, true, func(tx *qtx) error {
		if err := c.lock(ctx, tx); err != nil {
			return err
		}
		var oldHash string
		var stored int64
		err := tx.row(ctx, `SELECT text_hash, stored_at FROM articles WHERE key = ?`, key).Scan(&oldHash, &stored)
		switch {
		case errors.Is(err, ErrNoRows):
			// A copy of a known text under another URL is the same article.
			var known string
			err = tx.row(ctx, `SELECT id FROM articles WHERE text_hash = ? LIMIT 1`, hash).Scan(&known)
			if err == nil {
				res.Status, res.ArticleID = store.Skipped, known
				return nil
			}
			if !errors.Is(err, ErrNoRows) {
				return c.wrap("look up article", err)
			}
			res.Status = store.Stored
		case err != nil:
			return c.wrap("look up article", err)
		case oldHash == hash:
			res.Status = store.Skipped
			return nil
		default:
			res.Status = store.Replaced
			for _, table := range []string{"quotes", "statements", "decisions"} {
				if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE article_id = ?`, id); err != nil {
					return c.wrap("replace article "+id, err)
				}
			}
		}
		return c.writeArticle(ctx, tx, ext, id, key, hash, stored, &res)
	})
	if err != nil {
		return store.SaveResult{}, err
	}
	return res, nil
}

// lock makes writers of several processes take turns where the database
// does not already.
func (c *Core) lock(ctx context.Context, tx *qtx) error {
	if c.d.LockIngest == "" {
		return nil
	}
	if _, err := tx.exec(ctx, c.d.LockIngest); err != nil {
		return c.wrap("lock", err)
	}
	return nil
}

func (c *Core) writeArticle(ctx context.Context, tx *qtx, ext digest.Extraction, id, key, hash string, stored int64, res *store.SaveResult) error {
	a := ext.Article
	now := nanos(c.now())
	ids, newSpeakers, err := c.resolveSpeakers(ctx, tx, ext)
	if err != nil {
		return err
	}
	res.NewSpeakers = newSpeakers
	x := extra{Summary: ext.Summary}
	for _, s := range ext.Speakers {
		x.Speakers = append(x.Speakers, extraSpeaker{Name: s.Name, Role: s.Role, Aliases: s.Aliases, ID: ids[s.Name]})
	}
	for _, e := range ext.Timeline {
		x.Timeline = append(x.Timeline, extraEvent{Date: e.Date, Time: string(e.Time), Speaker: e.Speaker, Text: e.Text})
	}
	xb, err := json.Marshal(x)
	if err != nil {
		return fmt.Errorf("encode extraction of %s: %w", id, err)
	}
	sortAt := nanos(a.Published)
	if sortAt == 0 {
		sortAt = now
	}
	if stored == 0 {
		_, err = tx.exec(ctx, `INSERT INTO articles (id, key, url, source, title, author, published, text, text_hash, summit, extra, stored_at, updated_at, sort_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, key, a.URL, a.Source, a.Title, a.Author, nanos(a.Published), a.Text, hash, a.Summit, string(xb), now, now, sortAt)
	} else {
		_, err = tx.exec(ctx, `UPDATE articles SET url = ?, source = ?, title = ?, author = ?, published = ?, text = ?, text_hash = ?,
			summit = ?, extra = ?, updated_at = ?, sort_at = ? WHERE id = ?`,
			a.URL, a.Source, a.Title, a.Author, nanos(a.Published), a.Text, hash, a.Summit, string(xb), now, sortAt, id)
	}
	if err != nil {
		return c.wrap("write article "+id, err)
	}
	speakers := map[int64]bool{}
	for _, sid := range ids {
		if sid != 0 {
			speakers[sid] = true
		}
	}
	res.Speakers = len(speakers)
	newItem := func(kind store.ItemKind, key string) error {
		// seq numbers items in the order they were stored, which claims
		// scan from: writers take turns (the lock, or SQLite's one
		// writer), so MAX+1 is never taken twice nor seen out of order.
		n, err := tx.exec(ctx, `INSERT INTO items (key, kind, first_seen, seq) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM items))
			ON CONFLICT (key) DO NOTHING`, key, string(kind), now)
		if err != nil {
			return c.wrap("write item", err)
		}
		res.NewItems += int(n)
		return nil
	}
	for i, q := range ext.Quotes {
		sid := ids[q.Speaker]
		k := store.ItemKey(store.QuoteItem, sid, q.Text)
		if err := newItem(store.QuoteItem, k); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO quotes (article_id, pos, item_key, speaker_id, speaker, text, folded, kind, clock, sentence, byte_offset, sort_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, i, k, nullID(sid), q.Speaker, q.Text, store.Fold(q.Text), string(q.Kind), string(q.Time), q.Sentence, q.Offset, sortAt); err != nil {
			return c.wrap("write quote", err)
		}
	}
	for i, s := range ext.Statements {
		sid := ids[s.Speaker]
		k := store.ItemKey(store.StatementItem, sid, s.Text)
		if err := newItem(store.StatementItem, k); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO statements (article_id, pos, item_key, speaker_id, speaker, text, clock, byte_offset)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, i, k, nullID(sid), s.Speaker, s.Text, string(s.Time), s.Offset); err != nil {
			return c.wrap("write statement", err)
		}
	}
	for i, d := range ext.Decisions {
		k := store.DecisionKey(d.Actor, d.Text)
		if err := newItem(store.DecisionItem, k); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO decisions (article_id, pos, item_key, actor, text, clock, byte_offset)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, i, k, d.Actor, d.Text, string(d.Time), d.Offset); err != nil {
			return c.wrap("write decision", err)
		}
	}
	res.Quotes, res.Statements, res.Decisions = len(ext.Quotes), len(ext.Statements), len(ext.Decisions)
	return nil
}

// nullID is a speaker ID as a column value: NULL when unknown.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const articleColumns = `id, url, source, title, author, published, summit, text_hash, stored_at, updated_at,
	(SELECT COUNT(*) FROM quotes q WHERE q.article_id = articles.id)`

func scanArticle(r Row, withText bool) (store.ArticleInfo, error) {
	var ai store.ArticleInfo
	var pub, stored, updated int64
	dest := []any{&ai.ID, &ai.URL, &ai.Source, &ai.Title, &ai.Author, &pub, &ai.Summit, &ai.TextHash, &stored, &updated, &ai.Quotes}
	if withText {
		dest = append(dest, &ai.Text)
	}
	if err := r.Scan(dest...); err != nil {
		return store.ArticleInfo{}, err
	}
	ai.Published, ai.Stored, ai.Updated = fromNanos(pub), fromNanos(stored), fromNanos(updated)
	return ai, nil
}

// Article implements store.Store.
func (c *Core) Article(ctx context.Context, ref string) (store.ArticleInfo, error) {
	var ai store.ArticleInfo
	err := c.inTx(ctx, false, func(tx *qtx) error {
		var err error
		ai, err = c.findArticle(ctx, tx, ref)
		return err
	})
	return ai, err
}

// findArticle looks ref up as an ID, then a canonical URL, then a source.
func (c *Core) findArticle(ctx context.Context, tx *qtx, ref string) (store.ArticleInfo, error) {
	for _, col := range []string{"id", "url", "source"} {
		ai, err := scanArticle(tx.row(ctx, `SELECT `+articleColumns+`, text FROM articles WHERE `+col+` = ? ORDER BY updated_at DESC LIMIT 1`, ref), true)
		if err == nil {
			return ai, nil
		}
		if !errors.Is(err, ErrNoRows) {
			return store.ArticleInfo{}, c.wrap("look up article "+ref, err)
		}
	}
	return store.ArticleInfo{}, notFound("article %q", ref)
}

// articleWhere returns the WHERE clause and arguments of f.
func articleWhere(f store.Filter) (string, []any) {
	var conds []string
	var args []any
	if f.Summit != "" {
		conds = append(conds, "summit = ?")
		args = append(args, f.Summit)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "updated_at >= ?")
		args = append(args, nanos(f.Since))
	}
	if f.Claim != 0 {
		conds = append(conds, `id IN (SELECT q.article_id FROM quotes q JOIN claim_items ci ON ci.item_key = q.item_key WHERE ci.claim_id = ?
			UNION SELECT s.article_id FROM statements s JOIN claim_items ci ON ci.item_key = s.item_key WHERE ci.claim_id = ?
			UNION SELECT d.article_id FROM decisions d JOIN claim_items ci ON ci.item_key = d.item_key WHERE ci.claim_id = ?)`)
		args = append(args, f.Claim, f.Claim, f.Claim)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Articles implements store.Store.
func (c *Core) Articles(ctx context.Context, f store.Filter) ([]store.ArticleInfo, error) {
	where, args := articleWhere(f)
	q := `SELECT ` + articleColumns + ` FROM articles` + where + ` ORDER BY updated_at DESC, id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	var out []store.ArticleInfo
	err := c.inTx(ctx, false, func(tx *qtx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return c.wrap("list articles", err)
		}
		defer rows.Close()
		for rows.Next() {
			ai, err := scanArticle(rows, false)
			if err != nil {
				return c.wrap("list articles", err)
			}
			out = append(out, ai)
		}
		return c.wrap("list articles", rows.Err())
	})
	return out, err
}

// Forget implements store.Store.
func (c *Core) Forget(ctx context.Context, ref string) (store.ArticleInfo, error) {
	var ai store.ArticleInfo
	err := c.inTx(ctx, true, func(tx *qtx) error {
		var err error
		if ai, err = c.findArticle(ctx, tx, ref); err != nil {
			return err
		}
		// Quotes, statements and decisions go with the article (ON DELETE
		// CASCADE); items stay, so that what was posted is never new again.
		if _, err := tx.exec(ctx, `DELETE FROM articles WHERE id = ?`, ai.ID); err != nil {
			return c.wrap("forget article "+ai.ID, err)
		}
		return nil
	})
	return ai, err
}

// Extractions implements store.Store.
func (c *Core) Extractions(ctx context.Context, f store.Filter) ([]digest.Extraction, error) {
	where, args := articleWhere(f)
	const cols = `id, url, source, title, author, published, summit, text, extra, updated_at`
	q := `SELECT ` + cols + ` FROM articles` + where + ` ORDER BY updated_at, id`
	if f.Limit > 0 {
		// The newest f.Limit, still oldest first.
		q = `SELECT ` + cols + ` FROM (SELECT ` + cols + ` FROM articles` + where + ` ORDER BY updated_at DESC, id DESC LIMIT ?) AS newest ORDER BY updated_at, id`
		args = append(args, f.Limit)
	}
	var out []digest.Extraction
	err := c.inTx(ctx, false, func(tx *qtx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return c.wrap("load extractions", err)
		}
		var extras []string
		for rows.Next() {
			var a digest.Article
			var pub, updated int64
			var xs string
			if err := rows.Scan(&a.ID, &a.URL, &a.Source, &a.Title, &a.Author, &pub, &a.Summit, &a.Text, &xs, &updated); err != nil {
				rows.Close()
				return c.wrap("load extractions", err)
			}
			a.Published = fromNanos(pub)
			out = append(out, digest.Extraction{Article: a})
			extras = append(extras, xs)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return c.wrap("load extractions", err)
		}
		names, err := c.speakerNames(ctx, tx)
		if err != nil {
			return err
		}
		for i := range out {
			if err := c.fillExtraction(ctx, tx, &out[i], extras[i], names, f.Claim); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// speakerNames maps speaker IDs to their canonical names and roles.
func (c *Core) speakerNames(ctx context.Context, tx *qtx) (map[int64]digest.Speaker, error) {
	rows, err := tx.query(ctx, `SELECT id, name, role FROM speakers`)
	if err != nil {
		return nil, c.wrap("load speakers", err)
	}
	defer rows.Close()
	m := map[int64]digest.Speaker{}
	for rows.Next() {
		var id int64
		var s digest.Speaker
		if err := rows.Scan(&id, &s.Name, &s.Role); err != nil {
			return nil, c.wrap("load speakers", err)
		}
		m[id] = s
	}
	return m, c.wrap("load speakers", rows.Err())
}

// fillExtraction loads an article's rows into ext, with the store's
// canonical speaker names, and only claim's items when claim is not 0.
func (c *Core) fillExtraction(ctx context.Context, tx *qtx, ext *digest.Extraction, xs string, names map[int64]digest.Speaker, claim int64) error {
	var x extra
	if err := json.Unmarshal([]byte(xs), &x); err != nil {
		return fmt.Errorf("%s: article %s: decode extraction: %w", c.name, ext.Article.ID, err)
	}
	canon := func(id int64, asWritten string) string {
		if s, ok := names[id]; ok {
			return s.Name
		}
		return asWritten
	}
	local := map[string]string{}
	seen := map[string]bool{}
	for _, s := range x.Speakers {
		name := canon(s.ID, s.Name)
		local[s.Name] = name
		if seen[name] {
			continue
		}
		seen[name] = true
		role := s.Role
		if role == "" {
			role = names[s.ID].Role
		}
		ext.Speakers = append(ext.Speakers, digest.Speaker{Name: name, Role: role, Aliases: s.Aliases})
	}
	for _, e := range x.Timeline {
		sp := e.Speaker
		if n, ok := local[sp]; ok {
			sp = n
		}
		ext.Timeline = append(ext.Timeline, digest.Event{Date: e.Date, Time: digest.Clock(e.Time), Speaker: sp, Text: e.Text})
	}
	ext.Summary = x.Summary

	claimed := ""
	args := []any{ext.Article.ID}
	if claim != 0 {
		// A lookup per row by the (claim_id, item_key) index: an IN over
		// the claim's items would read them all for every article.
		claimed = ` AND EXISTS (SELECT 1 FROM claim_items ci WHERE ci.claim_id = ? AND ci.item_key = t.item_key)`
		args = append(args, claim)
	}
	rows, err := tx.query(ctx, `SELECT COALESCE(speaker_id, 0), speaker, text, kind, clock, sentence, byte_offset FROM quotes t WHERE article_id = ?`+claimed+` ORDER BY pos`, args...)
	if err != nil {
		return c.wrap("load quotes", err)
	}
	for rows.Next() {
		var q digest.Quote
		var sid int64
		var kind, clock string
		if err := rows.Scan(&sid, &q.Speaker, &q.Text, &kind, &clock, &q.Sentence, &q.Offset); err != nil {
			rows.Close()
			return c.wrap("load quotes", err)
		}
		q.Speaker, q.Kind, q.Time = canon(sid, q.Speaker), digest.Kind(kind), digest.Clock(clock)
		ext.Quotes = append(ext.Quotes, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap("load quotes", err)
	}
	rows, err = tx.query(ctx, `SELECT COALESCE(speaker_id, 0), speaker, text, clock, byte_offset FROM statements t WHERE article_id = ?`+claimed+` ORDER BY pos`, args...)
	if err != nil {
		return c.wrap("load statements", err)
	}
	for rows.Next() {
		var s digest.Statement
		var sid int64
		var clock string
		if err := rows.Scan(&sid, &s.Speaker, &s.Text, &clock, &s.Offset); err != nil {
			rows.Close()
			return c.wrap("load statements", err)
		}
		s.Speaker, s.Time = canon(sid, s.Speaker), digest.Clock(clock)
		ext.Statements = append(ext.Statements, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap("load statements", err)
	}
	rows, err = tx.query(ctx, `SELECT actor, text, clock, byte_offset FROM decisions t WHERE article_id = ?`+claimed+` ORDER BY pos`, args...)
	if err != nil {
		return c.wrap("load decisions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d digest.Decision
		var clock string
		if err := rows.Scan(&d.Actor, &d.Text, &clock, &d.Offset); err != nil {
			return c.wrap("load decisions", err)
		}
		d.Time = digest.Clock(clock)
		ext.Decisions = append(ext.Decisions, d)
	}
	return c.wrap("load decisions", rows.Err())
}
