package digest

import (
	"sort"
	"strings"
)

// findHeadings keeps the times that stand alone on a line: a live blog's
// headings, which date the entries under them.
func (e *extractor) findHeadings() {
	for _, tm := range e.times {
		from := strings.LastIndexByte(e.text[:tm.start], '\n') + 1
		to := strings.IndexByte(e.text[tm.end:], '\n')
		if to < 0 {
			to = len(e.text)
		} else {
			to += tm.end
		}
		if isTimeHeading(e.text, from, to, tm) {
			e.headings = append(e.headings, tm)
		}
	}
}

func (e *extractor) isHeading(tm timeMention) bool {
	i := sort.Search(len(e.headings), func(i int) bool { return e.headings[i].start >= tm.start })
	return i < len(e.headings) && e.headings[i].start == tm.start
}

// timeIn returns the time that text[from:to] ties to what it says: the first
// time written in it outside the quotes of f, else the live-blog heading it
// stands under; heading is true in the second case.
func (e *extractor) timeIn(from, to int, f *frame) (clock Clock, heading bool) {
	i := sort.Search(len(e.times), func(i int) bool { return e.times[i].start >= from })
	for ; i < len(e.times) && e.times[i].end <= to; i++ {
		tm := e.times[i]
		if !insideQuote(f, tm.start) && !e.isHeading(tm) {
			return tm.clock, false
		}
	}
	h := sort.Search(len(e.headings), func(i int) bool { return e.headings[i].start >= from })
	if h > 0 {
		return e.headings[h-1].clock, true
	}
	return "", false
}

// insideQuote reports whether byte offset off falls inside one of f's quotes.
func insideQuote(f *frame, off int) bool {
	i := sort.Search(len(f.toks), func(i int) bool { return f.toks[i].end > off })
	return i < len(f.toks) && f.toks[i].kind == tokQuote && f.toks[i].start <= off
}

// timeline lists what was said or done at a time of day, sorted by time: one
// event for each time the text writes (not headings), with the speaker of
// its sentence, and one for each quote or statement dated by a heading.
func (e *extractor) timeline(date string) []Event {
	var out []Event
	for _, tm := range e.times {
		if e.isHeading(tm) {
			continue
		}
		si := e.sentenceAt(tm.start)
		if si < 0 || si >= len(e.sents) {
			continue
		}
		s := e.sents[si]
		out = append(out, Event{Date: date, Time: tm.clock, Speaker: e.sentSpeaker[si], Text: e.text[s.start:s.end]})
	}
	for _, ev := range e.headed {
		ev.Date = date
		out = append(out, ev)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time < out[j].Time })
	return out
}
