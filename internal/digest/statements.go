package digest

import "strings"

// statement records sentence si as reported speech when a reporting verb
// has a speaker: "Finland's President Alexander Stubb disclosed that Trump
// proposed …", "He further revealed that …", "…, according to officials".
// A sentence that holds an attributed direct quote is that quote's, not a
// statement.
func (e *extractor) statement(si int, f *frame) {
	if e.directIn[si] {
		return
	}
	s := e.sents[si]
	speaker := ""
	// An attribution set off by commas speaks for the whole sentence, over
	// any verb in what it reports: "The congressman plans to vote for
	// Sanders, Welch said." is Welch's.
	// A sentence that opens with its speaker and a verb of saying is that
	// speaker's, whatever it reports: "Ada Ruiz says the gap will close,
	// which stood at 263, according to the count."
	for v := range f.toks {
		if f.setOffAt(v) {
			if !f.opensWithSaying() {
				speaker = e.setOffReporter(f, v)
			}
			break
		}
	}
	// A verb of speech is stronger evidence than a noun of speech: "Biden
	// rubbished Trump's claim" is Biden's, "Trump's claim that …" alone is
	// Trump's.
	for pass := 0; pass < 2 && speaker == ""; pass++ {
		for v := range f.toks {
			if speaker = e.reporter(f, v, pass == 1); speaker != "" {
				break
			}
		}
	}
	if speaker == "" {
		return
	}
	clock, heading := e.timeIn(s.start, s.end, f)
	e.statements = append(e.statements, Statement{
		Speaker: speaker,
		Text:    e.text[s.start:s.end],
		Time:    clock,
		Offset:  s.start,
	})
	if heading {
		e.headed = append(e.headed, Event{Time: clock, Speaker: speaker, Text: e.text[s.start:s.end]})
	}
	e.sentSpeaker[si] = speaker
	e.lastSentence, e.lastSpeaker = si, speaker
}

// reporter returns who speaks through the report verb at v, "" when v is
// no report verb or the text does not say. A noun of speech after a
// possessive ("Trump's claim") counts only when nouns is set.
func (e *extractor) reporter(f *frame, v int, nouns bool) string {
	if !f.isWord(v) || f.toks[v].cls&lexReport == 0 {
		return ""
	}
	if isCapitalized(f.word(v)) && v > 0 {
		return "" // "Says" in a name or a title
	}
	if weakReportVerbs[f.lower(v)] && !f.reportsAt(v) && !(pronouns[f.lower(v+1)] && f.lower(v+1) != "who") &&
		!studyNouns[f.lower(v-1)] {
		return "" // "a poll finds Lund ahead" reports; "Lund found a seat" does not
	}
	if f.lower(v+1) == "from" && f.isWord(v+2) && isCapitalized(f.word(v+2)) && !f.isWord(v+4) {
		return "" // "Ruiz reported from Lisbon.": a byline, no speech
	}
	if f.namesAfterNoun(v) {
		return "" // "a group called Votes Count": a name given, not speech
	}
	if f.notSpeechAt(v) {
		return ""
	}
	switch f.reportNounAt(v) {
	case nounAfterDeterminer:
		return "" // "the Brussels attacks would …": a noun, no speech
	case nounAfterPossessive:
		// "Trump's claim that …", "Clinton's promise to …": the noun
		// reports what was said only with its content after it.
		if n := f.lower(v + 1); !nouns || n != "that" && n != "to" && n != "about" {
			return ""
		}
	}
	if f.namesAt(v) {
		return "" // "which the leaders called the 'Valletta Compact'": a name given, not speech
	}
	if isParticiple(f.lower(v)) && f.lower(v) != "according" &&
		(f.lower(v+1) == "to" && f.lower(v) != "referring" || determiners[f.lower(v-1)] || determiners[f.lower(v-2)] && f.isWord(v-1)) {
		return "" // "she is adding to her lead", "a stark warning": no speech
	}
	if f.passiveAt(v) {
		// "Trump has been criticized by his rivals": the agent speaks,
		// the subject was spoken of; with no agent no one is named.
		m, ok := f.agentAfter(v)
		if !ok || m.kind == mPronoun || m.kind == mDesc && !isCapitalized(f.word(m.to)) && !isSource(f.lower(m.to)) {
			return ""
		}
		return e.resolve(f, m, f.toks[v].start)
	}
	m, ok := f.verbThenSpeaker(v)
	if f.lower(v) == "according" {
		// "…, according to exit polls": the source follows, bare or
		// not; the clause's subject is what was said, never who.
		if !ok {
			m, ok = f.bareSource(v + 2)
		}
		if !ok {
			return ""
		}
	}
	if !ok && f.punct(v-1, ",") && isParticiple(f.lower(v)) {
		m, ok = f.subject(max(0, v-attributionWindow), v-1)
	}
	if !ok {
		m, ok = f.subjectBefore(v)
	}
	if !ok {
		m, ok = f.studyBefore(v)
	}
	if c := f.lower(v - 1); !ok && (c == "and" || c == "but") {
		m, ok = f.subject(max(0, v-attributionWindow), v-1)
	}
	if !ok {
		return ""
	}
	if m.kind == mDesc && !f.descCanSpeak(m) {
		return "" // "the urgency of the situation was highlighted": no one speaks
	}
	if p, ok := f.openerStudy(m); ok {
		m = p // "In a May poll, 38 percent of voters said …": the poll speaks for them
	}
	if !e.nameEvidence(f, m) || f.reportsNothing(v, m) || m.from == m.to && noOne[f.lower(m.from)] {
		return "" // "Nobody opposed him": no one to credit
	}
	return e.speakerOf(f, m, v)
}

// withAuthor extends a description of a document or a poll to the name of
// who made it: "a recent report from Bloomberg New Energy Finance", "an
// analysis by the Pew Research Center", so the reader sees whose it is.
func (f *frame) withAuthor(m mention) mention {
	if m.kind != mDesc {
		return m
	}
	if relationWords[f.lower(m.to)] {
		// "a person close to the campaign": the reader needs the whole tie.
		if p := f.lower(m.to + 1); p == "to" || p == "with" || p == "on" {
			j := m.to + 2
			for j < len(f.toks) && j < m.to+8 && f.isWord(j) && (!clauseWords[f.lower(j)] || f.lower(j) == "of") {
				j++
			}
			if j > m.to+2 {
				m.to = j - 1
			}
		}
		return m
	}
	head := f.lower(m.to)
	if n := len(head); n > 4 && head[n-1] == 's' {
		head = head[:n-1]
	}
	if !documentNouns[head] && !sourceShares[head] && !studyNouns[head] {
		return m
	}
	p := m.to + 1
	if l := f.lower(p); l != "by" && l != "from" {
		return m
	}
	i := p + 1
	if f.lower(i) == "the" {
		i++
	}
	j := i
	for j < len(f.toks) && j < i+6 && f.isWord(j) && isCapitalized(f.word(j)) && f.sameLine(i, j) {
		j++
	}
	if j == i {
		return m
	}
	m.to = j - 1
	return m
}

// reportsNothing reports whether the sentence of the verb at v, with its
// speaker m, holds no words of what was said: "He said:" or "Dr. Ward
// wrote in a letter:" before a quote, "Lund added during the interview."
// after one. A statement of it would show the reader nothing.
func (f *frame) reportsNothing(v int, m mention) bool {
	if m.from > v || f.skipOpener(0, m.from) < m.from {
		return false // words before the speaker are what was said
	}
	last := len(f.toks) - 1
	for last > v && f.toks[last].kind == tokPunct && !f.punct(last, ":") {
		last--
	}
	words := 0
	for i := v + 1; i <= last; i++ {
		if f.isQuote(i) || f.lower(i) == "that" && !f.punct(last, ":") {
			return false
		}
		if f.isWord(i) {
			if words++; words > 8 {
				return false // what was said follows the verb
			}
		}
	}
	// Only circumstances may follow the verb: "said in a statement", "said
	// as he left"; "asked for $2 billion" asks for something.
	n := f.lower(v + 1)
	bare := words == 0 || (prepositions[n] || n == "as") && n != "for"
	if f.punct(last, ":") {
		return words <= 6 && (bare || n == "that") // the quote it introduces follows
	}
	return sayingVerbs[f.lower(v)] && words <= 8 && bare
}

// reportsAt reports whether the verb at v introduces what was said: a
// that-clause, a colon or a quote right after it, or a quote in the frame.
func (f *frame) reportsAt(v int) bool {
	for i := v + 1; i < len(f.toks) && i <= v+3; i++ {
		if f.lower(i) == "that" || f.punct(i, ":") || f.isQuote(i) {
			return true
		}
	}
	return f.hasQuote()
}

// descCanSpeak reports whether the description m can be a source: its head
// noun can speak, or it is a name with its article ("The Hill", "the Post").
func (f *frame) descCanSpeak(m mention) bool {
	h := f.descHead(m)
	return canSpeak(f.lower(h)) || m.from == m.to && loneSources[f.lower(h)] || h == m.to && isCapitalized(f.word(h)) && m.to > m.from && determiners[f.lower(m.from)] ||
		(isNumber(f.word(h)) || numberWords[f.lower(h)]) && f.lower(h-1) == "in" // "Six in 10 say"
}

// canSpeak reports whether a description headed by the word lk can be a
// source: people, groups, bodies, polls and documents.
func canSpeak(lk string) bool {
	return personNouns[lk] || roleAppositiveNouns[lk] || sourceShares[lk] || isPlural(lk) && !timeWords[lk] ||
		respondents[lk]
}

// respondents head "those surveyed", "those polled".
var respondents = wordSet(`surveyed polled interviewed questioned`)

// namesAt reports whether the verb at v gives something a name: "called",
// "dubbed" or "named" followed by a quoted name.
func (f *frame) namesAt(v int) bool {
	switch f.lower(v) {
	case "called", "calls", "call", "dubbed", "named", "nicknamed", "labelled", "labeled", "branded":
	default:
		return false
	}
	for i := v + 1; i < len(f.toks) && i <= v+3; i++ {
		if f.isQuote(i) {
			return f.isName(i)
		}
	}
	return false
}

// bareSource reads a source with no determiner after "according to": "exit
// polls", "early results of exit polls", "people familiar with the plan",
// "F.A.A. records". Its last word must be able to say something: people, a
// body, a document or data.
func (f *frame) bareSource(i int) (mention, bool) {
	last := -1
	for j := i; j < len(f.toks) && j < i+8 && f.isWord(j); j++ {
		lk := f.lower(j)
		if lk == "of" && last >= 0 && f.isWord(j+1) {
			continue // "results of exit polls": the phrase goes on
		}
		if clauseWords[lk] || verbFillers[lk] || timeWords[lk] || speechVerbs[lk] && !nounOrVerb[lk] ||
			j > i && !isCapitalized(f.word(j)) && len(lk) > 4 && lk[len(lk)-2:] == "ed" {
			break // "polls released on Friday": the source ends before its participle
		}
		last = j
	}
	if last < 0 {
		return mention{}, false
	}
	head := f.lower(last)
	if isCapitalized(f.word(last)) || !(canSpeak(head) || documentNouns[head]) {
		return mention{}, false
	}
	return mention{kind: mDesc, from: i, to: last}, true
}

// Answers of reportNounAt.
const (
	notNoun = iota
	nounAfterDeterminer
	nounAfterPossessive
)

// reportNounAt tells whether the report verb at v is a noun, or an
// adjective of a noun phrase, and how: after a possessive ("Trump's claim",
// "Clinton's reported contributions") or after a determiner and its
// modifiers with no object after it ("the Brussels attacks would …", "his
// plans."). "Trump's said" stands for "Trump has said", so a possessive
// makes a noun only of a word that is one, or of a participle before its
// noun; "The Post reports Beck will …" has an object, so is a verb.
func (f *frame) reportNounAt(v int) int {
	lk := f.lower(v)
	noun := nounOrVerb[lk] || reportNouns[lk]
	if p := v - 1; f.isWord(p) && isPossessive(f.word(p)) && !isStopContraction(f.word(p)) {
		n := f.lower(v + 1)
		if noun || len(lk) > 4 && lk[len(lk)-2:] == "ed" && f.isWord(v+1) && !isCapitalized(f.word(v+1)) &&
			!clauseWords[n] && !verbFillers[n] && !determiners[n] && !isFiller(n) {
			return nounAfterPossessive
		}
		return notNoun
	}
	if !noun {
		return notNoun
	}
	if n := f.lower(v + 1); f.isWord(v+1) && !passiveAux[n] && !modals[n] && !prepositions[n] && n != "and" && n != "or" && n != "as" {
		return notNoun
	}
	for j := v - 1; j >= v-3 && f.isWord(j); j-- {
		lj := f.lower(j)
		if determiners[lj] {
			return nounAfterDeterminer
		}
		if j < v-1 && isPossessive(f.word(j)) && !isStopContraction(f.word(j)) {
			return nounAfterPossessive // "Trump's recent remarks about Khan"
		}
		if isPersonNoun(lj) || verbFillers[lj] || clauseWords[lj] || pronouns[lj] {
			break
		}
	}
	return notNoun
}

// modals follow a noun, never a verb: "the attacks would".
var modals = wordSet(`would will could can should might may must have has had`)

// reportNouns are report verbs that are nouns as often, besides nounOrVerb:
// "his plans", "the attacks".
var reportNouns = wordSet(`attack attacks plan plans question questions fear fears hope hopes detail details
voice voices signal signals hint hints support supports credit credits show shows estimate estimates
outline outlines find finds want wants`)

// passiveAt reports whether the report verb at v is a passive participle:
// "was criticized", "has been sharply attacked", "are expected".
func (f *frame) passiveAt(v int) bool {
	if isParticiple(f.lower(v)) || f.lower(v) == "according" {
		return false
	}
	j := v - 1
	for n := 0; n < 3 && f.fillerAt(j) && !passiveAux[f.lower(j)]; n++ {
		j--
	}
	if passiveAux[f.lower(j)] {
		return true
	}
	// "the changes proposed by the government", "an article cited by her
	// campaign": a past participle with its agent after a noun.
	// "As reported by Politico, …" too.
	lk := f.lower(v)
	return f.lower(v+1) == "by" && len(lk) > 3 && (lk[len(lk)-2:] == "ed" || lk[len(lk)-1] == 'n') &&
		f.isWord(v-1) && (f.lower(v-1) == "as" || !isCapitalized(f.word(v-1)) && !pronouns[f.lower(v-1)] && !verbFillers[f.lower(v-1)])
}

// agentAfter reads the agent of the passive verb at v: "criticized by some
// of his rivals", "attacked on the speeches by Bernie Sanders".
func (f *frame) agentAfter(v int) (mention, bool) {
	for i := v + 1; i < len(f.toks) && i <= v+6 && f.isWord(i); i++ {
		lk := f.lower(i)
		if lk == "by" {
			if m, ok := f.npAfter(i + 1); ok {
				return m, true
			}
			return f.bareSource(i + 1)
		}
		if clauseWords[lk] && !prepositions[lk] || f.toks[i].cls&lexReport != 0 {
			break
		}
	}
	return mention{}, false
}

// isSource reports whether a description headed by lk names people, a
// body or a document by its noun: "some of his rivals", "overwhelming
// majorities", "a report"; "the talks" are none.
func isSource(lk string) bool {
	one := lk
	if n := len(lk); n > 4 && lk[n-3:] == "ies" {
		one = lk[:n-3] + "y"
	} else if isPlural(lk) {
		one = lk[:n-1]
	}
	return isPersonNoun(lk) || roleAppositiveNouns[one] || sourceShares[one] || documentNouns[one] || personNouns[one]
}

// setOffAt reports whether the report verb at v has a speaker set off from
// what it reports (see setOffMention).
func (f *frame) setOffAt(v int) bool {
	_, ok := f.setOffMention(v)
	return ok
}

// setOffReporter returns who speaks through the attribution at v (see
// setOffMention), "" when the text does not say.
func (e *extractor) setOffReporter(f *frame, v int) string {
	m, ok := f.setOffMention(v)
	if !ok || !e.nameEvidence(f, m) {
		return ""
	}
	return e.speakerOf(f, m, v)
}

// setOffMention finds the speaker of the report verb at v when its
// attribution is set off from what it reports: "…, Welch said.", "…, the
// experts say, …", "…, said Ada Ruiz, the mayor.", "…, according to
// aides."
func (f *frame) setOffMention(v int) (mention, bool) {
	if !f.isWord(v) || f.toks[v].cls&lexReport == 0 || isCapitalized(f.word(v)) ||
		f.reportNounAt(v) != notNoun || f.passiveAt(v) {
		return mention{}, false
	}
	var m mention
	ok := false
	switch {
	case f.lower(v) == "according":
		if !f.punct(v-1, ",") || f.lower(v+1) != "to" {
			return mention{}, false
		}
		if m, ok = f.npAfter(v + 2); !ok {
			m, ok = f.bareSource(v + 2)
		}
	case isParticiple(f.lower(v)):
		return mention{}, false
	default:
		m, ok = f.npBefore(v, 0)
		if !ok && f.punct(v-1, ",") {
			m, ok = f.setOffName(v - 1)
		}
		if !ok || m.from < 2 || !(f.punct(m.from-1, ",") || f.punct(m.from-1, "—") || f.punct(m.from-1, "–")) {
			// Inverted: "…, said Ada Ruiz, the mayor." Only verbs of
			// saying stand before their subject, and only people follow
			// them: in "Ada Ruiz, a delegate, criticized her state's laws"
			// the words after the verb are its object.
			if !f.punct(v-1, ",") || !invertedVerbs[f.lower(v)] {
				return mention{}, false
			}
			m, ok = f.npAfter(v + 1)
			if !ok || m.kind == mPronoun || m.kind == mDesc && !isSource(f.lower(m.to)) || !f.endsAttribution(m.to+1) {
				return mention{}, false
			}
			break
		}
		// Only a short adjunct may follow the verb: "…, Welch said on
		// Tuesday", "…, he told reporters"; "…, she plans to root for
		// Iowa" is a clause of its own.
		k := v + 1
		for n := 0; n < 5 && f.isWord(k); n++ {
			lk := f.lower(k)
			if f.toks[k].cls&lexReport != 0 || clauseWords[lk] && !prepositions[lk] || lk == "to" ||
				pronouns[lk] || isParticiple(lk) {
				return mention{}, false
			}
			k++
		}
		if !f.endsAttribution(k) {
			return mention{}, false
		}
	}
	if !ok || m.kind == mDesc && !f.descCanSpeak(m) {
		return mention{}, false
	}
	return m, true
}

// endsAttribution reports whether an attribution may end at token k: the
// sentence ends or goes on after a comma.
func (f *frame) endsAttribution(k int) bool {
	if k >= len(f.toks) {
		return true
	}
	if f.toks[k].kind != tokPunct {
		return false
	}
	switch f.word(k) {
	case ".", ",", ";", "?", "!", ")", ":":
		return true
	}
	return false
}

// sayingVerbs are the verbs of saying that attribute a whole sentence
// when its speaker opens it: "Ada Ruiz says …", "Politico reported, …".
var sayingVerbs = wordSet(`said says told tells added adds wrote writes asked asks explained noted notes
argued argues insisted warned recalled acknowledged continued continues replied responded reported reports
announced announces stated declared`)

// invertedVerbs may stand before their speaker: "…, said Ada Ruiz".
var invertedVerbs = wordSet(`said says added adds wrote writes explained noted notes argued argues
insisted warned recalled continued continues`)

// opensWithSaying reports whether the sentence opens with its speaker and
// a verb of saying: "Ada Ruiz says …", "The mayor, Ada Ruiz, said …",
// "Officials said …", past any opener ("On Tuesday, …").
func (f *frame) opensWithSaying() bool {
	start := f.skipOpener(0, len(f.toks))
	for v := start + 1; v < len(f.toks) && v < start+attributionWindow; v++ {
		if !f.isWord(v) || f.toks[v].cls&(lexSpeech|lexReport) == 0 ||
			!(sayingVerbs[f.lower(v)] || f.toks[v].cls&lexReport != 0 && f.reportsAt(v)) ||
			isCapitalized(f.word(v)) || f.reportNounAt(v) != notNoun {
			continue
		}
		m, ok := f.npBefore(v, start)
		if !ok || m.kind == mPronoun {
			return false
		}
		if m.from == start {
			return true
		}
		// "His campaign manager, Jeff Weaver, says": one phrase before the
		// name set off by commas.
		if !f.punct(m.from-1, ",") {
			return false
		}
		for i := start; i < m.from-1; i++ {
			if !f.isWord(i) || f.toks[i].cls&lexReport != 0 {
				return false
			}
		}
		return true
	}
	return false
}

// namesAfterNoun reports whether the verb at v gives the noun before it a
// name: "a new group called Votes Count", "a firm named Arden".
func (f *frame) namesAfterNoun(v int) bool {
	switch f.lower(v) {
	case "called", "named", "dubbed", "nicknamed":
	default:
		return false
	}
	p := f.lower(v - 1)
	if !f.isWord(v-1) || isCapitalized(f.word(v-1)) || pronouns[p] || verbFillers[p] || isFiller(p) ||
		clauseWords[p] || !f.isWord(v+1) || !isCapitalized(f.word(v+1)) {
		return false
	}
	if !isPersonNoun(p) && !roleAppositiveNouns[p] {
		return true
	}
	// "the senator called Putin a thug" is speech; "a group called …"
	// introduces something new by its name.
	for j := v - 2; j >= v-4 && f.isWord(j); j-- {
		if l := f.lower(j); l == "a" || l == "an" {
			return true
		}
	}
	return false
}

// studyNouns are findings someone made: "a poll by Gallup".
var studyNouns = wordSet(`poll survey study report analysis review audit count tally estimate projection
calculations calculation estimates projections findings research`)

// studyBefore finds a poll or a study that is the subject of the verb at v
// past the words that date or place it: "A Gallup poll in June showed",
// "A Register poll released Saturday found".
func (f *frame) studyBefore(v int) (mention, bool) {
	for j := v - 1; j >= 0 && j > v-6 && f.isWord(j); j-- {
		lj := f.lower(j)
		if !studyNouns[lj] && !documentNouns[lj] && lj != "document" && lj != "filing" {
			// only what dates or places it: "in June", "released Saturday"
			if !timeWords[lj] && !dayWords[lj] && !prepositions[lj] && lj != "last" && lj != "this" &&
				!(len(lj) > 3 && lj[len(lj)-2:] == "ed") && !isNumber(f.word(j)) {
				return mention{}, false
			}
			continue
		}
		for k := j - 1; k >= 0 && k > j-8 && (f.isWord(k) || f.punct(k, "/") || f.punct(k, "-")); k-- {
			if determiners[f.lower(k)] {
				return mention{kind: mDesc, from: k, to: j}, true // "A Times/CBS News poll"
			}
			if clauseWords[f.lower(k)] {
				break
			}
		}
		return mention{}, false
	}
	return mention{}, false
}

// openerStudy finds the poll or study that an opener names before a
// speaker who answered it: "In a May poll, 38 percent of voters said".
func (f *frame) openerStudy(m mention) (mention, bool) {
	if m.kind == mPronoun || m.from < 4 || f.lower(0) != "in" || !determiners[f.lower(1)] {
		return mention{}, false
	}
	if h := f.lower(m.to); !sourceShares[h] && !isPlural(h) {
		return mention{}, false // "In his report, the nominee said": the nominee answered no poll
	}
	for j := 2; j < m.from && j < 14 && !f.punct(j, ","); j++ {
		if studyNouns[f.lower(j)] {
			return mention{kind: mDesc, from: 1, to: j}, true // "In a Times/CBS News survey, …"
		}
	}
	return mention{}, false
}

// speakerOf resolves the speaker mention m of the verb at v. A pronoun after
// the sentence's named subject stands for it first: "Trump was defending
// the plan at a rally when he told the crowd …" is Trump's.
func (e *extractor) speakerOf(f *frame, m mention, v int) string {
	if m.kind == mPronoun && e.subjectName == "" && m.from > 0 {
		e.subjectName, e.subjectPos = e.subjectOf(f)
	}
	if m.kind == mPronoun && f.lower(m.from) == "it" {
		// "The airline said … . It also said …": "it" is the body that spoke
		// in the sentence before, never a person, and only when it says.
		if si := e.sentenceAt(f.toks[m.from].start); sayingVerbs[f.lower(v)] && e.lastSentence == si-1 &&
			e.lastSpeaker != "" && !e.isPerson(e.lastSpeaker) {
			return e.lastSpeaker
		}
		return ""
	}
	return e.resolve(f, f.withAuthor(m), f.toks[v].start)
}

// descHead returns the index of the head noun of the description m: its
// last word, or the word before "close to" or "familiar with" ("people
// briefed on the talks").
func (f *frame) descHead(m mention) int {
	if relationWords[f.lower(m.to)] && m.to > m.from {
		return m.to - 1 // "a person close" (to the campaign)
	}
	for i := m.from + 1; i < m.to; i++ {
		if relationWords[f.lower(i)] && (f.lower(i+1) == "to" || f.lower(i+1) == "with" || f.lower(i+1) == "on") {
			return i - 1
		}
		// "the organizer of a rally", "the head of the agency"
		if l := f.lower(i); (l == "of" || l == "for" || l == "at") && f.isWord(i-1) && !isCapitalized(f.word(i-1)) &&
			!determiners[f.lower(i-1)] && canSpeak(f.lower(i-1)) {
			return i - 1
		}
	}
	// "a spokeswoman for YouTube", "organizers in Cleveland": the noun
	// before the name it is tied to.
	if isCapitalized(f.word(m.to)) {
		for i := m.to - 1; i > m.from; i-- {
			if p := f.lower(i); (p == "of" || p == "for" || p == "in" || p == "from" || p == "at") &&
				f.isWord(i-1) && !isCapitalized(f.word(i-1)) && !determiners[f.lower(i-1)] {
				return i - 1
			}
		}
	}
	return m.to
}

// notSpeechAt reports whether the report verb at v is used in a sense that
// reports nothing: "show up", "a TV show", "may want to", "declined 40
// percent".
func (f *frame) notSpeechAt(v int) bool {
	lk, next := f.lower(v), f.lower(v+1)
	switch lk {
	case "told":
		return f.lower(v-1) == "all" // "All told, the group raised …"
	case "claim", "claims", "claimed", "claiming":
		// "claimed a victory", "claimed the prize": won, not said
		n := v + 1
		if determiners[f.lower(n)] {
			n++
		}
		return claimObjects[f.lower(n)] || claimObjects[f.lower(n+1)] && f.isWord(n) && !isCapitalized(f.word(n))
	case "show", "shows", "showed", "shown":
		return next == "up" || showKinds[f.lower(v-1)]
	case "want", "wants", "wanted":
		return modals[f.lower(v-1)] && f.lower(v-1) != "has" && f.lower(v-1) != "have" && f.lower(v-1) != "had" ||
			f.lower(v-1) == "did" || f.lower(v-1) == "does" || f.lower(v-1) == "do"
	case "declined", "declines", "declining":
		// "declined to comment", "declined comment" report; "fees declined
		// to $281 million", "views declined by nine points" do not.
		if next == "comment" || next == "requests" || next == "interview" {
			return false
		}
		if next != "to" || !f.isWord(v+2) {
			return true
		}
		w := f.word(v + 2)
		return w[0] >= '0' && w[0] <= '9' || isCapitalized(w)
	}
	return false
}

// claimObjects are what one claims by winning: "claimed a victory".
var claimObjects = wordSet(`victory victories win wins prize title titles seat seats crown nomination lives life
trophy medal lead`)

// showKinds make "show" a programme: "a TV show", "the talk show".
var showKinds = wordSet(`tv radio talk news game reality cable morning interview variety comedy cooking quiz
television sunday`)

// subjectBefore finds the speaker written before the verb at v, as npBefore
// does, past what news writing puts between a subject and its verb: a time
// ("Clinton on Tuesday said"), an age ("Lena Park, 44, said") and a share
// of respondents ("Twenty-four percent said").
func (f *frame) subjectBefore(v int) (mention, bool) {
	if m, ok := f.npBefore(v, 0); ok {
		return m, true
	}
	j := v - 1
	for n := 0; n < 2 && f.fillerAt(j); n++ {
		j--
	}
	// "on Tuesday", "last week", "Thursday"
	k := j
	for n := 0; n < 3 && f.isWord(k) && (timeWords[f.lower(k)] || dayWords[f.lower(k)] || n > 0 && (f.lower(k) == "on" || f.lower(k) == "last" || f.lower(k) == "this")); n++ {
		k--
	}
	if k < j && (f.lower(k+1) == "on" || f.lower(k+1) == "last" || f.lower(k+1) == "this" || dayWords[f.lower(k+1)]) {
		if m, ok := f.npBefore(k+1, 0); ok && (m.kind != mDesc || f.descCanSpeak(m)) {
			return m, true
		}
	}
	// ", 44," after a name
	if f.punct(j, ",") && f.isWord(j-1) && isNumber(f.word(j-1)) && f.punct(j-2, ",") {
		if m, ok := f.npEndingAt(j-3, 0); ok && m.kind == mName {
			return m, true
		}
	}
	// "Jacob Shiansky, 24, who was visiting from Ohio, told me": a name
	// opening the sentence, then what describes it set off by commas, then
	// the verb.
	if f.punct(j, ",") {
		start := f.skipOpener(0, j)
		if m, ok := f.npAfter(start); ok && (m.kind == mName || m.kind == mDesc && f.descCanSpeak(m)) &&
			(f.punct(m.to+1, ",") || f.punct(m.to+1, "(")) && m.to+1 < j {
			return m, true
		}
	}
	// "Twenty-four percent said", "Six in 10 say"
	if f.lower(j) == "percent" || f.isWord(j) && (isNumber(f.word(j)) || numberWords[f.lower(j)]) && f.lower(j-1) == "in" {
		i := j - 1
		for i > 0 && i > j-4 && f.isWord(i-1) && (isNumber(f.word(i-1)) || numberWords[f.lower(i-1)] || f.lower(i-1) == "in") {
			i--
		}
		if i < j && (isNumber(f.word(i)) || numberWords[f.lower(i)]) {
			return mention{kind: mDesc, from: i, to: j}, true
		}
	}
	return mention{}, false
}

// dayWords name days and months, which date a verb.
var dayWords = wordSet(`monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
january february march april june july august september october november december`)

// numberWords are numbers written out: "Six in 10", "Twenty-four percent".
var numberWords = wordSet(`one two three four five six seven eight nine ten eleven twelve twenty thirty forty
fifty sixty seventy eighty ninety hundred half`)

// isNumber reports whether w is written in digits ("44", "10", "52.5") or
// is a number word joined by a hyphen ("Twenty-four").
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	if i := strings.IndexByte(w, '-'); i > 0 {
		return numberWords[strings.ToLower(w[:i])]
	}
	return false
}

// isPerson reports whether a speaker's name is a person's: a full name the
// text gives, a name with a gender cue, or a description headed by a person
// noun.
func (e *extractor) isPerson(name string) bool {
	if i, ok := e.reg.byName[name]; ok {
		p := e.reg.people[i]
		if p.first != p.last && !bodyWords[strings.ToLower(p.last)] || p.gender == genderMale || p.gender == genderFemale {
			return true
		}
	}
	head := name
	if k := strings.LastIndexByte(head, ' '); k >= 0 {
		head = head[k+1:]
	}
	head = strings.ToLower(head)
	return genderWords[head] != genderUnknown || roleNouns[head] || head == "man" || head == "woman" || head == "person"
}

// noOne are pronouns that name no source: "Nobody opposed him", "Everyone
// wants a raise".
var noOne = wordSet(`nobody none neither everyone everybody anyone anybody someone somebody`)

// setOffName finds, before the comma at c that ends a run of phrases set
// off by commas, the name that opens the run: "…, Jonas Holm, 24, a ferry
// worker, said."
func (f *frame) setOffName(c int) (mention, bool) {
	for n := 0; n < 3; n++ {
		p := c - 1
		for p >= 0 && p > c-16 && !f.punct(p, ",") && !f.isQuote(p) {
			p--
		}
		if !f.punct(p, ",") {
			return mention{}, false
		}
		if m, ok := f.npAfter(p + 1); ok && m.kind == mName && m.to+1 <= c && f.punct(m.to+1, ",") {
			return m, true
		}
		c = p
	}
	return mention{}, false
}
