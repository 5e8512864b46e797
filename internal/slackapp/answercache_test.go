package slackapp_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// oneQuote is an article holding one quote of speaker.
func oneQuote(n int, speaker, text string) digest.Extraction {
	u := fmt.Sprintf("https://cache.example/%d", n)
	return digest.Extraction{
		Article: digest.Article{Source: u, URL: u, Title: "Harbour talks", Text: `"` + text + `," said ` + speaker + ".",
			Published: time.Date(2025, 9, n, 0, 0, 0, 0, time.UTC)},
		Speakers: []digest.Speaker{{Name: speaker, Role: "Harbour Minister"}},
		Quotes:   []digest.Quote{{Speaker: speaker, Text: text, Kind: digest.Direct, Offset: 1}},
	}
}

// TestAnswersFollowOtherWriters checks that who-said and speakers, answered
// again from the cache, change as soon as another process (here a second
// store handle on the same file) stores or forgets coverage.
func TestAnswersFollowOtherWriters(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOptions{})
	other, err := sqlite.Open(ctx, h.store.Path(), sqlite.Options{})
	if err != nil {
		t.Fatalf("sqlite.Open(%s): %v", h.store.Path(), err)
	}
	defer other.Close()
	first := oneQuote(1, "Ingrid Tallberg", "The harbour stays open to every ship")
	second := oneQuote(2, "Ingrid Tallberg", "Fishing quotas wait for spring")
	steps := []struct {
		name  string
		write func(st store.Store) error
		want  []string // in every answer
		gone  []string // in none
	}{
		{
			name:  "first quote",
			write: func(st store.Store) error { _, err := st.SaveExtraction(ctx, first); return err },
			want:  []string{"The harbour stays open to every ship"},
			gone:  []string{"Fishing quotas"},
		},
		{
			name:  "second quote, by the other handle",
			write: func(st store.Store) error { _, err := st.SaveExtraction(ctx, second); return err },
			want:  []string{"The harbour stays open to every ship", "Fishing quotas wait for spring"},
		},
		{
			name:  "first article forgotten, by the other handle",
			write: func(st store.Store) error { _, err := st.Forget(ctx, first.Article.URL); return err },
			want:  []string{"Fishing quotas wait for spring"},
			gone:  []string{"The harbour stays open"},
		},
	}
	for i, st := range steps {
		writer := store.Store(other)
		if i == 0 {
			writer = h.store
		}
		if err := st.write(writer); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		// Twice each: the second is answered from the cache.
		for range 2 {
			for _, cmd := range []string{"who-said Tallberg", `who-said "harbour stays open"`, `who-said "fishing quotas"`} {
				_, a := h.command(cmd)
				for _, g := range st.gone {
					if strings.Contains(a.raw, g) {
						t.Errorf("%s: /summit %s = %s; want no %q", st.name, cmd, a.raw, g)
					}
				}
				if cmd == "who-said Tallberg" {
					for _, w := range st.want {
						if !strings.Contains(a.raw, w) {
							t.Errorf("%s: /summit %s = %s; want %q", st.name, cmd, a.raw, w)
						}
					}
				}
			}
			_, a := h.command("speakers")
			wantCount := fmt.Sprintf("%d quote", len(st.want))
			if !strings.Contains(a.raw, "Ingrid Tallberg") || !strings.Contains(a.raw, wantCount) {
				t.Errorf("%s: /summit speakers = %s; want Ingrid Tallberg with %q", st.name, a.raw, wantCount)
			}
		}
	}
}
