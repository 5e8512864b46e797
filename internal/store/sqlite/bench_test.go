//go:build linux

package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// corpus makes a deterministic synthetic coverage: articles of quotes by
// a few hundred speakers, in words drawn with a skew like real text (a few
// very common words, a long tail).
type corpus struct {
	rng      *rand.Rand
	words    []string
	speakers []string
}

func newCorpus(seed uint64) *corpus {
	c := &corpus{rng: rand.New(rand.NewPCG(seed, 1))}
	syll := []string{"ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "an", "is", "po", "gra", "ne", "sti", "ul", "ber"}
	seen := map[string]bool{}
	for len(c.words) < 5000 {
		var b strings.Builder
		for range 2 + c.rng.IntN(3) {
			b.WriteString(syll[c.rng.IntN(len(syll))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			c.words = append(c.words, w)
		}
	}
	given := []string{"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Katja", "Luca", "Marta", "Nils", "Olga", "Pavel"}
	for i := 0; len(c.speakers) < 300; i++ {
		sur := strings.ToUpper(c.words[i][:1]) + c.words[i][1:] + "ski"
		c.speakers = append(c.speakers, given[i%len(given)]+" "+sur)
	}
	return c
}

// word draws a word, common ones far more often.
func (c *corpus) word() string {
	f := c.rng.Float64()
	return c.words[int(f*f*f*float64(len(c.words)))]
}

func (c *corpus) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = c.word()
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ")
}

// article makes article i with quotes quotes, already extracted.
func (c *corpus) article(i, quotes int) digest.Extraction {
	var text strings.Builder
	e := digest.Extraction{}
	speakers := map[string]bool{}
	for j := range quotes {
		sp := c.speakers[c.rng.IntN(len(c.speakers))]
		speakers[sp] = true
		q := c.sentence(8 + c.rng.IntN(12))
		fmt.Fprintf(&text, "%s said: \"", sp)
		off := text.Len()
		text.WriteString(q + ".\"\n")
		e.Quotes = append(e.Quotes, digest.Quote{Speaker: sp, Text: q + ".", Kind: digest.Direct,
			Time: digest.Clock(fmt.Sprintf("%02d:%02d", 8+j%12, j%60)), Sentence: sp + " said: " + q, Offset: off})
	}
	for sp := range speakers {
		e.Speakers = append(e.Speakers, digest.Speaker{Name: sp, Role: "Minister"})
	}
	slices.SortFunc(e.Speakers, func(a, b digest.Speaker) int { return strings.Compare(a.Name, b.Name) })
	e.Article = digest.Article{
		URL:       fmt.Sprintf("https://news.example/%d", i),
		Source:    fmt.Sprintf("https://news.example/%d", i),
		Title:     c.sentence(6),
		Published: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
		Text:      text.String(),
	}
	return e
}

// percentile returns the p-th percentile of ds (sorted in place).
func percentile(ds []time.Duration, p float64) time.Duration {
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// latency records each query's wall and CPU time, and the costliest query.
type latency struct {
	wall, cpu []time.Duration
	worst     string
	worstCPU  time.Duration
}

// measure runs fn on a goroutine locked to its thread and records its times.
func (l *latency) measure(query string, fn func()) {
	t0, c0 := time.Now(), threadTime()
	fn()
	c := threadTime() - c0
	l.cpu = append(l.cpu, c)
	l.wall = append(l.wall, time.Since(t0))
	if c > l.worstCPU {
		l.worst, l.worstCPU = query, c
	}
}

func (l *latency) report(b *testing.B) {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(percentile(l.wall, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(l.wall, 0.99)), "p99-ms")
	b.ReportMetric(ms(percentile(l.cpu, 0.99)), "cpu-p99-ms")
	b.Logf("%d queries; costliest %q: %v CPU", len(l.cpu), l.worst, l.worstCPU)
}

// BenchmarkSearch100k measures who-said on a store of 100,000 quotes (1,000
// articles of 100): by speaker (surname, full name, prefix, slip) and by a
// phrase remembered from a quote; and a scheduled digest's claim of one new
// article's coverage. The "-cached" cases search through the cache of
// answers, which a repeated query hits until the next write. p99-ms is the
// 99th percentile of one query's wall time, cpu-p99-ms of its CPU time
// (what it costs when the machine is not shared).
func BenchmarkSearch100k(b *testing.B) {
	ctx := context.Background()
	// The searches themselves, without the cache of answers, which would
	// answer most of these repeated queries without SQL; "cached" cases
	// measure it through a second handle on the same file.
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{NoSearchCache: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cs, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer cs.Close()
	c := newCorpus(42)
	var quotes []string
	for i := range 1000 {
		e := c.article(i, 100)
		if _, err := s.SaveExtraction(ctx, e); err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			quotes = append(quotes, e.Quotes[0].Text)
		}
	}
	var names []string
	for i, sp := range c.speakers {
		given, sur, _ := strings.Cut(sp, " ")
		switch i % 4 {
		case 0:
			names = append(names, sur)
		case 1:
			names = append(names, strings.ToLower(sp))
		case 2:
			names = append(names, sur[:len(sur)-2])
		default:
			names = append(names, given+" "+sur[:len(sur)-1])
		}
	}
	for _, tc := range []struct {
		suffix string
		s      *sqlite.Store
	}{{"", s}, {"-cached", cs}} {
		b.Run("speaker"+tc.suffix, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var l latency
			for i := 0; b.Loop(); i++ {
				var hits []store.QuoteHit
				var err error
				l.measure(names[i%len(names)], func() { hits, err = tc.s.QuotesBySpeaker(ctx, names[i%len(names)], store.Search{Limit: 10}) })
				if err != nil || len(hits) == 0 {
					b.Fatalf("QuotesBySpeaker(%q) = %d hits, %v", names[i%len(names)], len(hits), err)
				}
			}
			l.report(b)
		})
		b.Run("phrase"+tc.suffix, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			rng := rand.New(rand.NewPCG(7, 7))
			var l latency
			for i := 0; b.Loop(); i++ {
				// Three words in a row from a stored quote, as people remember one.
				w := strings.Fields(strings.TrimSuffix(quotes[i%len(quotes)], "."))
				k := rng.IntN(len(w) - 2)
				phrase := strings.Join(w[k:k+3], " ")
				var hits []store.QuoteHit
				var err error
				l.measure(phrase, func() { hits, err = tc.s.QuotesByPhrase(ctx, phrase, store.Search{Limit: 10}) })
				if err != nil || len(hits) == 0 {
					b.Fatalf("QuotesByPhrase(%q) = %d hits, %v", phrase, len(hits), err)
				}
			}
			l.report(b)
		})
	}
	b.Run("speakers", func(b *testing.B) {
		// The speaker list with quote and statement counts (/summit
		// speakers), without the cache: what each write costs the next
		// person who asks.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		var l latency
		for b.Loop() {
			var sp []store.SpeakerInfo
			l.measure("speakers", func() { sp, err = s.Speakers(ctx, "") })
			if err != nil || len(sp) != len(c.speakers) {
				b.Fatalf("Speakers = %d speakers, %v; want %d", len(sp), err, len(c.speakers))
			}
		}
		l.report(b)
	})
	b.Run("claim", func(b *testing.B) {
		// A scheduled digest's work after one new article: claim what no
		// digest of the schedule carried, then load it to build the digest.
		sc, err := s.AddSchedule(ctx, store.Schedule{Channel: "C1", Spec: "@hourly"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		var l latency
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			if _, err := s.SaveExtraction(ctx, c.article(100000+i, 10)); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			var exts []digest.Extraction
			l.measure("claim", func() {
				var cl store.Claim
				if cl, err = s.Claim(ctx, store.ClaimRequest{ScheduleID: sc.ID, Slot: time.Unix(int64(i+1), 0)}); err == nil {
					exts, err = s.Extractions(ctx, store.Filter{Claim: cl.ID})
				}
			})
			if err != nil || len(exts) != 1 || len(exts[0].Quotes) == 0 {
				b.Fatalf("claim after a new article: %d extractions, %v", len(exts), err)
			}
		}
		l.report(b)
	})
}

// cpuTime is the CPU time the process has used: on a machine shared with
// other work, it says what the code costs when wall time cannot.
func cpuTime() time.Duration { return rusage(syscall.RUSAGE_SELF) }

// clockThreadCPUTime is Linux's CLOCK_THREAD_CPUTIME_ID.
const clockThreadCPUTime = 3

// threadTime is the CPU time of the calling thread, to the nanosecond; with
// the goroutine locked to its thread, the difference across a query is that
// query's CPU time, whatever else the machine runs (the driver is pure Go
// and runs on the caller's goroutine).
func threadTime() time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

func rusage(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIngest1000 measures ingesting 1,000 articles of 20 quotes each
// into a new database: "store" stores extractions made beforehand,
// "extract+store" extracts each article's text with digest.Extract first,
// as 'bot ingest' does. s/1000-articles is the wall time for all of them,
// cpu-s/1000-articles the CPU time.
func BenchmarkIngest1000(b *testing.B) {
	c := newCorpus(1)
	exts := make([]digest.Extraction, 1000)
	for i := range exts {
		exts[i] = c.article(i, 20)
	}
	b.Run("store", func(b *testing.B) {
		benchIngest(b, func(i int) digest.Extraction { return exts[i] })
	})
	b.Run("extract+store", func(b *testing.B) {
		benchIngest(b, func(i int) digest.Extraction { return digest.Extract(exts[i].Article) })
	})
}

func benchIngest(b *testing.B, ext func(i int) digest.Extraction) {
	ctx := context.Background()
	var total, cpu time.Duration
	runs := 0
	for b.Loop() {
		b.StopTimer()
		s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("ingest%d.db", runs)), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0, c0 := time.Now(), cpuTime()
		quotes := 0
		for i := range 1000 {
			r, err := s.SaveExtraction(ctx, ext(i))
			if err != nil {
				b.Fatal(err)
			}
			quotes += r.Quotes
		}
		total += time.Since(t0)
		cpu += cpuTime() - c0
		runs++
		b.StopTimer()
		if quotes == 0 {
			b.Fatal("no quote stored")
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(runs), "s/1000-articles")
	b.ReportMetric(cpu.Seconds()/float64(runs), "cpu-s/1000-articles")
}
