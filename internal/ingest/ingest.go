// Package ingest turns a file, a URL, a feed item or pasted text into a
// digest.Article.
package ingest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// DefaultMaxBytes is the largest source read unless Options says otherwise.
const DefaultMaxBytes = 5 << 20

// Options configures a Reader.
type Options struct {
	// MaxBytes caps the size of one source; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Stdin is read for the source "-".
	Stdin io.Reader
}

// Reader reads sources into articles.
type Reader struct {
	opts Options
}

// NewReader returns a Reader with opts.
func NewReader(opts Options) *Reader {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	return &Reader{opts: opts}
}

// Read turns source (a file path, or "-" for standard input) into an article.
func (r *Reader) Read(ctx context.Context, source string) (digest.Article, error) {
	var b []byte
	var err error
	name := filepath.Base(source)
	if source == "-" {
		name = "stdin"
		b, err = io.ReadAll(io.LimitReader(r.opts.Stdin, r.opts.MaxBytes+1))
	} else {
		b, err = os.ReadFile(source)
	}
	if err != nil {
		return digest.Article{}, fmt.Errorf("%s: %w", name, err)
	}
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	h := digest.TextHash(text)
	return digest.Article{ID: digest.ArticleID(h), Source: name, Text: text}, nil
}
