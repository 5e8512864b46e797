package digest

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
	for v := range f.toks {
		if !f.isWord(v) || f.toks[v].cls&lexReport == 0 {
			continue
		}
		if isCapitalized(f.word(v)) && v > 0 {
			continue // "Says" in a name or a title
		}
		if weakReportVerbs[f.lower(v)] && !f.reportsAt(v) {
			continue
		}
		if f.namesAt(v) {
			continue // "which the leaders called the 'Valletta Compact'": a name given, not speech
		}
		if isParticiple(f.lower(v)) && f.lower(v) != "according" &&
			(f.lower(v+1) == "to" || determiners[f.lower(v-1)] || determiners[f.lower(v-2)] && f.isWord(v-1)) {
			continue // "she is adding to her lead", "a stark warning": no speech
		}
		m, ok := f.verbThenSpeaker(v)
		if !ok && f.punct(v-1, ",") && isParticiple(f.lower(v)) {
			m, ok = f.subject(max(0, v-attributionWindow), v-1)
		}
		if !ok {
			m, ok = f.npBefore(v, 0)
		}
		if c := f.lower(v - 1); !ok && (c == "and" || c == "but") {
			m, ok = f.subject(max(0, v-attributionWindow), v-1)
		}
		if !ok {
			continue
		}
		if m.kind == mDesc && !canSpeak(f.lower(m.to)) {
			continue // "the urgency of the situation was highlighted": no one speaks
		}
		speaker := e.resolve(f, m, f.toks[v].start)
		if speaker == "" {
			continue
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
		return
	}
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

// canSpeak reports whether a description headed by the word lk can be a
// source: people, groups, bodies, polls and documents.
func canSpeak(lk string) bool {
	return personNouns[lk] || roleAppositiveNouns[lk] || sourceShares[lk] || isPlural(lk) && !timeWords[lk]
}

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
