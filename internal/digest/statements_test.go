package digest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// reported is a statement as the statement tests read it.
type reported struct {
	Speaker string
	Text    string
}

func statementsOf(text string) []reported {
	var out []reported
	// The first line of a text is its headline, which holds no statements.
	for _, s := range Extract(Article{Text: "Budget talks\n" + text}).Statements {
		out = append(out, reported{Speaker: s.Speaker, Text: s.Text})
	}
	return out
}

func TestExtractStatementSpeakers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []reported
	}{
		{"a name ending in -ly is no adverb",
			"Senator Maria Kelly spoke in Lyon on Monday.\nKelly said the plan would fail.",
			[]reported{{"Maria Kelly", "Kelly said the plan would fail."}}},
		{"adverbs of frequency stand between a speaker and the verb",
			"The city treasurer, Rita Vance, spoke on Monday.\nVance has always maintained that the vote was fair.",
			[]reported{{"Rita Vance", "Vance has always maintained that the vote was fair."}}},
		{"according to a bare source",
			"Turnout among young voters rose by a third, according to exit polls released on Friday.",
			[]reported{{"exit polls", "Turnout among young voters rose by a third, according to exit polls released on Friday."}}},
		{"according to a source with its of-phrase",
			"Farm incomes fell in every region, according to early results of the census.",
			[]reported{{"early results of the census", "Farm incomes fell in every region, according to early results of the census."}}},
		{"according to no source leaves the subject alone",
			"Chances of a deal are small, according to everything.",
			nil},
		{"a noun after a possessive is not the verb of its sentence",
			"Governor Lena Park met Omar Haddad for talks about the budget.\nPark ridiculed Haddad's claim that the budget was balanced.",
			[]reported{{"Lena Park", "Park ridiculed Haddad's claim that the budget was balanced."}}},
		{"a noun after a possessive reports with its content",
			"Governor Lena Park met Omar Haddad for talks about the budget.\nHaddad's claim that the budget was balanced did not survive the week.",
			[]reported{{"Omar Haddad", "Haddad's claim that the budget was balanced did not survive the week."}}},
		{"a noun after a possessive without content is no speech",
			"Governor Lena Park met Omar Haddad for talks about the budget.\nThe crowd cheered Haddad's attacks on the governor.",
			nil},
		{"a noun after a determiner is no speech",
			"Tomas Berg arrived in Oslo.\nThe couple worried that the Bergen attacks would harden views of migrants.",
			nil},
		{"a document that reports is a verb",
			"Tomas Berg arrived in Oslo.\nThe Oslo Herald reports Berg will run for mayor.",
			[]reported{{"Oslo Herald", "The Oslo Herald reports Berg will run for mayor."}}},
		{"a passive verb credits its agent",
			"Mayor Ines Caro met Paul Weber for talks about the budget.\nCaro has been criticized by Weber for cutting the school budget.",
			[]reported{{"Paul Weber", "Caro has been criticized by Weber for cutting the school budget."}}},
		{"a passive verb credits a bare agent",
			"Mayor Ines Caro met Paul Weber for talks about the budget.\nThe plan was rejected by most voters in the north.",
			[]reported{{"most voters", "The plan was rejected by most voters in the north."}}},
		{"a participle after a noun credits its agent",
			"The cuts proposed by the council were dropped in June.",
			[]reported{{"the council", "The cuts proposed by the council were dropped in June."}}},
		{"a passive verb without an agent names no one",
			"Mayor Ines Caro met Paul Weber for talks about the budget.\nCaro is expected to win the vote on Sunday.",
			nil},
		{"a sentence-opening participle is no name",
			"Having announced that the budget would pass, the mayor left early.",
			nil},
		{"a sentence-opening adverb is no name",
			"Notably, critics said nothing. Quietly announced on Monday, the cuts went ahead.",
			[]reported{{"critics", "Notably, critics said nothing."}}},
		{"a sentence-opening common noun the text writes in lower case is no name",
			"The turnout was small.\nTurnout rose when the unions met on Monday and asked for calm.",
			nil},
		{"a possessive before a noun is no name",
			"Editor's note: the council met on Monday and asked for calm.",
			nil},
		{"a name that opens sentences only is still a name",
			"Farrokh said the talks had failed.",
			[]reported{{"Farrokh", "Farrokh said the talks had failed."}}},
		{"an attribution at the end wins over the subject",
			"Senator Owen Marsh met Rita Vance for talks about the budget.\nThe senator also plans to vote for the bill, Vance said.",
			[]reported{{"Rita Vance", "The senator also plans to vote for the bill, Vance said."}}},
		{"an attribution set off mid-sentence wins",
			"Unless the council acts soon, the experts say, the river could flood the town.",
			[]reported{{"the experts", "Unless the council acts soon, the experts say, the river could flood the town."}}},
		{"an inverted attribution at the end",
			"The town cannot afford the bridge, said Rita Vance, the treasurer.",
			[]reported{{"Rita Vance", "The town cannot afford the bridge, said Rita Vance, the treasurer."}}},
		{"according to at the end wins over an earlier verb",
			"Mayor Owen Marsh met Rita Vance for talks about the budget.\nMarsh declined to sign the bill, according to two aides.",
			[]reported{{"two aides", "Marsh declined to sign the bill, according to two aides."}}},
		{"a name set off before its verb of saying is not inverted",
			"Despite the losses, the party stays in the race, its chairman, Owen Marsh, told the Valley Herald.",
			[]reported{{"Owen Marsh", "Despite the losses, the party stays in the race, its chairman, Owen Marsh, told the Valley Herald."}}},
		{"a sentence that opens with its speaker keeps it",
			"Rita Vance, the treasurer, says the gap will close by June, according to the latest count.",
			[]reported{{"Rita Vance", "Rita Vance, the treasurer, says the gap will close by June, according to the latest count."}}},
		{"a clause after a comma is no attribution",
			"Rita Vance, the treasurer, says that despite the losses, she plans to stay.",
			[]reported{{"Rita Vance", "Rita Vance, the treasurer, says that despite the losses, she plans to stay."}}},
		{"the object of a verb after an appositive is no inverted speaker",
			"Rita Vance, a delegate from the north, criticized her town's budget.",
			[]reported{{"Rita Vance", "Rita Vance, a delegate from the north, criticized her town's budget."}}},
		{"maintaining a lead is no speech",
			"Senator Owen Marsh maintains a wide lead in the polls.",
			nil},
		{"maintaining a clause is speech",
			"Senator Owen Marsh maintained they were wrong about the bridge.",
			[]reported{{"Owen Marsh", "Senator Owen Marsh maintained they were wrong about the bridge."}}},
		{"a byline is no speech",
			"Rita Vance reported from Lisbon.",
			nil},
		{"a thing called by its name is no speech",
			"A new group called Votes Count is trying to register young voters.",
			nil},
		{"a person who calls someone something speaks",
			"The senator called Marsh a coward.",
			[]reported{{"The senator", "The senator called Marsh a coward."}}},
		{"attacks in a headline-like clause are no speech",
			"Harbor attacks test the mayor's strategy.",
			nil},
		{"an attribution before a quote to come reports nothing",
			"In a speech last June, Senator Owen Marsh declared:",
			nil},
		{"an attribution after a quote that went before reports nothing",
			"Senator Owen Marsh added during the debate.",
			nil},
		{"a request says what is asked for",
			"Senator Owen Marsh asked for two billion dollars.",
			[]reported{{"Owen Marsh", "Senator Owen Marsh asked for two billion dollars."}}},
		{"an object before a colon is what was said",
			"Senator Owen Marsh noted the sparse attendance:",
			[]reported{{"Owen Marsh", "Senator Owen Marsh noted the sparse attendance:"}}},
		{"a report names who made it",
			"Sales of heat pumps doubled last year, according to a recent report from Nordic Energy Research.",
			[]reported{{"a recent report from Nordic Energy Research", "Sales of heat pumps doubled last year, according to a recent report from Nordic Energy Research."}}},
		{"a poll dated before its verb speaks",
			"A Harbor Times poll in June showed that most residents backed the bridge.",
			[]reported{{"A Harbor Times poll", "A Harbor Times poll in June showed that most residents backed the bridge."}}},
		{"a poll in an opener speaks for its respondents",
			"In a Harbor Times poll last month, 38 percent of residents said the bridge should wait.",
			[]reported{{"a Harbor Times poll", "In a Harbor Times poll last month, 38 percent of residents said the bridge should wait."}}},
		{"a pronoun after the sentence's subject stands for it",
			"Rita Vance met the press in the morning.\nOwen Marsh spoke at noon.\nVance was defending the plan at a rally when she told the crowd that taxes would fall.",
			[]reported{{"Rita Vance", "Vance was defending the plan at a rally when she told the crowd that taxes would fall."}}},
		{"an opener names no poll for a single speaker",
			"In his annual report, the governor said the budget was balanced.",
			[]reported{{"the governor", "In his annual report, the governor said the budget was balanced."}}},
		{"people close to someone speak, not the one they are close to",
			"Mayor Owen Marsh spoke at noon.\nPeople close to the mayor say that he will not run again.",
			[]reported{{"People close to the mayor", "People close to the mayor say that he will not run again."}}},
		{"sources briefed on talks speak",
			"Sources briefed on the talks said a deal was near.",
			[]reported{{"Sources briefed on the talks", "Sources briefed on the talks said a deal was near."}}},
		{"the vice president is not the president",
			"President Anna Berg spoke first.\nThe vice president said the plan was sound.",
			[]reported{{"The vice president", "The vice president said the plan was sound."}}},
		{"the president is the president",
			"President Anna Berg spoke first.\nThe president said the plan was sound.",
			[]reported{{"Anna Berg", "The president said the plan was sound."}}},
		{"a family name written first stands for the person",
			"Chinese President Xi Jinping arrived on Monday.\nXi said the talks had gone well.",
			[]reported{{"Xi Jinping", "Xi said the talks had gone well."}}},
		{"a place is not the first name of a thing named after it",
			"Leaders met at the Valletta Jobs fair on Monday.\nValletta said it would host the next fair.",
			[]reported{{"Valletta", "Valletta said it would host the next fair."}}},
		{"an honorific picks the person of its gender",
			"Senator Ann Berg and her husband, Tom Berg, arrived on Monday.\nMr. Berg spoke first.\nMrs. Berg said the plan would pass.",
			[]reported{{"Ann Berg", "Mrs. Berg said the plan would pass."}}},
		{"a person of a place is the person",
			"Senator Ann Berg of Ohio said the plan would pass.",
			[]reported{{"Ann Berg", "Senator Ann Berg of Ohio said the plan would pass."}}},
		{"people in a place are the people",
			"Union organizers in Lisbon say the strike will go on.",
			[]reported{{"Union organizers in Lisbon", "Union organizers in Lisbon say the strike will go on."}}},
		{"a spokesman for someone is not that someone",
			"Senator Ann Berg arrived on Monday.\nA spokesman for Senator Berg declined to comment on the plan.",
			[]reported{{"A spokesman for Senator Berg", "A spokesman for Senator Berg declined to comment on the plan."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := statementsOf(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Extract(%q).Statements mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}
