package config

import (
	"os"
	"testing"
)

// FuzzParse: no YAML document makes Parse panic or loop, whatever its
// shape (aliases, merges, deep nesting), and what Parse accepts Validate
// can check.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/full.yaml", "testdata/unknown.yaml", "testdata/badtypes.yaml", "../../config/bot.example.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("slack: &x {bot_token: *x}"))
	f.Add([]byte("http: &h {read_timeout: 1s}\nfetch: {<<: *h}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b)
		if err != nil {
			return
		}
		_ = c.Validate(true)
		_ = c.Redacted()
	})
}
