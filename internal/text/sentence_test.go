package text_test

import (
	"slices"
	"testing"

	"github.com/veille-project/veille/internal/text"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "France Info lead",
			in: "Le président de la République, Emmanuel Macron, a annoncé lundi 10 février un investissement de 109 milliards " +
				"d'euros dans l'IA. Le sommet pour l'action sur l'intelligence artificielle s'ouvre au Grand Palais.",
			want: []string{
				"Le président de la République, Emmanuel Macron, a annoncé lundi 10 février un investissement de 109 milliards d'euros dans l'IA.",
				"Le sommet pour l'action sur l'intelligence artificielle s'ouvre au Grand Palais.",
			},
		},
		{
			name: "M. and Mme",
			in:   "M. Macron a reçu Mme Lagarde et Mlle Dupont à l'Élysée. Ils ont parlé d'IA.",
			want: []string{"M. Macron a reçu Mme Lagarde et Mlle Dupont à l'Élysée.", "Ils ont parlé d'IA."},
		},
		{
			name: "Mme. with a period, MM., Dr., Pr., Me",
			in:   "Mme. Borne, MM. Attal et Bayrou, le Dr. Martin, le Pr. Raoult et Me Dupond-Moretti étaient présents. La séance a duré.",
			want: []string{"Mme. Borne, MM. Attal et Bayrou, le Dr. Martin, le Pr. Raoult et Me Dupond-Moretti étaient présents.", "La séance a duré."},
		},
		{
			name: "French decimal comma",
			in:   "Mistral AI a levé 2,5 milliards d'euros. La start-up vaut désormais 11,7 milliards.",
			want: []string{"Mistral AI a levé 2,5 milliards d'euros.", "La start-up vaut désormais 11,7 milliards."},
		},
		{
			name: "English decimal point and U.S.",
			in:   "The company raised $2.5 billion on Monday. U.S. officials said the deal, worth 3.14 times revenue, was approved. Shares rose 4.2%.",
			want: []string{"The company raised $2.5 billion on Monday.", "U.S. officials said the deal, worth 3.14 times revenue, was approved.", "Shares rose 4.2%."},
		},
		{
			name: "U.S. in mid sentence",
			in:   "Senior U.S. officials met U.K. envoys in Washington D.C. on Tuesday. Talks went on.",
			want: []string{"Senior U.S. officials met U.K. envoys in Washington D.C. on Tuesday.", "Talks went on."},
		},
		{
			name: "initials",
			in:   "J. R. R. Tolkien a écrit Le Seigneur des anneaux. George W. Bush ne l'a pas lu.",
			want: []string{"J. R. R. Tolkien a écrit Le Seigneur des anneaux.", "George W. Bush ne l'a pas lu."},
		},
		{
			name: "English titles and company suffixes",
			in:   "Dr. Smith and Mr. Jones of Apple Inc. met Martin Luther King Jr. Day organizers at St. Louis. Acme Ltd. Co. declined. They left.",
			want: []string{"Dr. Smith and Mr. Jones of Apple Inc. met Martin Luther King Jr. Day organizers at St. Louis.", "Acme Ltd. Co. declined.", "They left."},
		},
		{
			name: "cf. and vs.",
			in:   "Voir le rapport (cf. Annexe, p. 12). Le match PSG vs. Marseille aura lieu. Fin.",
			want: []string{"Voir le rapport (cf. Annexe, p. 12).", "Le match PSG vs. Marseille aura lieu.", "Fin."},
		},
		{
			name: "av. J.-C.",
			in:   "César a conquis la Gaule en 52 av. J.-C. après une longue guerre. Vercingétorix s'est rendu.",
			want: []string{"César a conquis la Gaule en 52 av. J.-C. après une longue guerre.", "Vercingétorix s'est rendu."},
		},
		{
			name: "J.-C. ends a sentence before a capital",
			in:   "Alésia tombe en 52 av. J.-C. César triomphe.",
			want: []string{"Alésia tombe en 52 av. J.-C.", "César triomphe."},
		},
		{
			name: "No. before a number",
			in:   "No. 10 Downing Street confirmed it. The answer was No. Then silence.",
			want: []string{"No. 10 Downing Street confirmed it.", "The answer was No.", "Then silence."},
		},
		{
			name: "art. before a number, art at the end of a sentence",
			in:   "Le gouvernement a utilisé l'art. 49.3 de la Constitution. Il aime l'art. Le musée ouvre.",
			want: []string{"Le gouvernement a utilisé l'art. 49.3 de la Constitution.", "Il aime l'art.", "Le musée ouvre."},
		},
		{
			name: "etc. ends a sentence before a capital",
			in:   "Des pommes, des poires, etc. Le marché a fermé. Des noix, etc. et des figues.",
			want: []string{"Des pommes, des poires, etc.", "Le marché a fermé.", "Des noix, etc. et des figues."},
		},
		{
			name: "ellipsis before lowercase and capital",
			in:   "Il hésite... puis se lance. Le reste suit… Enfin, il conclut… sans rien dire.",
			want: []string{"Il hésite... puis se lance.", "Le reste suit…", "Enfin, il conclut… sans rien dire."},
		},
		{
			name: "ellipsis before a number does not end a sentence",
			in:   "Le compte à rebours... 3, 2, 1. Partez !",
			want: []string{"Le compte à rebours... 3, 2, 1.", "Partez !"},
		},
		{
			name: "elision mark",
			in:   "« Nous allons [...] Investir massivement », a-t-il dit (…) Le reste suit.",
			want: []string{"« Nous allons [...] Investir massivement », a-t-il dit (…) Le reste suit."},
		},
		{
			name: "guillemets",
			in:   "« Il viendra. » Puis il est reparti. « Viendra-t-il ? », demande-t-on. « Oui ! »",
			want: []string{"« Il viendra. »", "Puis il est reparti.", "« Viendra-t-il ? », demande-t-on.", "« Oui ! »"},
		},
		{
			name: "guillemets with a narrow no-break space",
			in:   "«\u202fIl viendra.\u202f» Puis rien.",
			want: []string{"«\u202fIl viendra.\u202f»", "Puis rien."},
		},
		{
			name: "English quotes",
			in:   `"It works." Then he left. He said "no." and smiled. “Really?” She laughed.`,
			want: []string{`"It works."`, "Then he left.", `He said "no." and smiled.`, "“Really?”", "She laughed."},
		},
		{
			name: "question and exclamation marks, French spacing",
			in:   "Pourquoi ? Parce que ! Vraiment ?! Oui. « Pourquoi ? » demande-t-il.",
			want: []string{"Pourquoi ?", "Parce que !", "Vraiment ?!", "Oui.", "« Pourquoi ? » demande-t-il."},
		},
		{
			name: "opening quote after a period",
			in:   `He said so. "Then it broke," she added. « Non », répond-il.`,
			want: []string{"He said so.", `"Then it broke," she added.`, "« Non », répond-il."},
		},
		{
			name: "dialogue dash",
			in:   "Il demande s'il peut venir. — Non, répond-elle.",
			want: []string{"Il demande s'il peut venir.", "— Non, répond-elle."},
		},
		{
			name: "sentence starting with a number",
			in:   "La conférence a eu lieu en 2024. 300 chercheurs étaient présents.",
			want: []string{"La conférence a eu lieu en 2024.", "300 chercheurs étaient présents."},
		},
		{
			name: "domain name and parenthesis",
			in:   "Lisez franceinfo.fr. Le site (gratuit). Voilà.",
			want: []string{"Lisez franceinfo.fr.", "Le site (gratuit).", "Voilà."},
		},
		{
			name: "lowercase after a period",
			in:   "Le modèle GPT-4o. est sorti.",
			want: []string{"Le modèle GPT-4o. est sorti."},
		},
		{
			name: "no final punctuation",
			in:   "Un titre sans point",
			want: []string{"Un titre sans point"},
		},
		{
			name: "extra whitespace",
			in:   "  Un.   Deux.  ",
			want: []string{"Un.", "Deux."},
		},
		{name: "empty", in: "", want: nil},
		{name: "blank", in: " \n\t", want: nil},
		{name: "punctuation only", in: "... ?!", want: []string{"... ?!"}},
		{
			name: "Chinese, no spaces",
			in:   "人工智能公司周二发布了新模型。该模型在多项测试中表现优异！它何时上市？",
			want: []string{"人工智能公司周二发布了新模型。", "该模型在多项测试中表现优异！", "它何时上市？"},
		},
		{
			name: "Japanese with closing brackets",
			in:   "首相は「対応を急ぐ。」と述べた。政府は（来年から）新制度を始める。",
			want: []string{"首相は「対応を急ぐ。」と述べた。", "政府は（来年から）新制度を始める。"},
		},
		{
			name: "a quotation closed after the stop",
			in:   "記者は『終わりだ。』次の日、会社は声明を出した。",
			want: []string{"記者は『終わりだ。』", "次の日、会社は声明を出した。"},
		},
		{
			name: "Chinese after Latin text",
			in:   "OpenAI released GPT-5. 新模型今天上线。",
			want: []string{"OpenAI released GPT-5.", "新模型今天上线。"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := text.Sentences(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSentenceEndsAllocates guards the cost of the splitter on the hot
// path: curation reads the first sentence of every item.
func TestSentenceEndsAllocates(t *testing.T) {
	s := "Le MINISTRE a parlé à Paris. M. Macron, Dr. Martin et l'ÉTAT (cf. Annexe, FÉVR. 12) sont d'accord… Le reste suit."
	if n := testing.AllocsPerRun(100, func() {
		for range text.SentenceEnds(s) {
		}
	}); n != 0 {
		t.Errorf("SentenceEnds allocates %v times", n)
	}
}

func TestEndsSentence(t *testing.T) {
	for in, want := range map[string]bool{
		"It ended.":                true,
		"« Nous verrons… » ":       true,
		"Is it?\")":                true,
		"新模型今天上线。":                 true,
		"首相は「対応を急ぐ！」":              true,
		"政府は新制度を始める（来年）。":          true,
		"A heading":                false,
		"E = mc²":                  false,
		"the sum of the parts [2]": false,
		"":                         false,
	} {
		if got := text.EndsSentence(in); got != want {
			t.Errorf("EndsSentence(%q) = %v, want %v", in, got, want)
		}
	}
}
