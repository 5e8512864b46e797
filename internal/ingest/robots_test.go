package ingest

import (
	"testing"
	"time"
)

func TestRobots(t *testing.T) {
	const body = `# a comment
User-agent: *
Disallow: /private/
Allow: /private/press/
Disallow: /*.pdf$
Crawl-delay: 3

User-agent: BadBot
Disallow: /

User-agent: summitdigest
User-agent: OtherBot
Disallow: /drafts
Allow: /drafts/public$
Crawl-delay: 500
`
	tests := []struct {
		name, agent, path string
		want              bool
	}{
		{"star allows", "Crawler", "/news/a", true},
		{"star disallows", "Crawler", "/private/x", false},
		{"longer allow wins", "Crawler", "/private/press/x", true},
		{"wildcard and anchor", "Crawler", "/files/a.pdf", false},
		{"anchor not at end", "Crawler", "/files/a.pdf?x=1", true},
		{"our group, not star", "SummitDigest", "/private/x", true},
		{"our group disallows", "SummitDigest", "/drafts/one", false},
		{"our anchored allow", "SummitDigest", "/drafts/public", true},
		{"anchored allow does not extend", "SummitDigest", "/drafts/public/x", false},
		{"robots.txt itself", "BadBot", "/robots.txt", true},
		{"bad bot", "BadBot", "/news", false},
	}
	for _, tt := range tests {
		r := parseRobots([]byte(body), tt.agent)
		if got := r.allowed(tt.path); got != tt.want {
			t.Errorf("%s: parseRobots(…, %q).allowed(%q) = %v; want %v", tt.name, tt.agent, tt.path, got, tt.want)
		}
	}
	if d := parseRobots([]byte(body), "Crawler").delay; d != 3*time.Second {
		t.Errorf("Crawl-delay for *: %v; want 3s", d)
	}
	if d := parseRobots([]byte(body), "SummitDigest").delay; d != maxCrawlDelay {
		t.Errorf("Crawl-delay for us: %v; want the cap %v", d, maxCrawlDelay)
	}
	if r := parseRobots(nil, "SummitDigest"); !r.allowed("/anything") {
		t.Errorf("empty robots.txt disallows")
	}
	if r := (robots{disallowAll: true}); r.allowed("/news") {
		t.Errorf("disallowAll allows")
	}
}
