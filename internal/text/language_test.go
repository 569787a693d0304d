package text

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestLanguage(t *testing.T) {
	for _, tc := range []struct {
		text, hint, want string
	}{
		{"L'IA générative bouleverse les rédactions", "", "fr"},
		{"OpenAI launches a new model for the enterprise", "", "en"},
		{"Mistral AI lève 600 millions d'euros", "en", "fr"},           // an English source's French item
		{"How Much Memory Does Your Agent Actually Need?", "fr", "en"}, // a French source's English item
		{"GPT-5", "fr-FR", "fr"},                                       // no evidence: the source's
		{"GPT-5", "", ""},
		{"Thyroid Nodules", "", "en"}, // spelling alone
		{"Die Bundesregierung plant ein Gesetz über KI", "", "de"},
		{"El gobierno presenta una ley sobre la inteligencia artificial", "", "es"},
		{"Il governo presenta una legge sull'intelligenza artificiale", "", "it"},
		{"O governo apresenta uma lei sobre a inteligência artificial", "", "pt"},
		{"De regering presenteert een wet over kunstmatige intelligentie", "", "nl"},
		{"Новости", "ru", "ru"},
		{"", "EN-us", "en"},
	} {
		if got := Language(tc.text, tc.hint); got != tc.want {
			t.Errorf("Language(%q, %q) = %q, want %q", tc.text, tc.hint, got, tc.want)
		}
	}
}

func TestPrimaryLanguage(t *testing.T) {
	for tag, want := range map[string]string{"fr-FR": "fr", "EN": "en", "fr_CA": "fr", " de ": "de", "": "",
		"x": "", "français": "", "f1": ""} {
		if got := PrimaryLanguage(tag); got != want {
			t.Errorf("PrimaryLanguage(%q) = %q, want %q", tag, got, want)
		}
	}
}

// FuzzLanguage: any text and hint give one of Languages, the hint's
// primary subtag or "", without panicking.
func FuzzLanguage(f *testing.F) {
	f.Add("L'IA générative «bouleverse» les rédactions", "fr-FR")
	f.Add("The quick brown fox", "")
	f.Add("\xff\xfe", "e\u0301n")
	f.Fuzz(func(t *testing.T, s, hint string) {
		got := Language(s, hint)
		if got != "" && got != PrimaryLanguage(hint) && !slices.Contains(Languages, got) {
			t.Fatalf("Language(%q, %q) = %q", s, hint, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 %q", got)
		}
	})
}

func BenchmarkLanguage(b *testing.B) {
	s := "Sommet de Paris sur l'IA : la France mise sur l'open source.\nEmmanuel Macron a annoncé lundi 10 février 109 milliards d’euros d'investissements. Le sommet pour l’action sur l’IA réunit une centaine de pays au Grand Palais."
	for b.Loop() {
		Language(s, "")
	}
}
