package digest

import (
	"slices"
	"sort"
	"strings"
)

// namedPerson is someone (or some body) the text names.
type namedPerson struct {
	// name is the fullest mention, titles and possessive dropped.
	name        string
	first, last string
	// role is the title the text gives the person, "" when none.
	role string
	// roleRank orders role evidence: a title before the fullest name beats an
	// appositive, which beats a title on a shorter mention.
	roleRank int
	// forms are the other ways the text names the person.
	forms []string
	// mentions are byte offsets of every mention, in text order.
	mentions []int
	// singles are the one-word mentions, merged into mentions once the
	// registry is built.
	singles []int
	// gender is what the text's own cues say (Mr., Mrs., "herself",
	// "congresswoman"): he and she only stand for a person who agrees.
	gender gender
}

// gender is a person's grammatical gender as the text shows it.
type gender uint8

const (
	genderUnknown gender = iota
	genderMale
	genderFemale
	// genderMixed: the cues disagree, so the text says nothing sure.
	genderMixed
)

// note adds one cue to what is known.
func (g *gender) note(cue gender) {
	switch {
	case cue == genderUnknown || *g == cue:
	case *g == genderUnknown:
		*g = cue
	default:
		*g = genderMixed
	}
}

// agrees reports whether a person of gender g can be called by a pronoun of
// gender want: unless the text says otherwise, anyone can.
func (g gender) agrees(want gender) bool {
	return g != genderMale && g != genderFemale || g == want
}

// genderWords are the honorifics, titles and nouns that tell a person's
// gender in English.
var genderWords = func() map[string]gender {
	m := map[string]gender{}
	for _, w := range strings.Fields(`mr mr. sir lord king prince congressman chairman spokesman businessman
		man father son husband brother boy gentleman grandfather uncle nephew widower himself he his`) {
		m[w] = genderMale
	}
	for _, w := range strings.Fields(`mrs mrs. ms ms. miss madam dame lady queen princess congresswoman chairwoman
		spokeswoman businesswoman woman mother daughter wife sister girl grandmother aunt niece widow herself she her`) {
		m[w] = genderFemale
	}
	return m
}()

// runGender reads the gender cues of a run of name words: an honorific or
// gendered title before the name ("Mrs. Clinton", "Congresswoman Ames"),
// "spokeswoman Haley Morris", or a reflexive or gendered noun set off after
// it ("Silverman, herself a supporter,", "Lund, the mother of two,").
func runGender(text string, toks []token, r nameRun) gender {
	var g gender
	for k := r.roleFrom; k < r.nameFrom; k++ {
		g.note(genderWords[toks[k].low])
	}
	if k := r.roleFrom - 1; k >= 0 && toks[k].kind == tokWord && !isCapitalized(text[toks[k].start:toks[k].end]) {
		if cue := genderWords[toks[k].low]; roleAppositiveNouns[toks[k].low] || personNouns[toks[k].low] {
			g.note(cue)
		}
	}
	if k := r.roleFrom - 2; k >= 0 && toks[k].kind == tokWord && toks[k+1].kind == tokPunct && text[toks[k+1].start:toks[k+1].end] == "," {
		// A gendered noun set off before the name is the name: "her
		// husband, Frank Ames,"; never a pronoun ("told her, Ames said").
		if lk := toks[k].low; !pronouns[lk] && lk != "his" && lk != "her" && lk != "himself" && lk != "herself" {
			g.note(genderWords[lk])
		}
	}
	if k := r.end; k+1 < len(toks) && toks[k].kind == tokWord && toks[k].cls&lexSpeech != 0 {
		// "Ames said she …": the subject pronoun of what the name is
		// reported to say is the name itself far more often than not.
		// Not "his" or "her": "Ames said her plan" may be another's plan.
		if lk := toks[k+1].low; lk == "he" || lk == "she" {
			g.note(genderWords[lk])
		}
	}
	if k := r.end; k+1 < len(toks) && toks[k].kind == tokPunct && text[toks[k].start:toks[k].end] == "," {
		// The appositive's words up to its head: ", herself a …" or ", the
		// mother of …": pronouns inside it are another person's.
		lk := toks[k+1].low
		if lk == "himself" || lk == "herself" {
			g.note(genderWords[lk])
		} else if lk == "the" || lk == "a" || lk == "an" {
			for j := k + 2; j < len(toks) && j < k+6 && toks[j].kind == tokWord; j++ {
				if l := toks[j].low; personNouns[l] || roleAppositiveNouns[l] || genderWords[l] != genderUnknown && !pronouns[l] && l != "his" && l != "her" {
					g.note(genderWords[l])
					break
				}
			}
		}
	}
	return g
}

// lastNamed returns the person of gender g named last before byte offset
// pos, -1 when none.
func (rg *registry) lastNamed(g gender, pos int) int {
	best, bestPos := -1, -1
	for _, i := range rg.gendered {
		p := rg.people[i]
		if p.gender != g {
			continue
		}
		if k := sort.SearchInts(p.mentions, pos); k > 0 && p.mentions[k-1] > bestPos {
			best, bestPos = i, p.mentions[k-1]
		}
	}
	return best
}

// genderOf returns what the text says of the gender of a speaker as the
// extraction names them: a person by name, or a description by its head
// noun ("a spokeswoman").
func (rg *registry) genderOf(name string) gender {
	if i, ok := rg.byName[name]; ok {
		return rg.people[i].gender
	}
	head := name
	if k := strings.LastIndexByte(head, ' '); k >= 0 {
		head = head[k+1:]
	}
	var buf [24]byte
	low, _ := lowerKey(&buf, head)
	if pronouns[low] || low == "his" || low == "her" {
		return genderUnknown
	}
	return genderWords[low]
}

// registry holds the people an article names, found in runs of capitalised
// words, so that "Macron" and "the president" can be resolved to "Emmanuel
// Macron". It is built once per article, before attribution.
type registry struct {
	people []*namedPerson
	// byLast and byFirst index people by their last and first name words.
	byLast  map[string][]int
	byFirst map[string][]int
	// roled are the people with a role, in the order they were found;
	// fulls those named with two words or more.
	roled []int
	fulls []int
	// gendered are the people the text marks as a man or a woman.
	gendered []int
	byName   map[string]int
	// pendingRoles are titles seen on one-word mentions, applied at the end.
	pendingRoles []pendingRole
}

// nameRun is a run of capitalised words: a title part and a name part, as
// token indexes [roleFrom, nameFrom) and [nameFrom, end).
type nameRun struct {
	roleFrom, nameFrom, end int
	// possessive is set when the run is a possessive form used before
	// another name ("NATO's Rutte"): the run is then not a name itself.
	possessive bool
}

// newRegistry finds the people of text from its tokens.
func newRegistry(text string, toks []token) *registry {
	rg := &registry{byLast: map[string][]int{}, byFirst: map[string][]int{}, byName: map[string]int{}}
	runs := findNameRuns(text, toks)
	type single struct {
		word, alias string
		pos         int
		gender      gender
	}
	var singles []single
	for ri, r := range runs {
		if r.possessive {
			continue
		}
		name, first, last := runName(text, toks, r)
		if name == "" {
			continue
		}
		pos := toks[r.nameFrom].start
		if r.end-r.nameFrom == 1 {
			alias := ""
			if ri > 0 && runs[ri-1].possessive && runs[ri-1].end == r.roleFrom {
				alias = text[toks[runs[ri-1].roleFrom].start:toks[r.end-1].end]
			}
			singles = append(singles, single{word: last, alias: alias, pos: pos, gender: runGender(text, toks, r)})
			if r.nameFrom > r.roleFrom {
				// "President Trump": a title on a one-word name still tells the role.
				singles[len(singles)-1].alias = ""
				rg.noteRole(last, text[toks[r.roleFrom].start:toks[r.nameFrom-1].end], pos)
			}
			continue
		}
		p := rg.add(name, first, last, pos)
		p.gender.note(runGender(text, toks, r))
		role, rank := runRole(text, toks, r)
		if rank == 0 && ri > 0 && !isPossessive(text[toks[r.end-1].start:toks[r.end-1].end]) {
			// "France's Minister for Ecological Transition, Claire Dubois,":
			// a title alone, a comma, then the name; never a name in the
			// possessive ("the Union Leader, New Hampshire's largest paper").
			if t := runs[ri-1]; t.nameFrom == t.end && !t.possessive && t.end+1 == r.roleFrom &&
				text[toks[t.end].start:toks[t.end].end] == "," {
				role, rank = text[toks[t.roleFrom].start:toks[t.end-1].end], 2
			}
		}
		if rank > p.roleRank {
			p.role, p.roleRank = role, rank
		}
	}
	// Full names first, then the single words, so that a surname finds its
	// full name wherever in the text that comes.
	for _, s := range singles {
		if i := rg.lookupWordAs(s.word, s.pos, s.gender); i >= 0 {
			p := rg.people[i]
			p.gender.note(s.gender)
			p.singles = append(p.singles, s.pos)
			if s.word != p.name {
				p.addForm(s.word)
			}
			if s.alias != "" {
				p.addForm(s.alias)
			}
			continue
		}
		p := rg.add(s.word, s.word, s.word, s.pos)
		p.gender.note(s.gender)
		if s.alias != "" {
			p.addForm(s.alias)
		}
	}
	for _, p := range rg.people {
		if len(p.singles) > 0 {
			p.mentions = append(p.mentions, p.singles...)
			p.singles = nil
			sort.Ints(p.mentions)
		}
	}
	for _, r := range rg.pendingRoles {
		if i := rg.lookupWord(r.word, r.pos); i >= 0 {
			p := rg.people[i]
			if p.roleRank < 1 {
				p.role, p.roleRank = r.role, 1
			}
		}
	}
	for i, p := range rg.people {
		if p.role != "" {
			rg.roled = append(rg.roled, i)
		}
		if (p.gender == genderMale || p.gender == genderFemale) && len(rg.gendered) < maxRoled {
			rg.gendered = append(rg.gendered, i)
		}
	}
	return rg
}

// maxForms bounds the aliases kept for one person.
const maxForms = 8

func (p *namedPerson) addForm(f string) {
	if len(p.forms) >= maxForms {
		return
	}
	for _, g := range p.forms {
		if g == f {
			return
		}
	}
	p.forms = append(p.forms, f)
}

func (rg *registry) add(name, first, last string, pos int) *namedPerson {
	if i, ok := rg.byName[name]; ok {
		p := rg.people[i]
		if k := sort.SearchInts(p.mentions, pos); k == len(p.mentions) || p.mentions[k] != pos {
			p.mentions = slices.Insert(p.mentions, k, pos)
		}
		return p
	}
	p := &namedPerson{name: name, first: first, last: last, mentions: []int{pos}}
	rg.byName[name] = len(rg.people)
	rg.byLast[last] = append(rg.byLast[last], len(rg.people))
	if first != last {
		rg.byFirst[first] = append(rg.byFirst[first], len(rg.people))
		rg.fulls = append(rg.fulls, len(rg.people))
	}
	rg.people = append(rg.people, p)
	return p
}

// lookupWord finds the person a single name word at pos stands for: the
// person with that last name mentioned most recently before pos (the
// fullest name when several share it), else the first after it; failing
// that, a person whose first word it is (Xi for Xi Jinping). -1 when none.
func (rg *registry) lookupWord(w string, pos int) int {
	return rg.lookupWordAs(w, pos, genderUnknown)
}

// lookupWordAs is lookupWord for a mention whose own words tell a gender
// ("Mrs. Clinton"): among those sharing the name, only a person who agrees
// with it.
func (rg *registry) lookupWordAs(w string, pos int, g gender) int {
	if i := rg.nearest(rg.byLast[w], pos, g); i >= 0 {
		return i
	}
	// A family name written first (Xi Jinping): never a body's first word
	// ("Biden" is not the "Biden Administration").
	// Only a person the text marks as one, by a title or a gender cue: "the
	// Cleveland Jobs summit" and "Democrats Abroad" are no Xi Jinping.
	var people []int
	for _, i := range rg.byFirst[w] {
		p := rg.people[i]
		if !isPersonNoun(strings.ToLower(p.last)) && !bodyWords[strings.ToLower(p.last)] &&
			(p.role != "" || p.gender != genderUnknown) {
			people = append(people, i)
		}
	}
	if i := rg.nearest(people, pos, genderUnknown); i >= 0 {
		return i
	}
	// A variant spelling of a full name's last word (Zelensky, Zelenskyy).
	for n, i := range rg.fulls {
		if n == maxRoled {
			break
		}
		if nearSpelling(w, rg.people[i].last) {
			return i
		}
	}
	return -1
}

// nearSpelling reports whether two name words of six letters or more are one
// spelling of a transliterated name with a last letter more or less
// (Zelensky, Zelenskyy); a change inside the word is another name (Carson,
// Carlson).
func nearSpelling(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 6 && len(b) == len(a)+1 && b[:len(a)] == a && b[len(a)] != 's' // the Clintons are two
}

// bodyWords end the names of bodies, not people.
var bodyWords = wordSet(`administration institute center centre department ministry house council committee
agency bank university foundation party coalition alliance union energy factory company corporation
news times post service services program programme office court commission association fund forum
summit agreement plan partnership initiative group network times journal press review world`)

// maxCandidates bounds how many people sharing a name a lookup weighs, so
// that a text naming thousands of Smiths stays linear.
const maxCandidates = 16

// nearest returns, among cands that agree with gender g, the person
// mentioned last before pos, else the first after it; -1 when none.
func (rg *registry) nearest(cands []int, pos int, g gender) int {
	best, bestPos := -1, -1
	after, afterPos := -1, -1
	for n, i := range cands {
		if n == maxCandidates {
			break
		}
		p := rg.people[i]
		if (g == genderMale || g == genderFemale) && !p.gender.agrees(g) {
			continue
		}
		// mentions are in text order: the last one before pos and the first
		// after it are neighbours.
		k := sort.SearchInts(p.mentions, pos+1)
		if k > 0 {
			m := p.mentions[k-1]
			if m > bestPos || m == bestPos && len(p.name) > len(rg.people[best].name) {
				best, bestPos = i, m
			}
		}
		if k < len(p.mentions) {
			if m := p.mentions[k]; after < 0 || m < afterPos {
				after, afterPos = i, m
			}
		}
	}
	if best >= 0 {
		return best
	}
	return after
}

// pendingRole is a title seen on a one-word mention ("President Trump"),
// applied once every full name is known.
type pendingRole struct {
	word, role string
	pos        int
}

func (rg *registry) noteRole(word, role string, pos int) {
	rg.pendingRoles = append(rg.pendingRoles, pendingRole{word, role, pos})
}

// resolveName returns the person a name mention (title and name words as
// written) stands for, adding it when the text never named it otherwise.
func (rg *registry) resolveName(text string, toks []token, r nameRun) *namedPerson {
	name, first, last := runName(text, toks, r)
	if name == "" {
		return nil
	}
	pos := toks[r.nameFrom].start
	if first == last {
		if i := rg.lookupWordAs(last, pos, runGender(text, toks, r)); i >= 0 {
			return rg.people[i]
		}
		return rg.add(name, first, last, pos)
	}
	best := -1
	for _, i := range rg.byLast[last] {
		p := rg.people[i]
		if p.first == first && (best < 0 || len(p.name) > len(rg.people[best].name)) {
			best = i
		}
	}
	if best >= 0 {
		p := rg.people[best]
		if p.name != name {
			p.addForm(name)
		}
		return p
	}
	p := rg.add(name, first, last, pos)
	if role, rank := runRole(text, toks, r); rank > p.roleRank {
		p.role, p.roleRank = role, rank
	}
	return p
}

// maxRoled bounds the people with a role that byRole weighs: an article
// names a few dozen at most, and the bound keeps hostile text linear.
const maxRoled = 64

// byRole finds the person a role noun stands for ("the president", "the
// NATO chief"): among the people with a role mentioned before pos, the one
// whose role holds the noun (or, for "chief", "head" and "leader", the
// qualifier). -1 unless the text makes it plain: when two people hold the
// role equally well ("President Obama" and "President Hollande"), "the
// president" could be either, and a wrong name is worse than none.
func (rg *registry) byRole(head string, qualifiers []string, pos int) int {
	best, bestScore := -1, 0
	tied := false
	for n, i := range rg.roled {
		if n == maxRoled {
			break
		}
		p := rg.people[i]
		role := roleWords(p.role)
		score := 0
		if containsWord(role, head) {
			score += 2
			if !sameRank(role, head, qualifiers) {
				continue // "the president" is not the vice president, nor the former governor "the governor"
			}
		}
		for _, q := range qualifiers {
			if containsWord(role, strings.ToLower(q)) {
				score++
			}
		}
		if head == "chief" || head == "head" || head == "leader" {
			if score == 0 {
				continue
			}
		} else if score < 2 {
			continue
		}
		if k := sort.SearchInts(p.mentions, pos); k == 0 {
			continue
		}
		switch {
		case score > bestScore:
			best, bestScore, tied = i, score, false
		case score == bestScore:
			tied = true
		}
	}
	if tied {
		return -1
	}
	return best
}

// rankWords change which office a role noun names: the vice president is
// not the president, and a former governor is not "the governor".
var rankWords = wordSet(`vice deputy former ex ex- assistant associate lieutenant lt. acting late co- outgoing`)

// sameRank reports whether a role and a mention agree on the rank words
// before the head noun: "Vice President" answers "the vice president" but not
// "the president".
func sameRank(role, head string, qualifiers []string) bool {
	want := 0
	for _, q := range qualifiers {
		if rankWords[strings.ToLower(q)] {
			if !containsWord(role, strings.ToLower(q)) {
				return false
			}
			want++
		}
	}
	have := 0
	for _, w := range strings.Fields(role) {
		if w == head {
			break
		}
		if rankWords[w] || strings.HasPrefix(w, "ex-") || strings.HasPrefix(w, "vice-") {
			have++
		}
	}
	return have == want
}

// titleAbbreviations spell out the short titles written before names, so
// that "Gov. Christie" answers "the governor".
var titleAbbreviations = map[string]string{"gov.": "governor", "sen.": "senator", "rep.": "representative",
	"lt.": "lieutenant", "gen.": "general", "atty.": "attorney", "sec.": "secretary", "pres.": "president",
	"amb.": "ambassador", "supt.": "superintendent", "cmdr.": "commander", "adm.": "admiral", "col.": "colonel",
	"capt.": "captain", "sgt.": "sergeant", "gov": "governor", "sen": "senator", "rep": "representative"}

// roleWords returns a role in lower case with its abbreviated titles
// spelled out.
func roleWords(role string) string {
	ws := strings.Fields(strings.ToLower(role))
	for i, w := range ws {
		if full, ok := titleAbbreviations[w]; ok {
			ws[i] = full
		}
	}
	return strings.Join(ws, " ")
}

// containsWord reports whether s holds w as a whole word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordByte(s[j-1])
		after := j+len(w) == len(s) || !isWordByte(s[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// findNameRuns finds the runs of capitalised words of text, leaving out
// headline-like paragraphs, where every word is capitalised.
func findNameRuns(text string, toks []token) []nameRun {
	var runs []nameRun
	var buf [24]byte
	paraEnd := -1
	headline := false
	for i := 0; i < len(toks); {
		if toks[i].start > paraEnd {
			paraEnd, headline = paragraphAt(text, toks, i)
		}
		if headline || toks[i].kind != tokWord || !startsName(text, toks, i, &buf) {
			i++
			continue
		}
		j := i
		for j < len(toks) && toks[j].kind == tokWord {
			if j > i && strings.IndexByte(text[toks[j-1].end:toks[j].start], '\n') >= 0 {
				break // a name never runs on to the next line ("… F.A.A.\nMost …")
			}
			w := text[toks[j].start:toks[j].end]
			lk := toks[j].low
			if (lk == "of" || lk == "for") && j > i && isTitleToken(text, toks[j-1], &buf) &&
				j+1 < len(toks) && toks[j+1].kind == tokWord && isCapitalized(text[toks[j+1].start:toks[j+1].end]) {
				j++ // "Secretary of State John Kerry"
				continue
			}
			if j > i && toks[j].cls&lexNameStop != 0 && toks[j].cls&(lexTitle|lexHonorific) == 0 {
				break
			}
			if isCapitalized(w) {
				j++
				if isPossessive(w) {
					if j < len(toks) && toks[j].kind == tokWord && isTitleToken(text, toks[j], &buf) {
						continue // Finland's President
					}
					break
				}
				continue
			}
			if particles[lk] &&
				j+1 < len(toks) && toks[j+1].kind == tokWord && isCapitalized(text[toks[j+1].start:toks[j+1].end]) {
				j++
				continue
			}
			break
		}
		if j == i {
			i++
			continue
		}
		runs = append(runs, splitRun(text, toks, i, j, &buf))
		i = j
	}
	return runs
}

// startsName reports whether toks[i] can open a run of name words.
func startsName(text string, toks []token, i int, buf *[24]byte) bool {
	w := text[toks[i].start:toks[i].end]
	if !isCapitalized(w) {
		return false
	}
	return toks[i].cls&lexNameStop == 0 || toks[i].cls&lexHonorific != 0
}

func isTitleToken(text string, t token, buf *[24]byte) bool {
	return t.cls&(lexTitle|lexHonorific) != 0
}

// paragraphAt returns the end of the paragraph holding toks[i] and whether it
// reads as a headline: four words or more, nearly all capitalised.
func paragraphAt(text string, toks []token, i int) (end int, headline bool) {
	end = strings.IndexByte(text[toks[i].start:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += toks[i].start
	}
	words, caps := 0, 0
	for j := i; j < len(toks) && toks[j].start < end; j++ {
		if toks[j].kind != tokWord {
			continue
		}
		w := text[toks[j].start:toks[j].end]
		if len(w) <= 3 && !isCapitalized(w) {
			continue // of, the, in: lower case in a headline too
		}
		words++
		if isCapitalized(w) {
			caps++
		}
	}
	// A headline rarely ends with a full stop; one that does must be all
	// capitalised ("NYTimes Casually Conflates Ted Cruz With George Wallace.").
	para := strings.TrimRight(text[toks[i].start:end], " \t\r")
	if strings.HasSuffix(para, ".") {
		return end, words >= 4 && caps == words
	}
	return end, words >= 4 && caps*10 >= words*8
}

// splitRun cuts a run of capitalised words into its title and its name.
func splitRun(text string, toks []token, from, to int, buf *[24]byte) nameRun {
	r := nameRun{roleFrom: from, nameFrom: from, end: to}
	for k := from; k < to; k++ {
		if isTitleToken(text, toks[k], buf) || k < to-1 && isPossessive(text[toks[k].start:toks[k].end]) {
			r.nameFrom = k + 1
		}
	}
	// A title with "of" or "for" names a field before the name ("Secretary of
	// State John Kerry", "Envoy for Climate John Kerry"): the name is the
	// last two words.
	for k := r.roleFrom; k < to; k++ {
		if lk := toks[k].low; (lk == "of" || lk == "for") && k >= r.nameFrom-1 {
			if to-k-1 >= 3 {
				r.nameFrom = to - 2
			} else {
				r.nameFrom = to // "Minister for Ecological Transition": a title alone
			}
			break
		}
	}
	// "State Department", "Defense Ministry": a title word before a body
	// is part of the body's name, not a title.
	if r.nameFrom == to-1 && r.nameFrom > r.roleFrom && bodyWords[toks[to-1].low] {
		r.nameFrom = r.roleFrom
	}
	last := text[toks[to-1].start:toks[to-1].end]
	if isPossessive(last) && to < len(toks) && toks[to].kind == tokWord && toks[to].start-toks[to-1].end <= 1 &&
		isCapitalized(text[toks[to].start:toks[to].end]) {
		// "NATO's" before a name: a possessive, not a name.
		r.possessive = true
	}
	return r
}

// runName returns the name part of a run, as written, without a possessive
// ending, with its first and last words. Runs longer than four words are
// not one name: their last three are kept.
func runName(text string, toks []token, r nameRun) (name, first, last string) {
	from, to := r.nameFrom, r.end
	if to <= from {
		return "", "", ""
	}
	if to-from > 4 {
		from = to - 3
	}
	name = stripPossessive(text[toks[from].start:toks[to-1].end])
	first = stripPossessive(text[toks[from].start:toks[from].end])
	last = stripPossessive(text[toks[to-1].start:toks[to-1].end])
	return name, first, last
}

// runRole returns the title part of a run ("NATO Secretary General") or,
// failing that, an appositive after it ("Abe, the Japanese prime
// minister,"), with a rank for choosing among several.
func runRole(text string, toks []token, r nameRun) (string, int) {
	if r.nameFrom > r.roleFrom {
		from := r.roleFrom
		for from < r.nameFrom {
			lk := toks[from].low
			if !honorifics[lk] {
				break
			}
			from++
		}
		if from < r.nameFrom {
			return text[toks[from].start:toks[r.nameFrom-1].end], 3
		}
	}
	// A lower-case title right before the run: "spokeswoman Haley Morris".
	if k := r.roleFrom - 1; k >= 0 && toks[k].kind == tokWord {
		lk := toks[k].low
		if roleAppositiveNouns[lk] && !isCapitalized(text[toks[k].start:toks[k].end]) {
			from := k
			for from > 0 && toks[from-1].kind == tokWord && isCapitalized(text[toks[from-1].start:toks[from-1].end]) && from > k-4 {
				from--
			}
			for from < k {
				lk := toks[from].low
				if !nameStops[lk] {
					break
				}
				from++
			}
			return text[toks[from].start:toks[k].end], 2
		}
	}
	// An appositive: ", the Japanese prime minister," or ", head of …,".
	k := r.end
	if k >= len(toks) || text[toks[k].start:toks[k].end] != "," {
		return "", 0
	}
	from := k + 1
	if from < len(toks) && toks[from].kind == tokWord {
		lk := toks[from].low
		if lk == "the" || lk == "a" || lk == "an" {
			from++
		} else if clauseWords[lk] {
			return "", 0 // ", and National Climate Advisor Gina McCarthy": the next in a list
		}
	}
	hasRole := false
	end := from
	for end < len(toks) && end < from+16 && toks[end].kind == tokWord {
		lk := toks[end].low
		if lk == "who" || lk == "which" || lk == "said" || lk == "says" {
			return "", 0
		}
		if roleAppositiveNouns[lk] {
			hasRole = true
		}
		end++
	}
	if !hasRole || end == from || end >= len(toks) {
		return "", 0
	}
	if p := text[toks[end].start:toks[end].end]; p != "," && p != "." && p != ";" {
		return "", 0
	}
	return text[toks[from].start:toks[end-1].end], 2
}

// speaker returns the person as the extraction shows it.
func (p *namedPerson) speaker() Speaker {
	s := Speaker{Name: p.name, Role: p.role}
	for _, f := range p.forms {
		if f != p.name {
			s.Aliases = append(s.Aliases, f)
		}
	}
	return s
}
