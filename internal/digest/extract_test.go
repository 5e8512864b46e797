package digest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// said is a quote as the attribution tests read it.
type said struct {
	Speaker string
	Text    string
	Kind    Kind
	Time    Clock
}

func quotesOf(text string) []said {
	var out []said
	for _, q := range Extract(Article{Text: text}).Quotes {
		out = append(out, said{Speaker: q.Speaker, Text: q.Text, Kind: q.Kind, Time: q.Time})
	}
	return out
}

func TestExtractAttribution(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []said
	}{
		{"verb after the quote",
			`"We will stand by Ukraine," Emmanuel Macron said.`,
			[]said{{"Emmanuel Macron", "We will stand by Ukraine,", Direct, ""}}},
		{"inverted verb",
			`"The plan is ready," said Debra Decker of the Stimson Center.`,
			[]said{{"Debra Decker", "The plan is ready,", Direct, ""}}},
		{"colon before the quote",
			`Chancellor Olaf Brandt said: "Europe must pay its share."`,
			[]said{{"Olaf Brandt", "Europe must pay its share.", Direct, ""}}},
		{"appositive between name and verb",
			`Mark Rutte, the NATO chief, said "we must not be naive about Russia."`,
			[]said{{"Mark Rutte", "we must not be naive about Russia.", Partial, ""}}},
		{"according to",
			`"Talks will resume on Monday," according to Anna Berg, the mediator.`,
			[]said{{"Anna Berg", "Talks will resume on Monday,", Direct, ""}}},
		{"told reporters",
			`Pedro Alves told reporters: "Nobody left the room happy."`,
			[]said{{"Pedro Alves", "Nobody left the room happy.", Direct, ""}}},
		{"wrote on social media",
			`Ida Holm wrote on social media that the deal was "a great day for Europe."`,
			[]said{{"Ida Holm", "a great day for Europe.", Partial, ""}}},
		{"in a statement",
			`In a statement, Jonas Lind said: "We welcome the decision."`,
			[]said{{"Jonas Lind", "We welcome the decision.", Direct, ""}}},
		{"title and name with a colon, no verb",
			"Finnish President Alexander Stubb: “We have made more progress in two weeks than in three years.”",
			[]said{{"Alexander Stubb", "We have made more progress in two weeks than in three years.", Direct, ""}}},
		{"split by its attribution",
			`"We agree on the goal," Marta Ruiz said. "The details will take time."`,
			[]said{{"Marta Ruiz", "We agree on the goal,", Direct, ""}, {"Marta Ruiz", "The details will take time.", Direct, ""}}},
		{"pronoun resolved to the last speaker",
			"Leo Park spoke first. “We are ready,” Park said. “We have been for weeks,” he added.",
			[]said{{"Leo Park", "We are ready,", Direct, ""}, {"Leo Park", "We have been for weeks,", Direct, ""}}},
		{"role noun resolved",
			"President Lena Cruz opened the talks. “Nobody wins a long war,” the president said.",
			[]said{{"Lena Cruz", "Nobody wins a long war,", Direct, ""}}},
		{"the president is not the vice president",
			"Vice President Ana Moss met President Lena Cruz in Oslo. “We stand together,” the vice president said. “So do we,” the president said.",
			[]said{{"Ana Moss", "We stand together,", Direct, ""}, {"Lena Cruz", "So do we,", Direct, ""}}},
		{"the governor is not a former governor",
			"Gov. Tom Reyes met Ruth Hale, the former Ohio governor, on Monday. “The budget holds,” the governor said.",
			[]said{{"Tom Reyes", "The budget holds,", Direct, ""}}},
		{"the former governor is the former one",
			"Gov. Tom Reyes met Ruth Hale, the former Ohio governor, on Monday. “The budget fails,” the former governor said.",
			[]said{{"Ruth Hale", "The budget fails,", Direct, ""}}},
		{"a short title names the role",
			"Voters cheered Sen. Ida Marsh in Reno. “We will win Nevada,” the senator said.",
			[]said{{"Ida Marsh", "We will win Nevada,", Direct, ""}}},
		{"a role two people hold is left as written",
			"President Lena Cruz hosted President Omar Said in Rome. “Nobody wins a long war,” the president said.",
			[]said{{"the president", "Nobody wins a long war,", Direct, ""}}},
		{"a bare title word is a name, not someone with that title",
			"Crowds filled King Arthur Memorial Hall on Sunday.\n\nKing said the champion \"never once backed down.\"",
			[]said{{"King", "never once backed down.", Partial, ""}}},
		{"a capitalised title after the is a role",
			"President Lena Cruz opened the talks. “Nobody wins a long war,” the President said.",
			[]said{{"Lena Cruz", "Nobody wins a long war,", Direct, ""}}},
		{"a no-break space ends the sentence before the next speaker",
			"The point came up in a Green debate in May, when Ida Marsh called the Labour frontrunner “Moscow’s best friend.”\u00a0She also said, without evidence, that “they are paying people, showing clips of Tom Hale shouting at nurses.”",
			[]said{{"Ida Marsh", "Moscow’s best friend.", Direct, ""}, {"Ida Marsh", "they are paying people, showing clips of Tom Hale shouting at nurses.", Partial, ""}}},
		{"an adverb opening the sentence is no speaker",
			"Ultimately, Ida Marsh attacked Tom Hale, calling him “a failed mayor.”",
			[]said{{"Ida Marsh", "a failed mayor.", Partial, ""}}},
		{"an imperative opening the sentence is no speaker",
			"Wait for the punchline: “We never had a budget.”",
			[]said{{"", "We never had a budget.", Direct, ""}}},
		{"a name in the possessive after a title is no appositive",
			"The Valley Leader, New Mexico’s oldest newspaper, backed the plan.\n\n“It is a bad deal,” the Senate minority leader said.",
			[]said{{"the Senate minority leader", "It is a bad deal,", Direct, ""}}},
		{"a verb run into the quote gives way to the attribution after it",
			"Mayor Tom Hale gave his budget speech. Nothing the mayor said “will calm the markets,” Ida Marsh said.",
			[]said{{"Ida Marsh", "will calm the markets,", Partial, ""}}},
		{"an action after the quote is no attribution",
			"Under what Tom Hale called “the old model,” the club charged a large fee.",
			[]said{{"Tom Hale", "the old model,", Partial, ""}}},
		{"a surname that is also an adverb stays a name",
			"“We will hold the line,” said Rex Early, the party chairman.",
			[]said{{"Rex Early", "We will hold the line,", Direct, ""}}},
		{"a title after a rank word still resolves by role",
			"Tom Hale raised the wage while mayor. But the other candidate on the stage, former Secretary of State Ada Quill, drew a contrast, saying that concerns about jobs were real.\n\n“I do take what the experts said seriously,” she said.",
			[]said{{"Ada Quill", "I do take what the experts said seriously,", Direct, ""}}},
		{"source as written",
			`"The meeting is over," a spokesperson said.`,
			[]said{{"a spokesperson", "The meeting is over,", Direct, ""}}},
		{"nobody said it",
			`The banner read: "Peace now, talks later."`,
			[]said{{"", "Peace now, talks later.", Direct, ""}}},
		{"standalone quote continues the sentence before",
			`The effort has made progress, Obama told Americans. "Vast regions of the world are now off limits."`,
			[]said{{"Obama", "Vast regions of the world are now off limits.", Direct, ""}}},
		{"who said",
			"He met Chinese President Xi Jinping, who said “We want to enhance communication and coordination.”",
			[]said{{"Xi Jinping", "We want to enhance communication and coordination.", Direct, ""}}},
		{"time in the sentence",
			"'We have finalized a plan,' Macron stated at 16:25 local time.",
			[]said{{"Macron", "We have finalized a plan,", Direct, "16:25"}}},
		{"time in brackets for a partial quote",
			"Volodymyr Zelenskyy spoke at noon. He added that the guarantees must be 'strong and legally binding' (16:49).",
			[]said{{"Volodymyr Zelenskyy", "strong and legally binding", Partial, "16:49"}}},
		{"name, not a quote",
			"The 'Coalition of the Willing' met in Paris to discuss 'Raising Our Climate Ambition'.",
			nil},
		{"scare quote, not a quote",
			`The so-called "peace dividend" never came.`,
			nil},
		{"nested quote with its own speaker",
			"Trump said: “At the table, one of the gentlemen… he said, ‘Well, let’s meet in another month or two.’ I said no.”",
			[]said{
				{"Trump", "At the table, one of the gentlemen… he said, ‘Well, let’s meet in another month or two.’ I said no.", Direct, ""},
				{"one of the gentlemen", "Well, let’s meet in another month or two.", Direct, ""},
			}},
		{"a noun that looks like a speech verb",
			`Party Chairman Reince Priebus called Clinton's remarks on the attack a "bizarre attempt to deflect attention."`,
			[]said{{"Reince Priebus", "bizarre attempt to deflect attention.", Partial, ""}}},
		{"a participle takes the subject of its clause",
			`Bush offered a Trump-style retort, tweeting at him, "you are a liar and a whiner."`,
			[]said{{"Bush", "you are a liar and a whiner.", Partial, ""}}},
		{"participial opener is not the subject",
			`Waving flags, the marchers chanted "we want peace and we want it now."`,
			[]said{{"", "we want peace and we want it now.", Partial, ""}}},
		{"prepositional opener is not the subject",
			`Amid the applause, Nora Vik called the accord "the start of a safer decade."`,
			[]said{{"Nora Vik", "the start of a safer decade.", Partial, ""}}},
		{"participle after a preposition speaks for the clause's subject",
			`Tomas Brel, himself a delegate, drew a round of jeers upon saying, "The talks have failed."`,
			[]said{{"Tomas Brel", "The talks have failed.", Direct, ""}}},
		{"a statement issued by the subject",
			`On Friday, Ines Faro issued a statement saying the summit was "a turning point for the region."`,
			[]said{{"Ines Faro", "a turning point for the region.", Partial, ""}}},
		{"a statement as the subject speaks for itself",
			`The statement said the summit was "a turning point for the region."`,
			[]said{{"The statement", "a turning point for the region.", Partial, ""}}},
		{"a party in brackets between the name and the verb",
			`Sen. Ruth Ames (D-Ore.) told reporters that she "would be surprised if the vote passed."`,
			[]said{{"Ruth Ames", "would be surprised if the vote passed.", Partial, ""}}},
		{"a lone determiner is a source",
			`"This is their democracy," one user wrote. Another wrote: "I can watch the comedy for years."`,
			[]said{{"one user", "This is their democracy,", Direct, ""}, {"Another", "I can watch the comedy for years.", Direct, ""}}},
		{"quoted as saying",
			`"Our method works where others fail," Dan Reyes is quoted as saying.`,
			[]said{{"Dan Reyes", "Our method works where others fail,", Direct, ""}}},
		{"a speech verb outside the common ones",
			`"Enough of this," Mira Holt snapped.`,
			[]said{{"Mira Holt", "Enough of this,", Direct, ""}}},
		{"goes on to say",
			`The memo goes on to say: "Every delegation must sign by Friday."`,
			[]said{{"The memo", "Every delegation must sign by Friday.", Direct, ""}}},
		{"a noun that may be a speech verb, after a determiner",
			`The report said the summit was "a failure of nerve and of planning."`,
			[]said{{"The report", "a failure of nerve and of planning.", Partial, ""}}},
		{"she is not the man named last",
			`Mr. Tomas Brel met Mrs. Ana Vik. "We have a deal," she said.`,
			[]said{{"Ana Vik", "We have a deal,", Direct, ""}}},
		{"he after a woman is the last man named",
			`Congressman Jon Ede spoke after Ms. Ida Roth. "It is over," she said. "The deal holds for now," he added.`,
			[]said{{"Ida Roth", "It is over,", Direct, ""}, {"Jon Ede", "The deal holds for now,", Direct, ""}}},
		{"a reflexive appositive tells the gender",
			`Ana Vik, herself a delegate, spoke first. "We have a deal," he said.`,
			[]said{{"", "We have a deal,", Direct, ""}}},
		{"a pronoun with no person of its gender is no one",
			`Spokeswoman Lia Moss opened the briefing. "Nothing is settled," he said.`,
			[]said{{"", "Nothing is settled,", Direct, ""}}},
		{"she after a speech verb tells the gender of its subject",
			`Kim Lund said she would vote no. "We have a deal," he said.`,
			[]said{{"", "We have a deal,", Direct, ""}}},
		{"he after a speech verb tells the gender of its subject",
			`Kim Lund says he will vote no. "It is over," she said.`,
			[]said{{"", "It is over,", Direct, ""}}},
		{"her after a speech verb may be whom it was said to",
			`Kim Lund told her aides to wait. "We have a deal," he said.`,
			[]said{{"Kim Lund", "We have a deal,", Direct, ""}}},
		{"a gendered noun set off before the name tells the gender",
			`Mrs. Lia Moss came with her husband, Jon Moss. Jon Moss spoke first. "It is over," she said.`,
			[]said{{"Lia Moss", "It is over,", Direct, ""}}},
		{"a gendered noun set off before the name leaves no one of the other gender",
			`The senator thanked his daughter, Kim Lund. Kim Lund waved. "We have a deal," he said.`,
			[]said{{"", "We have a deal,", Direct, ""}}},
		{"a gendered description as the subject is who she stands for next",
			`Kim Lund spoke first. An Ohio woman waved a sign. "We want answers," she said.`,
			[]said{{"Ohio woman", "We want answers,", Direct, ""}}},
		{"a gendered description as the subject is who he stands for next",
			`Kim Lund spoke first. A Texas man held up a flag. "Count every vote," he said.`,
			[]said{{"Texas man", "Count every vote,", Direct, ""}}},
		{"no cue, no change",
			`Kim Lund spoke first. "We have a deal," she said.`,
			[]said{{"Kim Lund", "We have a deal,", Direct, ""}}},
		{"a noun that is also a verb of speech heads a description",
			`Protest groups said the rules were "less for safety than for show."`,
			[]said{{"Protest groups", "less for safety than for show.", Partial, ""}}},
		{"a place and its region inside an opener",
			`Speaking at a rally in Salem, New Hampshire, Ada Korn went after her rival, calling him "a total stiff."`,
			[]said{{"Ada Korn", "a total stiff.", Partial, ""}}},
		{"a dateline is not the subject",
			`Lisbon (AFP) – Minister Rui Sal has rejected the offer, saying that "empty promises" help no one at all.`,
			[]said{{"Rui Sal", "empty promises", Partial, ""}}},
		{"a pronoun with a clitic is not a name",
			`It’s plain that Eva Lind called the union "one of the sponsors of my campaign."`,
			[]said{{"Eva Lind", "one of the sponsors of my campaign.", Partial, ""}}},
		{"according to a report named by its outlet",
			`"The deal will hold," according to a Reuters report.`,
			[]said{{"a Reuters report", "The deal will hold,", Direct, ""}}},
		{"a numeral after the is a source",
			`"You have picked a new standard out of thin air," the two write.`,
			[]said{{"the two", "You have picked a new standard out of thin air,", Direct, ""}}},
		{"a quoted name inside the appositive",
			`"We have had better summits than this one," Dana Wirth, wearing "Team Europe" pins, said.`,
			[]said{{"Dana Wirth", "We have had better summits than this one,", Direct, ""}}},
		{"a place before a role noun and the name",
			`"It is over," said Texas delegate Bill Eastland.`,
			[]said{{"Bill Eastland", "It is over,", Direct, ""}}},
		{"a name after a dash introduces the quote",
			`Estimates of turnout are unreliable - Pew Research: "All the samples include more engaged voters."`,
			[]said{{"Pew Research", "All the samples include more engaged voters.", Direct, ""}}},
		{"a participle is never inverted",
			`Eva Lind defended "European values," saying the city embodied the "courage and soul of the continent."`,
			[]said{{"Eva Lind", "European values,", Partial, ""}, {"Eva Lind", "courage and soul of the continent.", Partial, ""}}},
		{"a party in brackets and a comma before the verb",
			`After winning the primary, Gov. Ana Reyes (D-NM), said, "We are going all the way to the capital."`,
			[]said{{"Ana Reyes", "We are going all the way to the capital.", Direct, ""}}},
		{"a person in a place",
			`"Will he be the next minister?" a staffer in the room wondered.`,
			[]said{{"a staffer in the room", "Will he be the next minister?", Direct, ""}}},
		{"a noun that may be a verb, after modifiers",
			`Rui Sal said in May, when the leaked email story broke, "I did not send any secret files to anyone."`,
			[]said{{"Rui Sal", "I did not send any secret files to anyone.", Direct, ""}}},
		{"a party in brackets, then an appositive, before the verb",
			`Rep. Ana Vik (D-Md.), chair of the budget panel, said that the bill was “a very good start for the people.”`,
			[]said{{"Ana Vik", "a very good start for the people.", Partial, ""}}},
		{"an aside and a who-clause before the verb",
			`Tom Hale, meanwhile, who has no endorsements, said the count shows who is “ready to take on the old guard.”`,
			[]said{{"Tom Hale", "ready to take on the old guard.", Partial, ""}}},
		{"an appositive with no determiner",
			`Rui Sal, associate professor of history at Kent State, said the towns “have more of a long history.”`,
			[]said{{"Rui Sal", "have more of a long history.", Partial, ""}}},
		{"an appositive opening with a possessive",
			`Dan Lee, Vik’s deputy political director, said the team would “call every voter twice before the vote.”`,
			[]said{{"Dan Lee", "call every voter twice before the vote.", Partial, ""}}},
		{"a party and state set off by commas",
			`Sen. Tom Dale, R-Wis., said in an op-ed, “The agency failed to honor every request.”`,
			[]said{{"Tom Dale", "The agency failed to honor every request.", Direct, ""}}},
		{"an aside with a comma of its own",
			`Mike Sand, who lives outside the state capital, Sacramento, said he still “prays that Vik ends up the nominee.”`,
			[]said{{"Mike Sand", "prays that Vik ends up the nominee.", Partial, ""}}},
		{"a place in an opener is not the subject before the asides",
			`In Lyon, the mayor, who spoke first, said the fair was “a great success for all of us.”`,
			[]said{{"the mayor", "a great success for all of us.", Partial, ""}}},
		{"asides with commas between a quote and its verb",
			`The new rules “will not fix the problem, but are steps forward,” Ana Vik, deputy director of policy, budgets, and planning, said on the call.`,
			[]said{{"Ana Vik", "will not fix the problem, but are steps forward,", Partial, ""}}},
		{"a phrasal verb after the quote",
			`“There were some of us who hoped to work with them,” Ana Vik points out.`,
			[]said{{"Ana Vik", "There were some of us who hoped to work with them,", Direct, ""}}},
		{"a verb outside the lexicon in the attribution's slot",
			"“Jon wants to be a tough guy tonight,” Ida Roth shot back. “Let me talk.”",
			[]said{{"Ida Roth", "Jon wants to be a tough guy tonight,", Direct, ""}, {"Ida Roth", "Let me talk.", Direct, ""}}},
		{"a question and a verb outside the lexicon",
			"“Would it be fair to all of them?” Rui Sal pressed.",
			[]said{{"Rui Sal", "Would it be fair to all of them?", Direct, ""}}},
		{"a document reads",
			"“Every delegate must sign by Friday,” the memo reads.",
			[]said{{"the memo", "Every delegate must sign by Friday,", Direct, ""}}},
		{"a document with a place reads",
			"“You may need a new home,” a message on the website reads.",
			[]said{{"a message on the website", "You may need a new home,", Direct, ""}}},
		{"an inverted verb outside the lexicon",
			"“Our ideas of success are different,” agrees Ana Vik, 30, of Lyon.",
			[]said{{"Ana Vik", "Our ideas of success are different,", Direct, ""}}},
		{"a thing that is no source reads nothing",
			"“Peace now, talks later,” the banner read.",
			[]said{{"", "Peace now, talks later,", Direct, ""}}},
		{"a pronoun and a verb going on are the sentence, not its attribution",
			"Ana Vik spoke first. “If the city wants to lead the region and sell its plan abroad,” she needs to prove it can keep the rules.",
			[]said{{"", "If the city wants to lead the region and sell its plan abroad,", Direct, ""}}},
		{"a pronoun in the attribution's slot",
			"Ana Vik spoke first. “Let me finish my answer,” she shot back.",
			[]said{{"Ana Vik", "Let me finish my answer,", Direct, ""}}},
		{"an as-clause after the quote is no attribution",
			"“He was going to make the name known,” as his father dreamed, Ana Vik said.",
			[]said{{"Ana Vik", "He was going to make the name known,", Direct, ""}}},
		{"a quote opening the next sentence runs on",
			`"We are in good shape," said Tad Dunn, a senior adviser. "We can still win in Ohio and in Texas," which votes in March.`,
			[]said{{"Tad Dunn", "We are in good shape,", Direct, ""}, {"Tad Dunn", "We can still win in Ohio and in Texas,", Direct, ""}}},
		{"a connective before a quote that runs on",
			`"We were not happy at first," said Ana Vik. Now, "there is a large group saying this is fine."`,
			[]said{{"Ana Vik", "We were not happy at first,", Direct, ""}, {"Ana Vik", "there is a large group saying this is fine.", Partial, ""}}},
		{"a quote in a new paragraph does not run on",
			"\"We were not happy at first,\" said Ana Vik.\n\n\"The rules are clear,\" which nobody denies.",
			[]said{{"Ana Vik", "We were not happy at first,", Direct, ""}, {"", "The rules are clear,", Direct, ""}}},
		{"someone else after the quote does not run on",
			`"We were not happy at first," said Ana Vik. "Choke!" blared the front page of the Herald.`,
			[]said{{"Ana Vik", "We were not happy at first,", Direct, ""}}},
		{"a headline names the speaker before a colon",
			"Vik: Rival’s Plan ‘Not Fit To Serve The City Or Its People.’\n\nMayor Ana Vik says the plan of her rival is not fit for the city.",
			[]said{{"Ana Vik", "Not Fit To Serve The City Or Its People.", Direct, ""}}},
		{"a word before a headline's colon that names no one in the article",
			"Update: the talks are ‘not going anywhere soon, not this week.’\n\nMayor Ana Vik says the talks are stuck.",
			[]said{{"", "not going anywhere soon, not this week.", Partial, ""}}},
		{"a name's possessive heads a source",
			`In response, Mrs. Ana Vik's campaign said in a statement that "Ana Vik won't be bullied" by anyone.`,
			[]said{{"Mrs. Ana Vik's campaign", "Ana Vik won't be bullied", Partial, ""}}},
		{"a nested quote's closing mark before the inverted verb",
			"''Voters will not be satisfied with 'We will bomb them,''' said Senator Rui Sal of Ohio.",
			[]said{{"Rui Sal", "Voters will not be satisfied with 'We will bomb them,", Direct, ""}}},
		{"a party and a state as the appositive",
			`Senator Ana Vik, Republican of Ohio, called over her shoulder, "His comments are not helping."`,
			[]said{{"Ana Vik", "His comments are not helping.", Direct, ""}}},
		{"an appositive opening with a body's possessive",
			`Rui Sal of Berenberg, Germany's largest private bank, warned that the vote "may trigger a reaction against Brussels."`,
			[]said{{"Rui Sal", "may trigger a reaction against Brussels.", Partial, ""}}},
		{"had written",
			`As the columnist Ida Roth had written years earlier, "We could not have a film industry without him."`,
			[]said{{"Ida Roth", "We could not have a film industry without him.", Direct, ""}}},
		{"an inverted description and the name after it",
			`"The plant is hanging on," said the company's chief executive, John Ferro.`,
			[]said{{"John Ferro", "The plant is hanging on,", Direct, ""}}},
		{"a description with a time, then the name",
			`"The party is working to change its image," wrote the ambassador at the time, John Herb.`,
			[]said{{"John Herb", "The party is working to change its image,", Direct, ""}}},
		{"a description at a time with no name after it",
			`"The party is working to change its image," wrote the ambassador at the time.`,
			[]said{{"the ambassador", "The party is working to change its image,", Direct, ""}}},
		{"a lost space after the attribution's period",
			"“The fund will grow next year,” Kerr said.Vik claimed that the plan was new.",
			[]said{{"Kerr", "The fund will grow next year,", Direct, ""}}},
		{"a question, then the name and an appositive before the verb",
			"“Is it fine with you?” Eva Mill, a retired worker from a plant, said into the phone.",
			[]said{{"Eva Mill", "Is it fine with you?", Direct, ""}}},
		{"an exclamation, then a long title and name before the verb",
			"“The state is proud to cast its votes for the next president!” US Senator Jon Sessa said as he began.",
			[]said{{"Jon Sessa", "The state is proud to cast its votes for the next president!", Direct, ""}}},
		{"a period, then a long title and name starting a sentence",
			"“The party must change,” Vik said. “This is the culture of the campaign.” Ohio Gov. Jon Kasa said he would have fired him.",
			[]said{{"Vik", "The party must change,", Direct, ""}, {"Vik", "This is the culture of the campaign.", Direct, ""}}},
		{"a role outside the lexicon before the inverted name",
			`"I am not going to say it is a mistake," said retired neurosurgeon Ben Carr.`,
			[]said{{"Ben Carr", "I am not going to say it is a mistake,", Direct, ""}}},
		{"a role with of before the inverted name",
			`"Thanks, Clarkston, for welcoming these families," said master of ceremonies Asab Tabi, an engineer.`,
			[]said{{"Asab Tabi", "Thanks, Clarkston, for welcoming these families,", Direct, ""}}},
		{"a place ending in s before a role and the name",
			`"The way he acts shows why he has no support," said former Massachusetts congressman Barney Fry.`,
			[]said{{"Barney Fry", "The way he acts shows why he has no support,", Direct, ""}}},
		{"an inverted document with a phrase of where",
			"“There are worms with more spine than Ida Roth,” reads an editorial in the Des Moines Register.",
			[]said{{"an editorial", "There are worms with more spine than Ida Roth,", Direct, ""}}},
		{"a lawsuit reads",
			"“The chairman tied these statements to the firing of my client,” the suit reads.",
			[]said{{"the suit", "The chairman tied these statements to the firing of my client,", Direct, ""}}},
		{"a verb in the past before the comma that opens the quote",
			"Pressed on the vote, Ida Roth bristled, “I am a progressive who likes to get things done.”",
			[]said{{"Ida Roth", "I am a progressive who likes to get things done.", Direct, ""}}},
		{"a name and a verb with a colon after a quote introduce the next one",
			"“We are refugees,” Ana Alawi said. “We are not terrorists.” Rui Zahed said: “The attack is the work of terrorists.”",
			[]said{{"Ana Alawi", "We are refugees,", Direct, ""}, {"Ana Alawi", "We are not terrorists.", Direct, ""}, {"Rui Zahed", "The attack is the work of terrorists.", Direct, ""}}},
		{"a document right after its determiner",
			`"We have the momentum now, and they know it," the email read.`,
			[]said{{"the email", "We have the momentum now, and they know it,", Direct, ""}}},
		{"this source",
			"“The kids do not like him at all,” this source told the Post.",
			[]said{{"this source", "The kids do not like him at all,", Direct, ""}}},
		{"a verb outside the lexicon and whom it was said to",
			"“I will not let you down, believe me,” Rui Sal assured Jon Ede, after Ede praised him.",
			[]said{{"Rui Sal", "I will not let you down, believe me,", Direct, ""}}},
		{"an inverted lone source",
			"“Yet another state we would have won,” one user wrote. “Watch out for fraud in Kentucky,” tweeted another.",
			[]said{{"one user", "Yet another state we would have won,", Direct, ""}, {"another", "Watch out for fraud in Kentucky,", Direct, ""}}},
		{"a lone source after a connective",
			"“It is a close race,” one voter said. Yet another said, “Rubio is in a five-way battle for second.”",
			[]said{{"one voter", "It is a close race,", Direct, ""}, {"another", "Rubio is in a five-way battle for second.", Direct, ""}}},
		{"a question, then a verb and a particle outside the lexicon",
			"“You know, it happens, right?” Rui Sal went on, as if he had not heard her. “But you get over it.”",
			[]said{{"Rui Sal", "You know, it happens, right?", Direct, ""}, {"Rui Sal", "But you get over it.", Direct, ""}}},
		{"a copula and a lone source after a quote is someone else",
			"“America is great, and we will win,” Ana Vik said. “Anybody but Trump,” was another slogan.",
			[]said{{"Ana Vik", "America is great, and we will win,", Direct, ""}}},
		{"an aside between the subject and its verb with no speech verb",
			"Former Gov. Mike Hale, for his part, is labeling the order “a blatant, belligerent abuse of power.”",
			[]said{{"Mike Hale", "a blatant, belligerent abuse of power.", Partial, ""}}},
		{"a home state is no speech verb",
			"Rui Vik, celebrating a victory in the primary in his home state of Vermont, is pledging to “win many hundreds of delegates” on Tuesday.",
			[]said{{"Rui Vik", "win many hundreds of delegates", Partial, ""}}},
		{"a plural subject states",
			`"Today, the kingdom is one of the leading nations in fighting terror," the Saudis state in the paper.`,
			[]said{{"the Saudis", "Today, the kingdom is one of the leading nations in fighting terror,", Direct, ""}}},
		{"continue to is no speech verb",
			"In a statement, Ted Cruz said he is certain Rui Sal will continue to be “a champion for opportunity in America.”",
			[]said{{"Ted Cruz", "a champion for opportunity in America.", Partial, ""}}},
		{"added to whom",
			"“It was fifty percent more than her show,” Rui Sal added to People.",
			[]said{{"Rui Sal", "It was fifty percent more than her show,", Direct, ""}}},
		{"a past verb, a particle and an adverb before the colon",
			"When Vik said the city would sue, Rui Sal fired back forcefully: “If they sue us in Miami, they are going to lose.”",
			[]said{{"Rui Sal", "If they sue us in Miami, they are going to lose.", Direct, ""}}},
		{"a quote reported with that belongs to the verb before it",
			"But even as Rui Sal claimed on Tuesday that “Ida Roth got in trouble for far less,” one of the former prosecutors said the cases were different.",
			[]said{{"Rui Sal", "Ida Roth got in trouble for far less,", Partial, ""}}},
		{"a passive verb before the comma is no attribution",
			"Ana Vik wrote a post, arguing that if tougher measures against the refugees were not deployed, “more homes of asylum seekers will burn.”",
			[]said{{"Ana Vik", "more homes of asylum seekers will burn.", Partial, ""}}},
		{"a sentence ending with a colon introduces the quote after it",
			"Ida Holm put it this way on Monday:\n\n\"We are going to stay until the work is done.\"",
			[]said{{"Ida Holm", "We are going to stay until the work is done.", Direct, ""}}},
		{"a colon with no one speaking introduces no speaker",
			"The banner over the stage read:\n\n\"Peace now, talks later.\"",
			[]said{{"", "Peace now, talks later.", Direct, ""}}},
		{"a modal between the source and the verb",
			`"I guess the hall was booked," a spokesman for the campaign could only say.`,
			[]said{{"a spokesman for the campaign", "I guess the hall was booked,", Direct, ""}}},
		{"a sentence adverb is not a subject",
			`Likewise, Ana Reyes called the law "a failure of nerve and planning."`,
			[]said{{"Ana Reyes", "a failure of nerve and planning.", Partial, ""}}},
		{"a person from a body",
			`"We are done," a spokeswoman from the European Commission said.`,
			[]said{{"a spokeswoman from the European Commission", "We are done,", Direct, ""}}},
		{"the asker of a passive question",
			`Ida Roth was asked by TV moderator Jon Ede whether the plan risked "adding another costly program to the budget."`,
			[]said{{"Jon Ede", "adding another costly program to the budget.", Partial, ""}}},
		{"openers one after another",
			`In June, after Lund lost the vote, Rui Sal expected the result to be "a disaster for the whole party."`,
			[]said{{"Rui Sal", "a disaster for the whole party.", Partial, ""}}},
		{"and before a participle: the speaker of the verb before",
			`The day Lund lost, Rui Sal emailed her, thanking her and telling her, "you are a star player and we need you."`,
			[]said{{"Rui Sal", "you are a star player and we need you.", Partial, ""}}},
		{"as X put it",
			`"We are in a deep hole," as Ida Roth put it.`,
			[]said{{"Ida Roth", "We are in a deep hole,", Direct, ""}}},
		{"in the words of X",
			`"We are in a deep hole," in the words of Ida Roth.`,
			[]said{{"Ida Roth", "We are in a deep hole,", Direct, ""}}},
		{"in X's view",
			`"This is a failure across the board, not one or two things," in Rui Sal’s view.`,
			[]said{{"Rui Sal", "This is a failure across the board, not one or two things,", Direct, ""}}},
		{"the title of a show ending the sentence is not a quote",
			`"We are in a deep hole," Ida Roth said on "Face the Nation."`,
			[]said{{"Ida Roth", "We are in a deep hole,", Direct, ""}}},
		{"a sentence about the speaker between two quotes",
			"\"We will not back down,\" Ida Holm said. She paused.\n\n\"Nobody leaves this room until it is done.\"",
			[]said{{"Ida Holm", "We will not back down,", Direct, ""}, {"Ida Holm", "Nobody leaves this room until it is done.", Direct, ""}}},
		{"a sentence about someone else ends the speaker's words",
			"\"We will not back down,\" Ida Holm said. The crowd cheered.\n\n\"Nobody leaves this room until it is done.\"",
			[]said{{"Ida Holm", "We will not back down,", Direct, ""}, {"", "Nobody leaves this room until it is done.", Direct, ""}}},
		{"guillemets",
			"« Nous sommes prêts à signer », said Foreign Minister Jean Morel.",
			[]said{{"Jean Morel", "Nous sommes prêts à signer", Direct, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quotesOf(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Extract(%q).Quotes mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestExtractSpeakers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Speaker
	}{
		{"titles, possessives and appositives",
			"NATO Secretary General Mark Rutte met Finland's President Alexander Stubb and Shinzo Abe, the Japanese prime minister, on Monday.\n" +
				`"We are united," Rutte said. "Russia must leave," Stubb said. "Japan stands with you," Abe said. The warnings from NATO's Rutte were heard.`,
			[]Speaker{
				{Name: "Mark Rutte", Role: "NATO Secretary General", Aliases: []string{"Rutte", "NATO's Rutte"}},
				{Name: "Alexander Stubb", Role: "Finland's President", Aliases: []string{"Stubb"}},
				{Name: "Shinzo Abe", Role: "Japanese prime minister", Aliases: []string{"Abe"}},
			}},
		{"variant spelling",
			"Ukrainian President Volodymyr Zelenskyy arrived late.\n" + `"We need guarantees," Zelensky said.`,
			[]Speaker{{Name: "Volodymyr Zelenskyy", Role: "Ukrainian President", Aliases: []string{"Zelensky"}}}},
		{"titles with a field, a title before a comma, a list",
			"Biden was joined by Special Presidential Envoy for Climate John Kerry, and National Climate Advisor Gina McCarthy.\n" +
				`Kerry said the plan "will cut emissions by half before 2030."` + "\n" +
				`Secretary of State Blinken said the goal was "to save our planet and our jobs."` + "\n" +
				`France's Minister for Ecological Transition, Claire Dubois, called it "short-sighted and wrong."`,
			[]Speaker{
				{Name: "John Kerry", Role: "Special Presidential Envoy for Climate", Aliases: []string{"Kerry"}},
				{Name: "Blinken", Role: "Secretary of State"},
				{Name: "Claire Dubois", Role: "France's Minister for Ecological Transition"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(Article{Text: tt.text}).Speakers
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Extract(%q).Speakers mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestExtractStatementsAndDecisions(t *testing.T) {
	text := "Finland's President Alexander Stubb disclosed that Trump proposed closer coordination on sanctions (17:11).\n" +
		"He further revealed that the talks would go on.\n" +
		"The 26 nations have finalized a plan for security guarantees.\n" +
		"The urgency of the situation was highlighted by the talks."
	x := Extract(Article{Text: text})
	wantStatements := []Statement{
		{Speaker: "Alexander Stubb", Text: "Finland's President Alexander Stubb disclosed that Trump proposed closer coordination on sanctions (17:11).", Time: "17:11", Offset: 0},
		{Speaker: "Alexander Stubb", Text: "He further revealed that the talks would go on.", Offset: strings.Index(text, "He further")},
	}
	if diff := cmp.Diff(wantStatements, x.Statements); diff != "" {
		t.Errorf("Extract(%q).Statements mismatch (-want +got):\n%s", text, diff)
	}
	var actors []string
	for _, d := range x.Decisions {
		actors = append(actors, d.Actor)
	}
	if diff := cmp.Diff([]string{"Trump", "The 26 nations"}, actors); diff != "" {
		t.Errorf("Extract(%q) decision actors mismatch (-want +got):\n%s", text, diff)
	}
}

func TestExtractTimeline(t *testing.T) {
	text := "Live: the summit on September 4, 2025\n" +
		"6:30 p.m.\n" +
		`"We are close to a deal," said Sara Lind.` + "\n" +
		"4:05 p.m.\n" +
		`Omar Haddad told reporters that the talks had started at 10:09 and resumed at 13:42.`
	x := Extract(Article{Text: text})
	var got []string
	for _, ev := range x.Timeline {
		got = append(got, ev.Date+" "+string(ev.Time)+" "+ev.Speaker)
	}
	want := []string{"2025-09-04 10:09 Omar Haddad", "2025-09-04 13:42 Omar Haddad", "2025-09-04 18:30 Sara Lind"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Extract(%q).Timeline mismatch (-want +got):\n%s", text, diff)
	}
	if len(x.Quotes) != 1 || x.Quotes[0].Time != "18:30" {
		t.Errorf("Extract(%q).Quotes = %+v; want one quote at 18:30 from its heading", text, x.Quotes)
	}
	pub := Extract(Article{Text: "At 9:15 a.m. Jo Park said that it was over.", Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)})
	if len(pub.Timeline) != 1 || pub.Timeline[0].Date != "2024-05-01" || pub.Timeline[0].Time != "09:15" {
		t.Errorf("Extract with Published: timeline %+v; want one event on 2024-05-01 at 09:15", pub.Timeline)
	}
}

func TestFindTimes(t *testing.T) {
	tests := []struct {
		text string
		want []Clock
	}{
		{"at 16:25 local time", []Clock{"16:25"}},
		{"(16:46)", []Clock{"16:46"}},
		{"4:25 p.m. and 5.40 p.m.", []Clock{"16:25", "17:40"}},
		{"at 10:09 and 13:42", []Clock{"10:09", "13:42"}},
		{"12:30 a.m., 12 p.m., 9 AM", []Clock{"00:30", "12:00", "09:00"}},
		{"3.5 per cent, 2025, 10:09:33, 25:00, 4 amendments, $4.50", nil},
	}
	for _, tt := range tests {
		var got []Clock
		for _, tm := range findTimes(tt.text) {
			got = append(got, tm.clock)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("findTimes(%q) mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestFindDate(t *testing.T) {
	tests := []struct{ text, want string }{
		{"announced on September 4, 2025, that", "2025-09-04"},
		{"on 4 September 2025 in Paris", "2025-09-04"},
		{"Sept. 26, 2014", "2014-09-26"},
		{"dated 2025-09-04.", "2025-09-04"},
		{"February 30, 2025 and May 2025", ""},
	}
	for _, tt := range tests {
		if got := findDate(tt.text, tokenize(tt.text)); got != tt.want {
			t.Errorf("findDate(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

// TestExtractGolden runs the engine over the articles of testdata/extract
// and compares its JSON with NAME.json (go test -run ExtractGolden -update
// rewrites them). The articles are our own, written for the rules they pin.
func TestExtractGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "extract", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata/extract: %v", err)
	}
	for _, p := range paths {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			x := Extract(Article{Source: name, Title: strings.TrimSuffix(name, ".txt"), Text: string(text)})
			var b bytes.Buffer
			if err := WriteJSON(&b, []Extraction{x}); err != nil {
				t.Fatal(err)
			}
			for _, q := range x.Quotes {
				if !strings.Contains(string(text), q.Text) {
					t.Errorf("Extract(%s): quote %q is not in the text", name, q.Text)
				}
			}
			goldenPath := strings.TrimSuffix(p, ".txt") + ".json"
			if *update {
				if err := os.WriteFile(goldenPath, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("read golden file (run go test -run ExtractGolden -update to write it): %v", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("Extract(%s) JSON mismatch (-want +got), run with -update if the change is right:\n%s", name, diff)
			}
		})
	}
}

// TestExtractLongSentence checks that attribution still works inside a
// sentence of 100 KB, where it reads only a window around each quote.
func TestExtractLongSentence(t *testing.T) {
	filler := strings.Repeat("and the talks went on through the night ", 2500)
	text := "Leo Park spoke for hours " + filler + `before he said "we are done here" and left.`
	x := Extract(Article{Text: text})
	if len(x.Quotes) != 1 || x.Quotes[0].Speaker != "Leo Park" || x.Quotes[0].Text != "we are done here" {
		t.Errorf("Extract(a %d-byte sentence).Quotes = %+v; want one quote by Leo Park", len(text), x.Quotes)
	}
}
