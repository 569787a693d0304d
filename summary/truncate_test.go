package summary_test

import (
	"testing"
	"unicode/utf8"

	"github.com/veille-project/veille/summary"
)

func TestTruncate(t *testing.T) {
	const (
		lead1  = "Le président de la République, Emmanuel Macron, a annoncé lundi 10 février un investissement de 109 milliards d'euros dans l'IA."
		lead2  = "Le sommet s'ouvre au Grand Palais."
		lead   = lead1 + " " + lead2 + " Il réunit une centaine de pays."
		macron = "M. Macron a annoncé 2,5 milliards d'euros. Le sommet s'ouvre. U.S. officials attend."
	)
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{name: "fits", in: lead, max: 500, want: lead},
		{name: "exact fit", in: "Le sommet s'ouvre.", max: 18, want: "Le sommet s'ouvre."},
		{name: "no limit", in: lead, max: 0, want: lead},
		{name: "negative is no limit", in: lead, max: -1, want: lead},
		{name: "fits with its surrounding spaces", in: "  court  ", max: 9, want: "  court  "},
		{name: "fits once trimmed", in: "  court  ", max: 5, want: "court"},
		{name: "one sentence", in: lead, max: utf8.RuneCountInString(lead1) + 10, want: lead1},
		{name: "one sentence, exact", in: lead, max: utf8.RuneCountInString(lead1), want: lead1},
		{name: "two sentences", in: lead, max: utf8.RuneCountInString(lead1 + " " + lead2), want: lead1 + " " + lead2},
		{name: "abbreviation and decimal are not ends", in: macron, max: 45, want: "M. Macron a annoncé 2,5 milliards d'euros."},
		{name: "U.S. is not an end", in: "U.S. officials said on Monday. Talks went on.", max: 35, want: "U.S. officials said on Monday."},
		{name: "word cut", in: lead, max: 40, want: "Le président de la République, Emmanuel…"},
		{name: "word cut drops a comma", in: lead, max: 31, want: "Le président de la République…"},
		{name: "word cut at a space", in: lead, max: 13, want: "Le président…"},
		{name: "word cut inside the next word", in: lead, max: 16, want: "Le président de…"},
		{name: "word cut drops a colon", in: "Selon l'Insee : la croissance ralentit fortement", max: 17, want: "Selon l'Insee…"},
		{name: "word cut drops an opening guillemet", in: "Il a dit « bonjour à tous »", max: 11, want: "Il a dit…"},
		{name: "word cut drops a dash", in: "L'IA générative — un tournant pour les rédactions", max: 18, want: "L'IA générative…"},
		{name: "word cut keeps an abbreviation", in: "Rencontre avec M. Macron à Paris", max: 18, want: "Rencontre avec M.…"},
		{name: "long word", in: "Anticonstitutionnellement parlant", max: 10, want: "Anticonst…"},
		{name: "long single word", in: "Anticonstitutionnellement", max: 5, want: "Anti…"},
		{name: "long word keeps accents with their letter", in: "Re\u0301sume\u0301 complet", max: 3, want: "R…"},
		{name: "first word fits only without the ellipsis", in: "Bonjour le monde", max: 7, want: "…"},
		{name: "max smaller than a word and its ellipsis", in: "Le sommet", max: 2, want: "…"},
		{name: "max of one", in: "Le sommet", max: 1, want: "…"},
		{name: "max of one, long word", in: "Anticonstitutionnellement", max: 1, want: "…"},
		{name: "empty", in: "", max: 10, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary.Truncate(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d)\n got %q\nwant %q", tt.in, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); tt.max > 0 && n > tt.max {
				t.Errorf("Truncate(%q, %d) has %d runes", tt.in, tt.max, n)
			}
		})
	}
}
