package ingest

import (
	"net/url"
	"testing"
)

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

func TestSameSite(t *testing.T) {
	tests := []struct {
		fetched, canonical string
		want               bool
	}{
		{"https://news.example/a", "https://news.example/b", true},
		{"https://News.Example./a", "http://news.example/b", true},
		{"https://www.bbc.co.uk/news/1", "https://bbc.co.uk/news/1", true},
		{"https://amp.theguardian.com/world/1", "https://www.theguardian.com/world/1", true},
		{"http://127.0.0.1:8080/a", "http://127.0.0.1:9090/a", true},
		{"https://evil.example/copy", "https://www.reuters.com/world/summit", false},
		{"https://a.co.uk/x", "https://b.co.uk/x", false},
		// github.io is a public suffix: two people's pages are two sites.
		{"https://alice.github.io/x", "https://bob.github.io/x", false},
		{"http://127.0.0.1/a", "http://10.0.0.1/a", false},
		{"https://news.example/a", "https://news example/b", false},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.fetched)
		if err != nil {
			t.Fatal(err)
		}
		if got := sameSite(u, tt.canonical); got != tt.want {
			t.Errorf("sameSite(%s, %q) = %v; want %v", tt.fetched, tt.canonical, got, tt.want)
		}
	}
}
