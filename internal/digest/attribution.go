package digest

import (
	"unicode"
	"unicode/utf8"
)

// Attribution reads a "frame": the words of a sentence (or of the sentences a
// quote spans) with each quote replaced by one tokQuote token, so that the
// patterns below see where the quote stands among the words around it.

// Mention kinds: how the text names a speaker.
const (
	mName       = iota // Emmanuel Macron, President Trump, NATO's Rutte
	mPronoun           // he, she, they
	mWho               // ", who said": the name before it
	mDesc              // a spokesperson, the president, U.S. officials
	mQuotedName        // the 'Coalition of the Willing': a quoted name
)

// mention is a speaker as the frame names it, as frame token indexes
// [from, to] inclusive.
type mention struct {
	kind     int
	from, to int
}

// frame is the words around one or more quotes.
type frame struct {
	text string
	toks []token
	// quotes counts the tokQuote tokens.
	quotes int
	// names marks, by quote index, the quotes that are names or terms.
	names []bool
}

func (f *frame) hasQuote() bool { return f.quotes > 0 }

func (f *frame) word(i int) string { return f.text[f.toks[i].start:f.toks[i].end] }

func (f *frame) isWord(i int) bool { return i >= 0 && i < len(f.toks) && f.toks[i].kind == tokWord }

// lower returns the word at i lower-cased for the lexicons ("" when it is
// not a short ASCII word).
func (f *frame) lower(i int) string {
	if !f.isWord(i) {
		return ""
	}
	return f.toks[i].low
}

func (f *frame) punct(i int, p string) bool {
	return i >= 0 && i < len(f.toks) && f.toks[i].kind == tokPunct && f.word(i) == p
}

// isNameRun reports whether tokens [from, to] are a name: two to five
// capitalised words (particles allowed), none a sentence word.
func (f *frame) isNameRun(from, to int) bool {
	if to-from < 1 || to-from > 4 {
		return false
	}
	for i := from; i <= to; i++ {
		if !f.isWord(i) {
			return false
		}
		lk := f.lower(i)
		if !isCapitalized(f.word(i)) && !particles[lk] || nameStops[lk] && !honorifics[lk] {
			return false
		}
	}
	return !f.isShouted(from, to)
}

// isName reports whether token i is a quoted name ('Coalition of the Willing').
func (f *frame) isName(i int) bool {
	return f.isQuote(i) && int(f.toks[i].quote) < len(f.names) && f.names[f.toks[i].quote]
}

// isSpeech reports whether token i is a quote of speech, not a quoted name.
func (f *frame) isSpeech(i int) bool {
	return f.isQuote(i) && !f.isName(i)
}

// isPersonNoun reports whether lk names people or a body, singular or plural.
func isPersonNoun(lk string) bool {
	return personNouns[lk] || isPlural(lk) && personNouns[lk[:len(lk)-1]]
}

// sameLine reports whether no line break separates tokens i and j (i < j).
func (f *frame) sameLine(i, j int) bool {
	for k := f.toks[i].end; k < f.toks[j].start; k++ {
		if f.text[k] == '\n' {
			return false
		}
	}
	return true
}

func (f *frame) isQuote(i int) bool {
	return i >= 0 && i < len(f.toks) && f.toks[i].kind == tokQuote
}

func (f *frame) isSpeechVerb(i int) bool {
	if !f.isWord(i) {
		return false
	}
	if l := f.lower(i); (l == "put" || l == "puts") && f.lower(i+1) == "it" {
		return true // "as Roth put it"
	}
	w := f.word(i)
	if isCapitalized(w) && i > 0 && !f.isQuote(i-1) && !f.punct(i-1, ",") {
		return false // "Said" as a name, or "Told" mid-sentence: not a verb
	}
	if f.toks[i].cls&lexSpeech == 0 {
		return false
	}
	if aspectVerbs[f.lower(i)] && f.lower(i+1) == "to" {
		return false // "will continue to be", "began to fall": no speech
	}
	if f.lower(i) == "state" {
		// "the Saudis state", "they state"; not "his home state of Vermont".
		p := f.lower(i - 1)
		if !(pronouns[p] || isPlural(p) && !determiners[p]) || f.lower(i+1) == "of" {
			return false
		}
	}
	if nounOrVerb[f.lower(i)] {
		// "her remarks", "Clinton's remarks", "a Trump-style retort": nouns.
		if determiners[f.lower(i-1)] || f.isWord(i-1) && isPossessive(f.word(i-1)) {
			return false
		}
		// "the private server email story": a determiner, then modifiers
		// that name no one, make it a noun.
		for j := i - 1; j >= i-3 && f.isWord(j); j-- {
			lj := f.lower(j)
			if isPersonNoun(lj) || verbFillers[lj] || clauseWords[lj] {
				break
			}
			if determiners[f.lower(j-1)] {
				return false
			}
		}
	}
	return true
}

// aspectVerbs are speech verbs that, before "to", only tell when something
// else happens: "will continue to be".
var aspectVerbs = wordSet(`continue continues continued begin begins began`)

// nounOrVerb are speech verbs that are nouns as often: "his remarks".
var nounOrVerb = wordSet(`remark remarks retort comment comments note notes post posts report reports call calls
charge charges tweet tweets claim claims promise promises vow vows reply replies answer answers warning
text texts email emails quip quips joke jokes pledge pledges`)

// speakerFor finds who is credited with the quote at frame index qi: a
// speech verb after it ("…," X said / "…," said X), before it (X said: "…",
// X said the plan was "…"), anywhere in the frame, or, with no verb, the
// name before a colon ("NATO Secretary General Mark Rutte: “…”").
func (f *frame) speakerFor(qi int) (mention, bool) {
	segStart := qi - 1
	for segStart >= 0 && !f.isSpeech(segStart) {
		segStart--
	}
	segStart++
	// Right before: he said, ‘…’; Obama said "…".
	v := qi - 1
	if f.punct(v, ",") || f.punct(v, ":") {
		v--
	}
	if v >= segStart && f.isSpeechVerb(v) {
		// "Nothing the president said “will calm anyone,” the senator
		// said.": a verb run into the quote with no comma or colon, and an
		// attribution after the quote's closing comma; the quote is the
		// words of the one after, who reports the whole sentence.
		if v == qi-1 && f.closesWithComma(qi) {
			if m, ok := f.attributionAfter(qi); ok {
				return m, true
			}
		}
		if m, ok := f.speakerOfVerb(v, segStart); ok {
			return m, true
		}
	}
	// Any verb in the past right before the comma or colon that opens the
	// quote says how it was said: Clinton cracked, “…”; Rubio fired back
	// forcefully: “…”.
	pv := v
	for n := 0; n < 2 && pv > segStart && f.isWord(pv) && (verbParticles[f.lower(pv)] || f.fillerAt(pv)); n++ {
		pv--
	}
	if pv >= segStart && v < qi-1 && f.isWord(pv) && !isCapitalized(f.word(pv)) && pastForm(f.lower(pv)) &&
		!verbFillers[f.lower(pv-1)] { // not "if the measures were not deployed, “…”"

		if m, ok := f.npBefore(pv, segStart); ok && (m.kind != mDesc || canSource(f.lower(m.to))) {
			return m, true
		}
	}
	// A quote that is what a verb before it reports ("Trump claimed on
	// Tuesday that “…”") is that verb's, whoever speaks after it.
	if f.lower(qi-1) == "that" {
		if m, ok := f.speakerBefore(qi, segStart); ok {
			return m, true
		}
	}
	// After: "…," Obama said; "…," said Debra Decker; "…," the president said.
	k := qi + 1
	if f.punct(k, "'") || f.punct(k, "’") {
		k++ // a nested quote's closing mark after the outer one's
	}
	if f.punct(k, ",") || f.punct(k, "—") || f.punct(k, "–") {
		k++
	}
	if m, ok := f.inWordsOf(k); ok {
		return m, true
	}
	as := f.lower(k) == "as" && f.isWord(k+1)
	if as {
		k++ // "…," as Roth put it
	}
	if f.isWord(k) {
		if m, ok := f.verbThenSpeaker(k); ok {
			return m, true
		}
		if m, ok := f.npAfter(k); ok {
			if v := f.skipToVerb(m.to + 1); v >= 0 {
				return m, true
			}
			// "…," as his father dreamed, Turry said: only "as X put it" is
			// an attribution with "as".
			if m, ok := f.slotVerbAfter(m); ok && f.endsClause(qi) && !as {
				return m, true
			}
		}
		if f.endsClause(qi) && !as {
			if m, ok := f.invertedSlot(k); ok {
				return m, true
			}
		}
	}
	// Before, nearest verb first: Obama said that the deal was "…".
	if m, ok := f.speakerBefore(qi, segStart); ok {
		return m, true
	}
	// A colon and no verb: "Italian Prime Minister Giorgia Meloni: “…”",
	// "President Trump rejected American troops defending Ukraine’s border: “…”".
	if f.punct(qi-1, ":") {
		// "… - Pew Research: “…”": a name after a dash introduces the quote.
		if m, ok := f.npEndingAt(qi-2, segStart); ok && m.kind == mName &&
			(f.punct(m.from-1, "-") || f.punct(m.from-1, "–") || f.punct(m.from-1, "—")) {
			return m, true
		}
		if m, ok := f.subject(segStart, qi-1); ok {
			return m, true
		}
	}
	// Anywhere in the frame, nearest first: Islamic State "continues to lose
	// ground" in Syria and Iraq, Obama said.
	for d := 1; d < len(f.toks); d++ {
		for _, v := range [2]int{qi + d, qi - d} {
			if v < 0 || v >= len(f.toks) || !f.isSpeechVerb(v) {
				continue
			}
			if m, ok := f.speakerOfVerb(v, 0); ok {
				return m, true
			}
		}
	}
	return mention{}, false
}

// slotVerbAfter reports whether a verb follows the mention m where an
// attribution's verb stands after a quote that ends a clause: "“…,”
// Hannity pressed.", "“…,” Trump shot back.", "“…,” the suit reads.", "“…,” a
// message on the website reads." In that slot the verb says how the words
// were said, whether or not it is a speech verb elsewhere. A description
// takes in the phrase before the verb ("a message on the website").
func (f *frame) slotVerbAfter(m mention) (mention, bool) {
	if m.kind == mDesc {
		// The description may have read the verb as one of its words ("the
		// memo reads"), or a phrase may follow it ("a note on the door").
		for v := m.from + 1; v < len(f.toks) && v <= m.to+6 && f.isWord(v); v++ {
			if !f.slotVerb(v) {
				continue
			}
			if v > m.to+1 && !prepositions[f.lower(m.to+1)] || !canSource(f.lower(min(m.to, v-1))) {
				return mention{}, false // "“…,” the banner read."
			}
			m.to = v - 1
			return m, true
		}
		return mention{}, false
	}
	v := m.to + 1
	for n := 0; n < 3 && f.fillerAt(v); n++ {
		v++
	}
	return m, f.slotVerb(v)
}

// canSource reports whether a description headed by lk can be a source: a
// person, a body or a document ("the memo").
func canSource(lk string) bool { return canSpeak(lk) || documentNouns[lk] }

// invertedSlot reads "“…,” VERB X" with any verb: "“…,” read the email.",
// "“…,” agrees Ana Vik, 30, of Gainesville." The source must end the clause.
func (f *frame) invertedSlot(v int) (mention, bool) {
	if !f.isWord(v) || isCapitalized(f.word(v)) || !looksLikeVerb(f.lower(v)) || isParticiple(f.lower(v)) {
		return mention{}, false
	}
	m, ok := f.npAfter(v + 1)
	if !ok && loneSources[f.lower(v+1)] {
		m, ok = mention{kind: mDesc, from: v + 1, to: v + 1}, true // "“…,” tweeted another."
	} else if !ok || m.kind == mPronoun || m.kind == mDesc && !canSource(f.lower(m.to)) {
		return mention{}, false
	}
	e := m.to + 1
	if prepositions[f.lower(e)] && m.kind == mDesc {
		// "reads an editorial in The Register.": a phrase of where.
		for n := 0; n < 6 && f.isWord(e); n++ {
			e++
		}
	}
	if e < len(f.toks) && !f.punct(e, ",") && !f.punct(e, ".") && !f.isQuote(e) {
		return mention{}, false
	}
	return m, true
}

// slotVerb reports whether the word at v is a verb that closes an
// attribution: a past or present form, maybe with a particle ("points
// out", "shot back", "went on"), then the clause's end, an adverb or a
// preposition ("pressed for more", "asked rhetorically").
func (f *frame) slotVerb(v int) bool {
	if !f.isWord(v) || isCapitalized(f.word(v)) {
		return false
	}
	if !f.isSpeechVerb(v) && !looksLikeVerb(f.lower(v)) || isParticiple(f.lower(v)) {
		return false
	}
	e := v + 1
	if verbParticles[f.lower(e)] {
		e++
	}
	if objectPronouns[f.lower(e)] {
		e++ // "“…,” Trump assured him."
	} else if f.isWord(e) && isCapitalized(f.word(e)) && !nameStops[f.lower(e)] {
		for f.isWord(e+1) && isCapitalized(f.word(e+1)) {
			e++
		}
		e++ // "“…,” Trump assured Jones, after …"
	}
	if e >= len(f.toks) || f.isQuote(e) {
		return true
	}
	if !f.isWord(e) {
		return !f.punct(e, "'") && !f.punct(e, "’") && !f.punct(e, "-")
	}
	// Not "to" nor "of": "“If …,” they need to prove …" goes on.
	le := f.lower(e)
	return isFiller(le) || prepositions[le] && le != "to" && le != "of" || subordinators[le] && le != "that"
}

// looksLikeVerb reports whether lk has the form of a verb in the past or
// the present's third person and is none of the words that only look so
// ("sources", "was", "news").
func looksLikeVerb(lk string) bool {
	if irregularPast[lk] {
		return true
	}
	n := len(lk)
	if n < 4 || clauseWords[lk] || verbFillers[lk] || determiners[lk] || prepositions[lk] || timeWords[lk] ||
		nameStops[lk] || isPersonNoun(lk) || sourceShares[lk] || documentNouns[lk] {
		return false
	}
	if lk[n-2:] == "ed" {
		return n > 4 && lk != "indeed" // not "need"
	}
	return lk[n-1] == 's' && lk[n-2] != 's' && lk[n-2] != 'u' && lk[n-2] != 'i'
}

// pastForm reports whether lk looks like a verb in the past: "cracked",
// "shot".
func pastForm(lk string) bool {
	return irregularPast[lk] || len(lk) > 4 && lk[len(lk)-2:] == "ed" && looksLikeVerb(lk)
}

// irregularPast are past forms with no -ed that close an attribution: "shot
// back", "went on", "the statement read".
var irregularPast = wordSet(`read shot went spoke wrote said told began broke struck threw hit cut sang cried
thought felt`)

// objectPronouns may follow a verb of speech as whom it was said to.
var objectPronouns = wordSet(`him her them me us you`)

// verbParticles complete a phrasal verb of speech: "points out", "shot
// back", "went on", "chimed in".
var verbParticles = wordSet(`out back on in up off along`)

// headlineSpeaker reads a headline's "Name: claim ‘quote’": a name that is
// all the words before a colon at the start of the quote's sentence, and no
// verb of speech between the colon and the quote.
func (f *frame) headlineSpeaker(qi int) (mention, bool) {
	segStart := qi - 1
	for segStart >= 0 && !f.isSpeech(segStart) {
		segStart--
	}
	segStart++
	c := segStart + 1
	for c < qi && c < segStart+6 && !f.punct(c, ":") {
		c++
	}
	if c >= qi || !f.punct(c, ":") {
		return mention{}, false
	}
	m, ok := f.npEndingAt(c-1, segStart)
	if !ok || m.kind != mName || m.from != segStart {
		return mention{}, false
	}
	for v := c + 1; v < qi; v++ {
		if f.isSpeechVerb(v) {
			return mention{}, false
		}
	}
	return m, true
}

// runsOn reports whether the quote at frame index at opens its sentence,
// after at most a connective ("Now, “…”", "And “…”"), and the words after
// it name no one and hold no verb of speech: "“…,” which votes in June.",
// "“…” or to control the arsenal." Such a quote runs on from the speaker
// of the sentence before.
func (f *frame) runsOn(at int) bool {
	if at > 2 {
		return false
	}
	for i := 0; i < at; i++ {
		if !f.punct(i, ",") && !runOnOpeners[f.lower(i)] {
			return false
		}
	}
	k := at + 1
	for f.punct(k, ",") || f.punct(k, "—") || f.punct(k, "–") || f.punct(k, "-") {
		k++
	}
	if _, ok := f.npAfter(k); ok || looksLikeVerb(f.lower(k)) || verbFillers[f.lower(k)] && determiners[f.lower(k+1)] {
		return false // "“…,” a voice over says", "“…!” blared the Herald", "“…,” was another": someone else speaks
	}
	for j := at + 1; j < len(f.toks); j++ {
		if f.isSpeechVerb(j) || f.isQuote(j) {
			return false
		}
	}
	return true
}

// runOnOpeners may stand before a quote that runs on from the sentence
// before.
var runOnOpeners = wordSet(`and but now still so yet then also plus`)

// speakerBefore finds the speaker of the nearest speech verb before the
// quote at qi, no further back than segStart.
func (f *frame) speakerBefore(qi, segStart int) (mention, bool) {
	for v := qi - 1; v >= segStart; v-- {
		if !f.isSpeechVerb(v) {
			continue
		}
		if m, ok := f.speakerOfVerb(v, segStart); ok && m.to < qi {
			return m, true
		}
	}
	return mention{}, false
}

// inWordsOf reads an attribution with no verb at k: "in the words of X",
// "in Bolton's view".
func (f *frame) inWordsOf(k int) (mention, bool) {
	if f.lower(k) != "in" {
		return mention{}, false
	}
	if f.lower(k+1) == "the" && (f.lower(k+2) == "words" || f.lower(k+2) == "view") && f.lower(k+3) == "of" {
		return f.npAfter(k + 4)
	}
	// "in Bolton’s view": the possessive name ends before the noun.
	for j := k + 1; j < k+5 && f.isWord(j); j++ {
		if isPossessive(f.word(j)) {
			if !viewNouns[f.lower(j+1)] {
				return mention{}, false
			}
			if m, ok := f.npEndingAt(j, k+1); ok && m.kind == mName {
				return m, true
			}
			return mention{}, false
		}
	}
	return mention{}, false
}

// viewNouns follow a possessive name to credit what was said to it: "in
// Bolton's view".
var viewNouns = wordSet(`view views words opinion estimation telling account assessment judgment judgement`)

// speakerOfVerb finds the speaker of the speech verb at v: after it when
// inverted ("said X", "according to X"), else before it; a participle after
// a comma ("…, adding that") has the subject of its clause.
func (f *frame) speakerOfVerb(v, from int) (mention, bool) {
	if m, ok := f.verbThenSpeaker(v); ok {
		return m, true
	}
	// "upon saying", "after adding": a participle governed by a
	// preposition speaks for the subject of its clause, never for the words
	// just before it ("incurred a wave of boos upon saying").
	if isParticiple(f.lower(v)) && participlePreps[f.lower(v-1)] {
		return f.subject(max(from, v-attributionWindow), v-1)
	}
	if (f.punct(v-1, ",") || f.isQuote(v-1)) && isParticiple(f.lower(v)) {
		for u := v - 2; u >= from && u > v-attributionWindow; u-- {
			if f.isSpeechVerb(u) && !isParticiple(f.lower(u)) {
				return f.speakerOfVerb(u, from)
			}
		}
		return f.subject(max(from, v-attributionWindow), v-1)
	}
	// "Rubio was asked by the moderator whether …": in the passive the
	// speaker follows "by".
	if f.lower(v+1) == "by" && passiveAux[f.lower(v-1)] {
		if m, ok := f.npAfter(v + 2); ok && m.kind != mPronoun {
			return m, true
		}
	}
	// "The email goes on to say": the subject of "goes on" speaks.
	if f.lower(v-1) == "to" && f.lower(v-2) == "on" && goesOn[f.lower(v-3)] {
		return f.npBefore(v-3, from)
	}
	if m, ok := f.npBefore(v, from); ok {
		// "Trump issued a statement saying …": the document is the object
		// of the subject's verb, and the subject speaks through it.
		if m.kind == mDesc && isParticiple(f.lower(v)) && documentNouns[f.lower(m.to)] &&
			f.isWord(m.from-1) && !isCapitalized(f.word(m.from-1)) && !prepositions[f.lower(m.from-1)] &&
			!clauseWords[f.lower(m.from-1)] {
			if s, ok := f.subject(max(from, m.from-attributionWindow), m.from-1); ok {
				return s, true
			}
		}
		return m, true
	}
	// A second verb of the same subject: "Bush referred to Rubio as … but
	// described his skills as …"; "Axelrod emailed her, … and telling her":
	// the speaker of an earlier verb of speech when there is one.
	if c := f.lower(v - 1); c == "and" || c == "but" {
		for u := v - 2; u >= from && u > v-attributionWindow; u-- {
			if f.isSpeechVerb(u) && !isParticiple(f.lower(u)) {
				if m, ok := f.speakerOfVerb(u, from); ok {
					return m, true
				}
				break
			}
		}
		if m, ok := f.subject(max(from, v-attributionWindow), v-1); ok {
			return m, true
		}
	}
	// Inverted at a clause's end: "…, like the recent volatility, said
	// Richard Curtin, the chief economist."
	if (f.punct(v-1, ",") || f.isQuote(v-1)) && !isParticiple(f.lower(v)) {
		if m, ok := f.npAfter(v + 1); ok && m.kind != mPronoun {
			if e := m.to + 1; e >= len(f.toks) || f.punct(e, ",") || f.punct(e, ".") || f.lower(e) == "of" {
				return m, true
			}
		}
	}
	return mention{}, false
}

func isParticiple(lk string) bool { return len(lk) > 4 && lk[len(lk)-3:] == "ing" }

// endsClause reports whether the quote at frame index i ends with
// punctuation that hands over to an attribution ("…," said X).
func (f *frame) endsClause(i int) bool {
	if !f.isQuote(i) {
		return false
	}
	t := f.toks[i]
	body := f.text[t.start:t.end]
	for len(body) > 0 {
		r, n := utf8.DecodeLastRuneInString(body)
		if f, _ := quoteMark(r); f == 0 && !unicode.IsSpace(r) {
			break
		}
		body = body[:len(body)-n]
	}
	r, _ := utf8.DecodeLastRuneInString(body)
	switch r {
	case ',', '.', '!', '?', '…', '—', '–', ';':
		return true
	}
	return f.punct(i+1, ",")
}

// closesWithComma reports whether the quote at frame index i ends with a
// comma, inside or right after its closing mark.
func (f *frame) closesWithComma(i int) bool {
	if f.punct(i+1, ",") {
		return true
	}
	body := f.text[f.toks[i].start:f.toks[i].end]
	for len(body) > 0 {
		r, n := utf8.DecodeLastRuneInString(body)
		if q, _ := quoteMark(r); q == 0 && !unicode.IsSpace(r) {
			return r == ','
		}
		body = body[:len(body)-n]
	}
	return false
}

// attributionAfter reads "X said" or "said X" right after the quote at
// frame index qi and its comma.
func (f *frame) attributionAfter(qi int) (mention, bool) {
	k := qi + 1
	if f.punct(k, ",") {
		k++
	}
	if !f.isWord(k) {
		return mention{}, false
	}
	if m, ok := f.verbThenSpeaker(k); ok {
		return m, true
	}
	if m, ok := f.npAfter(k); ok {
		// The verb ends the clause: "…,” the senator said." but not "…,”
		// the club charged a fee".
		if v := f.skipToVerb(m.to + 1); v >= 0 && !isParticiple(f.lower(v)) &&
			(v+1 >= len(f.toks) || f.punct(v+1, ".") || f.punct(v+1, ",")) {
			return m, true
		}
	}
	return mention{}, false
}

// verbThenSpeaker reads "said X" or "according to X" at v.
func (f *frame) verbThenSpeaker(v int) (mention, bool) {
	if !f.isWord(v) {
		return mention{}, false
	}
	if f.lower(v) == "according" && f.lower(v+1) == "to" {
		return f.npAfter(v + 2)
	}
	if !f.isSpeechVerb(v) || isParticiple(f.lower(v)) {
		return mention{}, false // "…," saying X: X is what was said, never who
	}
	// "said X" stands right after a quote that ends a clause, or at the
	// frame's start only: elsewhere the words after "said" are what was said.
	p := v - 1
	if f.punct(p, "'") || f.punct(p, "’") {
		p-- // a nested quote's closing mark after the outer one's
	}
	if !(v == 0 || f.endsClause(p) || f.punct(p, ",") && f.isQuote(p-1)) {
		return mention{}, false
	}
	m, ok := f.npAfter(v + 1)
	if ok && m.kind == mDesc {
		return f.nameAfterDesc(m), true
	}
	return m, ok
}

// nameAfterDesc returns the name set off after the description m, which
// says who the description is: "said the company's chief executive, John
// Ferriola.", "wrote the ambassador at the time, John Herbst". Else m.
func (f *frame) nameAfterDesc(m mention) mention {
	c := m.to + 1
	for n := 0; n < 5 && f.isWord(c); n++ {
		c++
	}
	if !f.punct(c, ",") {
		return m
	}
	e := c + 1
	for e < len(f.toks) && e < c+6 && f.isWord(e) {
		e++
	}
	if e < len(f.toks) && !f.punct(e, ",") && !f.punct(e, ".") && !f.isQuote(e) || !f.isNameRun(c+1, e-1) {
		return m
	}
	return mention{kind: mName, from: c + 1, to: e - 1}
}

// skipToVerb returns the index of a speech verb at i after fillers and one
// appositive ("Ed Royce, chairman of the committee, said"), or asides with
// commas of their own ("Ana Vik, assistant secretary for refugees, aid, and
// migration, said"), else -1.
func (f *frame) skipToVerb(i int) int {
	for n := 0; n < 4 && f.isWord(i) && verbFillers[f.lower(i)]; n++ {
		i++
	}
	if f.punct(i, ",") {
		j := i + 1
		for j < len(f.toks) && j < i+16 && !f.punct(j, ",") && !f.isSpeech(j) && !f.punct(j, ".") {
			j++
		}
		if !f.punct(j, ",") {
			return -1
		}
		if v := f.verbAfterComma(j); v >= 0 {
			return v
		}
		if !f.asideAt(i + 1) {
			return -1
		}
		// More commas inside the aside: the verb follows one of them.
		for k := j + 1; k < len(f.toks) && k < i+40 && !f.isSpeech(k) && !f.clauseBreak(k); k++ {
			if f.punct(k, ",") {
				if v := f.verbAfterComma(k); v >= 0 {
					return v
				}
			}
		}
		return -1
	}
	if f.isSpeechVerb(i) && f.lower(i) != "according" {
		return i
	}
	return -1
}

// verbAfterComma returns the index of the speech verb that follows the comma
// at c, after fillers, else -1.
func (f *frame) verbAfterComma(c int) int {
	i := c + 1
	for n := 0; n < 4 && f.isWord(i) && verbFillers[f.lower(i)]; n++ {
		i++
	}
	if f.isSpeechVerb(i) && f.lower(i) != "according" {
		return i
	}
	return -1
}

// npBefore finds the speaker written before the verb at v, no further back
// than from: "Obama said", "the president has said", "X, the NATO chief,
// said", "Chinese President Xi Jinping, who said".
func (f *frame) npBefore(v, from int) (mention, bool) {
	j := v - 1
	for n := 0; n < 4 && j >= from && f.fillerAt(j); n++ {
		j--
	}
	if f.isQuote(j) && !f.isName(j) && j-1 >= from &&
		countWords(f.text[f.toks[j].start:f.toks[j].end]) <= 3 {
		j-- // a word quoted in passing: Ban Ki-moon "wholeheartedly" endorsed
	}
	if f.punct(j, ",") && f.punct(j-1, ")") {
		j-- // "Gov. John Kasich (R-OH), said"
	}
	if f.punct(j, ")") {
		// "Sen. John Cornyn (R-Texas) told": a party or place in brackets
		// stands between the name and its verb.
		k := j - 1
		for k >= from && k > j-8 && !f.punct(k, "(") && !f.punct(k, ")") && !f.isQuote(k) {
			k--
		}
		if !f.punct(k, "(") {
			return mention{}, false
		}
		j = k - 1
	}
	if f.punct(j, ",") {
		k := j - 1
		for k >= from && k > j-16 && !f.punct(k, ",") && !f.isQuote(k) {
			k--
		}
		if f.punct(k, ",") && f.isNameRun(k+1, j-1) {
			// "her senior policy adviser, Jake Sullivan, said": the name
			// set off by commas is the speaker.
			return mention{kind: mName, from: k + 1, to: j - 1}, true
		}
		return f.beforeAsides(j, from)
	}
	if f.punct(j, "—") || f.punct(j, "–") {
		return f.beforeAsides(j, from)
	}
	if j < from {
		return mention{}, false
	}
	m, ok := f.npEndingAt(j, from)
	if ok && m.kind == mName && f.governed(m.from) {
		return mention{}, false // "alliances with China and North Korea add": not the subject
	}
	return m, ok
}

// beforeAsides finds the speaker before the asides that end with the comma
// or dash at j, right before the verb: "Dan Ruiz, associate professor of
// history at Kent, said", "Ana Vik (D-Md.), chair of the panel, said",
// "Kerr, meanwhile, who has no allies, said". It tries the commas nearest
// first, so that an aside with commas of its own ("a town outside the
// capital, Sacramento,") is passed over until the words before a comma make
// a subject and the words after it open an aside.
func (f *frame) beforeAsides(j, from int) (mention, bool) {
	dash := !f.punct(j, ",")
	start := j
	for k := j - 1; k >= from && k > j-40; k-- {
		if f.isQuote(k) && !f.isName(k) || f.clauseBreak(k) {
			break
		}
		start = k
	}
	for c := j - 1; c > start; c-- {
		if dash {
			if !f.punct(c, f.word(j)) {
				continue
			}
		} else if !f.punct(c, ",") || !f.asideAt(c+1) {
			continue
		}
		e := c - 1
		if f.punct(e, ")") {
			// "Rep. Ana Vik (D-Md.), chair of …": the party in brackets.
			for e--; e >= start && e > c-8 && !f.punct(e, "(") && (f.isWord(e) || f.punct(e, ".") || f.punct(e, "-")); e-- {
			}
			if !f.punct(e, "(") {
				continue
			}
			e--
		}
		m, ok := f.npEndingAt(e, start)
		if !ok || !f.subjectAt(m) {
			continue
		}
		if m.kind == mDesc && !dash {
			// "One lawmaker, Congressman Ed Royce, chairman of …, said":
			// the name after the description is who speaks.
			n := c + 1
			for n < j && !f.punct(n, ",") {
				n++
			}
			if f.isNameRun(c+1, n-1) {
				return mention{kind: mName, from: c + 1, to: n - 1}, true
			}
		}
		return m, true
	}
	return mention{}, false
}

// clauseBreak reports whether the punctuation at k ends what an aside can
// span: a sentence's end, a colon or a semicolon, but not the period of
// "R-Wis.," or "A.F.L.-C.I.O. and", nor the colon of "6:40".
func (f *frame) clauseBreak(k int) bool {
	switch {
	case f.punct(k, ";"):
		return true
	case f.punct(k, ":"):
		return !(f.isWord(k-1) && isDigits(f.word(k-1)) && f.isWord(k+1) && isDigits(f.word(k+1)))
	case f.punct(k, "."):
		return f.isQuote(k+1) || f.isWord(k+1) && isCapitalized(f.word(k+1))
	}
	return false
}

// subjectAt reports whether mention m may be the subject of a clause: a
// name not governed by a preposition ("In Iowa, the candidate, …" is not
// Iowa's), a description or pronoun where a clause begins (after
// punctuation, a quote or a conjunction: "but the group, which …", not "In
// a statement, …" nor "courted farmers, voters, …").
func (f *frame) subjectAt(m mention) bool {
	prev := f.lower(m.from - 1)
	if m.kind == mName {
		if prev == "the" {
			prev = f.lower(m.from - 2) // "like The Associated Press"
		}
		return !((prepositions[prev] || openers[prev]) && !subordinators[prev]) && !f.governed(m.from)
	}
	if m.from == 0 || f.isQuote(m.from-1) || !f.isWord(m.from-1) && !f.punct(m.from-1, "'") && !f.punct(m.from-1, "’") {
		return true
	}
	return subordinators[prev]
}

// subordinators open a clause whose subject follows them: "after Mr. Ruiz,
// asked about the vote, had said".
var subordinators = wordSet(`and but while that as when because though although since so yet whereas after
before until unless if once where whether`)

// asideAt reports whether the words at i open a phrase set off between a
// speaker and the verb: an appositive ("the NATO chief", "associate
// professor of history", "Romney's deputy director", "New Jersey's
// governor"), a party and state ("R-Ky."), an age ("30") or an aside
// ("meanwhile", "for his part").
func (f *frame) asideAt(i int) bool {
	if !f.isWord(i) {
		return false
	}
	lk := f.lower(i)
	if determiners[lk] {
		// "the chief", not "the plant is hanging on": an aside that is a
		// clause of its own, with its own verb, is no appositive.
		for k := i + 1; k < i+16 && f.isWord(k); k++ {
			if l := f.lower(k); l == "who" || l == "which" || l == "that" || l == "whose" {
				break
			} else if clauseVerbs[l] {
				return false
			}
		}
		return true
	}
	if f.appositiveAt(i) || asides[lk] || lk == "whose" || lk == "which" {
		return true
	}
	if w := f.word(i); isPartyTag(w) || isAge(w) || isPossessive(w) && isCapitalized(w) {
		return true // "R-Ky.", "30", "Germany's largest bank"
	}
	// Modifiers, a place or a body and its possessive, then a role:
	// "senior director", "Sanders' media adviser".
	for k := i; k < i+6; k++ {
		if f.punct(k, "'") || f.punct(k, "’") {
			continue
		}
		if !f.isWord(k) {
			return false
		}
		lk := f.lower(k)
		if roleAppositiveNouns[lk] || titleWords[lk] || asideRoles[lk] {
			return true
		}
		if clauseWords[lk] || determiners[lk] || pronouns[lk] || f.toks[k].cls&lexSpeech != 0 {
			return false
		}
	}
	return false
}

// clauseVerbs are the verbs that make a phrase a clause: "the plant is
// hanging on".
var clauseVerbs = wordSet(`is are was were has have had will would can could`)

// asideRoles, with roleAppositiveNouns and titleWords, are what a person is
// called in an aside after the name: "a retired lawyer".
var asideRoles = wordSet(`lawyer attorney activist resident student veteran organizer organiser consultant
pollster operative donor voter supporter owner partner historian scientist doctor teacher pastor priest
writer columnist commentator lobbyist organizer candidate nominee operative staffer assistant associate
coordinator counsel adviser advisor officer trustee treasurer president partner republican democrat
independent libertarian star actor actress singer comedian`)

// asides are words set off by commas between a subject and its verb:
// "Hunter, meanwhile, told …".
var asides = wordSet(`meanwhile though instead also likewise similarly nonetheless nevertheless meantime
moreover furthermore again still yet too now then however`)

// isPartyTag reports whether w is a party and a state: "R-Ky.", "D-N.Y.",
// "I-Vt.".
func isPartyTag(w string) bool {
	return len(w) >= 4 && (w[0] == 'R' || w[0] == 'D' || w[0] == 'I') && w[1] == '-' && w[2] >= 'A' && w[2] <= 'Z'
}

// isAge reports whether w is a number of one to three digits: an age
// after a name ("Ana Vik, 30, said"), not a year ("Sept. 11, 2001,").
func isAge(w string) bool { return len(w) <= 3 && isDigits(w) }

// isDigits reports whether w is digits only.
func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// governed reports whether the name starting at token i is the object of a
// preposition, directly or through "and" ("with China and North Korea").
func (f *frame) governed(i int) bool {
	for n := 0; n < 3; n++ {
		p := f.lower(i - 1)
		if prepositions[p] {
			return n > 0 // only through "and": "in Paris, Macron said" is fine
		}
		if p != "and" && p != "or" {
			return false
		}
		i -= 2
		for i > 0 && f.isWord(i-1) && isCapitalized(f.word(i-1)) {
			i--
		}
	}
	return false
}

// participlePreps govern a participle of speech: "upon saying", "after
// adding", "while noting".
var participlePreps = wordSet(`upon after before while when by without in on as`)

// passiveAux make a speech verb passive: "was asked by".
var passiveAux = wordSet(`was were is are been being be`)

// goesOn are the forms of "go on to say".
var goesOn = wordSet(`go goes went going gone`)

// numerals are determiners that head a description of their own after
// "the": "the two write".
var numerals = wordSet(`two three four five both`)

// loneSources are determiners that stand alone for a source: "Another said".
var loneSources = wordSet(`another one others both`)

// documentNouns are what a speaker issues or releases: "issued a statement
// saying".
var documentNouns = wordSet(`statement statements release letter memo email note post tweet video ad
message notice communique suit lawsuit editorial document cable filing transcript`)

// openers begin a phrase set off by a comma before a clause's subject:
// "Amid a wave of boos, …", "Despite the vote, …".
var openers = wordSet(`amid amidst despite following after before during with without unlike like since upon
under over among behind beyond throughout across against within through toward towards in on at as while when`)

var prepositions = wordSet(`with of about from to for by between against on at in into over among toward towards
across after before during under upon within without`)

// appositiveAt reports whether the words at i open an appositive: "the NATO
// chief", "who was at the summit", "chairman of the committee".
func (f *frame) appositiveAt(i int) bool {
	lk := f.lower(i)
	return determiners[lk] || lk == "who" || roleAppositiveNouns[lk] || titleWords[lk] || lk == "himself" ||
		lk == "herself" || interjections[lk] || isParticiple(lk) || lk == "not" || lk == "however" || lk == "too"
}

// namePrefixes may come before a title and a name: "former Sen. Evan Bayh".
var namePrefixes = wordSet(`former then late retired outgoing incoming acting current veteran longtime`)

// interjections open a phrase set off by commas between a speaker and the
// verb: "Corey Lewandowski, in a statement released by the campaign, said".
var interjections = wordSet(`in on at during after before like unlike for with without as citing speaking
in an interview by through when while asked writing`)

// isShouted reports whether the words of a name mention are capitals only
// and more than an acronym: a dateline ("WASHINGTON") or a heading.
func (f *frame) isShouted(from, to int) bool {
	letters := 0
	for i := from; i <= to; i++ {
		if !f.isWord(i) {
			continue
		}
		for _, r := range f.word(i) {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	return letters > 5 || to > from && letters > 3
}

// fillerAt reports whether the word at i is an adverb or an auxiliary
// between a speaker and the verb. A capitalised "-ly" word is a name
// ("Kelly said"), never an adverb there.
func (f *frame) fillerAt(i int) bool {
	if !f.isWord(i) {
		return false
	}
	lk := f.lower(i)
	return verbFillers[lk] || isFiller(lk) && !isCapitalized(f.word(i))
}

func isFiller(lk string) bool {
	return verbFillers[lk] || len(lk) > 4 && lk[len(lk)-2:] == "ly" && !lyNouns[lk]
}

// lyNouns end in -ly but are no adverbs: "the organizer of a rally said".
var lyNouns = wordSet(`italy family rally ally assembly supply reply apply comply belly bully jelly anomaly
monopoly homily lily daily weekly monthly quarterly`)

// npEndingAt reads a speaker mention whose last word is at j.
func (f *frame) npEndingAt(j, from int) (mention, bool) {
	if f.isQuote(j) {
		if f.isName(j) {
			return mention{kind: mQuotedName, from: j, to: j}, true
		}
		return mention{}, false
	}
	if !f.isWord(j) {
		return mention{}, false
	}
	w := f.word(j)
	lk := f.lower(j)
	if isContractedPronoun(w) {
		return mention{kind: mPronoun, from: j, to: j}, true // "He’s predicting"
	}
	if pronouns[lk] {
		if lk == "who" {
			if f.punct(j-1, ",") {
				if m, ok := f.npEndingAt(j-2, from); ok && m.kind != mPronoun && m.kind != mWho {
					return m, true
				}
			}
			return mention{}, false
		}
		return mention{kind: mPronoun, from: j, to: j}, true
	}
	if loneSources[lk] && (j == from || !f.isWord(j-1) || runOnOpeners[f.lower(j-1)]) {
		// "Another said", "Both want": a pronoun-like determiner opening
		// its clause stands for someone the text described before.
		return mention{kind: mDesc, from: j, to: j}, true
	}
	if isCapitalized(w) {
		if nameStops[lk] && !honorifics[lk] {
			return mention{}, false
		}
		k := j
		for k-1 >= from && k > j-8 && f.isWord(k-1) && f.sameLine(k-1, k) {
			pw := f.word(k - 1)
			plk := f.lower(k - 1)
			if isCapitalized(pw) && !(nameStops[plk] && !honorifics[plk]) || particles[plk] && isCapitalized(f.word(k)) {
				k--
				continue
			}
			break
		}
		if f.isShouted(k, j) {
			return mention{}, false
		}
		// "a spokesperson for the European Commission": the person speaks
		// for the body named.
		if det := k - 1; determiners[f.lower(det)] && (f.lower(det-1) == "for" || f.lower(det-1) == "of" || f.lower(det-1) == "at" || f.lower(det-1) == "from") {
			if m, ok := f.npEndingAt(det-2, from); ok && m.kind == mDesc {
				return mention{kind: mDesc, from: m.from, to: j}, true
			}
		}
		if p := f.lower(k - 1); (p == "to" || p == "with" || p == "on") && f.relatedAt(k-2, from) {
			// "people close to Clinton": the people speak.
			if m, ok := f.npEndingAt(k-3, from); ok && m.kind != mPronoun {
				return mention{kind: mDesc, from: m.from, to: j}, true
			}
		}
		if p := f.lower(k - 1); k-2 >= from && (p == "of" || p == "for" || p == "in" || p == "from" || p == "at") {
			// "protest organizers in Cleveland", "a spokesman for Mayor
			// Jackson": the people described speak.
			if h := f.lower(k - 2); f.isWord(k-2) && !isCapitalized(f.word(k-2)) && isPersonNoun(h) {
				if m, ok := f.npEndingAt(k-2, from); ok && m.kind == mDesc {
					return mention{kind: mDesc, from: m.from, to: j}, true
				}
			}
			// "Senator Marco Rubio of Florida": the person from the place.
			if p == "of" && k == j {
				if m, ok := f.npEndingAt(k-2, from); ok && m.kind == mName && m.to > m.from {
					return m, true
				}
			}
		}
		return mention{kind: mName, from: k, to: j}, true
	}
	// "The report said", "the email goes on": after a determiner a word
	// that may be a speech verb is the noun.
	asNoun := nounOrVerb[lk] && determiners[f.lower(j-1)]
	if clauseWords[lk] || verbFillers[lk] || determiners[lk] || speechVerbs[lk] && !asNoun || timeWords[lk] || lk == "" {
		return mention{}, false
	}
	// A description read backwards to its determiner: "a spokesman for the
	// campaign", "the U.S. president", "U.S. officials".
	k := j
	det, related := false, false
	for n := 0; n < 8 && k-1 >= from && f.isWord(k-1); n++ {
		plk := f.lower(k - 1)
		if (plk == "to" || plk == "with" || plk == "on") && f.relatedAt(k-2, from) {
			k -= 3 // "a source close to him"
			related = true
			continue
		}
		if w := f.word(k - 1); isPossessive(w) && isCapitalized(w) && !isStopContraction(w) {
			// "Bernie Sanders' campaign": a possessive name is its determiner.
			k--
			for k-1 >= from && f.isWord(k-1) && isCapitalized(f.word(k-1)) && !nameStops[f.lower(k-1)] && f.sameLine(k-1, k) {
				k--
			}
			det = true
			break
		}
		if determiners[plk] {
			k--
			if pp := f.lower(k - 1); (pp == "of" || pp == "for" || pp == "at" || pp == "in" && isPersonNoun(f.lower(k-2))) && f.isWord(k-2) {
				k--
				continue
			}
			// "people close to the vice president", "sources familiar
			// with the talks": the people speak, not the one they are near.
			if pp := f.lower(k - 1); (pp == "to" || pp == "with" || pp == "on") && f.relatedAt(k-2, from) {
				k -= 3
				related = true
				continue
			}
			det = true
			break
		}
		if w := f.word(k - 1); isPossessive(w) && isCapitalized(w) {
			// "Mrs. Clinton's campaign": a name's possessive determines
			// the noun, as "his" would, when the noun can speak ("Mr.
			// Trump's vow", "Clinton's use of email" cannot).
			if !canSource(lk) {
				return mention{}, false
			}
			k--
			for k-1 >= from && f.isWord(k-1) && isCapitalized(f.word(k-1)) && !nameStops[f.lower(k-1)] && f.sameLine(k-1, k) {
				k--
			}
			det = true
			break
		}
		if clauseWords[plk] && plk != "of" && plk != "for" && plk != "at" || speechVerbs[plk] || verbFillers[plk] {
			break
		}
		k--
	}
	if lk == "of" || lk == "for" || lk == "at" || lk == "thing" || lk == "things" {
		return mention{}, false
	}
	if !det && !related {
		// Without a determiner only a plural ("officials") or a role
		// ("spokesman") is a speaker; "the plan is good, sources said".
		for k < j && !isCapitalized(f.word(k)) && !roleNouns[f.lower(k)] {
			k++
		}
		if !(len(lk) > 3 && lk[len(lk)-1] == 's' && lk[len(lk)-2] != 's') && !roleAppositiveNouns[lk] {
			return mention{}, false
		}
	}
	return mention{kind: mDesc, from: k, to: j}, true
}

// relationWords tie people to whom they know: "close to", "familiar with",
// "briefed on".
var relationWords = wordSet(`close closest familiar privy briefed loyal allied near knowledgeable`)

// relatedAt reports whether the word at i ties the people named right
// before it to someone: "people close", "sources familiar".
func (f *frame) relatedAt(i, from int) bool {
	return relationWords[f.lower(i)] && i-1 >= from && f.isWord(i-1) && isPersonNoun(f.lower(i-1))
}

// npAfter reads a speaker mention that starts at i: "Debra Decker of the
// Stimson Center" (the name), "a White House spokesman", "he".
func (f *frame) npAfter(i int) (mention, bool) {
	if !f.isWord(i) {
		return mention{}, false
	}
	w := f.word(i)
	lk := f.lower(i)
	if pronouns[lk] && lk != "who" || isContractedPronoun(w) {
		return mention{kind: mPronoun, from: i, to: i}, true
	}
	if determiners[lk] || lk == "this" {
		j := i + 1
		last, head := -1, -1
		for j < len(f.toks) && j < i+8 && f.isWord(j) {
			l := f.lower(j)
			// "a Reuters report", "the email": a singular noun that may be a
			// verb, inside the phrase, is its head.
			noun := nounOrVerb[l] && l[len(l)-1] != 's'
			if clauseWords[l] && l != "of" && l != "for" && l != "at" || speechVerbs[l] && !noun || verbFillers[l] {
				break
			}
			if (l == "of" || l == "for" || l == "at") && head < 0 {
				head = last
			}
			if l != "of" && l != "for" && l != "at" && !determiners[l] {
				last = j
			}
			j++
		}
		if last < 0 && j > i+1 && numerals[f.lower(j-1)] {
			last = j - 1 // "the two write", "the three said"
		}
		if last >= 0 && timeWords[f.lower(last)] && !isCapitalized(f.word(last)) && head >= 0 {
			last = head // "the ambassador at the time": the time is no part of who
		}
		if last < 0 || timeWords[f.lower(last)] && !isCapitalized(f.word(last)) {
			return mention{}, false
		}
		return mention{kind: mDesc, from: i, to: last}, true
	}
	j := i
	for !isCapitalized(f.word(j)) && namePrefixes[f.lower(j)] && f.isWord(j+1) {
		j++ // "former Sen. Evan Bayh"
	}
	if !isCapitalized(f.word(j)) {
		// "spokeswoman Haley Morris", "tech executive Carly Fiorina",
		// "master of ceremonies Asab Tabchi"
		k := j
		for k < j+3 && f.isWord(k+1) && !isCapitalized(f.word(k+1)) && (!clauseWords[f.lower(k)] || k > j && f.lower(k) == "of") {
			k++
		}
		lk := f.lower(k)
		if clauseWords[lk] || !f.isWord(k+1) || !isCapitalized(f.word(k+1)) {
			return mention{}, false
		}
		if !roleAppositiveNouns[lk] && !asideRoles[lk] && !titleWords[lk] {
			// Words no lexicon knows as a role ("retired neurosurgeon")
			// still say who a full name is; a word like a verb does not.
			e := k + 1
			for e+1 < len(f.toks) && f.isWord(e+1) && isCapitalized(f.word(e+1)) && f.sameLine(e, e+1) {
				e++
			}
			if !f.isNameRun(k+1, e) || isPossessive(f.word(e)) {
				return mention{}, false // not "business mogul Donald Trump’s refusal"
			}
			for n := j; n <= k; n++ {
				ln := f.lower(n)
				if len(ln) > 4 && ln[len(ln)-2:] == "ed" || isParticiple(ln) || f.toks[n].cls&lexSpeech != 0 || determiners[ln] || pronouns[ln] {
					return mention{}, false
				}
			}
			i = k + 1 // the name alone: "business mogul" is no part of it
		}
		j = k + 1
	}
	if l := f.lower(j); nameStops[l] && !honorifics[l] {
		return mention{}, false
	}
	k := j
	for k+1 < len(f.toks) && k < j+8 && f.isWord(k+1) && f.sameLine(k, k+1) {
		nw := f.word(k + 1)
		if isCapitalized(nw) && !nameStops[f.lower(k+1)] || particles[f.lower(k+1)] && f.isWord(k+2) && isCapitalized(f.word(k+2)) {
			k++
			continue
		}
		break
	}
	// "Texas delegate Bill Eastland", "former Massachusetts congressman
	// Barney Frank": a place or a body qualifies a role noun before the
	// name, which is the speaker.
	if n := k + 1; f.isWord(n) && !isCapitalized(f.word(n)) && roleAppositiveNouns[f.lower(n)] && f.isWord(n+1) &&
		isCapitalized(f.word(n+1)) && !nameStops[f.lower(n+1)] && f.sameLine(n, n+1) && !f.isShouted(j, k) {
		if m, ok := f.npAfter(n + 1); ok && m.kind == mName {
			return m, true
		}
	}
	if isCapitalized(f.word(k)) && isPlural(f.lower(k)) && k == j && !isCapitalized(w) || f.isShouted(j, k) {
		return mention{}, false
	}
	// "F.A.A. records", "Clinton aides": a name that qualifies the people
	// or the papers that speak.
	if n := k + 1; f.isWord(n) && !isCapitalized(f.word(n)) && f.sameLine(k, n) && (sourceNouns[f.lower(n)] || isPersonNoun(f.lower(n)) && isPlural(f.lower(n))) {
		return mention{kind: mDesc, from: i, to: n}, true
	}
	return mention{kind: mName, from: i, to: k}, true
}

// sourceNouns are the papers and figures a name may qualify as a source:
// "F.A.A. records", "Census data".
var sourceNouns = wordSet(`records data documents filings figures polls poll survey report reports statistics
estimates analysis study`)

func isPlural(lk string) bool { return len(lk) > 3 && lk[len(lk)-1] == 's' }

// subject finds the speaker of a clause with no speech verb: its first name
// or pronoun not governed by a preposition, in [from, to).
func (f *frame) subject(from, to int) (mention, bool) {
	start := f.skipOpener(from, to)
	for i := start; i < to; i++ {
		if !f.isWord(i) {
			continue
		}
		prev := f.lower(i - 1)
		governed := i > start && (prev == "with" || prev == "between" || prev == "of" || prev == "to" ||
			prev == "by" || prev == "for" || prev == "on" || prev == "about" || prev == "from" ||
			prev == "at" || prev == "in" || prev == "and" || prev == "against")
		lk := f.lower(i)
		if pronouns[lk] && lk != "who" && lk != "it" || isContractedPronoun(f.word(i)) {
			if governed {
				continue
			}
			return mention{kind: mPronoun, from: i, to: i}, true
		}
		if isCapitalized(f.word(i)) && (!nameStops[lk] || honorifics[lk]) && !isStopContraction(f.word(i)) {
			k := i
			for k+1 < to && k < i+8 && f.isWord(k+1) && (isCapitalized(f.word(k+1)) || particles[f.lower(k+1)]) {
				k++
			}
			if f.isDateline(k) {
				i = k + 4
				continue
			}
			if governed || f.isShouted(i, k) {
				i = k
				continue
			}
			if h := k + 1; h < to && f.isWord(h) && !isCapitalized(f.word(h)) && isPersonNoun(f.lower(h)) {
				return mention{kind: mDesc, from: i, to: h}, true // "Aid groups called it …"
			}
			return mention{kind: mName, from: i, to: k}, true
		}
	}
	return mention{}, false
}

// isDateline reports whether the name ending at token k is a dateline:
// "Washington (AFP) – …".
func (f *frame) isDateline(k int) bool {
	if !f.punct(k+1, "(") || !f.punct(k+3, ")") {
		return false
	}
	return f.punct(k+4, "–") || f.punct(k+4, "—") || f.punct(k+4, "-")
}

// isStopContraction reports whether w is a pronoun or a sentence word with a
// clitic ("It’s", "He's", "There’s"): capitalised, but never a name.
func isStopContraction(w string) bool {
	for _, c := range [...]string{"'s", "’s", "'re", "’re", "'ll", "’ll", "'d", "’d", "'ve", "’ve", "'m", "’m"} {
		if len(w) > len(c) && w[len(w)-len(c):] == c {
			var buf [24]byte
			low, _ := lowerKey(&buf, w[:len(w)-len(c)])
			return pronouns[low] || nameStops[low] || low == "here" || low == "let" || low == "that" || low == "what"
		}
	}
	return false
}

// skipOpener returns where the clause starting at from has its subject: past
// a participial or prepositional opener set off by a comma ("Holding signs,
// the protesters …", "Amid a wave of boos, …"), else from. A capitalised
// "-ing" word followed by a comma is a name (Manning, …), not an opener.
func (f *frame) skipOpener(from, to int) int {
	// "In June 2009, after Clinton suffered a concussion, Axelrod …": one
	// opener may follow another.
	for n := 0; n < 3; n++ {
		next := f.skipOneOpener(from, to)
		if next == from {
			break
		}
		from = next
	}
	return from
}

func (f *frame) skipOneOpener(from, to int) int {
	lk := f.lower(from)
	if !f.isWord(from) || !(isParticiple(lk) || openers[lk]) || !f.isWord(from+1) || isCapitalized(f.word(from+1)) && isParticiple(lk) {
		return from
	}
	for j := from + 1; j < to && j < from+20; j++ {
		if f.punct(j, ",") {
			// "Speaking in Salem, New Hampshire, Trump …": a place and its
			// region are one phrase of the opener.
			if isCapitalized(f.word(j - 1)) {
				k := j + 1
				for k < to && k < j+4 && f.isWord(k) && isCapitalized(f.word(k)) {
					k++
				}
				if k > j+1 && f.punct(k, ",") && f.isWord(k+1) {
					return k + 1
				}
			}
			return j + 1
		}
		if !f.isWord(j) {
			return from
		}
	}
	return from
}

// believer finds, for a quote with no speech verb around it, the subject of
// the clause it stands in when a verb follows that subject: "He anticipated
// that one of the challenges would be “dealing with …”", "Trump called the
// plan “a disaster”".
func (f *frame) believer(qi int) (mention, bool) {
	segStart := qi - 1
	for segStart >= 0 && !f.isSpeech(segStart) {
		segStart--
	}
	segStart++
	m, ok := f.subject(segStart, qi)
	if !ok || m.to+1 >= qi {
		return mention{}, false
	}
	next := m.to + 1
	if f.punct(next, ",") && f.asideAt(next+1) {
		// "Mike Hale, for his part, is labeling the order “…”": past an
		// aside set off by commas.
		c := next + 1
		for c < qi && c < next+16 && !f.punct(c, ",") {
			c++
		}
		if f.punct(c, ",") {
			next = c + 1
		}
	}
	for n := 0; n < 3 && f.fillerAt(next); n++ {
		next++
	}
	if !f.isWord(next) || isCapitalized(f.word(next)) || clauseWords[f.lower(next)] || determiners[f.lower(next)] {
		return mention{}, false
	}
	return m, true
}

// isContractedPronoun reports whether w is a personal pronoun run into
// "is" or "has" ("He’s", "she's"): a pronoun, never a name.
func isContractedPronoun(w string) bool {
	p := stripPossessive(w)
	if p == w {
		return false
	}
	var buf [24]byte
	low, _ := lowerKey(&buf, p)
	return pronouns[low] && low != "who" && low != "it"
}
