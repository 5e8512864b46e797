package digest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// generateExtractions makes n extractions that look like a week of coverage
// of one summit by many outlets: a few dozen speakers, the most prominent
// quoted far more often; popular quotes carried by many outlets, each with
// its own spelling of the speaker, case, trailing punctuation, a partial
// excerpt or a missing time; plus quotes, statements and events of its own.
// The same seed gives the same extractions.
func generateExtractions(n int, seed uint64) []Extraction {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	first := []string{"Emmanuel", "Volodymyr", "Mark", "Alexander", "Keir", "Ursula", "Giorgia", "Friedrich", "Donald", "Kaja",
		"Pedro", "Jonas", "Petteri", "Mette", "Antonio", "Donald", "Kristen", "Andrzej", "Marco", "Annalena"}
	last := []string{"Macron", "Zelenskyy", "Rutte", "Stubb", "Starmer", "von der Leyen", "Meloni", "Merz", "Trump", "Kallas",
		"Sanchez", "Gahr Store", "Orpo", "Frederiksen", "Costa", "Tusk", "Michal", "Duda", "Rubio", "Baerbock"}
	roles := []string{"French President", "Ukrainian President", "NATO Secretary General", "Finland's President", "British Prime Minister",
		"European Commission President", "Italian Prime Minister", "German Chancellor", "U.S. President", "EU foreign policy chief"}
	words := strings.Fields(`security guarantees ceasefire Ukraine Russia sanctions coalition troops reassurance force
		plan finalised united front peace talks negotiations Kyiv Moscow oil gas revenues pressure allies partners Europe
		United States legally binding strong robust support aid weapons air defence front line territory sovereignty
		deterrence commitment pledge agreement framework monitoring mission border reconstruction funding assets frozen
		economy energy grain ports shipping corridor we must will cannot continue ensure protect deliver stand together`)
	sentence := func(min, max int) string {
		k := min + rng.IntN(max-min+1)
		ws := make([]string, k)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		return strings.Join(ws, " ")
	}
	// Zipf-like choice: low indices (the leaders everyone quotes) far more often.
	zipf := rand.NewZipf(rng, 1.3, 1, uint64(len(last)-1))
	speakerAt := func(i int) Speaker {
		s := Speaker{Name: first[i] + " " + last[i], Aliases: []string{last[i]}}
		if i < len(roles) {
			s.Role = roles[i]
		}
		return s
	}
	type poolQuote struct {
		speaker int
		text    string
		time    Clock
	}
	clock := func() Clock { return Clock(fmt.Sprintf("%02d:%02d", 8+rng.IntN(12), rng.IntN(60))) }
	pool := make([]poolQuote, 400)
	for i := range pool {
		pool[i] = poolQuote{speaker: int(zipf.Uint64()), text: sentence(8, 25), time: clock()}
	}
	stmts := make([]Statement, 200)
	for i := range stmts {
		sp := speakerAt(int(zipf.Uint64()))
		stmts[i] = Statement{Speaker: sp.Name, Text: sp.Aliases[0] + " said that " + strings.ToLower(sentence(10, 30)) + ".", Time: clock()}
	}
	decs := make([]Decision, 60)
	for i := range decs {
		decs[i] = Decision{Actor: "Coalition of the Willing", Text: "The coalition agreed on " + strings.ToLower(sentence(8, 20)) + ".", Time: clock()}
	}
	leads := make([]string, 300)
	for i := range leads {
		leads[i] = sentence(15, 35) + "."
	}
	day := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)

	exts := make([]Extraction, n)
	for a := range exts {
		x := &exts[a]
		url := fmt.Sprintf("https://outlet%d.example/world/summit-%d", a%97, a)
		x.Article = Article{
			ID: ArticleID(url), Source: url, URL: url,
			Title:     "Summit coverage " + sentence(4, 8),
			Published: day.AddDate(0, 0, rng.IntN(5)).Add(time.Duration(rng.IntN(86400)) * time.Second),
		}
		seen := map[int]bool{}
		addSpeaker := func(i int) string {
			s := speakerAt(i)
			if !seen[i] {
				seen[i] = true
				// Some outlets know only the surname.
				if rng.IntN(10) == 0 {
					s = Speaker{Name: last[i]}
				}
				x.Speakers = append(x.Speakers, s)
			}
			if rng.IntN(3) == 0 {
				return last[i]
			}
			return s.Name
		}
		offset := 0
		for range 4 + rng.IntN(7) {
			var q Quote
			if rng.IntN(10) < 7 {
				p := pool[rng.IntN(len(pool))]
				q = Quote{Speaker: addSpeaker(p.speaker), Text: p.text, Kind: Direct, Time: p.time}
				switch rng.IntN(6) {
				case 0:
					q.Text += ","
				case 1:
					q.Text = strings.ToLower(q.Text)
				case 2:
					ws := strings.Fields(p.text)
					from := rng.IntN(len(ws) - 4)
					q.Text = strings.Join(ws[from:from+4], " ")
					q.Kind = Partial
				case 3:
					q.Time = ""
				}
			} else {
				q = Quote{Speaker: addSpeaker(int(zipf.Uint64())), Text: sentence(6, 20), Kind: Direct}
				if rng.IntN(4) == 0 {
					q.Speaker = ""
				}
			}
			q.Sentence = "\u201c" + q.Text + "\u201d " + q.Speaker + " said."
			q.Offset = offset
			offset += len(q.Sentence) + 1
			x.Quotes = append(x.Quotes, q)
		}
		for range 1 + rng.IntN(4) {
			st := stmts[rng.IntN(len(stmts))]
			if rng.IntN(3) == 0 {
				st.Text = sentence(10, 25) + "."
				st.Time = ""
			}
			x.Statements = append(x.Statements, st)
		}
		for range 1 + rng.IntN(3) {
			x.Decisions = append(x.Decisions, decs[rng.IntN(len(decs))])
		}
		for _, q := range x.Quotes {
			if q.Time != "" {
				x.Timeline = append(x.Timeline, Event{Time: q.Time, Speaker: q.Speaker, Text: q.Text})
			}
		}
		for i := range 4 {
			if i == 0 || rng.IntN(2) == 0 {
				x.Summary = append(x.Summary, leads[rng.IntN(len(leads))])
			} else {
				x.Summary = append(x.Summary, sentence(12, 30)+".")
			}
		}
	}
	return exts
}

// BenchmarkBuild10k is the speed bar of issue 2: a digest of 10,000
// already-extracted articles in under a second.
func BenchmarkBuild10k(b *testing.B) {
	benchmarkBuild(b, 10000)
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) { benchmarkBuild(b, n) })
	}
}

func benchmarkBuild(b *testing.B, n int) {
	exts := generateExtractions(n, 1)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		Build(exts, BuildOptions{})
	}
}

// reportCPU starts counting the process's CPU time and returns the function
// that reports it per op as cpu-ns/op, the collector's work included: on a
// busy machine ns/op also counts the time spent waiting for a core.
func reportCPU(b *testing.B) func() {
	start, ok := processCPUTime()
	return func() {
		if end, ok2 := processCPUTime(); ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
