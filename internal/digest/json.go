package digest

import (
	"encoding/json"
	"io"
)

// The JSON form of extractions is a contract: tools and tests read it
// (DESIGN.md, "bot extract --format json"). These types pin its field names
// and its nulls, apart from the domain types, which may grow.

type jsonDoc struct {
	Articles []jsonArticle `json:"articles"`
}

type jsonArticle struct {
	Source     string          `json:"source"`
	Title      string          `json:"title"`
	Published  *string         `json:"published"`
	Speakers   []jsonSpeaker   `json:"speakers"`
	Quotes     []jsonQuote     `json:"quotes"`
	Statements []jsonStatement `json:"statements"`
	Decisions  []jsonDecision  `json:"decisions"`
	Timeline   []jsonEvent     `json:"timeline"`
	Summary    []string        `json:"summary"`
}

type jsonSpeaker struct {
	Name    string   `json:"name"`
	Role    *string  `json:"role"`
	Aliases []string `json:"aliases"`
}

type jsonQuote struct {
	Speaker  *string `json:"speaker"`
	Text     string  `json:"text"`
	Kind     Kind    `json:"kind"`
	Time     *string `json:"time"`
	Sentence string  `json:"sentence"`
}

type jsonStatement struct {
	Speaker *string `json:"speaker"`
	Text    string  `json:"text"`
	Time    *string `json:"time"`
}

type jsonDecision struct {
	Actor *string `json:"actor"`
	Text  string  `json:"text"`
	Time  *string `json:"time"`
}

type jsonEvent struct {
	Date    *string `json:"date"`
	Time    string  `json:"time"`
	Speaker *string `json:"speaker"`
	Text    string  `json:"text"`
}

// nullable maps "" to JSON null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// WriteJSON writes extractions in the JSON form of `bot extract --format json`.
func WriteJSON(w io.Writer, exts []Extraction) error {
	doc := jsonDoc{Articles: make([]jsonArticle, 0, len(exts))}
	for _, x := range exts {
		a := jsonArticle{
			Source:     x.Article.Source,
			Title:      x.Article.Title,
			Speakers:   make([]jsonSpeaker, 0, len(x.Speakers)),
			Quotes:     make([]jsonQuote, 0, len(x.Quotes)),
			Statements: make([]jsonStatement, 0, len(x.Statements)),
			Decisions:  make([]jsonDecision, 0, len(x.Decisions)),
			Timeline:   make([]jsonEvent, 0, len(x.Timeline)),
			Summary:    append([]string{}, x.Summary...),
		}
		if !x.Article.Published.IsZero() {
			a.Published = nullable(x.Article.Published.Format("2006-01-02"))
		}
		for _, s := range x.Speakers {
			a.Speakers = append(a.Speakers, jsonSpeaker{Name: s.Name, Role: nullable(s.Role), Aliases: append([]string{}, s.Aliases...)})
		}
		for _, q := range x.Quotes {
			a.Quotes = append(a.Quotes, jsonQuote{Speaker: nullable(q.Speaker), Text: q.Text, Kind: q.Kind, Time: nullable(string(q.Time)), Sentence: q.Sentence})
		}
		for _, s := range x.Statements {
			a.Statements = append(a.Statements, jsonStatement{Speaker: nullable(s.Speaker), Text: s.Text, Time: nullable(string(s.Time))})
		}
		for _, d := range x.Decisions {
			a.Decisions = append(a.Decisions, jsonDecision{Actor: nullable(d.Actor), Text: d.Text, Time: nullable(string(d.Time))})
		}
		for _, ev := range x.Timeline {
			a.Timeline = append(a.Timeline, jsonEvent{Date: nullable(ev.Date), Time: string(ev.Time), Speaker: nullable(ev.Speaker), Text: ev.Text})
		}
		doc.Articles = append(doc.Articles, a)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
