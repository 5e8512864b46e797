package ingest

import "testing"

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already canonical", "https://news.example/world/summit", "https://news.example/world/summit"},
		{"case of scheme and host", "HTTPS://News.Example/World/Summit", "https://news.example/World/Summit"},
		{"utm parameters", "https://news.example/a?utm_source=x&utm_medium=y&id=7&UTM_Campaign=z", "https://news.example/a?id=7"},
		{"click ids", "https://news.example/a?fbclid=1&gclid=2&msclkid=3&mc_eid=4", "https://news.example/a"},
		{"fragment", "https://news.example/a#comments", "https://news.example/a"},
		{"trailing slash", "https://news.example/world/summit/", "https://news.example/world/summit"},
		{"root", "https://news.example/", "https://news.example"},
		{"default ports", "http://news.example:80/a", "http://news.example/a"},
		{"https default port", "https://news.example:443/a", "https://news.example/a"},
		{"other port kept", "http://news.example:8080/a", "http://news.example:8080/a"},
		{"credentials dropped", "https://user:pw@news.example/a", "https://news.example/a"},
		{"query sorted", "https://news.example/a?b=2&a=1", "https://news.example/a?a=1&b=2"},
		{"empty query", "https://news.example/a?", "https://news.example/a"},
		{"escaped path kept", "https://news.example/caf%C3%A9/", "https://news.example/caf%C3%A9"},
		{"ipv6 host", "http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
		{"trailing dot", "https://news.example./a", "https://news.example/a"},
		{"not a URL", "  paris.txt ", "paris.txt"},
		{"other scheme", "ftp://files.example/a/", "ftp://files.example/a/"},
	}
	for _, tt := range tests {
		if got := CanonicalURL(tt.in); got != tt.want {
			t.Errorf("%s: CanonicalURL(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
