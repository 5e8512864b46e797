package digest

import (
	"strings"
	"time"
)

// timeMention is a time of day written in the text.
type timeMention struct {
	start, end int
	clock      Clock
}

// findTimes finds the times of day of text in one pass: 16:25, 4:25 p.m.,
// 5.40 p.m., 4 p.m. A dotted time or a bare hour needs its a.m. or p.m.,
// so that 3.5 per cent and 2025 are not read as times.
func findTimes(text string) []timeMention {
	var out []timeMention
	for i := 0; i < len(text); i++ {
		if !isDigit(text[i]) || i > 0 && (isDigit(text[i-1]) || isLetterByte(text[i-1]) || text[i-1] == '.' || text[i-1] == ':' || text[i-1] == ',' || text[i-1] == '$') {
			continue
		}
		if tm, ok := timeAt(text, i); ok {
			out = append(out, tm)
			i = tm.end - 1
			continue
		}
		for i+1 < len(text) && isDigit(text[i+1]) {
			i++
		}
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// timeAt reads a time of day starting at text[i], a digit.
func timeAt(text string, i int) (timeMention, bool) {
	j := i
	h := 0
	for j < len(text) && isDigit(text[j]) && j-i < 2 {
		h = h*10 + int(text[j]-'0')
		j++
	}
	if j < len(text) && isDigit(text[j]) {
		return timeMention{}, false
	}
	m := 0
	sep := byte(0)
	if j+2 < len(text) && (text[j] == ':' || text[j] == '.') && isDigit(text[j+1]) && isDigit(text[j+2]) &&
		(j+3 == len(text) || !isDigit(text[j+3])) {
		sep = text[j]
		m = int(text[j+1]-'0')*10 + int(text[j+2]-'0')
		j += 3
	}
	end, meridiem := readMeridiem(text, j)
	switch {
	case meridiem != 0:
		if h < 1 || h > 12 || m > 59 {
			return timeMention{}, false
		}
		if meridiem == 'p' && h < 12 {
			h += 12
		} else if meridiem == 'a' && h == 12 {
			h = 0
		}
		j = end
	case sep == ':':
		if h > 23 || m > 59 || j < len(text) && text[j] == ':' {
			return timeMention{}, false // 10:09:33 is not read as a time of day
		}
	default:
		return timeMention{}, false
	}
	return timeMention{start: i, end: j, clock: makeClock(h, m)}, true
}

// readMeridiem reads " a.m.", "pm", " P.M" at text[j]; it returns the end
// and 'a' or 'p', or 0 when there is none.
func readMeridiem(text string, j int) (int, byte) {
	k := j
	if k < len(text) && (text[k] == ' ' || text[k] == 0xC2) {
		if text[k] == 0xC2 && k+1 < len(text) && text[k+1] == 0xA0 {
			k += 2 // no-break space
		} else if text[k] == ' ' {
			k++
		}
	}
	if k >= len(text) {
		return j, 0
	}
	c := text[k] | 0x20
	if c != 'a' && c != 'p' {
		return j, 0
	}
	k++
	if k < len(text) && text[k] == '.' {
		k++
	}
	if k >= len(text) || text[k]|0x20 != 'm' {
		return j, 0
	}
	k++
	if k < len(text) && text[k] == '.' {
		k++
	}
	if k < len(text) && isLetterByte(text[k]) {
		return j, 0 // "4 pmx", "4 am" in "4 amendments"
	}
	return k, c
}

func makeClock(h, m int) Clock {
	b := [5]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10)}
	return Clock(b[:])
}

// isTimeHeading reports whether the paragraph text[from:to] is a time of
// day alone ("6:30 p.m.", "16:05 GMT"), as live blogs head their entries.
func isTimeHeading(text string, from, to int, tm timeMention) bool {
	if tm.start < from || tm.end > to {
		return false
	}
	before := strings.TrimSpace(text[from:tm.start])
	after := strings.Trim(text[tm.end:to], " \t\r:–—-()")
	if before != "" && before != "—" && before != "-" {
		return false
	}
	if after == "" {
		return true
	}
	if len(after) > 14 {
		return false
	}
	for _, f := range strings.Fields(after) {
		switch strings.ToUpper(strings.Trim(f, "().,")) {
		case "GMT", "UTC", "BST", "CET", "CEST", "EST", "EDT", "ET", "PT", "PST", "PDT", "LOCAL", "TIME", "KYIV", "PARIS", "MSK", "EEST":
		default:
			return false
		}
	}
	return true
}

// months maps month names and their abbreviations to their numbers.
var months = map[string]time.Month{
	"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
	"August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
	"Jan.": 1, "Feb.": 2, "Mar.": 3, "Apr.": 4, "Jun.": 6, "Jul.": 7, "Aug.": 8, "Sept.": 9,
	"Sep.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12,
}

// findDate returns the first full date the text writes ("September 4, 2025",
// "4 September 2025", "2025-09-04") as "2006-01-02", "" when none.
func findDate(text string, toks []token) string {
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		w := text[t.start:t.end]
		if len(w) == 10 && w[4] == '-' && w[7] == '-' {
			if d, err := time.Parse("2006-01-02", w); err == nil {
				return d.Format("2006-01-02")
			}
			continue
		}
		// Every month name is capitalised and three to nine bytes long: the
		// test spares the lookup for nearly all words.
		if len(w) < 3 || len(w) > 9 || w[0] < 'A' || w[0] > 'Z' {
			continue
		}
		mon, ok := months[w]
		if !ok {
			continue
		}
		day, year := 0, 0
		// Month Day, Year
		if i+1 < len(toks) {
			day = smallNumber(text[toks[i+1].start:toks[i+1].end])
			k := i + 2
			if k < len(toks) && text[toks[k].start:toks[k].end] == "," {
				k++
			}
			if k < len(toks) {
				year = yearNumber(text[toks[k].start:toks[k].end])
			}
		}
		// Day Month Year
		if (day == 0 || year == 0) && i > 0 && i+1 < len(toks) {
			day = smallNumber(text[toks[i-1].start:toks[i-1].end])
			year = yearNumber(text[toks[i+1].start:toks[i+1].end])
		}
		if day >= 1 && day <= 31 && year > 0 {
			d := time.Date(year, mon, day, 0, 0, 0, 0, time.UTC)
			if d.Day() == day {
				return d.Format("2006-01-02")
			}
		}
	}
	return ""
}

func smallNumber(w string) int {
	w = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "th"), "st"), "nd"), "rd")
	if len(w) == 0 || len(w) > 2 {
		return 0
	}
	n := 0
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) {
			return 0
		}
		n = n*10 + int(w[i]-'0')
	}
	return n
}

func yearNumber(w string) int {
	if len(w) != 4 {
		return 0
	}
	n := 0
	for i := 0; i < 4; i++ {
		if !isDigit(w[i]) {
			return 0
		}
		n = n*10 + int(w[i]-'0')
	}
	if n < 1900 || n > 2200 {
		return 0
	}
	return n
}
