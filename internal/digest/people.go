package digest

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// people merges the speakers of many articles. A person is known by the
// folded form of their canonical name; a shorter name that is an alias or
// the surname of exactly one longer name ("Macron" and "Emmanuel Macron") is
// the same person. Two people who share a surname stay apart.
type people struct {
	byKey map[string]*person
	// list holds the people in the order first seen, for deterministic output.
	list []*person
	// merged maps a folded name to the folded name of the person it is.
	merged map[string]string
	// keys and byName cache key and note: a digest of thousands of
	// articles names the same few dozen people a hundred thousand times.
	keys   map[string]string
	byName map[string]*person
}

// person is what the articles say about one name.
type person struct {
	key string
	// person is true for a name (it starts with a capital letter), false for
	// a descriptive source such as "a spokesperson", which is not merged
	// with anything nor listed among the speakers.
	person bool
	// listed is true for a speaker: someone an article lists, quotes or
	// reports. A name seen only as a timeline entry's speaker or a
	// decision's actor joins a speaker but is not listed on its own.
	listed bool
	// forms counts each spelling of the name as written.
	forms []formCount
	roles []formCount
	// aliases are as written, first seen first.
	aliases            []string
	quotes, statements int
}

type formCount struct {
	form  string
	count int
}

// bump counts one more use of form.
func bump(fs []formCount, form string) []formCount {
	return bumpBy(fs, form, 1)
}

// bumpBy counts n more uses of form.
func bumpBy(fs []formCount, form string, n int) []formCount {
	for i := range fs {
		if fs[i].form == form {
			fs[i].count += n
			return fs
		}
	}
	return append(fs, formCount{form, n})
}

// best is the most frequent form; ties go to the longest, then the first seen.
func best(fs []formCount) string {
	var top formCount
	for _, f := range fs {
		if f.count > top.count || (f.count == top.count && len(f.form) > len(top.form)) {
			top = f
		}
	}
	return top.form
}

func newPeople() *people {
	return &people{
		byKey:  make(map[string]*person),
		merged: make(map[string]string),
		keys:   make(map[string]string),
		byName: make(map[string]*person),
	}
}

// note records a name as written and returns its person, nil for "".
func (ps *people) note(name string) *person {
	if p, ok := ps.byName[name]; ok {
		if p != nil {
			p.forms = bump(p.forms, strings.TrimSpace(name))
		}
		return p
	}
	asWritten := name
	name = strings.TrimSpace(name)
	key := nameKey(name)
	if key == "" {
		ps.byName[asWritten] = nil
		return nil
	}
	p := ps.byKey[key]
	if p == nil {
		r, _ := utf8.DecodeRuneInString(name)
		p = &person{key: key, person: unicode.IsUpper(r)}
		ps.byKey[key] = p
		ps.list = append(ps.list, p)
	}
	ps.byName[asWritten] = p
	p.forms = bump(p.forms, name)
	return p
}

// nameKey folds a name and drops the titles before it, so that "President
// Alexander Stubb" and "Alexander Stubb" are one person and "President
// Macron" is a surname like "Macron".
func nameKey(name string) string {
	key := foldKey(name)
	for {
		word, rest, ok := strings.Cut(key, " ")
		if !ok || !isTitleWord(word) {
			return key
		}
		key = rest
	}
}

// isTitleWord reports whether a folded word is a title or honorific that
// stands before a name.
func isTitleWord(w string) bool {
	switch w {
	case "president", "vice", "prime", "minister", "chancellor", "premier", "secretary", "general",
		"foreign", "defence", "defense", "finance", "state", "chief", "commissioner", "ambassador",
		"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
		"king", "queen", "prince", "princess", "pope", "senator", "sen", "rep", "representative",
		"gov", "governor", "mayor", "gen", "col", "adm", "admiral", "colonel", "captain", "capt", "pm":
		return true
	}
	return false
}

func (ps *people) addExtraction(x *Extraction) {
	for _, s := range x.Speakers {
		p := ps.note(s.Name)
		if p == nil {
			continue
		}
		p.listed = true
		if s.Role != "" {
			p.roles = bump(p.roles, s.Role)
		}
		for _, a := range s.Aliases {
			if !slices.Contains(p.aliases, a) {
				p.aliases = append(p.aliases, a)
			}
		}
	}
	for _, q := range x.Quotes {
		if p := ps.note(q.Speaker); p != nil {
			p.listed = true
			p.quotes++
		}
	}
	for _, st := range x.Statements {
		if p := ps.note(st.Speaker); p != nil {
			p.listed = true
			p.statements++
		}
	}
	// Noted so that "Rutte" in a timeline joins "Mark Rutte" like anywhere else.
	for _, ev := range x.Timeline {
		ps.note(ev.Speaker)
	}
	for _, d := range x.Decisions {
		ps.note(d.Actor)
	}
}

// resolve decides which names are the same person and moves their counts,
// roles and spellings onto the fullest name.
func (ps *people) resolve() {
	// aliasOf maps a folded alias or surname to the longer names it may stand for.
	aliasOf := make(map[string][]string)
	add := func(alias, full string) {
		if alias == "" || alias == full || slices.Contains(aliasOf[alias], full) {
			return
		}
		aliasOf[alias] = append(aliasOf[alias], full)
	}
	for _, p := range ps.list {
		if !p.person || strings.Count(p.key, " ") == 0 {
			continue
		}
		for _, a := range p.aliases {
			add(nameKey(a), p.key)
		}
		add(p.key[strings.LastIndexByte(p.key, ' ')+1:], p.key)
	}
	// Longest names first, so that every candidate a name may join is
	// already resolved to the person it is; two candidates that turn out
	// to be one person ("Volodymyr Zelenskyy" and "Volodymyr Oleksandrovych
	// Zelenskyy") do not make "Zelenskyy" ambiguous.
	byLength := slices.Clone(ps.list)
	slices.SortStableFunc(byLength, func(a, b *person) int {
		return cmp.Compare(strings.Count(b.key, " "), strings.Count(a.key, " "))
	})
	for _, p := range byLength {
		if !p.person {
			continue
		}
		words := strings.Count(p.key, " ")
		var target string
		for _, full := range aliasOf[p.key] {
			if strings.Count(full, " ") <= words {
				continue
			}
			if m := ps.merged[full]; m != "" {
				full = m
			}
			if target != "" && target != full {
				target = "" // two people answer to this name: leave it alone
				break
			}
			target = full
		}
		if target != "" {
			ps.merged[p.key] = target
		}
	}
	for _, p := range ps.list {
		root := ps.merged[p.key]
		if root == "" {
			continue
		}
		r := ps.byKey[root]
		r.listed = r.listed || p.listed
		r.quotes += p.quotes
		r.statements += p.statements
		for _, f := range p.roles {
			r.roles = bumpBy(r.roles, f.form, f.count)
		}
		for _, f := range p.forms {
			if !slices.Contains(r.aliases, f.form) {
				r.aliases = append(r.aliases, f.form)
			}
		}
		for _, a := range p.aliases {
			if !slices.Contains(r.aliases, a) {
				r.aliases = append(r.aliases, a)
			}
		}
	}
}

// key returns the folded name of the person a name stands for, after
// merging. It is only called once resolve has run.
func (ps *people) key(name string) string {
	if k, ok := ps.keys[name]; ok {
		return k
	}
	k := nameKey(name)
	if m := ps.merged[k]; m != "" {
		k = m
	}
	ps.keys[name] = k
	return k
}

// display is how the person with the folded name key is shown; asWritten
// is used for a name the people did not record.
func (ps *people) display(key, asWritten string) string {
	if p := ps.byKey[key]; p != nil {
		return p.display()
	}
	return asWritten
}

// role is the role of the person with the folded name key, "" when none.
func (ps *people) role(key string) string {
	if p := ps.byKey[key]; p != nil {
		return p.topRole()
	}
	return ""
}

// display is the name as most often written, preferring a spelling with no
// title before it.
func (p *person) display() string {
	var bare []formCount
	for _, f := range p.forms {
		if foldKey(f.form) == p.key {
			bare = append(bare, f)
		}
	}
	if len(bare) > 0 {
		return best(bare)
	}
	return best(p.forms)
}
func (p *person) topRole() string { return best(p.roles) }

// aliasList is the other names the person goes by, without the displayed
// one or its spellings, sorted.
func (p *person) aliasList() []string {
	name := p.display()
	seen := map[string]bool{foldKey(name): true}
	var out []string
	for _, a := range p.aliases {
		k := foldKey(a)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
