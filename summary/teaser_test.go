package summary_test

import (
	"testing"

	"github.com/veille-project/veille/summary"
)

func TestIsTeaser(t *testing.T) {
	const (
		title = "Sommet sur l'IA : Emmanuel Macron annonce 109 milliards d'euros d'investissements"
		lead  = "Le président de la République a détaillé dimanche soir un plan d'investissements financé notamment par les Emirats arabes unis et des fonds canadiens. Il doit permettre la construction de centres de données."
		en    = "Figment, a two-year-old robotics startup based in Pittsburgh, has raised $120 million in a Series B round led by Lux Capital to build humanoid robots for warehouses."
	)
	tests := []struct {
		name  string
		text  string
		title string
		want  bool
	}{
		{"a real lead", lead, title, false},
		{"an English lead", en, "Robotics startup Figment raises $120M", false},
		{"a lead ending with a quotation", "Le ministre a présenté mercredi son projet de loi sur la sécurité des réseaux devant la commission des lois. « Nous allons vite… »", "", false},
		{"a lead with an elision inside", "Le ministre a cité le rapport, qui parle d'une « situation […] préoccupante » pour les réseaux, lors de son audition devant la commission des lois.", "", false},
		{"empty", "", title, true},
		{"spaces", "  \n ", title, true},
		{"short", "Le président a annoncé un plan d'investissements.", title, true},
		{"the title again", title, title, true},
		{"the title, long", "Le gouvernement présente son projet de loi sur la sécurité des réseaux, qui prévoit de lourdes amendes pour les opérateurs défaillants et les fournisseurs de services", "Le gouvernement présente son projet de loi sur la sécurité des réseaux, qui prévoit de lourdes amendes pour les opérateurs défaillants et les fournisseurs de services.", true},
		{"a prefix of the title", "Sommet sur l'IA : Emmanuel Macron", title, true},
		{"cut with an ellipsis", "Le président de la République a détaillé dimanche soir un plan d'investissements financé notamment par les Emirats arabes unis et des fonds…", title, true},
		{"cut with three dots", "Le président de la République a détaillé dimanche soir un plan d'investissements financé notamment par les Emirats arabes unis et des fonds...", title, true},
		{"cut with [...]", "Le président de la République a détaillé dimanche soir un plan d'investissements financé notamment par les Emirats arabes unis et des [...]", title, true},
		{"cut with […]", "Le président de la République a détaillé dimanche soir un plan d'investissements financé notamment par les Emirats arabes unis et des […]", title, true},
		{"Lire la suite", lead + " Lire la suite", title, true},
		{"Lire la suite…", lead + " Lire la suite…", title, true},
		{"Lire l'article", lead + " Lire l'article", title, true},
		{"Read more »", en + " Read more »", "", true},
		{"Continue reading with the title", en + " Continue reading Robotics startup Figment raises $120M →", "", true},
		{"(more…)", en + " (more…)", "", true},
		{"only a call to action", "Lire la suite", title, true},
		{"WordPress excerpt with its notice", "Il y a six mois, j'ai quitté Google Photos pour Immich, un logiciel libre qui reproduit l'essentiel de ses fonctions sur un serveur que l'on [&#8230;] […] L'article Immich : mon retour est apparu en premier sur Le blog de Julien.", "", true},
		{"notice after a whole lead", lead + " The post Sommet sur l'IA appeared first on Franceinfo.", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summary.IsTeaser(tt.text, tt.title); got != tt.want {
				t.Errorf("IsTeaser(%q, %q) = %v, want %v", tt.text, tt.title, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	const lead = "Le président de la République a détaillé dimanche soir un plan d'investissements."
	tests := []struct {
		name, in, want string
	}{
		{"nothing to clean", lead, lead},
		{"The post … appeared first on …", lead + " The post Sommet sur l'IA : 109 milliards appeared first on Franceinfo.", lead},
		{"L'article … est apparu en premier sur …", lead + " L’article Sommet sur l’IA est apparu en premier sur Numerama.", lead},
		{"Lire la suite…", lead + " Lire la suite…", lead},
		{"Lire la suite »", lead + " Lire la suite »", lead},
		{"[Lire la suite]", lead + " [Lire la suite]", lead},
		{"Read more »", "The company raised $2.5 billion. Read more »", "The company raised $2.5 billion."},
		{"Continue reading →", "The company raised $2.5 billion. Continue reading →", "The company raised $2.5 billion."},
		{"Continue reading the title →", "The company raised $2.5 billion. Continue reading Figment raises $120M →", "The company raised $2.5 billion."},
		{"(more…)", "The company raised $2.5 billion. (more…)", "The company raised $2.5 billion."},
		{"[…] end", "Le président a détaillé un plan d'investissements financé notamment par […]", "Le président a détaillé un plan d'investissements financé notamment par…"},
		{"[...] end", "Le président a détaillé un plan, [...]", "Le président a détaillé un plan…"},
		{"[…] then the notice", "Le président a détaillé un plan d'investissements […] The post Sommet appeared first on Franceinfo.", "Le président a détaillé un plan d'investissements…"},
		{"photo credit", "Emmanuel Macron à l'Elysée (Crédit photo : Ludovic Marin / AFP) a annoncé un plan.", "Emmanuel Macron à l'Elysée a annoncé un plan."},
		{"photo credits at the end", lead + " (Crédits photos : AFP)", lead},
		{"Photo : in parentheses", lead + " (Photo : Reuters)", lead},
		{"other parentheses stay", "Le fonds canadien (Brookfield) investira 20 milliards d'euros à Cambrai (Nord).", "Le fonds canadien (Brookfield) investira 20 milliards d'euros à Cambrai (Nord)."},
		{"a sentence about reading more stays", "Les Français lisent plus. Ils veulent lire la suite des romans.", "Les Français lisent plus. Ils veulent lire la suite des romans."},
		{"elision inside stays", "Il parle d'une « situation […] préoccupante ».", "Il parle d'une « situation […] préoccupante »."},
		{"only a call to action", "Lire la suite…", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summary.Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
