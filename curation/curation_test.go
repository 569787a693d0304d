package curation_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/veille-project/veille/curation"
)

// aiRule is the default topic, roughly as a user would write it.
var aiRule = curation.Rule{
	Include: curation.Terms(
		"IA",
		"intelligence artificielle",
		"AI",
		"artificial intelligence",
		"LLM",
		"OpenAI",
		"IA générative",
		"GPT-4",
		"modèle de langage",
		"ChatGPT",
		"coeur de l'IA",
	),
	Exclude: curation.Terms("Steven Spielberg", "publi-rédactionnel"),
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name string
		rule *curation.Rule // aiRule if nil
		doc  curation.Document
		want []string // include terms that match
		veto []string // exclude terms that match
	}{
		// French elisions and hyphens.
		{name: "l'IA", doc: curation.Document{Title: "L'IA bouleverse les rédactions"}, want: []string{"IA"}},
		{name: "curly apostrophe", doc: curation.Document{Title: "Comment l’IA change la médecine"}, want: []string{"IA"}},
		{name: "d'IA", doc: curation.Document{Summary: "Le plan d'IA de l'Élysée a été dévoilé."}, want: []string{"IA"}},
		{name: "qu’IA", doc: curation.Document{Summary: "Ce qu’IA veut dire pour l'emploi."}, want: []string{"IA"}},
		{name: "modifier letter apostrophe", doc: curation.Document{Summary: "Le sommet de lʼIA."}, want: []string{"IA"}},
		{name: "IA générative", doc: curation.Document{Title: "IA générative : les rédactions s'adaptent"}, want: []string{"IA générative"}},
		{name: "IA-générative across a hyphen", doc: curation.Document{Title: "Le boom de l'IA-générative"}, want: []string{"IA générative"}},
		{name: "IA générative across a non-breaking hyphen", doc: curation.Document{Title: "L'IA\u2011générative"}, want: []string{"IA générative"}},
		{name: "phrase across an apostrophe", doc: curation.Document{Summary: "Au coeur de l’IA, des données."}, want: []string{"coeur de l'IA"}},
		{name: "ligature œ", doc: curation.Document{Summary: "Au cœur de l'IA."}, want: []string{"coeur de l'IA"}},
		{name: "fullwidth letters", doc: curation.Document{Summary: "Le sommet ＩＡ de Paris"}, want: []string{"IA"}},

		// Case and accents of ordinary terms.
		{name: "intelligence artificielle", doc: curation.Document{Summary: "Le président a parlé d'intelligence artificielle."}, want: []string{"intelligence artificielle"}},
		{name: "Intelligence Artificielle", doc: curation.Document{Title: "Sommet Intelligence Artificielle"}, want: []string{"intelligence artificielle"}},
		{name: "INTELLIGENCE ARTIFICIELLE in a shouting title", doc: curation.Document{Title: "L'INTELLIGENCE ARTIFICIELLE ARRIVE"}, want: []string{"intelligence artificielle"}},
		{name: "misplaced accents", doc: curation.Document{Summary: "Une intélligence artificiélle"}, want: []string{"intelligence artificielle"}},
		{name: "decomposed accents", doc: curation.Document{Summary: "Une intelligence artificielle ge\u0301ne\u0301rative"}, want: []string{"intelligence artificielle"}},
		{name: "ChatGPT in lowercase", doc: curation.Document{Summary: "j'ai testé chatgpt hier"}, want: []string{"ChatGPT"}},
		{name: "OpenAI", doc: curation.Document{Title: "OpenAI lève 40 milliards de dollars"}, want: []string{"OpenAI"}},
		{name: "OpenAI in a domain name", doc: curation.Document{Summary: "Annoncé sur openai.com lundi."}, want: []string{"OpenAI"}},
		{name: "modèle de langage", doc: curation.Document{Summary: "Un nouveau modèle de langage français."}, want: []string{"modèle de langage"}},

		// English.
		{name: "AI in an English title", doc: curation.Document{Title: "OpenAI unveils new AI model"}, want: []string{"AI", "OpenAI"}},
		{name: "AI with a possessive", doc: curation.Document{Title: "AI's next frontier"}, want: []string{"AI"}},
		{name: "artificial intelligence", doc: curation.Document{Summary: "The EU Artificial Intelligence Act enters into force."}, want: []string{"artificial intelligence"}},
		{name: "LLM", doc: curation.Document{Title: "Les LLM open source rattrapent leur retard"}, want: []string{"LLM"}},
		{name: "GPT-4", doc: curation.Document{Summary: "GPT-4 est disponible."}, want: []string{"GPT-4"}},
		{name: "GPT 4 with a space", doc: curation.Document{Summary: "Le modèle GPT 4 est disponible."}, want: []string{"GPT-4"}},
		{name: "l'AI", doc: curation.Document{Summary: "Des usages de l'AI en entreprise."}, want: []string{"AI"}},
		{name: "open AI is not OpenAI", doc: curation.Document{Title: "An open AI ecosystem"}, want: []string{"AI"}},

		// Categories.
		{name: "category phrase", doc: curation.Document{Title: "Le sommet de Paris", Categories: []string{"Économie", "Intelligence artificielle"}}, want: []string{"intelligence artificielle"}},
		{name: "category acronym", doc: curation.Document{Title: "Le sommet de Paris", Categories: []string{"IA"}}, want: []string{"IA"}},
		{name: "category acronym in capitals", doc: curation.Document{Title: "Paris summit", Categories: []string{"TECH", "AI"}}, want: []string{"AI"}},

		// Negatives: never inside a word.
		{name: "média", doc: curation.Document{Title: "Les médias face à la crise"}},
		{name: "via", doc: curation.Document{Summary: "Envoyé via la messagerie"}},
		{name: "Italia", doc: curation.Document{Title: "Italia e Francia"}},
		{name: "social", doc: curation.Document{Summary: "Le réseau social et la démocratie"}},
		{name: "said, mail, Thailand", doc: curation.Document{Summary: "He said the mail arrived in Thailand with Aid."}},
		{name: "plural not listed", doc: curation.Document{Summary: "Les LLMs et les modèles de langage"}},
		{name: "GPT-4o is another word", doc: curation.Document{Summary: "GPT-4o est disponible."}},
		{name: "OPENAI is not open ai", doc: curation.Document{Summary: "open ai"}},

		// Negatives: acronyms are case-sensitive.
		{name: "j'ai", doc: curation.Document{Title: "J'ai testé la nouvelle Peugeot"}},
		{name: "ai-je", doc: curation.Document{Summary: "Ai-je raison ? Que ai-je fait ?"}},
		{name: "il y a", doc: curation.Document{Summary: "Il y a un problème."}},
		{name: "lowercase ia", doc: curation.Document{Summary: "la ia, en espagnol"}},
		{name: "lowercase gpt-4", doc: curation.Document{Summary: "gpt-4 est disponible"}},
		{name: "shouting headline", doc: curation.Document{Title: "J'AI FAIM"}},
		{name: "shouting headline keeps its acronyms", doc: curation.Document{Title: "L'IA VA TOUT CHANGER"}, want: []string{"IA"}},
		{name: "shouting headline with a French verb", doc: curation.Document{Title: "J'AI TOUT CHANGÉ, N'AI-JE PAS ?"}},
		{name: "shouting title, calm summary", doc: curation.Document{Title: "J'AI FAIM", Summary: "Un livre sur l'IA."}, want: []string{"IA"}},

		// Fields are separate texts.
		{name: "no phrase across fields", doc: curation.Document{Title: "Dossier intelligence", Summary: "artificielle et société"}},
		{name: "no phrase across categories", doc: curation.Document{Categories: []string{"intelligence", "artificielle"}}},

		// Exclusions.
		{
			name: "exclude vetoes",
			doc:  curation.Document{Title: "Steven Spielberg ressort « A.I. Intelligence artificielle »"},
			want: []string{"intelligence artificielle"},
			veto: []string{"Steven Spielberg"},
		},
		{
			name: "exclude in a category, across a hyphen",
			doc:  curation.Document{Title: "L'IA au service de votre entreprise", Categories: []string{"Publi rédactionnel"}},
			want: []string{"IA"},
			veto: []string{"publi-rédactionnel"},
		},
		{
			name: "exclude without include",
			doc:  curation.Document{Title: "steven spielberg tourne un western"},
			veto: []string{"Steven Spielberg"},
		},

		// Terms: order of the rule, each once.
		{
			name: "order of the rule, each once",
			doc: curation.Document{
				Title:      "AI: what OpenAI said",
				Summary:    "L'intelligence artificielle, l'IA, AI, OpenAI, IA encore.",
				Categories: []string{"IA", "AI"},
			},
			want: []string{"IA", "intelligence artificielle", "AI", "OpenAI"},
		},
		{
			name: "duplicates in the rule",
			rule: &curation.Rule{Include: curation.Terms("IA générative", "IA-générative", "ia  GÉNÉRATIVE", "IA")},
			doc:  curation.Document{Summary: "L'IA générative."},
			want: []string{"IA générative"}, // the longest term takes the words
		},
		{
			name: "acronym and lowercase term are different terms",
			rule: &curation.Rule{Include: curation.Terms("IA", "ia")},
			doc:  curation.Document{Summary: "la ia, en espagnol"},
			want: []string{"ia"},
		},
		{
			name: "phrase sharing a first word",
			rule: &curation.Rule{Include: curation.Terms("intelligence artificielle générale", "intelligence artificielle", "intelligence")},
			doc:  curation.Document{Summary: "Vers une intelligence artificielle générale ?"},
			want: []string{"intelligence artificielle générale"},
		},
		{
			name: "phrase at the end of a text",
			rule: &curation.Rule{Include: curation.Terms("intelligence artificielle générale")},
			doc:  curation.Document{Summary: "Vers une intelligence artificielle"},
		},
		{name: "empty document", doc: curation.Document{}},
	}
	matchers := map[*curation.Rule]*curation.Matcher{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := tt.rule
			if rule == nil {
				rule = &aiRule
			}
			m, ok := matchers[rule]
			if !ok {
				var err error
				if m, err = curation.Compile(*rule); err != nil {
					t.Fatalf("Compile: %v", err)
				}
				matchers[rule] = m
			}
			got := m.Match(tt.doc)
			want := curation.Result{Selected: len(tt.want) > 0 && len(tt.veto) == 0, Terms: tt.want, Excluded: tt.veto}
			if got.Selected != want.Selected || !slices.Equal(got.Terms, want.Terms) || !slices.Equal(got.Excluded, want.Excluded) {
				t.Errorf("Match(%+v)\n got %+v\nwant %+v", tt.doc, got, want)
			}
		})
	}
}

func TestZeroMatcher(t *testing.T) {
	var m curation.Matcher
	if got := m.Match(curation.Document{Title: "L'IA"}); got.Selected || got.Terms != nil || got.Excluded != nil {
		t.Errorf("zero Matcher: Match = %+v, want nothing", got)
	}
	if len(m.Fingerprint()) != 64 {
		t.Errorf("zero Matcher: Fingerprint = %q", m.Fingerprint())
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		rule curation.Rule
		want []string // error lines
	}{
		{
			name: "include term without a word",
			rule: curation.Rule{Include: curation.Terms("IA", "AI", "LLM", "--")},
			want: []string{`include[3]: term "--" has no word`},
		},
		{
			name: "exclude term without a word",
			rule: curation.Rule{Include: curation.Terms("IA"), Exclude: curation.Terms("  ")},
			want: []string{`exclude[0]: term "  " has no word`},
		},
		{
			name: "every bad term",
			rule: curation.Rule{Include: curation.Terms("’", "IA", ""), Exclude: curation.Terms("ok", "«»")},
			want: []string{`include[0]: term "’" has no word`, `include[2]: term "" has no word`, `exclude[1]: term "«»" has no word`},
		},
		{
			name: "no include term",
			rule: curation.Rule{Exclude: curation.Terms("sport")},
			want: []string{"include: no terms"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := curation.Compile(tt.rule)
			if err == nil {
				t.Fatalf("Compile(%+v) = %v, want an error", tt.rule, m)
			}
			if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tt.want) {
				t.Errorf("Compile(%+v) error\n got %q\nwant %q", tt.rule, got, tt.want)
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	fingerprint := func(t *testing.T, r curation.Rule) string {
		t.Helper()
		m, err := curation.Compile(r)
		if err != nil {
			t.Fatal(err)
		}
		return m.Fingerprint()
	}
	base := curation.Rule{Include: curation.Terms("IA", "intelligence artificielle"), Exclude: curation.Terms("Spielberg")}
	want := fingerprint(t, base)
	if len(want) != 64 || strings.Trim(want, "0123456789abcdef") != "" {
		t.Fatalf("Fingerprint = %q, want 64 hex digits", want)
	}

	same := []struct {
		name string
		rule curation.Rule
	}{
		{"compiled again", base},
		{"other spelling", curation.Rule{Include: curation.Terms("IA", "Intelligence-Artificielle"), Exclude: curation.Terms("spielberg")}},
		{"accents", curation.Rule{Include: curation.Terms("ÍA", "intelligence artificiélle"), Exclude: curation.Terms("Spielberg")}},
		{"duplicate", curation.Rule{Include: curation.Terms("IA", "intelligence artificielle", "IA"), Exclude: curation.Terms("Spielberg")}},
	}
	for _, tt := range same {
		t.Run("same/"+tt.name, func(t *testing.T) {
			if got := fingerprint(t, tt.rule); got != want {
				t.Errorf("Fingerprint(%+v) = %s, want %s", tt.rule, got, want)
			}
		})
	}

	differ := []struct {
		name string
		rule curation.Rule
	}{
		{"include added", curation.Rule{Include: curation.Terms("IA", "intelligence artificielle", "LLM"), Exclude: curation.Terms("Spielberg")}},
		{"include removed", curation.Rule{Include: curation.Terms("IA"), Exclude: curation.Terms("Spielberg")}},
		{"exclude removed", curation.Rule{Include: curation.Terms("IA", "intelligence artificielle")}},
		{"acronym made lowercase", curation.Rule{Include: curation.Terms("ia", "intelligence artificielle"), Exclude: curation.Terms("Spielberg")}},
		{"term moved to exclude", curation.Rule{Include: curation.Terms("IA"), Exclude: curation.Terms("intelligence artificielle", "Spielberg")}},
		{"words regrouped", curation.Rule{Include: curation.Terms("IA", "intelligence", "artificielle"), Exclude: curation.Terms("Spielberg")}},
		{"order changed", curation.Rule{Include: curation.Terms("intelligence artificielle", "IA"), Exclude: curation.Terms("Spielberg")}},
	}
	seen := map[string]string{want: "base"}
	for _, tt := range differ {
		t.Run("differ/"+tt.name, func(t *testing.T) {
			got := fingerprint(t, tt.rule)
			if other, ok := seen[got]; ok {
				t.Errorf("Fingerprint(%+v) = %s, the same as %s", tt.rule, got, other)
			}
			seen[got] = tt.name
		})
	}
}
