package digest

// BuildOptions tunes Build.
type BuildOptions struct {
	// Title names the digest; "" takes the first article's title.
	Title string
}

// Build makes a digest of many extractions.
//
// TODO(build): being written.
func Build(exts []Extraction, opts BuildOptions) *Digest {
	return &Digest{Title: opts.Title}
}
