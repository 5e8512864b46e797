package digest

// decision records sentence si as a decision when it says that something was
// agreed, finalised, approved, pledged, committed, signed, imposed or
// launched, or announced as a plan, or proposed; the actor is the subject of
// the innermost such verb ("Macron announced that the 'Coalition of the
// Willing' has finalized a plan": the coalition finalised it; "Stubb
// disclosed that Trump proposed …": Trump proposed it).
func (e *extractor) decision(si int, f *frame) {
	v := -1
	for i := range f.toks {
		if !f.isWord(i) || f.toks[i].cls&lexDecision == 0 || isCapitalized(f.word(i)) {
			continue
		}
		if p := f.lower(i - 1); determiners[p] || p == "no" || f.isWord(i-1) && isPossessive(f.word(i-1)) {
			continue // "no signs of abating", "the pledge": nouns
		}
		lk := f.lower(i)
		if !proposalVerbs[lk] && (lk == "announced" || lk == "unveiled" || lk == "launched" || lk == "established" || lk == "proposed") && !planFollows(f, i) {
			continue
		}
		if i > 0 && (f.lower(i-1) == "to" && (lk == "agree" || lk == "commit" || lk == "sign" || lk == "decide")) && v >= 0 {
			continue // "agreed to sign": the first verb has the actor
		}
		v = i
	}
	if v < 0 {
		return
	}
	s := e.sents[si]
	actor := ""
	if m, ok := f.npBefore(v, 0); ok {
		actor = e.resolveQuiet(f, m, f.toks[v].start)
	}
	clock, _ := e.timeIn(s.start, s.end, f)
	e.decisions = append(e.decisions, Decision{
		Actor:  actor,
		Text:   e.text[s.start:s.end],
		Time:   clock,
		Offset: s.start,
	})
}

// planFollows reports whether a plan, a deal or the like is what the verb at
// v announces: within the eight words after it.
func planFollows(f *frame, v int) bool {
	for i := v + 1; i < len(f.toks) && i <= v+8; i++ {
		if plans[f.lower(i)] {
			return true
		}
	}
	return false
}
