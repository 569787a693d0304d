package curation_test

import (
	"slices"
	"testing"

	"github.com/veille-project/veille/curation"
)

// guardedRule is a topic with scoring and guarded terms, as the default
// `ia` feed uses them.
var guardedRule = curation.Rule{
	Include: append(curation.Terms("IA", "AI", "intelligence artificielle", "chatbot", "Mistral AI", "OpenAI"),
		curation.Term{Text: "Claude", With: []string{"Anthropic", "chatbot", "IA", "AI"}},
		curation.Term{Text: "Mistral", Unless: []string{"vent", "rafales", "km/h", "météo"}},
		curation.Term{Text: "Le Chat", With: []string{"Mistral"}},
		curation.Term{Text: "modèle", TitleOnly: true},
	),
	Exclude:   curation.Terms("horoscope"),
	Threshold: 2,
}

func TestScoreAndGuards(t *testing.T) {
	m, err := curation.Compile(guardedRule)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		doc      curation.Document
		selected bool
		score    float64
		terms    []string
		guarded  []string
	}{
		{"one title term selects", curation.Document{Title: "L'IA à l'école"}, true, 2, []string{"IA"}, nil},
		{"one term in the summary's first sentence selects",
			curation.Document{Summary: "L'IA entre à l'école. Les syndicats protestent."}, true, 2, []string{"IA"}, nil},
		{"acronyms in a title in capitals", curation.Document{Title: "SOMMET SUR L'IA À PARIS"}, true, 2, []string{"IA"}, nil},
		{"French verbs in a title in capitals", curation.Document{Title: "J'AI TESTÉ, AI-JE AIMÉ ? JE N'AI RIEN VU"},
			false, 0, nil, nil},
		{"a passing mention in a summary does not",
			curation.Document{Title: "Le PSG s'impose", Summary: "Paris a battu Lyon 3-1. Même une IA ne l'aurait pas prédit."}, false, 1, []string{"IA"}, nil},
		// The first sentence ends where text.SentenceEnds says, which the
		// summary's own splitter used to miss or mistake.
		{"an ellipsis ends the first sentence",
			curation.Document{Summary: "Le débat était vif… L'IA divise."}, false, 1, []string{"IA"}, nil},
		{"a closing guillemet ends the first sentence",
			curation.Document{Summary: "« Le débat est ouvert. » L'IA divise."}, false, 1, []string{"IA"}, nil},
		{"a sentence may start with a number",
			curation.Document{Summary: "Le colloque a eu lieu en 2024. 300 chercheurs y ont parlé d'IA."}, false, 1, []string{"IA"}, nil},
		{"a line break ends the first sentence",
			curation.Document{Summary: "Le débat était vif.\nL'IA divise."}, false, 1, []string{"IA"}, nil},
		{"a title's period does not",
			curation.Document{Summary: "Selon le Prof. Martin, l'IA aide. Le reste suit."}, true, 2, []string{"IA"}, nil},
		{"a repeated summary term is not enough",
			curation.Document{Summary: "Le débat était vif. L'IA ici, l'IA là."}, false, 1.5, []string{"IA"}, nil},
		{"two distinct summary terms are",
			curation.Document{Summary: "Le service ouvre lundi. Le chatbot repose sur l'intelligence artificielle."}, true, 2,
			[]string{"intelligence artificielle", "chatbot"}, nil},
		{"the longest term takes the words",
			curation.Document{Summary: "La levée est annoncée. Mistral AI lève des fonds."}, false, 1, []string{"Mistral AI"}, nil},
		{"with: Claude needs context",
			curation.Document{Title: "Claude François, quarante ans après"}, false, 0, nil, []string{"Claude"}},
		{"with: Claude in context",
			curation.Document{Title: "Anthropic lance Claude 4"}, true, 2, []string{"Claude"}, nil},
		{"unless: the mistral wind",
			curation.Document{Title: "Le mistral souffle en rafales à 100 km/h"}, false, 0, nil, []string{"Mistral"}},
		{"Le Chat with Mistral",
			curation.Document{Title: "Le Chat, l'assistant de Mistral, arrive sur iPhone"}, true, 4,
			[]string{"Mistral", "Le Chat"}, nil},
		{"Le Chat without Mistral is a cat",
			curation.Document{Title: "Le chat de la voisine sauvé des flammes"}, false, 0, nil, []string{"Le Chat"}},
		{"title only", curation.Document{Summary: "Un nouveau modèle de voiture."}, false, 0, nil, []string{"modèle"}},
		{"exclude vetoes whatever the score",
			curation.Document{Title: "Horoscope : ce que l'IA prédit", Summary: "L'intelligence artificielle"}, false, 4,
			[]string{"IA", "intelligence artificielle"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Match(tt.doc)
			if got.Selected != tt.selected || got.Score != tt.score || !slices.Equal(got.Terms, tt.terms) ||
				!slices.Equal(got.Guarded, tt.guarded) {
				t.Errorf("Match(%+v)\n got %+v\nwant selected %v, score %v, terms %q, guarded %q",
					tt.doc, got, tt.selected, tt.score, tt.terms, tt.guarded)
			}
		})
	}
}

func TestHits(t *testing.T) {
	m, err := curation.Compile(guardedRule)
	if err != nil {
		t.Fatal(err)
	}
	got := m.Match(curation.Document{Title: "OpenAI et l'IA", Summary: "L'IA, encore l'IA.", Categories: []string{"AI"}})
	want := []curation.Hit{
		{Term: "IA", Field: curation.FieldTitle, Count: 1},
		{Term: "IA", Field: curation.FieldLead, Count: 2, Points: 2.5},
		{Term: "AI", Field: curation.FieldCategory, Count: 1, Points: 1},
		{Term: "OpenAI", Field: curation.FieldTitle, Count: 1, Points: 2},
	}
	// IA: 2 in the title, 2.5 in the summary's first sentence, twice, which
	// is what it scores; AI: 1 as a category; OpenAI: 2 in the title. The
	// points add up to the score.
	if !slices.Equal(got.Hits, want) || got.Score != 5.5 {
		t.Errorf("hits = %+v, score %v; want %+v, 5.5", got.Hits, got.Score, want)
	}
}

// TestSources: From and Languages keep items out whatever their score,
// Always selects every item of a source bar excludes, and the source's name
// and feed title are context for With guards.
func TestSources(t *testing.T) {
	m, err := curation.Compile(curation.Rule{
		Include: []curation.Term{{Text: "Claude", With: []string{"Anthropic"}}, {Text: "IA"}},
		Exclude: curation.Terms("sponsorisé"), Threshold: 2,
		From: []string{"Anthropic", "Hugging Face", "Le Monde"}, Always: []string{"Hugging Face"},
		Languages: []string{"fr", "en"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		doc              curation.Document
		selected         bool
		score            float64
		onTopic, outside string
	}{
		{curation.Document{Title: "Claude gets a memory", Source: "Le Monde", Language: "en"}, false, 0, "", ""},
		{curation.Document{Title: "Claude gets a memory", Source: "Anthropic", Language: "en"}, true, 2, "", ""},
		{curation.Document{Title: "Claude gets a memory", Source: "Le Monde", SourceTitle: "Anthropic News",
			Language: "en"}, true, 2, "", ""},
		{curation.Document{Title: "How Much Memory Does Your Agent Need?", Source: "Hugging Face", Language: "en"},
			true, 0, "Hugging Face", ""},
		{curation.Document{Title: "Un article sponsorisé", Source: "Hugging Face", Language: "fr"}, false, 0,
			"Hugging Face", ""},
		{curation.Document{Title: "L'IA au travail", Source: "Le Figaro", Language: "fr"}, false, 2, "",
			`source "Le Figaro" is not in from`},
		{curation.Document{Title: "Die IA", Source: "Le Monde", Language: "de"}, false, 2, "",
			`language "de" is not in languages`},
		{curation.Document{Title: "L'IA au travail", Source: "Le Monde", Language: "fr"}, true, 2, "", ""},
	} {
		got := m.Match(tc.doc)
		if got.Selected != tc.selected || got.Score != tc.score || got.OnTopic != tc.onTopic || got.Outside != tc.outside {
			t.Errorf("Match(%+v) = %+v; want selected %t, score %g, on topic %q, outside %q", tc.doc, got,
				tc.selected, tc.score, tc.onTopic, tc.outside)
		}
	}
	other, _ := curation.Compile(curation.Rule{Include: curation.Terms("IA"), Threshold: 2})
	if other.Fingerprint() == m.Fingerprint() {
		t.Error("From, Always and Languages do not change the fingerprint")
	}
}

func TestGuardErrorsAndFingerprint(t *testing.T) {
	_, err := curation.Compile(curation.Rule{Include: []curation.Term{{Text: "Claude", With: []string{"--"}}}})
	if err == nil || err.Error() != `include[0].with[0]: "--" has no word` {
		t.Errorf("err = %v", err)
	}
	base, _ := curation.Compile(guardedRule)
	changed := guardedRule
	changed.Threshold = 3
	other, _ := curation.Compile(changed)
	if base.Fingerprint() == other.Fingerprint() {
		t.Error("the threshold does not change the fingerprint")
	}
	changed = guardedRule
	changed.Include = slices.Clone(guardedRule.Include)
	changed.Include[6] = curation.Term{Text: "Claude", With: []string{"Anthropic"}}
	if other, _ = curation.Compile(changed); base.Fingerprint() == other.Fingerprint() {
		t.Error("a guard does not change the fingerprint")
	}
}
