package digest

import (
	"cmp"
	"container/heap"
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

// occurrence is one article's instance of an item: index into builder.exts,
// then into the article's list of that kind.
type occurrence struct {
	src, idx int
}

func compareOcc(a, b occurrence) int {
	if c := cmp.Compare(a.src, b.src); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// group is one item of the digest (a quote, a statement, a decision) with
// every occurrence of it across the sources.
type group struct {
	// who is the folded, resolved speaker or actor; "" when unknown.
	who string
	// text is the folded text: lower case, letters and digits, one space between words.
	text string
	// occ lists the occurrences whose text folds to text exactly.
	occ []occurrence
	// parent is the group this one was merged into, -1 for a root.
	parent int
	// all lists the occurrences of this group and of those merged into it,
	// in source order; set on roots by groupItems.
	all []occurrence
}

// minContainedWords is the fewest words a text needs before it is merged into
// a longer text that contains it: "we will" is in every other quote.
const minContainedWords = 3

// groupItems groups items by (who, folded text), merges an item into a
// longer one of the same speaker that contains it, and merges an item with
// no speaker into the one speaker whose item contains it. It returns the
// roots, in the order of their first occurrence. item appends the folded
// text of item i to buf, so that a text seen before costs no allocation.
func groupItems(n int, item func(i int, buf []byte) (who string, text []byte, at occurrence)) []*group {
	byWho := make(map[string]map[string]int)
	var groups []*group
	buf := make([]byte, 0, 256)
	for i := range n {
		who, text, at := item(i, buf[:0])
		buf = text
		if len(text) == 0 {
			continue
		}
		texts := byWho[who]
		if texts == nil {
			texts = make(map[string]int)
			byWho[who] = texts
		}
		g, ok := texts[string(text)]
		if !ok {
			g = len(groups)
			texts[string(text)] = g
			groups = append(groups, &group{who: who, text: string(text), parent: -1})
		}
		groups[g].occ = append(groups[g].occ, at)
	}

	// Longest first, so that an item is only ever merged into one already
	// known to be a root, and into the longest that contains it.
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(len(groups[b].text), len(groups[a].text))
	})

	// One index of word pairs over every root, longest first. A quote is
	// merged into a longer one of the same speaker; a quote with no
	// speaker, into the longer one of the only speaker whose words it is.
	postings := make(map[uint64][]int32, 4*len(groups))
	var unattributed []int
	for _, gi := range order {
		g := groups[gi]
		if g.who == "" {
			unattributed = append(unattributed, gi)
			continue
		}
		words := wordCount(g.text)
		if words >= minContainedWords {
			for _, c := range candidates(postings, g.text) {
				if groups[c].who == g.who && containsWords(groups[c].text, g.text) {
					g.parent = int(c)
					break
				}
			}
		}
		if g.parent < 0 && words >= minContainedWords {
			addPostings(postings, g.text, gi)
		}
	}
	for _, gi := range unattributed {
		g := groups[gi]
		if wordCount(g.text) < minContainedWords {
			continue
		}
		// The same words attributed elsewhere give this copy its speaker,
		// but only when every source that attributes them agrees on who.
		target := -1
		for _, c := range candidates(postings, g.text) {
			if !containsWords(groups[c].text, g.text) {
				continue
			}
			if target >= 0 && groups[target].who != groups[c].who {
				target = -1
				break
			}
			if target < 0 {
				target = int(c)
			}
		}
		if target >= 0 {
			g.parent = target
		}
	}

	var roots []*group
	for _, g := range groups {
		r := g
		for r.parent >= 0 {
			r = groups[r.parent]
		}
		r.all = append(r.all, g.occ...)
	}
	for _, g := range groups {
		if g.parent < 0 {
			slices.SortFunc(g.all, compareOcc)
			roots = append(roots, g)
		}
	}
	slices.SortFunc(roots, func(a, b *group) int { return compareOcc(a.all[0], b.all[0]) })
	return roots
}

// candidates returns the groups that may contain text: those that hold its
// rarest pair of adjacent words, nil when some pair is in no group. Pairs
// are far more selective than words (every quote has "the" and "Russia").
// They are known by a 64-bit hash: a collision only adds a candidate, which
// containsWords then turns down. Postings are in the order groups were
// added: longest first.
func candidates(postings map[uint64][]int32, text string) []int32 {
	var best []int32
	none := false
	forEachPair(text, func(pair string) bool {
		p, ok := postings[hashString(pair)]
		if !ok {
			none = true
			return false
		}
		if best == nil || len(p) < len(best) {
			best = p
		}
		return true
	})
	if none {
		return nil
	}
	return best
}

func addPostings(postings map[uint64][]int32, text string, g int) {
	forEachPair(text, func(pair string) bool {
		h := hashString(pair)
		p := postings[h]
		if len(p) == 0 || p[len(p)-1] != int32(g) { // a pair may repeat in one text
			postings[h] = append(p, int32(g))
		}
		return true
	})
}

// hashString is FNV-1a, 64 bits, like hashWord.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// forEachPair calls fn with each pair of adjacent words of a folded text
// ("a b c" gives "a b", "b c") until fn returns false.
func forEachPair(text string, fn func(pair string) bool) {
	start := 0
	mid := strings.IndexByte(text, ' ')
	for mid >= 0 {
		end := strings.IndexByte(text[mid+1:], ' ')
		if end < 0 {
			fn(text[start:])
			return
		}
		end += mid + 1
		if !fn(text[start:end]) {
			return
		}
		start, mid = mid+1, end
	}
}

// wordCount counts the words of a folded text.
func wordCount(text string) int {
	if text == "" {
		return 0
	}
	return strings.Count(text, " ") + 1
}

// containsWords reports whether the folded text long holds short as whole words.
func containsWords(long, short string) bool {
	for i := 0; i <= len(long)-len(short); {
		j := strings.Index(long[i:], short)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(short)
		if (j == 0 || long[j-1] == ' ') && (end == len(long) || long[end] == ' ') {
			return true
		}
		i = j + 1
	}
	return false
}

// sourcesOf lists the distinct sources of a group's occurrences, in order.
func sourcesOf(all []occurrence) []int {
	out := make([]int, 0, len(all))
	for _, o := range all {
		if len(out) == 0 || out[len(out)-1] != o.src {
			out = append(out, o.src)
		}
	}
	return out
}

// signals are what an item is ranked on, each in [0, 1] once normalised.
type signals struct {
	prominence, corroboration, centrality, direct, timed, length float64
}

// weights say how much each signal counts in an item's rank; they add up to 1.
type weights = signals

// Quotes put the speaker and the number of outlets first: a line every
// outlet carried from a head of state is the news. Statements and decisions
// lean on a time: within one article, where corroboration is the same for
// all, a timed one outranks any untimed one (0.65 against at most 0.60), so
// the caps never drop a timed item for an untimed one.
func quoteWeights() weights {
	return weights{prominence: 0.25, corroboration: 0.25, centrality: 0.15, direct: 0.15, timed: 0.10, length: 0.10}
}

func statementWeights() weights {
	return weights{prominence: 0.20, corroboration: 0.25, centrality: 0.15, timed: 0.40}
}

func decisionWeights() weights {
	return weights{corroboration: 0.35, centrality: 0.25, timed: 0.40}
}

// rankGroups scores each root and returns the indices of roots sorted by
// score, best first, with ties in order of first occurrence.
func rankGroups(roots []*group, w weights, sig func(g *group) signals) ([]int, []float64) {
	sigs := make([]signals, len(roots))
	var maxProm, maxCorr float64
	for i, g := range roots {
		s := sig(g)
		s.corroboration = math.Log1p(float64(len(sourcesOf(g.all))))
		maxProm = max(maxProm, s.prominence)
		maxCorr = max(maxCorr, s.corroboration)
		sigs[i] = s
	}
	central := centrality(roots)
	scores := make([]float64, len(roots))
	for i, s := range sigs {
		if maxProm > 0 {
			s.prominence /= maxProm
		}
		if maxCorr > 0 {
			s.corroboration /= maxCorr
		}
		score := w.prominence*s.prominence + w.corroboration*s.corroboration +
			w.centrality*central[i] + w.direct*s.direct + w.timed*s.timed + w.length*s.length
		// Round so that float noise cannot reorder equal scores.
		scores[i] = math.Round(score*1e6) / 1e6
	}
	order := make([]int, len(roots))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	return order, scores
}

// centrality scores each group by how much its words are the words of all
// the groups (cosine with the corroboration-weighted centroid), normalised
// so that the most central scores 1.
func centrality(roots []*group) []float64 {
	ids := make(map[uint64]int32)
	var df []int
	// One backing array for every vector: thousands of small ones would
	// each be an allocation.
	flat := make([]termWeight, 0, 8*len(roots))
	ends := make([]int, len(roots))
	buf := make([]byte, 0, 32)
	for i, g := range roots {
		start := len(flat)
		forEachWord(g.text, buf, func(w []byte) {
			if isStopWord(w) {
				return
			}
			h := hashWord(stem(w))
			id, ok := ids[h]
			if !ok {
				id = int32(len(df))
				ids[h] = id
				df = append(df, 0)
			}
			for k := start; k < len(flat); k++ {
				if flat[k].term == id {
					flat[k].weight++
					return
				}
			}
			flat = append(flat, termWeight{term: id, weight: 1})
			df[id]++
		})
		ends[i] = len(flat)
	}
	vecs := make([][]termWeight, len(roots))
	for i := range vecs {
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		vecs[i] = flat[start:ends[i]]
	}
	n := float64(len(roots))
	centroid := make([]float64, len(df))
	for i, v := range vecs {
		var norm float64
		for k := range v {
			v[k].weight *= 1 + math.Log(n/float64(df[v[k].term]))
			norm += v[k].weight * v[k].weight
		}
		norm = math.Sqrt(norm)
		weight := math.Log1p(float64(len(sourcesOf(roots[i].all))))
		for k := range v {
			v[k].weight /= norm
			centroid[v[k].term] += weight * v[k].weight
		}
	}
	out := make([]float64, len(roots))
	var best float64
	for i, v := range vecs {
		var dot float64
		for _, t := range v {
			dot += t.weight * centroid[t.term]
		}
		out[i] = dot
		best = max(best, dot)
	}
	if best > 0 {
		for i := range out {
			out[i] /= best
		}
	}
	return out
}

// repeatFactor is what each key quote already chosen from a speaker
// multiplies the score of their next one by: the most quoted leader still
// leads, but a digest of ten quotes is not ten quotes of one person.
const repeatFactor = 0.8

// diversify re-ranks items, given best first with their scores, so that
// each further item of the same speaker counts for less (see
// repeatFactor), and returns the first limit of them with their adjusted
// scores, still best first. Items with no speaker are not held back: they
// may be anyone's. Ties keep the given order.
func diversify(order []int, scores []float64, who func(i int) string, limit int) ([]int, []float64) {
	// Each speaker's items stay in their given order, so the best remaining
	// item overall is the best head of a queue: a heap of queue heads finds
	// it in log(speakers) steps.
	queues := make(map[string][]int)
	var speakers []string
	for _, i := range order {
		w := who(i)
		if _, ok := queues[w]; !ok {
			speakers = append(speakers, w)
		}
		queues[w] = append(queues[w], i)
	}
	rankOf := make(map[int]int, len(order))
	for r, i := range order {
		rankOf[i] = r
	}
	h := make(headHeap, 0, len(speakers))
	taken := make(map[string]int, len(speakers))
	for _, w := range speakers {
		i := queues[w][0]
		h = append(h, head{who: w, item: i, score: scores[i], rank: rankOf[i]})
	}
	heap.Init(&h)
	n := min(limit, len(order))
	outOrder := make([]int, 0, n)
	outScores := make([]float64, len(scores))
	for len(outOrder) < n && h.Len() > 0 {
		top := heap.Pop(&h).(head)
		outOrder = append(outOrder, top.item)
		outScores[top.item] = top.score
		q := queues[top.who][1:]
		queues[top.who] = q
		if len(q) == 0 {
			continue
		}
		if top.who != "" {
			taken[top.who]++
		}
		next := q[0]
		adjusted := scores[next] * math.Pow(repeatFactor, float64(taken[top.who]))
		heap.Push(&h, head{who: top.who, item: next, score: math.Round(adjusted*1e6) / 1e6, rank: rankOf[next]})
	}
	return outOrder, outScores
}

// head is the best remaining item of one speaker.
type head struct {
	who   string
	item  int
	score float64
	// rank is the item's place in the given order, the tie-breaker.
	rank int
}

// headHeap is a max-heap of heads by score, then by given rank (container/heap).
type headHeap []head

func (h headHeap) Len() int { return len(h) }
func (h headHeap) Less(a, b int) bool {
	if h[a].score != h[b].score {
		return h[a].score > h[b].score
	}
	return h[a].rank < h[b].rank
}
func (h headHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *headHeap) Push(x any)   { *h = append(*h, x.(head)) }
func (h *headHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// quoteLength scores a quote's length in words: a sentence or two of
// speech (8 to 40 words) makes a key quote; a fragment says little alone,
// and a paragraph-long quote buries its point.
func quoteLength(words int) float64 {
	switch {
	case words < 8:
		return float64(words) / 8
	case words <= 40:
		return 1
	default:
		return max(0, 1-float64(words-40)/80)
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

func (b *builder) quotes() []DigestQuote {
	type ref struct{ src, idx int }
	var refs []ref
	for s, x := range b.exts {
		for i := range x.Quotes {
			refs = append(refs, ref{s, i})
		}
	}
	roots := groupItems(len(refs), func(i int, buf []byte) (string, []byte, occurrence) {
		r := refs[i]
		q := &b.exts[r.src].Quotes[r.idx]
		return b.people.key(q.Speaker), appendFold(buf, q.Text), occurrence{r.src, r.idx}
	})
	quote := func(o occurrence) *Quote { return &b.exts[o.src].Quotes[o.idx] }
	order, scores := rankGroups(roots, quoteWeights(), func(g *group) signals {
		var s signals
		s.prominence = b.prominence(g.who)
		for _, o := range g.occ {
			if quote(o).Kind == Direct {
				s.direct = 1
			}
		}
		for _, o := range g.all {
			if quote(o).Time != "" {
				s.timed = 1
			}
		}
		s.length = quoteLength(wordCount(g.text))
		return s
	})
	order, scores = diversify(order, scores, func(i int) string { return roots[i].who }, b.opts.MaxQuotes)
	out := make([]DigestQuote, 0, len(order))
	for _, i := range order {
		g := roots[i]
		q := *quote(g.occ[0])
		q.Speaker = b.people.display(g.who, q.Speaker)
		for _, o := range g.occ {
			if quote(o).Kind == Direct {
				q.Kind = Direct
			}
		}
		for _, o := range g.all {
			if q.Time != "" {
				break
			}
			q.Time = quote(o).Time
		}
		out = append(out, DigestQuote{Quote: q, Role: b.people.role(g.who), Sources: sourcesOf(g.all), Score: scores[i]})
	}
	return out
}

func (b *builder) statements() []DigestStatement {
	type ref struct{ src, idx int }
	var refs []ref
	for s, x := range b.exts {
		for i := range x.Statements {
			refs = append(refs, ref{s, i})
		}
	}
	roots := groupItems(len(refs), func(i int, buf []byte) (string, []byte, occurrence) {
		r := refs[i]
		st := &b.exts[r.src].Statements[r.idx]
		return b.people.key(st.Speaker), appendFold(buf, st.Text), occurrence{r.src, r.idx}
	})
	stmt := func(o occurrence) *Statement { return &b.exts[o.src].Statements[o.idx] }
	order, _ := rankGroups(roots, statementWeights(), func(g *group) signals {
		s := signals{prominence: b.prominence(g.who)}
		for _, o := range g.all {
			if stmt(o).Time != "" {
				s.timed = 1
			}
		}
		return s
	})
	out := make([]DigestStatement, 0, min(len(order), b.opts.MaxStatements))
	for _, i := range order[:min(len(order), b.opts.MaxStatements)] {
		g := roots[i]
		st := *stmt(g.occ[0])
		st.Speaker = b.people.display(g.who, st.Speaker)
		for _, o := range g.all {
			if st.Time != "" {
				break
			}
			st.Time = stmt(o).Time
		}
		out = append(out, DigestStatement{Statement: st, Sources: sourcesOf(g.all)})
	}
	return out
}

func (b *builder) decisions() []DigestDecision {
	type ref struct{ src, idx int }
	var refs []ref
	for s, x := range b.exts {
		for i := range x.Decisions {
			refs = append(refs, ref{s, i})
		}
	}
	roots := groupItems(len(refs), func(i int, buf []byte) (string, []byte, occurrence) {
		r := refs[i]
		d := &b.exts[r.src].Decisions[r.idx]
		return b.people.key(d.Actor), appendFold(buf, d.Text), occurrence{r.src, r.idx}
	})
	dec := func(o occurrence) *Decision { return &b.exts[o.src].Decisions[o.idx] }
	order, _ := rankGroups(roots, decisionWeights(), func(g *group) signals {
		var s signals
		for _, o := range g.all {
			if dec(o).Time != "" {
				s.timed = 1
			}
		}
		return s
	})
	out := make([]DigestDecision, 0, min(len(order), b.opts.MaxDecisions))
	for _, i := range order[:min(len(order), b.opts.MaxDecisions)] {
		g := roots[i]
		d := *dec(g.occ[0])
		d.Actor = b.people.display(g.who, d.Actor)
		for _, o := range g.all {
			if d.Time != "" {
				break
			}
			d.Time = dec(o).Time
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

// people merges the speakers of many articles. A person is known by the
// folded form of their canonical name; a shorter name that is an alias or
// the surname of exactly one longer name ("Macron" and "Emmanuel Macron") is
// the same person. Two people who share a surname stay apart.
type people struct {
	byKey map[string]*person
	// list holds the people in the order first seen, for deterministic output.
	list []*person
	// merged maps a folded name to the folded name of the person it is.
	merged map[string]string
	// keys and byName cache key and note: a digest of thousands of
	// articles names the same few dozen people a hundred thousand times.
	keys   map[string]string
	byName map[string]*person
}

// person is what the articles say about one name.
type person struct {
	key string
	// person is true for a name (it starts with a capital letter), false for
	// a descriptive source such as "a spokesperson", which is not merged
	// with anything nor listed among the speakers.
	person bool
	// listed is true for a speaker: someone an article lists, quotes or
	// reports. A name seen only as a timeline entry's speaker or a
	// decision's actor joins a speaker but is not listed on its own.
	listed bool
	// forms counts each spelling of the name as written.
	forms []formCount
	roles []formCount
	// aliases are as written, first seen first.
	aliases            []string
	quotes, statements int
}

type formCount struct {
	form  string
	count int
}

func bump(fs []formCount, form string) []formCount {
	for i := range fs {
		if fs[i].form == form {
			fs[i].count++
			return fs
		}
	}
	return append(fs, formCount{form, 1})
}

// best is the most frequent form; ties go to the longest, then the first seen.
func best(fs []formCount) string {
	var top formCount
	for _, f := range fs {
		if f.count > top.count || (f.count == top.count && len(f.form) > len(top.form)) {
			top = f
		}
	}
	return top.form
}

func newPeople() *people {
	return &people{
		byKey:  make(map[string]*person),
		merged: make(map[string]string),
		keys:   make(map[string]string),
		byName: make(map[string]*person),
	}
}

// note records a name as written and returns its person, nil for "".
func (ps *people) note(name string) *person {
	if p, ok := ps.byName[name]; ok {
		if p != nil {
			p.forms = bump(p.forms, strings.TrimSpace(name))
		}
		return p
	}
	asWritten := name
	name = strings.TrimSpace(name)
	key := nameKey(name)
	if key == "" {
		ps.byName[asWritten] = nil
		return nil
	}
	p := ps.byKey[key]
	if p == nil {
		r, _ := utf8.DecodeRuneInString(name)
		p = &person{key: key, person: unicode.IsUpper(r)}
		ps.byKey[key] = p
		ps.list = append(ps.list, p)
	}
	ps.byName[asWritten] = p
	p.forms = bump(p.forms, name)
	return p
}

// nameKey folds a name and drops the titles before it, so that "President
// Alexander Stubb" and "Alexander Stubb" are one person and "President
// Macron" is a surname like "Macron".
func nameKey(name string) string {
	key := foldKey(name)
	for {
		word, rest, ok := strings.Cut(key, " ")
		if !ok || !isTitleWord(word) {
			return key
		}
		key = rest
	}
}

// isTitleWord reports whether a folded word is a title or honorific that
// stands before a name.
func isTitleWord(w string) bool {
	switch w {
	case "president", "vice", "prime", "minister", "chancellor", "premier", "secretary", "general",
		"foreign", "defence", "defense", "finance", "state", "chief", "commissioner", "ambassador",
		"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
		"king", "queen", "prince", "princess", "pope", "senator", "sen", "rep", "representative",
		"gov", "governor", "mayor", "gen", "col", "adm", "admiral", "colonel", "captain", "capt", "pm":
		return true
	}
	return false
}

func (ps *people) addExtraction(x *Extraction) {
	for _, s := range x.Speakers {
		p := ps.note(s.Name)
		if p == nil {
			continue
		}
		p.listed = true
		if s.Role != "" {
			p.roles = bump(p.roles, s.Role)
		}
		for _, a := range s.Aliases {
			if !slices.Contains(p.aliases, a) {
				p.aliases = append(p.aliases, a)
			}
		}
	}
	for _, q := range x.Quotes {
		if p := ps.note(q.Speaker); p != nil {
			p.listed = true
			p.quotes++
		}
	}
	for _, st := range x.Statements {
		if p := ps.note(st.Speaker); p != nil {
			p.listed = true
			p.statements++
		}
	}
	// Noted so that "Rutte" in a timeline joins "Mark Rutte" like anywhere else.
	for _, ev := range x.Timeline {
		ps.note(ev.Speaker)
	}
	for _, d := range x.Decisions {
		ps.note(d.Actor)
	}
}

// resolve decides which names are the same person and moves their counts,
// roles and spellings onto the fullest name.
func (ps *people) resolve() {
	// aliasOf maps a folded alias or surname to the longer names it may stand for.
	aliasOf := make(map[string][]string)
	add := func(alias, full string) {
		if alias == "" || alias == full || slices.Contains(aliasOf[alias], full) {
			return
		}
		aliasOf[alias] = append(aliasOf[alias], full)
	}
	for _, p := range ps.list {
		if !p.person || strings.Count(p.key, " ") == 0 {
			continue
		}
		for _, a := range p.aliases {
			add(nameKey(a), p.key)
		}
		add(p.key[strings.LastIndexByte(p.key, ' ')+1:], p.key)
	}
	// Longest names first, so that every candidate a name may join is
	// already resolved to the person it is; two candidates that turn out
	// to be one person ("Volodymyr Zelenskyy" and "Volodymyr Oleksandrovych
	// Zelenskyy") do not make "Zelenskyy" ambiguous.
	byLength := slices.Clone(ps.list)
	slices.SortStableFunc(byLength, func(a, b *person) int {
		return cmp.Compare(strings.Count(b.key, " "), strings.Count(a.key, " "))
	})
	for _, p := range byLength {
		if !p.person {
			continue
		}
		words := strings.Count(p.key, " ")
		var target string
		for _, full := range aliasOf[p.key] {
			if strings.Count(full, " ") <= words {
				continue
			}
			if m := ps.merged[full]; m != "" {
				full = m
			}
			if target != "" && target != full {
				target = "" // two people answer to this name: leave it alone
				break
			}
			target = full
		}
		if target != "" {
			ps.merged[p.key] = target
		}
	}
	for _, p := range ps.list {
		root := ps.merged[p.key]
		if root == "" {
			continue
		}
		r := ps.byKey[root]
		r.listed = r.listed || p.listed
		r.quotes += p.quotes
		r.statements += p.statements
		for _, f := range p.roles {
			for range f.count {
				r.roles = bump(r.roles, f.form)
			}
		}
		for _, f := range p.forms {
			if !slices.Contains(r.aliases, f.form) {
				r.aliases = append(r.aliases, f.form)
			}
		}
		for _, a := range p.aliases {
			if !slices.Contains(r.aliases, a) {
				r.aliases = append(r.aliases, a)
			}
		}
	}
}

// key returns the folded name of the person a name stands for, after
// merging. It is only called once resolve has run.
func (ps *people) key(name string) string {
	if k, ok := ps.keys[name]; ok {
		return k
	}
	k := nameKey(name)
	if m := ps.merged[k]; m != "" {
		k = m
	}
	ps.keys[name] = k
	return k
}

// display is how the person with the folded name key is shown; asWritten
// is used for a name the people did not record.
func (ps *people) display(key, asWritten string) string {
	if p := ps.byKey[key]; p != nil {
		return p.display()
	}
	return asWritten
}

// role is the role of the person with the folded name key, "" when none.
func (ps *people) role(key string) string {
	if p := ps.byKey[key]; p != nil {
		return p.topRole()
	}
	return ""
}

// display is the name as most often written, preferring a spelling with no
// title before it.
func (p *person) display() string {
	var bare []formCount
	for _, f := range p.forms {
		if foldKey(f.form) == p.key {
			bare = append(bare, f)
		}
	}
	if len(bare) > 0 {
		return best(bare)
	}
	return best(p.forms)
}
func (p *person) topRole() string { return best(p.roles) }

// aliasList is the other names the person goes by, without the displayed
// one or its spellings, sorted.
func (p *person) aliasList() []string {
	name := p.display()
	seen := map[string]bool{foldKey(name): true}
	var out []string
	for _, a := range p.aliases {
		k := foldKey(a)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
