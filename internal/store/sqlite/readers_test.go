package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// quoted is an article of one quote by speaker.
func quoted(i int, speaker, text string) digest.Extraction {
	return digest.Extraction{
		Article: digest.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: "Day", Text: text,
			Published: time.Date(2025, 9, 1+i, 0, 0, 0, 0, time.UTC)},
		Quotes: []digest.Quote{{Speaker: speaker, Text: text, Kind: digest.Direct}},
	}
}

func texts(hits []store.QuoteHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Text)
	}
	return out
}

// TestSearchSeesOtherWriters checks that searches answered from the cache
// change as soon as anything is written: by the same handle, and by another
// handle on the same file, as another process would.
func TestSearchSeesOtherWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "summit.db")
	a, b := mustOpen(t, path, nil), mustOpen(t, path, nil)
	steps := []struct {
		name   string
		writer *sqlite.Store
		ext    digest.Extraction
		forget bool
		want   int
	}{
		{name: "first quote, this handle", writer: a, ext: quoted(1, "Mark Rutte", "We must not be naive about Russia"), want: 1},
		{name: "second quote, other handle", writer: b, ext: quoted(2, "Mark Rutte", "Naive hopes help nobody"), want: 2},
		{name: "first article forgotten, other handle", writer: b, ext: quoted(1, "Mark Rutte", "We must not be naive about Russia"), forget: true, want: 1},
	}
	for _, st := range steps {
		if st.forget {
			if _, err := st.writer.Forget(ctx, st.ext.Article.URL); err != nil {
				t.Fatalf("%s: Forget: %v", st.name, err)
			}
		} else if _, err := st.writer.SaveExtraction(ctx, st.ext); err != nil {
			t.Fatalf("%s: SaveExtraction: %v", st.name, err)
		}
		// Twice: the second is answered from the cache.
		for range 2 {
			byName, err := a.QuotesBySpeaker(ctx, "rutte", store.Search{})
			if err != nil {
				t.Fatalf("%s: QuotesBySpeaker(rutte): %v", st.name, err)
			}
			byPhrase, err := a.QuotesByPhrase(ctx, "naive", store.Search{})
			if err != nil {
				t.Fatalf("%s: QuotesByPhrase(naive): %v", st.name, err)
			}
			speakers, err := a.Speakers(ctx, "")
			if err != nil {
				t.Fatalf("%s: Speakers: %v", st.name, err)
			}
			if len(byName) != st.want || len(byPhrase) != st.want || len(speakers) != 1 || speakers[0].Quotes != st.want {
				t.Errorf("%s: QuotesBySpeaker = %q, QuotesByPhrase = %q, Speakers = %+v; want %d quotes each",
					st.name, texts(byName), texts(byPhrase), speakers, st.want)
			}
		}
	}
}

// TestCachedAnswersAreCopies checks that a caller changing what a search
// returned does not change what the next caller gets.
func TestCachedAnswersAreCopies(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "summit.db"), nil)
	if _, err := s.SaveExtraction(ctx, quoted(1, "Mark Rutte", "We must not be naive about Russia")); err != nil {
		t.Fatal(err)
	}
	first, err := s.QuotesByPhrase(ctx, "naive", store.Search{})
	if err != nil || len(first) != 1 {
		t.Fatalf("QuotesByPhrase(naive) = %v, %v; want one quote", first, err)
	}
	first[0].Text = "changed by a caller"
	again, err := s.QuotesByPhrase(ctx, "naive", store.Search{})
	if err != nil || len(again) != 1 || again[0].Text != "We must not be naive about Russia" {
		t.Errorf("QuotesByPhrase(naive) after a caller changed its answer = %q, %v; want the stored quote", texts(again), err)
	}
	if _, err := s.QuotesBySpeaker(ctx, "nobody", store.Search{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("QuotesBySpeaker(nobody) = %v; want ErrNotFound", err)
	}
	if _, err := s.QuotesBySpeaker(ctx, "nobody", store.Search{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("QuotesBySpeaker(nobody) again, from the cache = %v; want ErrNotFound", err)
	}
}

// TestGeneration checks that the change counter moves on every commit,
// whichever handle made it, and only then.
func TestGeneration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "summit.db")
	a, b := mustOpen(t, path, nil), mustOpen(t, path, nil)
	g0, err := a.Generation(ctx)
	if err != nil {
		t.Fatalf("Generation: %v", err)
	}
	if _, err := a.QuotesByPhrase(ctx, "naive", store.Search{}); err != nil {
		t.Fatal(err)
	}
	if g, err := a.Generation(ctx); err != nil || g != g0 {
		t.Errorf("Generation after a read = %d, %v; want %d", g, err, g0)
	}
	if _, err := a.SaveExtraction(ctx, quoted(1, "Mark Rutte", "We must not be naive")); err != nil {
		t.Fatal(err)
	}
	g1, err := a.Generation(ctx)
	if err != nil || g1 == g0 {
		t.Errorf("Generation after this handle wrote = %d, %v; want other than %d", g1, err, g0)
	}
	if err := b.SaveSummit(ctx, store.Summit{Slug: "paris", Title: "Paris"}); err != nil {
		t.Fatal(err)
	}
	if g, err := a.Generation(ctx); err != nil || g == g1 {
		t.Errorf("Generation after another handle wrote = %d, %v; want other than %d", g, err, g1)
	}
	mem := mustOpen(t, sqlite.Memory, nil)
	if _, err := mem.Generation(ctx); err == nil {
		t.Errorf("Generation of a memory database = nil error; want one: it has no counter")
	}
}

// TestReadersAfterCancel checks that searches cut short by their caller
// leave the read connections usable, with many searches and a writer at
// once (run with -race).
func TestReadersAfterCancel(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "summit.db"), nil)
	for i := range 20 {
		if _, err := s.SaveExtraction(ctx, quoted(i, "Mark Rutte", fmt.Sprintf("Talk number %d must go on", i))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				cctx, cancel := context.WithCancel(ctx)
				if (w+i)%3 == 0 {
					cancel() // cut short before or during the search
				}
				// Different words each time, so the cache does not answer.
				_, err := s.QuotesByPhrase(cctx, fmt.Sprintf("number %d", (w*20+i)%20), store.Search{})
				cancel()
				if err != nil && !errors.Is(err, context.Canceled) {
					errs <- fmt.Errorf("QuotesByPhrase: %w", err)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 20; i < 30; i++ {
			if _, err := s.SaveExtraction(ctx, quoted(i, "Mark Rutte", fmt.Sprintf("Talk number %d must go on", i))); err != nil {
				errs <- err
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range 30 {
		hits, err := s.QuotesByPhrase(ctx, fmt.Sprintf("talk number %d", i), store.Search{Limit: 1})
		if err != nil || len(hits) != 1 || hits[0].Text != fmt.Sprintf("Talk number %d must go on", i) {
			t.Errorf("QuotesByPhrase(talk number %d) after cancelled searches = %q, %v; want its quote", i, texts(hits), err)
		}
	}
}

// TestSameSearchAtOnce checks that many people asking the same question
// right after a write, some giving up, all get the answer of the new data
// or their own cancellation (run with -race).
func TestSameSearchAtOnce(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "summit.db"), nil)
	for round := range 3 {
		if _, err := s.SaveExtraction(ctx, quoted(round, "Mark Rutte", fmt.Sprintf("Round %d of the naive talks", round))); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 32)
		for w := range 32 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cctx, cancel := context.WithCancel(ctx)
				defer cancel()
				if w%5 == 0 {
					cancel()
				}
				sp, err := s.Speakers(cctx, "")
				hits, err2 := s.QuotesByPhrase(cctx, "naive talks", store.Search{})
				switch {
				case w%5 == 0:
					// Cut short before asking: an answer or the cancellation.
					if err != nil && !errors.Is(err, context.Canceled) || err2 != nil && !errors.Is(err2, context.Canceled) {
						errs <- fmt.Errorf("round %d, cancelled: %v, %v", round, err, err2)
					}
				case err != nil || err2 != nil:
					errs <- fmt.Errorf("round %d: Speakers: %v; QuotesByPhrase: %v", round, err, err2)
				case len(sp) != 1 || sp[0].Quotes != round+1 || len(hits) != round+1:
					errs <- fmt.Errorf("round %d: Speakers = %+v, QuotesByPhrase = %q; want %d quotes", round, sp, texts(hits), round+1)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}
}
