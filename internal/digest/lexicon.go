package digest

import "strings"

// The word lists the extraction rules read. They are lower case, looked up
// through lowerKey, and never written after start-up.

func wordSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// speechVerbs introduce a quote: the verb of its attribution.
var speechVerbs = wordSet(`
say says said saying tell tells told telling add adds added adding state stated
assert asserts asserted asserting note notes noted noting warn warns warned warning
write writes wrote writing written explain explains explained explaining declare declares declared declaring
insist insists insisted insisting argue argues argued arguing claim claims claimed claiming
ask asks asked asking reply replies replied replying respond responds responded responding
continue continues continued recall recalls recalled recalling acknowledge acknowledges acknowledged
admit admits admitted announce announces announced announcing emphasize emphasizes emphasized
emphasise emphasises emphasised emphasizing stress stresses stressed stressing urge urges urged urging
caution cautions cautioned cautioning remark remarks remarked observe observes observed
conclude concludes concluded comment comments commented tweet tweets tweeted tweeting post posts posted
according disclose discloses disclosed reveal reveals revealed revealing suggest suggests suggested
predict predicts predicted promise promises promised vow vows vowed counter countered quip quipped
joke joked concede concedes conceded complain complains complained boast boasts boasted charge charged
maintain maintains maintained contend contends contended testify testified underscore underscores underscored
reiterate reiterates reiterated repeat repeated affirm affirmed confirm confirms confirmed deny denies denied
describe describes described describing call calls called calling praise praised criticize criticized
criticise criticised blast blasted slam slammed lament lamented muse mused wonder wondered shout shouted
yell yelled whisper whispered thunder thundered opine opined proclaim proclaimed endorse endorsed echo echoed
text texted email emailed report reports reported insisted recount recounted recounts explain
told telling pledge pledged pledges pledging scoff scoffed sigh sighed laugh laughed chimed interjected interject
summarize summarized summarise summarised begin began added retort retorted
thought thinks believes believed feels felt underline underlined underlines conveyed convey conveys highlighted highlight highlights
barked snapped exclaim exclaims exclaimed sneered fumed raged screamed gushed marveled marvelled demanded
pleaded begged groaned growled grumbled hissed muttered murmured protested ranted reasoned roared teased wailed
chided bragged answered`)

// reportVerbs introduce reported speech or a stated view: the verb of a
// statement ("Stubb disclosed that …").
var reportVerbs = wordSet(`
say says said told tells add adds added stated assert asserts asserted note notes noted
warn warns warned write writes wrote explain explains explained declare declares declared insist insists insisted
argue argues argued claim claims claimed announce announces announced emphasize emphasizes emphasized
emphasise emphasised stress stresses stressed caution cautioned acknowledge acknowledges acknowledged
admit admits admitted disclose disclosed discloses reveal revealed reveals suggest suggested suggests
predict predicted predicts promise promised promises vow vowed vows maintain maintained maintains
contend contended contends testify testified confirm confirmed confirms deny denied denies
according believe believes believed think thinks thought reiterate reiterated concede conceded
recall recalled complain complained charge charged urge urged urges insisted estimate estimated
noting adding saying arguing warning insisting explaining stressing emphasizing cautioning underscored
articulated articulates outlined outlines detailed details expressed expresses voiced voices reaffirmed reaffirms
signaled signalled signals hinted hints
asked asks reported reports show shows showed shown found finds find described describes criticized criticised
accused accuses endorsed endorses defended defends called calls wants want wanted hopes hope hoped fear fears feared
knows know knew plans proposed proposes agreed agrees refused declined declines praised praises supported supports
opposed opposes rejected rejects dismissed dismisses attacked cited cites sought seeks telling suggesting
blamed blames questioned questions expects expected pointed touted touts credited credits welcomed welcomes
mocked mocks slammed blasted lashed argued acknowledging recalling citing pledging vowing promising predicting
underlined highlighted conveyed cautioned
rubbished ridiculed derided disputed rebutted refuted
referring referred refers
`)

// pronouns may stand for a speaker; "who" stands for the name before it.
var pronouns = wordSet(`he she they we i it who`)

// determiners open a description of a speaker ("a spokesperson").
var determiners = wordSet(`the a an his her their its our one two three four several some many most other various numerous
another both all these those each any few`)

// adverbs and auxiliaries may stand between a speaker and the verb ("Obama
// also said", "he has repeatedly said").
var verbFillers = wordSet(`also has have had would will was is were are later then further again recently
previously once quickly simply just never often frequently flatly firmly strongly bluntly angrily
publicly privately earlier reportedly repeatedly still even already since now had finally
initially openly calmly sharply separately jokingly tersely has been did does do not
could can should might may must only always sometimes usually long here
`)

// clauseWords end a speaker description read backwards or forwards.
var clauseWords = wordSet(`that which and or but when where while as if because although though than
then to in on at by from into during after before since with without about over under
said says told who whom whose what not no so yet`)

// particles join the parts of a name (Ursula von der Leyen, Osama bin Laden).
var particles = wordSet(`von van der den de da di du la le al el bin ibn ben dos das del della ter`)

// nameStops are capitalised words that start sentences or name no one; a run
// of capitalised words loses them at its start. Sentence adverbs ("Shortly
// after the vote, …") and imperatives ("Note the reply: …") are among them, but not
// words that are also surnames (Rex Early, Ian Read) or end names of bodies
// (Judicial Watch, the Holy See).
var nameStops = wordSet(`the a an but and or in on at as if when while after before since during for
with from this that these those it he she they we i yet so still meanwhile however also then now
today here there despite although though because under over by of to through throughout among between
his her their our its my your what why how who where which speaking standing asked according
mr mrs ms dr sir
likewise moreover furthermore instead nevertheless nonetheless indeed besides otherwise thus hence perhaps like unlike
can could would should does did is are was were might must
even just both each every either neither several
two three four five six seven eight nine ten
hours days weeks months years minutes later earlier ago last next
monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december
much unless until shortly
usually ultimately essentially notably nationally publicly privately overwhelmingly hastily eventually
finally initially originally apparently clearly certainly surely only even
having listen note consider imagine wait
`)

// titleWords make up titles before a name ("NATO Secretary General",
// "Finland's President"): the role part of a run of capitalised words.
var titleWords = wordSet(`president vice prime minister chancellor secretary general secretary-general
senator sen. sens. rep. reps. representative congressman congresswoman gov. governor mayor judge justice chief
chairman chairwoman chair director ambassador king queen prince princess pope speaker leader
commissioner premier gen. lt. col. adm. sgt. capt. maj. prof. rev. sir lord dame spokesman
spokeswoman spokesperson attorney deputy acting former candidate sheikh crown emir sultan
minister foreign defense defence finance interior treasury state envoy adviser advisor
head deputy-secretary under-secretary undersecretary cardinal archbishop bishop rabbi imam
lieutenant colonel major captain sergeant admiral marshal commander officer
executive ceo founder co-founder professor economist analyst strategist

`)

// honorifics come before a name but are no role.
var honorifics = wordSet(`mr. mrs. ms. dr. mr mrs ms dr miss madam`)

// roleNouns head a description that may stand for a known speaker ("the
// president", "the NATO chief").
var roleNouns = wordSet(`president chancellor minister secretary secretary-general senator governor mayor
chief leader premier king queen pope ambassador spokesman spokeswoman spokesperson chairman chairwoman
general commissioner congressman congresswoman candidate nominee director envoy head prime`)

// roleAppositiveNouns show that an appositive after a name is a role
// ("Abe, the Japanese prime minister,").
var roleAppositiveNouns = wordSet(`president chancellor minister secretary secretary-general senator governor
mayor chief leader premier king queen pope ambassador spokesman spokeswoman spokesperson chairman
chairwoman general commissioner congressman congresswoman candidate nominee director envoy head
adviser advisor official professor analyst expert fellow researcher economist founder ceo executive
lawmaker representative author editor correspondent reporter strategist aide manager member
delegate moderator host anchor columnist commentator`)

// decisionVerbs mark a decision.
var decisionVerbs = wordSet(`agreed agree agrees finalized finalised finalize finalise approved approve approves
pledged pledge pledges committed commit commits signed sign signs imposed impose imposes launched
launch launches adopted adopt adopts decided decide decides endorsed ratified ratify
resolved established establish unveiled unveil announced proposed propose proposes
`)

// proposalVerbs make what follows them a proposal: a decision whose actor is
// the proposer, even inside reported speech.
var proposalVerbs = wordSet(`proposed propose proposes suggested offered recommended`)

// plans are what an announcement must be about to be a decision.
var plans = wordSet(`plan plans agreement deal package sanctions pact framework initiative accord
commitment commitments guarantees treaty declaration communique fund programme program strategy
measures mission coalition partnership roadmap`)

// timeWords end phrases of time, which are never speakers ("two weeks ago").
var timeWords = wordSet(`ago week weeks year years day days month months time times night morning today
yesterday tonight earlier later hours hour minutes minute afternoon evening weekend decade decades century
centuries`)

// personNouns head descriptions that can speak: people, groups, bodies and
// the documents that say things ("a spokesman", "the report").
var personNouns = wordSet(`man woman men women source sources official officials group campaign committee
spokesman spokeswoman spokesperson statement report poll survey study analysis court judge police
department agency ministry government administration office team newspaper network magazine website
memo letter email document aide aides adviser advisers advisor candidate candidates governor senator
lawmaker lawmakers president chief leader leaders magnate businessman businesswoman billionaire
front-runner frontrunner nominee neurosurgeon chairman chairwoman moderator host anchor reporter
columnist writer author economist analyst analysts expert experts professor researcher researchers
lawyer lawyers attorney prosecutor prosecutors witness mother father son daughter wife husband friend
voter voters supporter supporters protester protesters resident residents member members worker workers
student students people person director minister secretary ambassador envoy diplomat diplomats
commission council board union party organization organisation foundation institute center centre
company firm bank school university paper outlet station channel show publication editorial
investigation review filing complaint lawsuit indictment ruling order release data figures
critics critic observers officer officers soldier soldiers commander general veteran veterans
activist activists advocate advocates organizers organiser organisers organizer pollster pollsters
strategist strategists operative operatives consultant consultants insider insiders donor donors
democrat democrats republican republicans conservative conservatives liberal liberals progressive
progressives representative representatives congressman congresswoman mayor sheriff chancellor
premier king queen prince pope cleric bishop priest pastor rabbi imam doctor doctors nurse scientist
scientists historian historians teacher teachers parent parents family owner owners executive executives
ceo founder manager employee employees staff staffer staffers aide assistant partner partners ally allies
rival rivals opponent opponents colleague colleagues nation nations country countries state states
gentleman gentlemen lady ladies guy guys folks someone anyone everyone everybody nobody
coalition alliance bloc side camp office-holder incumbent challenger contender hopeful hopefuls
airline embassy military army navy regulator regulators hospital city county district startup carrier
star socialist speechwriter admiral reader readers mogul realist movement generation tabloid readout summary
delegation delegations
`)

// weakReportVerbs report speech only with a that-clause, a clause or a
// quote: "a poll found that …", "she maintained they were wrong", not
// "Sanders found a receptive audience" or "Clinton maintains a lead".
// found that …", not "Sanders found a receptive audience".
var weakReportVerbs = wordSet(`found finds find maintain maintains maintained`)

// sourceShares head the descriptions of polls' respondents ("a majority",
// "53 percent") and of research, which PolNeAR-style attribution counts.
var sourceShares = wordSet(`percent majority plurality minority half third quarter most some research data
evidence ad ads article story book tweet post video transcript interview speech remarks comments record
polling average ranking rankings census tally count industry`)

// Lexicon classes, as bits: a word's classes are looked up once, when it is
// tokenised, and the hot loops test bits instead of looking words up again.
const (
	lexSpeech uint32 = 1 << iota
	lexReport
	lexDecision
	lexNameStop
	lexTitle
	lexHonorific
)

// lexicon maps a lower-cased word to its classes.
var lexicon = func() map[string]uint32 {
	m := map[string]uint32{}
	for _, c := range []struct {
		set map[string]bool
		bit uint32
	}{
		{speechVerbs, lexSpeech}, {reportVerbs, lexReport}, {decisionVerbs, lexDecision},
		{nameStops, lexNameStop}, {titleWords, lexTitle}, {honorifics, lexHonorific},
	} {
		for w := range c.set {
			m[w] |= c.bit
		}
	}
	return m
}()
