package ingest

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// robots is the part of a robots.txt (RFC 9309) that applies to one user
// agent: its allow and disallow rules and its crawl delay.
type robots struct {
	rules []robotsRule
	// delay is the Crawl-delay asked for, 0 when none.
	delay time.Duration
	// disallowAll stands for a robots.txt that could not be fetched
	// because the server failed: RFC 9309 says to assume the worst.
	disallowAll bool
}

type robotsRule struct {
	allow   bool
	pattern string
}

// maxCrawlDelay caps a Crawl-delay, so that one host cannot stall a poller.
const maxCrawlDelay = time.Minute

// parseRobots reads the group of body that applies to agent (a product
// token such as "SummitDigest"), or the "*" group when none names it.
func parseRobots(body []byte, agent string) robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		r      robots
	}
	var groups []*group
	var cur *group
	inAgents := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if !inAgents {
				cur = &group{}
				groups = append(groups, cur)
				inAgents = true
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
		case "allow", "disallow":
			inAgents = false
			if cur == nil || v == "" {
				continue
			}
			cur.r.rules = append(cur.r.rules, robotsRule{allow: k == "allow", pattern: v})
		case "crawl-delay":
			inAgents = false
			if cur == nil {
				continue
			}
			if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
				cur.r.delay = min(time.Duration(s*float64(time.Second)), maxCrawlDelay)
			}
		default:
			inAgents = false
		}
	}
	var star *robots
	var mine robots
	found := false
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				if star == nil {
					star = &g.r
				}
			case a == agent:
				// Groups that name us merge, as RFC 9309 §2.2.1 says.
				found = true
				mine.rules = append(mine.rules, g.r.rules...)
				mine.delay = max(mine.delay, g.r.delay)
			}
		}
	}
	if found {
		return mine
	}
	if star != nil {
		return *star
	}
	return robots{}
}

// allowed reports whether path (with its query) may be fetched: the
// longest matching rule decides, and an allow wins a tie.
func (r robots) allowed(path string) bool {
	if r.disallowAll {
		return false
	}
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches path against a robots.txt pattern, where '*' is any
// run of characters and a final '$' anchors the end.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return !anchored || rest == ""
}
