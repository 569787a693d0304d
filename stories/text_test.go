package stories

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string // token texts; numbers prefixed with #
	}{
		{"L'IA générative", []string{"l", "ia", "generative"}},
		{"Cœur ﬁnal STRAẞE ＩＡ", []string{"coeur", "final", "strasse", "ia"}},
		{"ge\u0301ne\u0301rative", []string{"generative"}},
		{"GPT5 et GPT-4o", []string{"gpt", "#5", "et", "gpt", "#4", "o"}},
		{"1,5 milliard ; 1.5 billion", []string{"#1.5", "milliard", "#1.5", "billion"}},
		{"10 000 emplois, 10,000 jobs, 10\u202f000 postes", []string{"#10000", "emplois", "#10000", "jobs", "#10000", "postes"}},
		{"1.000.000,5 €", []string{"#1000000.5", "euros"}},
		{"en 2024 100 personnes", []string{"en", "#2024", "#100", "personnes"}},
		{"007 et 0,50 ou 2.0", []string{"#7", "et", "#0.5", "ou", "#2"}},
		{"1,000.5 et 0", []string{"#1000.5", "et", "#0"}},
		{"1, 2, 3", []string{"#1", "#2", "#3"}},
		{"a\xffb", []string{"a", "b"}},
		{"the U.S. and the U.K. or U.N.C.L.E. A.I.", []string{"the", "us", "and", "the", "uk", "or", "uncle", "ai"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range tokenize(tt.in) {
			if tok.number {
				got = append(got, "#"+tok.text)
			} else {
				got = append(got, tok.text)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		name string
		doc  Doc
		want []string
	}{
		{"sentence starts are not names", Doc{Summary: "Le président Emmanuel Macron a parlé. Ensuite, OpenAI a répondu à l'AFP."}, []string{"emmanuel", "macron", "openai"}},
		{"after a colon or quote", Doc{Summary: "Il a dit : « Nous irons » à Paris."}, []string{"paris"}},
		{"title case says nothing", Doc{Title: "OpenAI Launches Its Newest Model In Paris", Summary: "The model was shown in London."}, []string{"openai", "london"}},
		{"title case is all there is", Doc{Title: "OpenAI Launches Its Newest Model In Paris"}, []string{"openai", "newest", "paris"}},
		{"common words and countries are not names", Doc{Summary: "The French Government and the CEO of Mistral met the US and EU leaders."}, []string{"mistral", "ue"}},
		{"shouting says nothing", Doc{Title: "OPENAI LANCE GPT-5 À PARIS", Summary: "Sam Altman était là."}, []string{"altman"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []uint64
			for _, w := range tt.want {
				want = append(want, hash(w))
			}
			if got := featuresOf(tt.doc).names; !slices.Equal(got, set(want)) {
				t.Errorf("names = %d hashes, want %q", len(got), tt.want)
			}
		})
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"announces": "announ", "announced": "announ", "announcement": "announ",
		"models": "model", "model": "model", "lancé": "lance", "class": "class", "bus": "bus",
		"générées": "genere", "générée": "genere",
	} {
		if got := stem(tokenize(in)[0]); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFacts(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Twenty-eight countries signed on Wednesday", "28 nations agreed on Wednesday", true},
		{"dix-sept pays, soixante-douze voix", "17 countries, 72 votes", true},
		{"mardi 9 avril", "Tuesday, April 9", true},
		{"1,7 milliard d'euros", "€1.7 billion", true},
		{"on Monday", "on Thursday", false},
		{"a march in Paris", "in March", false},
		{"Mars, la planète", "en mars", false},
		{"two models", "three models", false},
		{"un modèle neuf", "9 models", false},
		{"en 2024, 109 milliards", "109 billion in 2025", true},
	}
	for _, tt := range tests {
		a, b := featuresOf(Doc{Summary: tt.a}).facts, featuresOf(Doc{Summary: tt.b}).facts
		if same := len(a) > 0 && slices.Equal(a, b); same != tt.same {
			t.Errorf("facts of %q and %q: same = %v, want %v", tt.a, tt.b, same, tt.same)
		}
	}
}
