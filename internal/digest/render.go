package digest

import "io"

// WriteMarkdown renders d as Markdown. TODO(render): being written.
func (d *Digest) WriteMarkdown(w io.Writer) error { return nil }

// WriteText renders d as plain text. TODO(render): being written.
func (d *Digest) WriteText(w io.Writer) error { return nil }

// WriteExtractionsText renders extractions as plain text. TODO(render): being written.
func WriteExtractionsText(w io.Writer, exts []Extraction) error { return nil }
