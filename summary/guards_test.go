package summary

import (
	"regexp"
	"testing"
)

// seeds are texts where some boilerplate pattern matches, or nearly.
var seeds = []string{
	"Le président a annoncé un plan. Lire la suite…",
	"Le président a annoncé un plan. « Lire la suite »",
	"Un plan.Lire la suite",
	"The company raised $2.5 billion. Continue reading Figment raises $120M →",
	"Continue reading Figment continue reading Foo →",
	"The company raised $2.5 billion. KEEP READING »",
	"Read ſomething. (MORE...)",
	"Read more about it(more…)",
	"Il a détaillé un plan d'investissements […]",
	"Emmanuel Macron (Crédit photo : AFP) a annoncé un plan.",
	"A plan (ILLUSTRATION : Reuters)",
	"Un plan. L’article Sommet est apparu en premier sur Numerama.",
	"A plan. The post Summit appeared first on Franceinfo.",
	"continue reading",
	"\u212aeep reading",
}

// FuzzGuards checks that each guard is exact where it must be: when it says
// a pattern cannot match, the pattern does not.
func FuzzGuards(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	guards := []struct {
		name    string
		guard   func(string) bool
		matches func(string) bool
	}{
		{"mayHavePostedOn", mayHavePostedOn, postedOn.MatchString},
		{"mayEndWithElision", mayEndWithElision, elisionEnd.MatchString},
		{"mayHaveCredit", mayHaveCredit, credit.MatchString},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, g := range guards {
			if !g.guard(s) && g.matches(s) {
				t.Errorf("%s(%q) = false, but the pattern matches", g.name, s)
			}
		}
	})
}

// endAnchored is the plain pattern callToActionStart stands for: a call to
// action after the start of the text or spaces and brackets, at its end.
var endAnchored = regexp.MustCompile(`(?i)(?:^|` + actionLead + `+)(?:` + actionCalls + `)` + actionEnd)

// FuzzCallToActionStart checks callToActionStart against the plain pattern.
func FuzzCallToActionStart(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := -1
		if loc := endAnchored.FindStringIndex(s); loc != nil {
			want = loc[0]
		}
		if got := callToActionStart(s); got != want {
			t.Errorf("callToActionStart(%q) = %d, want %d", s, got, want)
		}
	})
}

func TestCallToActionStart(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Un plan. Lire la suite…", len("Un plan.")},
		{"Un plan. « Lire la suite »", len("Un plan.")},
		{"Un plan.Lire la suite", -1},
		{"Un \u212aeep reading", len("Un")},
		{"Figment raises. Continue reading Figment continue reading Foo →", len("Figment raises.")},
		{"Read more about it(more…)", -1},
		{"Read more about it (more…)", len("Read more about it")},
		{"Lire la suite", 0},
		{"Un plan.", -1},
	}
	for _, tt := range tests {
		if got := callToActionStart(tt.text); got != tt.want {
			t.Errorf("callToActionStart(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
