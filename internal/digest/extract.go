package digest

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Extract finds the speakers, quotes, statements, decisions, times and a
// summary of one article. It is deterministic and safe on any input, and its
// work grows linearly with the text.
func Extract(a Article) Extraction {
	e := newExtractor(a.Text)
	e.bodyStart = headlineEnd(a)
	e.run()
	x := Extraction{
		Article:    a,
		Speakers:   e.speakers(),
		Quotes:     e.quotes,
		Statements: e.statements,
		Decisions:  e.decisions,
	}
	date := ""
	if !a.Published.IsZero() {
		date = a.Published.Format("2006-01-02")
	} else {
		date = findDate(e.text, e.toks)
	}
	x.Timeline = e.timeline(date)
	x.Summary = e.summary()
	return x
}

// extractor holds the state of one article's extraction. Attribution runs in
// text order, so "he" means the last person named before it.
type extractor struct {
	text string
	// bodyStart is where the body begins: sentences before it are the
	// headline, which is the article's title, not reported speech, a
	// decision or a line of its summary. Its quotes are still quotes.
	bodyStart int
	toks      []token
	sents     []span
	// qs are the quote spans, in text order; notQuote marks those that are
	// names, titles or terms rather than speech.
	qs       []quoteSpan
	notQuote []bool
	reg      *registry
	times    []timeMention
	// headings are the time headings of a live blog, in text order.
	headings []timeMention

	// lastPerson is the last person credited with speech, for he and she;
	// lastGroup the last group ("officials"), for they.
	lastPerson string
	lastGroup  string
	// recent are the people last credited or written about, newest last:
	// when the text marks lastPerson as a woman, "he" is the latest man here.
	recent []string
	// lastSentence is the sentence index of the last attribution and
	// lastSpeaker its speaker: a quote standing alone right after it
	// continues it.
	lastSentence int
	lastSpeaker  string
	// qSpeaker is the speaker found for each quote span, by index.
	qSpeaker []string
	// directIn marks the sentences that hold an attributed direct quote.
	directIn []bool
	// sentSpeaker is, by sentence, who speaks in it, for the timeline.
	sentSpeaker []string
	// headed are the timeline events dated by a live-blog heading.
	headed []Event

	// Frames are built often and dropped at once: their tokens reuse
	// these buffers, one for each kind of frame alive at a time.
	quoteBuf, nestBuf, sentBuf, headBuf []token
	// subjectName is the named person the current sentence is about, who
	// "he" or "she" in it stands for, and subjectPos where it is named.
	subjectName string
	subjectPos  int

	// cases remembers how the text writes the words wordCase was asked
	// about: a capitalised word that opens sentences only ("Having",
	// "Notably", "Editor's note") is no evidence of a name.
	cases map[string]uint8

	used       map[string]bool
	usedOrder  []string
	quotes     []Quote
	statements []Statement
	decisions  []Decision
}

func newExtractor(text string) *extractor {
	e := &extractor{text: text, lastSentence: -2, used: map[string]bool{}}
	e.toks = tokenize(text)
	e.sents = splitSentences(text)
	e.qs = scanQuotes(text)
	e.notQuote = make([]bool, len(e.qs))
	e.qSpeaker = make([]string, len(e.qs))
	e.directIn = make([]bool, len(e.sents))
	e.sentSpeaker = make([]string, len(e.sents))
	for i, q := range e.qs {
		e.notQuote[i] = isNameLike(text[q.start:q.end]) || isTitleAfterPreposition(text, q)
	}
	e.reg = newRegistry(text, e.toks)
	e.times = findTimes(text)
	e.findHeadings()
	return e
}

// run attributes the quotes and finds the statements and decisions,
// sentence by sentence.
func (e *extractor) run() {
	qi := 0
	for si, s := range e.sents {
		e.subjectName, e.subjectPos = "", -1
		if qi < len(e.qs) && e.qs[qi].open < s.end {
			// "he" in a sentence about a named person is that person: "Leo
			// Park spoke for hours before he said …".
			to := s.end
			if i := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= s.start }) + attributionWindow; i < len(e.toks) && e.toks[i].start < to {
				to = e.toks[i].start
			}
			head := e.frameOf(s.start, to, 0, &e.headBuf)
			e.subjectName, e.subjectPos = e.subjectOf(&head)
		}
		for qi < len(e.qs) && e.qs[qi].open < s.end {
			e.quote(qi, e.sentenceAt(e.qs[qi].open))
			qi++
		}
		f := e.frameOf(s.start, s.end, 0, &e.sentBuf)
		if s.start >= e.bodyStart {
			e.statement(si, &f)
			e.decision(si, &f)
		}
		if e.sentSpeaker[si] == "" {
			if m, ok := f.subject(0, min(len(f.toks), attributionWindow)); ok && m.kind == mName {
				if name, _ := e.subjectNamed(&f, m); name != "" {
					e.notePerson(name)
				}
			} else if ok && m.kind == mDesc {
				// "An Ohio woman waved a sign.": she is who "she" stands for
				// next, not a person named before her. Not a title before a
				// name ("spokesman Don Ames"): a role never stands in for a
				// name.
				if g := genderWords[f.lower(m.to)]; (g == genderMale || g == genderFemale) && !pronouns[f.lower(m.to)] &&
					(m.to+1 >= len(f.toks) || f.toks[m.to+1].kind != tokWord || !isCapitalized(f.word(m.to+1))) {
					if name := e.resolveQuiet(&f, m, f.toks[m.from].start); name != "" {
						e.notePerson(name)
					}
				}
			}
		}
	}
}

// sentenceAt returns the index of the sentence holding byte offset off, or
// the next one when off falls between sentences.
func (e *extractor) sentenceAt(off int) int {
	i := sort.Search(len(e.sents), func(i int) bool { return e.sents[i].end > off })
	if i == len(e.sents) {
		i = len(e.sents) - 1
	}
	return i
}

// attributionWindow is how many tokens on each side of a quote attribution
// reads. Patterns never reach further, and the bound keeps a sentence of a
// megabyte with a quote every few words linear.
const attributionWindow = 48

// window narrows [from, to) to attributionWindow tokens around quote q,
// widening it again to whole quotes where it would cut one.
func (e *extractor) window(from, to int, q quoteSpan) (int, int) {
	i := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= q.open })
	if j := i - attributionWindow; j > 0 && e.toks[j].start > from {
		from = e.toks[j].start
		// Widen to the quote the cut falls in, if any, so that it stays whole.
		k := sort.Search(len(e.qs), func(k int) bool { return e.qs[k].open >= from }) - 1
		if k >= 0 && e.qs[k].depth == q.depth && e.qs[k].after() > from && e.qs[k].open >= e.sents[e.sentenceAt(q.open)].start {
			from = e.qs[k].open
		}
	}
	a := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= q.after() })
	if j := a + attributionWindow; j < len(e.toks) && e.toks[j].start < to {
		to = e.toks[j].start
	}
	return from, to
}

// frameOf returns the frame of text[from:to], where quotes of the given depth
// stand as one token each. The frame's tokens live in buf, which the caller
// reuses once it is done with the frame, or, when no quote stands in it, are
// a read-only slice of e.toks.
func (e *extractor) frameOf(from, to, depth int, buf *[]token) frame {
	f := frame{text: e.text, names: e.notQuote}
	i := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= from })
	q := sort.Search(len(e.qs), func(i int) bool { return e.qs[i].open >= from })
	f.toks = (*buf)[:0]
	for i < len(e.toks) && e.toks[i].start < to {
		for q < len(e.qs) && (e.qs[q].depth != depth || e.qs[q].open < e.toks[i].start && e.qs[q].open < from) {
			q++
		}
		if q < len(e.qs) && e.qs[q].open <= e.toks[i].start && e.qs[q].open < to {
			after := e.qs[q].after()
			f.toks = append(f.toks, token{start: e.qs[q].open, end: after, kind: tokQuote, quote: int32(q)})
			f.quotes++
			i += sort.Search(len(e.toks)-i, func(k int) bool { return e.toks[i+k].start >= after })
			q += sort.Search(len(e.qs)-q, func(k int) bool { return e.qs[q+k].open >= after })
			continue
		}
		// Copy the run of tokens up to the next quote of this depth, or to
		// the end, at once: a frame is mostly such runs.
		k := i + 1
		for k < len(e.toks) && e.toks[k].start < to && (q >= len(e.qs) || e.qs[q].open > e.toks[k].start && e.qs[q].depth == depth) {
			k++
		}
		if len(f.toks) == 0 && (k == len(e.toks) || e.toks[k].start >= to) {
			// No quote stands in the frame: it is a run of the text's own
			// tokens, shared rather than copied. Frames are read only, and
			// the capacity cut keeps an append from writing over e.toks.
			f.toks = e.toks[i:k:k]
			return f
		}
		f.toks = append(f.toks, e.toks[i:k]...)
		i = k
	}
	*buf = f.toks
	return f
}

// quote attributes and keeps, or drops, the quote span qi opened in sentence si.
func (e *extractor) quote(qi, si int) {
	q := e.qs[qi]
	if q.depth > 0 || e.notQuote[qi] {
		return
	}
	last := e.sentenceAt(max(q.end-1, q.start))
	from, to := e.window(e.sents[si].start, max(e.sents[last].end, q.after()), q)
	f := e.frameOf(from, to, 0, &e.quoteBuf)
	at := -1
	for i, t := range f.toks {
		if t.kind == tokQuote && int(t.quote) == qi {
			at = i
			break
		}
	}
	if at < 0 {
		return
	}
	content := e.text[q.start:q.end]
	m, found := f.speakerFor(at)
	speaker := ""
	if found {
		speaker = e.resolve(&f, m, q.open)
	} else if q.cont && qi > 0 {
		speaker = e.qSpeaker[e.previousTop(qi)]
		found = speaker != ""
	} else if standsAlone(&f, at) && e.lastSentence >= si-1 && e.lastSpeaker != "" {
		speaker = e.lastSpeaker
		found = true
	} else if standsAlone(&f, at) && e.lastSentence == si-2 && e.lastSpeaker != "" && e.about(si-1, e.lastSpeaker) {
		// "“…,” Holm said. She paused. “…”": a sentence about the speaker
		// between her words does not end them.
		speaker = e.lastSpeaker
		found = true
	} else if e.lastSentence == si-1 && e.lastSpeaker != "" && f.runsOn(at) && len(f.toks) > 0 &&
		f.toks[0].start == e.sents[si].start && !strings.Contains(e.text[e.sents[si-1].start:q.open], "\n") {
		// "“…,” said Tad Devine. “We could win …,” which votes in June.":
		// a quote opening the next sentence of the paragraph runs on.
		speaker = e.lastSpeaker
		found = true
	} else if m, ok := f.headlineSpeaker(at); ok && e.knownPerson(&f, m) {
		// "Issa: Clinton’s ‘Honesty Is In Question’": a headline names who
		// speaks before a colon.
		speaker = e.resolve(&f, m, q.open)
		found = speaker != ""
	} else if m, pf, ok := e.introducedBy(si); ok && standsAlone(&f, at) {
		speaker = e.resolve(pf, m, q.open)
		found = speaker != ""
	} else if m, ok := f.believer(at); ok && countWords(content) >= 4 {
		// No speech verb, but a clause whose subject holds the view:
		// He anticipated that the challenge would be "dealing with …".
		speaker = e.resolve(&f, m, q.open)
		found = speaker != ""
	}
	words := countWords(content)
	kind := Partial
	if isDirect(&f, at, content, words, q.cont) {
		kind = Direct
	}
	if !found && !speechLike(content, words, kind) {
		return // a scare quote or a quoted term: "undocumented Democrats"
	}
	if found && words <= 3 && kind == Partial && !endsSentence(content) && !standsAlone(&f, at) && !nearVerb(&f, at) {
		return // a few words quoted in passing, no speech verb at hand
	}
	e.qSpeaker[qi] = speaker
	if speaker != "" {
		e.lastSentence, e.lastSpeaker = last, speaker
		for s := si; s <= last; s++ {
			if e.sentSpeaker[s] == "" {
				e.sentSpeaker[s] = speaker
			}
		}
	}
	clock, heading := e.timeIn(from, to, &f)
	if heading {
		e.headed = append(e.headed, Event{Time: clock, Speaker: speaker, Text: content})
	}
	if kind == Direct && speaker != "" {
		for s := si; s <= last; s++ {
			e.directIn[s] = true
		}
	}
	sentence := e.text[e.sents[si].start:max(e.sents[last].end, min(q.after(), len(e.text)))]
	e.quotes = append(e.quotes, Quote{
		Speaker:  speaker,
		Text:     content,
		Kind:     kind,
		Time:     clock,
		Sentence: strings.TrimSpace(sentence),
		Offset:   q.start,
	})
	e.nested(qi, speaker, e.quotes[len(e.quotes)-1].Sentence)
}

// about reports whether sentence si, with no quote of its own, has the
// speaker name as its subject, by name or as he or she.
func (e *extractor) about(si int, name string) bool {
	s := e.sents[si]
	k := sort.Search(len(e.qs), func(k int) bool { return e.qs[k].open >= s.start })
	if k < len(e.qs) && e.qs[k].open < s.end {
		return false
	}
	to := s.end
	if i := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= s.start }) + attributionWindow; i < len(e.toks) && e.toks[i].start < to {
		to = e.toks[i].start
	}
	f := e.frameOf(s.start, to, 0, &e.headBuf)
	m, ok := f.subject(0, len(f.toks))
	if !ok {
		return false
	}
	switch lk := f.lower(m.from); {
	case m.kind == mPronoun && (lk == "he" || lk == "she"):
		want := genderMale
		if lk == "she" {
			want = genderFemale
		}
		return e.reg.genderOf(name).agrees(want)
	case m.kind == mName:
		return e.resolveQuiet(&f, m, f.toks[m.from].start) == name
	}
	return false
}

// introducedBy finds who speaks in a quote standing alone in sentence si
// when the sentence before it ends with a colon that introduces it: "Trump
// put it this way on Monday:" — the speaker of its speech verb, else its
// subject. The frame returned is the one the mention indexes.
func (e *extractor) introducedBy(si int) (mention, *frame, bool) {
	if si == 0 {
		return mention{}, nil, false
	}
	prev := e.sents[si-1]
	if !strings.HasSuffix(strings.TrimSpace(e.text[prev.start:prev.end]), ":") {
		return mention{}, nil, false
	}
	from, to := prev.start, prev.end
	if i := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= from }) + attributionWindow; i < len(e.toks) && e.toks[i].start < to {
		to = e.toks[i].start // a long sentence: its subject is near its start
	}
	f := e.frameOf(from, to, 0, &e.headBuf)
	for v := range f.toks {
		if f.isSpeechVerb(v) {
			if m, ok := f.speakerOfVerb(v, 0); ok {
				return m, &f, true
			}
		}
	}
	if m, ok := f.subject(0, len(f.toks)); ok {
		return m, &f, true
	}
	return mention{}, nil, false
}

// nested keeps the quotes inside quote qi that the quote itself attributes
// ("he said, ‘Well, let’s meet…’"): "I" is the outer speaker; a quote inside
// with no attribution is a term, not speech. They stand in the outer quote's
// sentence.
func (e *extractor) nested(qi int, outer, sentence string) {
	q := e.qs[qi]
	for k := qi + 1; k < len(e.qs) && e.qs[k].open < q.end; k++ {
		n := e.qs[k]
		if n.depth != 1 || isNameLike(e.text[n.start:n.end]) || countWords(e.text[n.start:n.end]) < 3 {
			continue
		}
		wf, wt := e.window(q.start, q.end, n)
		f := e.frameOf(wf, wt, 1, &e.nestBuf)
		at := -1
		for i, t := range f.toks {
			if t.kind == tokQuote && int(t.quote) == k {
				at = i
				break
			}
		}
		if at < 0 {
			continue
		}
		m, found := f.speakerFor(at)
		if !found {
			continue
		}
		speaker := ""
		switch lk := f.lower(m.from); {
		case m.kind == mPronoun && (lk == "i" || lk == "we"):
			speaker = outer
		case m.kind == mPronoun:
			speaker = e.antecedentIn(&f, m.from)
		default:
			speaker = e.resolveQuiet(&f, m, n.open)
		}
		content := e.text[n.start:n.end]
		e.quotes = append(e.quotes, Quote{
			Speaker:  speaker,
			Text:     content,
			Kind:     Direct,
			Sentence: sentence,
			Offset:   n.start,
		})
		e.noteUsed(speaker)
	}
}

// antecedentIn returns a description or name before frame index i that a
// pronoun inside a quote refers to ("one of the gentlemen… he said").
func (e *extractor) antecedentIn(f *frame, i int) string {
	for j := i - 1; j >= 0 && j >= i-12; j-- {
		if f.isQuote(j) {
			break
		}
		if !f.isWord(j) || f.lower(j) == "" {
			continue
		}
		if m, ok := f.npEndingAt(j, max(0, j-8)); ok && m.kind == mDesc {
			return f.text[f.toks[m.from].start:f.toks[m.to].end]
		}
	}
	return ""
}

// previousTop returns the index of the top-level quote before qi.
func (e *extractor) previousTop(qi int) int {
	for k := qi - 1; k >= 0; k-- {
		if e.qs[k].depth == 0 {
			return k
		}
	}
	return qi
}

// standsAlone reports whether the quote at frame index at is all its
// sentence says: no words outside it.
func standsAlone(f *frame, at int) bool {
	for i, t := range f.toks {
		if i != at && (t.kind == tokWord || t.kind == tokQuote) {
			return false
		}
	}
	return true
}

// nearVerb reports whether a speech verb is within three words of the quote.
func nearVerb(f *frame, at int) bool {
	for i := max(0, at-3); i < min(len(f.toks), at+4); i++ {
		if f.isSpeechVerb(i) {
			return true
		}
	}
	return false
}

// isDirect tells a quote of whole sentences from words quoted in passing: it
// starts with a capital, and stands where a sentence of speech starts (the
// start of its sentence, after a colon, a comma or a speech verb), or runs on
// from a paragraph before.
func isDirect(f *frame, at int, content string, words int, cont bool) bool {
	if cont {
		return true
	}
	r, _ := utf8.DecodeRuneInString(content)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) || words < 3 {
		return false
	}
	if at == 0 || f.punct(at-1, ":") || f.punct(at-1, ",") || f.punct(at-1, "—") || f.isSpeechVerb(at-1) {
		return true
	}
	if f.isWord(at-1) && f.lower(at-1) == "that" {
		return false
	}
	return endsSentence(content)
}

// speechLike reports whether an unattributed quote is still speech: a
// sentence or a long stretch of words, not a term in passing.
func speechLike(content string, words int, kind Kind) bool {
	if kind == Direct {
		return words >= 4
	}
	return words >= 6
}

// endsSentence reports whether content ends with terminal punctuation.
func endsSentence(content string) bool {
	c := strings.TrimRight(content, " ,\"'”’")
	return strings.HasSuffix(c, ".") || strings.HasSuffix(c, "!") || strings.HasSuffix(c, "?") || strings.HasSuffix(c, "…")
}

// countWords counts the words of s.
func countWords(s string) int {
	n := 0
	in := false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w || in && (r == '\'' || r == '’' || r == '-')
	}
	return n
}

// isNameLike reports whether quoted words are a name, a title or a term
// rather than speech: a few words, each significant one capitalised, with
// no sentence punctuation ('Coalition of the Willing', "Raising Our
// Climate Ambition").
// isTitleAfterPreposition reports whether quote q is the title of a show or
// a work that ends its sentence, the period inside the marks: `said on "Fox
// News Sunday."`, `wrote in "The Art of the Deal."`.
func isTitleAfterPreposition(text string, q quoteSpan) bool {
	c := text[q.start:q.end]
	if !strings.HasSuffix(c, ".") || strings.Count(c, ".") > 1 || countWords(c) < 2 {
		return false
	}
	before := strings.TrimRight(text[:q.open], " ")
	k := strings.LastIndexAny(before, " \n\t")
	switch strings.ToLower(before[k+1:]) {
	case "on", "in":
		return isNameLike(strings.TrimSuffix(c, "."))
	}
	return false
}

func isNameLike(s string) bool {
	s = strings.TrimRight(s, " ,;:")
	// Byte searches, as "!?…" makes strings.ContainsAny decode every rune.
	if s == "" || strings.IndexByte(s, '!') >= 0 || strings.IndexByte(s, '?') >= 0 || strings.Contains(s, "…") ||
		strings.HasSuffix(s, ".") || strings.Contains(s, ". ") {
		return false
	}
	var buf [24]byte
	caps, i := 0, -1
	// Words one at a time: most quotes are long, and fail on an early word.
	for w := range strings.FieldsSeq(s) {
		i++
		if i == 10 {
			return false // more than ten words is speech, not a name
		}
		w = strings.Trim(w, "\"'“”‘’()")
		if w == "" {
			continue
		}
		lk, _ := lowerKey(&buf, w)
		if i > 0 && (lk == "of" || lk == "the" || lk == "and" || lk == "a" || lk == "an" || lk == "in" ||
			lk == "on" || lk == "for" || lk == "to" || lk == "with" || lk == "at" || lk == "by" || lk == "from" || lk == "or") {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
		if i == 0 && (lk == "i" || lk == "we" || lk == "it" || lk == "you" || lk == "this" || lk == "they") {
			return false // "I Will" is a fragment of speech
		}
		caps++
	}
	return caps > 0
}

// subjectOf returns the named person a sentence is about (its subject), and
// where the mention starts; "he" or "she" then stands for that person: "Zelenskyy
// spoke at noon. He added that …". Only people the text names in full or
// titles count: "Russia invaded" names no one "he" could be.
func (e *extractor) subjectOf(f *frame) (string, int) {
	m, ok := f.subject(0, min(len(f.toks), attributionWindow))
	if !ok {
		return "", -1
	}
	return e.subjectNamed(f, m)
}

// subjectNamed is subjectOf for the subject mention m of frame f.
func (e *extractor) subjectNamed(f *frame, m mention) (string, int) {
	if m.kind != mName {
		return "", -1
	}
	gi := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= f.toks[m.from].start })
	gj := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= f.toks[m.to].start })
	var buf [24]byte
	r := splitRun(e.text, e.toks, gi, gj+1, &buf)
	name, first, last := runName(e.text, e.toks, r)
	if name == "" {
		return "", -1
	}
	i := e.reg.lookupWord(last, e.toks[gi].start)
	if first != last {
		i = e.reg.byName[name]
	}
	if i < 0 || i >= len(e.reg.people) {
		return "", -1
	}
	if p := e.reg.people[i]; p.role != "" || p.first != p.last {
		return p.name, f.toks[m.from].start
	}
	return "", -1
}

// resolve turns a mention into the speaker's name, and remembers it for the
// pronouns after it.
func (e *extractor) resolve(f *frame, m mention, pos int) string {
	name := e.resolveQuiet(f, m, pos)
	if name == "" {
		return ""
	}
	switch m.kind {
	case mName:
		e.notePerson(name)
	case mDesc:
		if isPlural(f.lower(m.to)) {
			e.lastGroup = name
		} else {
			e.notePerson(name)
		}
	}
	e.noteUsed(name)
	return name
}

// maxRecent bounds the people a pronoun looks back over: beyond a few
// sentences the text would name the person again.
const maxRecent = 6

// notePerson makes name the person "he" or "she" stands for next.
func (e *extractor) notePerson(name string) {
	e.lastPerson = name
	if n := len(e.recent); n > 0 && e.recent[n-1] == name {
		return
	}
	if len(e.recent) == maxRecent {
		copy(e.recent, e.recent[1:])
		e.recent = e.recent[:maxRecent-1]
	}
	e.recent = append(e.recent, name)
}

// agreeing returns who a pronoun of gender want at byte offset pos stands
// for, given the candidate the sentence points to: the candidate unless the
// text marks them with the other gender; then the latest speaker, or else the
// person last named before pos, that the text marks with want; else "" (a
// wrong name is worse than none).
func (e *extractor) agreeing(cand string, want gender, pos int) string {
	if cand == "" || e.reg.genderOf(cand).agrees(want) {
		return cand
	}
	for i := len(e.recent) - 1; i >= 0; i-- {
		if e.reg.genderOf(e.recent[i]) == want {
			return e.recent[i]
		}
	}
	if i := e.reg.lastNamed(want, pos); i >= 0 {
		return e.reg.people[i].name
	}
	return ""
}

func (e *extractor) noteUsed(name string) {
	if name != "" && !e.used[name] {
		e.used[name] = true
		e.usedOrder = append(e.usedOrder, name)
	}
}

// knownPerson reports whether the name mention m is a person the article
// names in full and more than once, not a word that only looks like a name
// ("Update", "Fact Check").
func (e *extractor) knownPerson(f *frame, m mention) bool {
	if m.kind != mName {
		return false
	}
	gi := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= f.toks[m.from].start })
	gj := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= f.toks[m.to].start })
	var buf [24]byte
	_, _, last := runName(e.text, e.toks, splitRun(e.text, e.toks, gi, gj+1, &buf))
	if last == "" {
		return false
	}
	i := e.reg.lookupWord(last, f.toks[m.from].start)
	if i < 0 {
		return false
	}
	p := e.reg.people[i]
	if p.first == p.last {
		return false
	}
	for _, pos := range p.mentions {
		if pos != f.toks[m.from].start {
			return true // named elsewhere, not only here
		}
	}
	return false
}

// resolveQuiet turns a mention into the speaker's name: the canonical name of
// a person, the resolved person of a pronoun or role noun, else the words as
// written. "" when the text does not say.
func (e *extractor) resolveQuiet(f *frame, m mention, pos int) string {
	switch m.kind {
	case mPronoun:
		switch f.lower(m.from) {
		case "he", "she":
			want := genderMale
			if f.lower(m.from) == "she" {
				want = genderFemale
			}
			if e.subjectName != "" && e.subjectPos < f.toks[m.from].start {
				if name := e.agreeing(e.subjectName, want, f.toks[m.from].start); name != "" {
					return name
				}
			}
			return e.agreeing(e.lastPerson, want, f.toks[m.from].start)
		case "they":
			return e.lastGroup
		}
		return ""
	case mQuotedName:
		q := e.qs[f.toks[m.from].quote]
		return strings.TrimRight(e.text[q.start:q.end], " ,;:")
	case mName:
		gi := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= f.toks[m.from].start })
		gj := sort.Search(len(e.toks), func(i int) bool { return e.toks[i].start >= f.toks[m.to].start })
		var buf [24]byte
		r := splitRun(e.text, e.toks, gi, gj+1, &buf)
		if p := e.reg.resolveName(e.text, e.toks, r); p != nil {
			return p.name
		}
		// A title alone: "the President said". Without "the" the word is a
		// name ("King won"), never a role held by someone else.
		head := f.lower(m.to)
		if e.determined(f, m) {
			if i := e.reg.byRole(head, e.qualifiers(f, m), pos); i >= 0 {
				return e.reg.people[i].name
			}
		}
		return strings.TrimSpace(e.text[f.toks[m.from].start:f.toks[m.to].end])
	case mDesc:
		head := f.lower(m.to)
		if roleNouns[head] && determiners[f.lower(m.from)] && (f.lower(m.from) == "the" || f.lower(m.from) == "his" || f.lower(m.from) == "her") {
			if i := e.reg.byRole(head, e.qualifiers(f, m), pos); i >= 0 {
				return e.reg.people[i].name
			}
		}
		return e.text[f.toks[m.from].start:f.toks[m.to].end]
	}
	return ""
}

// determined reports whether a title alone reads as a role rather than a
// name: after a determiner or a rank word ("the President", "former
// Secretary"); "King" alone is a name.
func (e *extractor) determined(f *frame, m mention) bool {
	for _, i := range [2]int{m.from, m.from - 1} {
		if i >= 0 && f.isWord(i) {
			switch lk := f.lower(i); lk {
			case "the", "his", "her", "their", "its", "our":
				return true
			default:
				if rankWords[lk] {
					return true
				}
			}
		}
	}
	return false
}

// qualifiers returns the capitalised words of a description ("NATO" in "the
// NATO chief") and its rank words ("vice" in "the vice president").
func (e *extractor) qualifiers(f *frame, m mention) []string {
	var qs []string
	for i := m.from; i < m.to; i++ {
		if f.isWord(i) && (isCapitalized(f.word(i)) || rankWords[f.lower(i)]) {
			qs = append(qs, strings.TrimSuffix(f.word(i), "."))
		}
	}
	return qs
}

// speakers returns everyone credited with a quote or a statement, in the
// order they first speak.
func (e *extractor) speakers() []Speaker {
	out := make([]Speaker, 0, len(e.usedOrder))
	for _, name := range e.usedOrder {
		if i, ok := e.reg.byName[name]; ok {
			out = append(out, e.reg.people[i].speaker())
			continue
		}
		out = append(out, Speaker{Name: name})
	}
	return out
}

// summary picks three to five sentences of the article.
func (e *extractor) summary() []string {
	if len(e.sents) == 0 {
		return nil
	}
	sents := make([]string, 0, len(e.sents))
	for _, s := range e.sents {
		if s.start >= e.bodyStart {
			sents = append(sents, e.text[s.start:s.end])
		}
	}
	if len(sents) == 0 {
		return nil
	}
	n := 3
	switch {
	case len(sents) > 40:
		n = 5
	case len(sents) > 15:
		n = 4
	}
	idx := summarize(sents, n)
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		out = append(out, sents[i])
	}
	return out
}

// headlineEnd returns the end of the article's first line when that line is
// its title (the headline a file or page opens with), else 0.
func headlineEnd(a Article) int {
	title := strings.TrimSpace(a.Title)
	if title == "" {
		return 0
	}
	line, _, _ := strings.Cut(a.Text, "\n")
	if strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#")) != title {
		return 0
	}
	return len(line)
}

// Cases of a word in the text, as wordCase finds them.
const (
	caseLower  = 1 << iota // written in lower case somewhere: a common word
	caseMidCap             // capitalised inside a sentence: a proper name
	caseKnown              // looked up already
)

// wordCase reports how the text writes lk (lower-cased, without a
// possessive ending): capitalised after a word or a comma on the same
// line, outside headline-like paragraphs (midCap), or in lower case
// (lower). Few words are asked about, so each is looked up on demand by
// one pass over the tokens and remembered, which costs far less than
// indexing every word of every article.
func (e *extractor) wordCase(lk string) (midCap, lower bool) {
	c := e.cases[lk]
	if c&caseKnown == 0 {
		c = caseKnown | e.findCases(lk)
		if e.cases == nil {
			e.cases = map[string]uint8{}
		}
		e.cases[lk] = c
	}
	return c&caseMidCap != 0, c&caseLower != 0
}

func (e *extractor) findCases(lk string) uint8 {
	text, toks := e.text, e.toks
	var c uint8
	for i, t := range toks {
		if t.kind != tokWord || len(t.low) < len(lk) || t.low[:len(lk)] != lk || stripPossessive(t.low) != lk {
			continue
		}
		if !isCapitalized(text[t.start:t.end]) {
			c |= caseLower
		} else if c&caseMidCap == 0 && i > 0 {
			p := toks[i-1]
			if (p.kind == tokWord || text[p.start:p.end] == ",") && strings.IndexByte(text[p.end:t.start], '\n') < 0 && !e.inHeadline(i) {
				c |= caseMidCap
			}
		}
		if c == caseLower|caseMidCap {
			break
		}
	}
	return c
}

// inHeadline reports whether token i stands on a headline-like line,
// judged (see paragraphAt) from the line's first capitalised word that is
// not the text's first token.
func (e *extractor) inHeadline(i int) bool {
	text, toks := e.text, e.toks
	k := i
	for k > 0 && strings.IndexByte(text[toks[k-1].end:toks[k].start], '\n') < 0 {
		k--
	}
	for ; k < i; k++ {
		t := toks[k]
		if k > 0 && t.kind == tokWord && t.low != "" && isCapitalized(text[t.start:t.end]) {
			break
		}
	}
	_, headline := paragraphAt(text, toks, k)
	return headline
}

// nameEvidence reports whether a name mention can stand for a name. A
// capitalised word that opens the sentence is a name only if the text
// gives it no sign of being a common word: a participle, an adverb, a
// possessive before a noun ("Editor's note"), or a word the text also
// writes in lower case ("Chances of …"), unless the text capitalises it
// inside a sentence too, or it is a title or a word of a full name.
// Sources without a name ("Analysts", "Polls", "Some") are not held to it.
func (e *extractor) nameEvidence(f *frame, m mention) bool {
	if m.kind != mName {
		return true
	}
	for i := m.from - 1; i >= 0; i-- {
		if f.isWord(i) || f.punct(i, ",") {
			return true // inside the sentence: capitalised, so a name
		}
	}
	t := f.toks[m.from]
	lk := stripPossessive(t.low)
	if lk == "" || t.cls&(lexTitle|lexHonorific) != 0 {
		return true
	}
	w := stripPossessive(f.word(m.from))
	for _, i := range e.reg.byLast[w] {
		if p := e.reg.people[i]; p.first != p.last {
			return true
		}
	}
	if len(e.reg.byFirst[w]) > 0 {
		return true
	}
	beforeNoun := isPossessive(f.word(m.from)) && m.from == m.to && f.isWord(m.to+1) && !isCapitalized(f.word(m.to+1))
	if !beforeNoun && (canSpeak(lk) || determiners[lk] || loneSources[lk]) {
		return true // decided without looking the word up
	}
	midCap, lower := e.wordCase(lk)
	if midCap {
		return true
	}
	if beforeNoun {
		return false
	}
	return !isParticiple(lk) && !(len(lk) > 4 && lk[len(lk)-2:] == "ly") && !lower
}
