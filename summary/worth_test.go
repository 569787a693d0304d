package summary_test

import (
	"testing"

	"github.com/veille-project/veille/summary"
)

func TestWorthless(t *testing.T) {
	const title = "La justice européenne contre-attaque"
	tests := []struct {
		name, text, title string
		want              bool
	}{
		{"Euronews' 1", "1", title, true},
		{"Hacker News' Comments", "Comments", "Dall-E 2", true},
		{"Read more", "Read more", title, true},
		{"a bare URL", "https://news.ycombinator.com/item?id=30937433", title, true},
		{"the title again", title, title, true},
		{"the title and a word", title + " aujourd'hui", title, true},
		{"another title, no sentence", "Des vétérans au chevet des soignants", title, true},
		{"a list of tags", "Intelligence artificielle, OpenAI, ChatGPT, Santé, Europe", title, true},
		{"hashtags", "#IA #OpenAI #tech #santé #europe", title, true},
		{"a lead", "La Cour de justice de l'Union européenne a rappelé mardi la primauté du droit européen.", title, false},
		{"a short sentence", "Le gouvernement a présenté son plan mardi.", title, false},
		{"a Chinese sentence", "人工智能公司周二发布了新模型。", "新模型", false},
		{"two Chinese characters", "新闻", "新模型", true},
		{"a long sentence cut", "Le site SKF d'Avallon a fabriqué une couronne de rotation monumentale destinée à la Chine, qui doit servir à", title, false},
		{"a sentence with no final stop", "Le gouvernement a présenté son plan mardi. Il prévoit", title, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summary.Worthless(tt.text, tt.title); got != tt.want {
				t.Errorf("Worthless(%q, %q) = %v, want %v", tt.text, tt.title, got, tt.want)
			}
		})
	}
}

func TestWhole(t *testing.T) {
	const (
		s1 = "Le cabinet de design vénitien Nuvolari Lenard a annoncé la mise en service de son nouveau bateau-taxi."
		s2 = " Long de plus de 9 mètres, le Thunder est une limousine nautique à"
	)
	tests := []struct{ name, in, want string }{
		{"complete", s1, s1},
		{"cut in the second sentence", s1 + s2, s1},
		{"cut with an ellipsis", s1 + s2 + "…", s1},
		{"cut in the first sentence", s2[1:] + " destination des grands hôtels du Lido et de la lagune de", s2[1:] + " destination des grands hôtels du Lido et de la lagune de…"},
		{"cut after a comma", "Long de plus de 9 mètres, le Thunder est une limousine nautique qui relie les hôtels du Lido, la gare, l'aéroport,", "Long de plus de 9 mètres, le Thunder est une limousine nautique qui relie les hôtels du Lido, la gare, l'aéroport…"},
		{"short, not cut", "Un titre sans point", "Un titre sans point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summary.Whole(tt.in); got != tt.want {
				t.Errorf("Whole(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanEditorialLabels(t *testing.T) {
	const lead = "Product director Ethan Russell brings us the second installment of our Beyond the Map series."
	for _, in := range []string{
		"Editor’s Note: " + lead,
		"Editor's note:" + lead,
		"EXCLUSIF - " + lead,
		"VIDÉO - " + lead,
		"Vidéo. " + lead, // not a label: kept below
		"[Podcast] " + lead,
		"[Podcast] EXCLUSIF – " + lead,
		"Direct : " + lead,
	} {
		want := lead
		if in == "Vidéo. "+lead {
			want = in
		}
		if got := summary.Clean(in); got != want {
			t.Errorf("Clean(%q)\n got %q\nwant %q", in, got, want)
		}
	}
	if got := summary.Clean("Vidéo-surveillance : la CNIL met en garde les communes."); got != "Vidéo-surveillance : la CNIL met en garde les communes." {
		t.Errorf("a compound word lost its start: %q", got)
	}
}
