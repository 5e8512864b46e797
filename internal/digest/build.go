package digest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The defaults of BuildOptions. They are generous on purpose: a digest of
// one article shows everything it found, and a digest of a thousand shows
// the best of it without scrolling forever.
const (
	DefaultMaxQuotes        = 30
	DefaultMaxStatements    = 20
	DefaultMaxDecisions     = 15
	DefaultMaxTimeline      = 60
	DefaultMaxSpeakers      = 30
	DefaultSummarySentences = 5
)

// BuildOptions tunes Build. The zero value is ready to use.
type BuildOptions struct {
	// Title names the digest; "" takes the title of the first article
	// that has one.
	Title string
	// Since leaves out articles published before it; articles with no
	// publication date are kept. The zero value keeps everything.
	Since time.Time
	// MaxQuotes, MaxStatements, MaxDecisions, MaxTimeline and MaxSpeakers
	// cap each section, keeping the highest ranked; 0 takes the default,
	// a negative value means no cap.
	MaxQuotes     int
	MaxStatements int
	MaxDecisions  int
	MaxTimeline   int
	MaxSpeakers   int
	// SummarySentences is how many sentences the cross-article summary
	// has at most; 0 takes the default, a negative value leaves it out.
	SummarySentences int
}

func (o BuildOptions) withDefaults() BuildOptions {
	def := func(v *int, d int) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = math.MaxInt
		}
	}
	def(&o.MaxQuotes, DefaultMaxQuotes)
	def(&o.MaxStatements, DefaultMaxStatements)
	def(&o.MaxDecisions, DefaultMaxDecisions)
	def(&o.MaxTimeline, DefaultMaxTimeline)
	def(&o.MaxSpeakers, DefaultMaxSpeakers)
	switch {
	case o.SummarySentences == 0:
		o.SummarySentences = DefaultSummarySentences
	case o.SummarySentences < 0:
		o.SummarySentences = 0
	}
	return o
}

// Build makes a digest of many extractions. The same quote carried by
// several sources appears once, with every source, and so does a shorter
// quote of the same speaker that a longer one contains; statements,
// decisions and timeline entries are merged likewise. Speakers are merged
// across articles by their canonical names and aliases. Key quotes are
// ranked by the speaker's prominence, the number of sources, centrality,
// direct speech, a known time and a readable length, and each further quote
// of one speaker counts for less. Build is deterministic: the same
// extractions in the same order give the same digest. An article given
// twice (same URL or ID) counts once.
func Build(exts []Extraction, opts BuildOptions) *Digest {
	opts = opts.withDefaults()
	b := &builder{opts: opts, people: newPeople()}
	b.collectSources(exts)
	for _, x := range b.exts {
		b.people.addExtraction(x)
	}
	b.people.resolve()

	d := &Digest{Title: opts.Title, Sources: b.sources}
	for _, x := range b.exts {
		if d.Title != "" {
			break
		}
		d.Title = strings.TrimSpace(x.Article.Title)
	}
	d.Quotes = b.quotes()
	d.Statements = b.statements()
	d.Decisions = b.decisions()
	d.Timeline = b.timeline()
	d.Speakers = b.speakers()
	d.Summary = b.summary()
	return d
}

// builder holds what Build works on; it lives for one call.
type builder struct {
	opts    BuildOptions
	exts    []*Extraction
	sources []Source
	people  *people
}

// collectSources keeps the articles the digest covers, once each.
func (b *builder) collectSources(exts []Extraction) {
	seen := make(map[string]bool, len(exts))
	for i := range exts {
		a := &exts[i].Article
		if !b.opts.Since.IsZero() && !a.Published.IsZero() && a.Published.Before(b.opts.Since) {
			continue
		}
		var key string
		switch {
		case a.URL != "":
			key = "url:" + a.URL
		case a.ID != "":
			key = "id:" + a.ID
		}
		if key != "" {
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		b.exts = append(b.exts, &exts[i])
		b.sources = append(b.sources, Source{
			ArticleID: a.ID,
			Title:     a.Title,
			Source:    a.Source,
			URL:       a.URL,
			Published: a.Published,
		})
	}
}

// prominence is how often a speaker is quoted or reported across the sources.
func (b *builder) prominence(who string) float64 {
	if who == "" {
		return 0
	}
	p := b.people.byKey[who]
	if p == nil {
		return 0
	}
	return math.Log1p(float64(p.quotes + p.statements))
}

// kindOf groups the items of one kind (quotes, statements or decisions)
// across the articles: items lists an article's items of that kind, and
// key gives an item's speaker or actor and its words. It returns the
// groups (see groupItems) and the item an occurrence stands for.
func kindOf[T any](b *builder, items func(x *Extraction) []T, key func(t *T) (who, text string)) ([]*group, func(occurrence) *T) {
	var refs []occurrence
	for s, x := range b.exts {
		for i := range items(x) {
			refs = append(refs, occurrence{s, i})
		}
	}
	at := func(o occurrence) *T { return &items(b.exts[o.src])[o.idx] }
	roots := groupItems(len(refs), func(i int, buf []byte) (string, []byte, occurrence) {
		who, text := key(at(refs[i]))
		return b.people.key(who), appendFold(buf, text), refs[i]
	})
	return roots, at
}

// firstTime is the first time any of the occurrences gives, "" when none
// does: one outlet's "at 16:25" dates the words for all of them.
func firstTime(all []occurrence, timeOf func(occurrence) Clock) Clock {
	for _, o := range all {
		if t := timeOf(o); t != "" {
			return t
		}
	}
	return ""
}

// timed is the timed signal of a group: 1 when any occurrence has a time.
func timed(all []occurrence, timeOf func(occurrence) Clock) float64 {
	if firstTime(all, timeOf) != "" {
		return 1
	}
	return 0
}

func (b *builder) quotes() []DigestQuote {
	roots, quote := kindOf(b, func(x *Extraction) []Quote { return x.Quotes },
		func(q *Quote) (string, string) { return q.Speaker, q.Text })
	timeOf := func(o occurrence) Clock { return quote(o).Time }
	direct := func(g *group) bool {
		return slices.ContainsFunc(g.occ, func(o occurrence) bool { return quote(o).Kind == Direct })
	}
	order, scores := rankGroups(roots, quoteWeights(), func(g *group) signals {
		s := signals{
			prominence: b.prominence(g.who),
			timed:      timed(g.all, timeOf),
			length:     quoteLength(wordCount(g.text)),
		}
		if direct(g) {
			s.direct = 1
		}
		return s
	})
	order, scores = diversify(order, scores, func(i int) string { return roots[i].who }, b.opts.MaxQuotes)
	out := make([]DigestQuote, 0, len(order))
	for _, i := range order {
		g := roots[i]
		q := *quote(g.occ[0])
		q.Speaker = b.people.display(g.who, q.Speaker)
		if direct(g) {
			q.Kind = Direct
		}
		if q.Time == "" {
			q.Time = firstTime(g.all, timeOf)
		}
		out = append(out, DigestQuote{Quote: q, Role: b.people.role(g.who), Sources: sourcesOf(g.all), Score: scores[i]})
	}
	return out
}

func (b *builder) statements() []DigestStatement {
	roots, stmt := kindOf(b, func(x *Extraction) []Statement { return x.Statements },
		func(st *Statement) (string, string) { return st.Speaker, st.Text })
	timeOf := func(o occurrence) Clock { return stmt(o).Time }
	order, _ := rankGroups(roots, statementWeights(), func(g *group) signals {
		return signals{prominence: b.prominence(g.who), timed: timed(g.all, timeOf)}
	})
	order = order[:min(len(order), b.opts.MaxStatements)]
	out := make([]DigestStatement, 0, len(order))
	for _, i := range order {
		g := roots[i]
		st := *stmt(g.occ[0])
		st.Speaker = b.people.display(g.who, st.Speaker)
		if st.Time == "" {
			st.Time = firstTime(g.all, timeOf)
		}
		out = append(out, DigestStatement{Statement: st, Sources: sourcesOf(g.all)})
	}
	return out
}

func (b *builder) decisions() []DigestDecision {
	roots, dec := kindOf(b, func(x *Extraction) []Decision { return x.Decisions },
		func(d *Decision) (string, string) { return d.Actor, d.Text })
	timeOf := func(o occurrence) Clock { return dec(o).Time }
	order, _ := rankGroups(roots, decisionWeights(), func(g *group) signals {
		return signals{timed: timed(g.all, timeOf)}
	})
	order = order[:min(len(order), b.opts.MaxDecisions)]
	out := make([]DigestDecision, 0, len(order))
	for _, i := range order {
		g := roots[i]
		d := *dec(g.occ[0])
		d.Actor = b.people.display(g.who, d.Actor)
		if d.Time == "" {
			d.Time = firstTime(g.all, timeOf)
		}
		out = append(out, DigestDecision{Decision: d, Sources: sourcesOf(g.all)})
	}
	return out
}

// timeline merges the articles' timelines: an entry carried by several
// sources (same day, time, speaker and words) appears once. When there are
// more than the cap, the best corroborated entries stay.
func (b *builder) timeline() []DigestEvent {
	type entry struct {
		ev      Event
		who     string
		src     int
		idx     int
		sources int
		lastSrc int
	}
	type entryKey struct {
		date string
		time Clock
		who  string
	}
	// Keyed by day, time and speaker, then by folded words, looked up
	// from a reused buffer without a copy.
	byKey := make(map[entryKey]map[string]int)
	buf := make([]byte, 0, 256)
	var entries []entry
	for s, x := range b.exts {
		date := ""
		if !x.Article.Published.IsZero() {
			date = x.Article.Published.Format(time.DateOnly)
		}
		for i, ev := range x.Timeline {
			if ev.Date == "" {
				ev.Date = date
			}
			who := b.people.key(ev.Speaker)
			key := entryKey{ev.Date, ev.Time, who}
			texts := byKey[key]
			if texts == nil {
				texts = make(map[string]int, 1)
				byKey[key] = texts
			}
			buf = appendFold(buf[:0], ev.Text)
			if e, ok := texts[string(buf)]; ok {
				if entries[e].lastSrc != s {
					entries[e].sources++
					entries[e].lastSrc = s
				}
				continue
			}
			texts[string(buf)] = len(entries)
			ev.Speaker = b.people.display(who, ev.Speaker)
			entries = append(entries, entry{ev: ev, who: who, src: s, idx: i, sources: 1, lastSrc: s})
		}
	}
	if len(entries) > b.opts.MaxTimeline {
		slices.SortStableFunc(entries, func(a, c entry) int {
			if r := cmp.Compare(c.sources, a.sources); r != 0 {
				return r
			}
			return cmp.Compare(b.prominence(c.who), b.prominence(a.who))
		})
		entries = entries[:b.opts.MaxTimeline]
	}
	slices.SortFunc(entries, func(a, c entry) int {
		return cmp.Or(
			cmp.Compare(a.ev.Date, c.ev.Date),
			cmp.Compare(a.ev.Time, c.ev.Time),
			cmp.Compare(a.src, c.src),
			cmp.Compare(a.idx, c.idx),
		)
	})
	out := make([]DigestEvent, len(entries))
	for i, e := range entries {
		out[i] = DigestEvent{Event: e.ev, Source: e.src}
	}
	return out
}

// speakers lists the people quoted or reported, most active first.
func (b *builder) speakers() []SpeakerCount {
	var out []SpeakerCount
	for _, p := range b.people.list {
		if b.people.merged[p.key] != "" || !p.person || !p.listed {
			continue
		}
		out = append(out, SpeakerCount{
			Speaker:    Speaker{Name: p.display(), Role: p.topRole(), Aliases: p.aliasList()},
			Quotes:     p.quotes,
			Statements: p.statements,
		})
	}
	slices.SortStableFunc(out, func(a, c SpeakerCount) int {
		return cmp.Or(
			cmp.Compare(c.Quotes+c.Statements, a.Quotes+a.Statements),
			cmp.Compare(c.Quotes, a.Quotes),
		)
	})
	return out[:min(len(out), b.opts.MaxSpeakers)]
}

// summary picks sentences across the articles' own summaries. Candidates go
// round by round (every article's first sentence, then every second one) so
// that the position prior of summarize favours leads; the same sentence
// syndicated by several outlets is one candidate. With more articles than
// summarize ranks, articles are sampled evenly across the input.
func (b *builder) summary() []string {
	var withSummary []int
	for s, x := range b.exts {
		if len(x.Summary) > 0 || x.Article.Text != "" {
			withSummary = append(withSummary, s)
		}
	}
	if len(withSummary) > summaryGraphCap {
		step := float64(len(withSummary)) / summaryGraphCap
		sampled := make([]int, 0, summaryGraphCap)
		for i := range summaryGraphCap {
			sampled = append(sampled, withSummary[int(float64(i)*step)])
		}
		withSummary = sampled
	}
	sentencesOf := func(s int) []string {
		if x := b.exts[s]; len(x.Summary) > 0 {
			return x.Summary
		}
		return []string{leadSentence(b.exts[s].Article.Text)}
	}
	var cands []string
	seen := make(map[string]bool)
	for round := 0; ; round++ {
		added := false
		for _, s := range withSummary {
			sents := sentencesOf(s)
			if round >= len(sents) {
				continue
			}
			added = true
			key := foldKey(sents[round])
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			cands = append(cands, sents[round])
		}
		if !added || len(cands) >= summaryGraphCap {
			break
		}
	}
	picked := summarize(cands, b.opts.SummarySentences)
	out := make([]string, len(picked))
	for i, c := range picked {
		out[i] = cands[c]
	}
	return out
}

// leadSentence is the first sentence of an article that has no summary of
// its own: its first paragraph, cut after the first full stop that ends a
// sentence of some length.
func leadSentence(text string) string {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		for i := 40; i < len(line)-1; i++ {
			j := strings.IndexAny(line[i:], ".!?")
			if j < 0 {
				break
			}
			i += j
			if i+2 < len(line) && line[i+1] == ' ' {
				if r, _ := utf8.DecodeRuneInString(line[i+2:]); unicode.IsUpper(r) {
					return line[:i+1]
				}
			}
		}
		return line
	}
	return ""
}
