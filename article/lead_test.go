package article_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/veille-project/veille/article"
)

func TestLead(t *testing.T) {
	const (
		p1 = "Le gouvernement a présenté mercredi un projet de loi sur la sécurité des réseaux. Le texte sera examiné à l'Assemblée en juin."
		p2 = "M. Barrot a défendu un texte « équilibré », qui prévoit des amendes de 2,5 milliards d'euros au plus."
		en = "The company raised $2.5 billion on Monday, U.S. regulators said. Shares rose 4.2% in early trading."
	)
	para := func(ps ...string) string { return strings.Join(ps, "\n\n") }
	tests := []struct {
		name  string
		title string
		text  string
		max   int
		want  string
	}{
		{name: "first paragraphs", text: para(p1, p2), max: 400, want: p1 + " " + p2},
		{name: "cut after a sentence", text: para(p1, p2), max: 150,
			want: "Le gouvernement a présenté mercredi un projet de loi sur la sécurité des réseaux. Le texte sera examiné à l'Assemblée en juin."},
		{name: "cut inside the first sentence", text: p1, max: 40, want: "Le gouvernement a présenté mercredi un…"},
		{name: "no limit", text: para(p1, p2, p1), max: 0, want: p1 + " " + p2 + " " + p1},
		{name: "French byline and dates", text: para("Par Jean Dupont et Marie Martin", "Publié le 12 février 2025 à 07h00, mis à jour à 09h12", "Temps de lecture : 3 min", p1), max: 400, want: p1},
		{name: "English byline and dates", text: para("By Jonathan Stempel and Kanishka Singh", "Updated 2 hours ago", "Feb 12, 2025, 9:00 AM EST", "4 min read", en), max: 400, want: en},
		{name: "lines of one paragraph", text: para("Par Jean Dupont\nPublié le 12/02/2025 à 06h58\n" + p1), max: 400, want: p1},
		{name: "a date alone", text: para("mercredi 12 février 2025", "Wed 12 Feb 2025 07.00 GMT", "12/02/2025 06:58", p1), max: 400, want: p1},
		{name: "credits and captions", text: para("Emmanuel Macron à l'Elysée, à Paris, le 7 février 2025. (LUDOVIC MARIN / AFP)", "Photograph: Dan Kitwood/Getty Images", "© Samsung", "Image: Allison Johnson / The Verge", p1), max: 400, want: p1},
		{name: "related links", text: para(p1, "Lire aussi | La BCE abaisse ses taux pour la sixième fois depuis juin 2024", "À lire aussi : Retraites, les cinq scénarios sur la table", p2), max: 400, want: p1 + " " + p2},
		{name: "prompts", text: para("Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité chaque matin.", "Partager sur Facebook, X et LinkedIn, ou copier le lien de cet article.", "Nous utilisons des cookies pour améliorer votre expérience sur notre site, en savoir plus.", p1), max: 400, want: p1},
		{name: "short kicker and heading", text: para("Intelligence artificielle", "Ce qu'il faut retenir", p1), max: 400, want: p1},
		{name: "the title again", title: "Le gouvernement présente son projet de loi sur la sécurité des réseaux", text: para("Le gouvernement présente son projet de loi sur la sécurité des réseaux.", p1), max: 400, want: p1},
		{name: "line ending with a colon", text: para("Voici les principales mesures annoncées par le gouvernement mercredi soir :", p1), max: 400, want: p1},
		{name: "short paragraph inside the lead", text: para(p1, "Le texte est attendu.", p2), max: 400, want: p1 + " Le texte est attendu. " + p2},
		{name: "heading inside the lead", text: para(p1, "Un calendrier serré", p2), max: 400, want: p1 + " " + p2},
		{name: "Par ailleurs is prose", text: para("Par ailleurs, le gouvernement a présenté mercredi un projet de loi sur la sécurité des réseaux."), max: 400,
			want: "Par ailleurs, le gouvernement a présenté mercredi un projet de loi sur la sécurité des réseaux."},
		{name: "By 2030 is prose", text: para("By 2030, the company expects to have replaced every password on its platform with passkeys."), max: 400,
			want: "By 2030, the company expects to have replaced every password on its platform with passkeys."},
		{name: "an article about cookies", text: para("La CNIL a infligé jeudi une amende de 150 millions d'euros à Google pour avoir rendu le refus des cookies plus difficile que leur acceptation sur YouTube."), max: 400,
			want: "La CNIL a infligé jeudi une amende de 150 millions d'euros à Google pour avoir rendu le refus des cookies plus difficile que leur acceptation sur YouTube."},
		{name: "unfinished last paragraph", text: para(p1, "Le ministre a ajouté que le texte serait examiné en procédure accélérée, et que"), max: 400, want: p1},
		{name: "no prose", text: para("Accueil", "Politique", "Par Jean Dupont"), max: 400, want: ""},
		{name: "empty", text: "", max: 400, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := article.Lead(&article.Article{Title: tt.title, Text: tt.text}, tt.max)
			if got != tt.want {
				t.Errorf("Lead(%q, %d)\n got %q\nwant %q", tt.text, tt.max, got, tt.want)
			}
			if tt.max > 0 && utf8.RuneCountInString(got) > tt.max {
				t.Errorf("Lead has %d runes, more than %d", utf8.RuneCountInString(got), tt.max)
			}
		})
	}
	if got := article.Lead(nil, 400); got != "" {
		t.Errorf("Lead(nil) = %q", got)
	}
}
