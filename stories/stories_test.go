package stories_test

import (
	"slices"
	"testing"
	"time"

	"github.com/veille-project/veille/stories"
)

// A French AFP dispatch as two outlets carry it: the second rewrote the
// headline and dropped the last sentence.
var (
	afpMonde = stories.Doc{
		Title: "Intelligence artificielle : Mistral AI lève 1,7 milliard d'euros, ASML devient son premier actionnaire",
		Summary: "La start-up française Mistral AI a annoncé mardi avoir levé 1,7 milliard d'euros lors d'un tour de " +
			"table mené par le néerlandais ASML, qui devient son premier actionnaire. L'opération valorise l'entreprise " +
			"fondée en 2023 à 11,7 milliards d'euros, selon un communiqué. ASML, fabricant de machines de lithographie " +
			"indispensables aux puces, investit 1,3 milliard d'euros et obtient un siège au comité stratégique. " +
			"Mistral AI, concurrent d'OpenAI, veut accélérer la construction de ses propres centres de calcul.",
	}
	afpFigaro = stories.Doc{
		Title: "Mistral AI, la pépite française de l'IA, valorisée 11,7 milliards d'euros après une levée menée par ASML",
		Summary: "La start-up française Mistral AI a annoncé mardi avoir levé 1,7 milliard d'euros lors d'un tour de " +
			"table mené par le néerlandais ASML, qui devient son premier actionnaire. L'opération valorise l'entreprise " +
			"fondée en 2023 à 11,7 milliards d'euros, selon un communiqué.",
	}
	// The same announcement in the outlet's own words.
	mistralOwnWords = stories.Doc{
		Title: "ASML investit 1,3 milliard d'euros dans Mistral AI",
		Summary: "Le groupe néerlandais ASML prend 11 % du capital de Mistral AI et en devient le premier actionnaire. " +
			"La levée de fonds de 1,7 milliard d'euros porte la valorisation de la start-up parisienne à 11,7 milliards.",
	}
)

// A Reuters dispatch in English, with a trimmed copy under a new headline.
var (
	reutersA = stories.Doc{
		Title: "Nvidia forecasts fourth-quarter revenue above estimates on AI chip demand",
		Summary: "Nvidia forecast fourth-quarter revenue above Wall Street estimates on Wednesday, betting on " +
			"sustained demand for its artificial intelligence chips, and reported third-quarter revenue of $57 billion, " +
			"up 62% from a year earlier. The company expects revenue of $65 billion, plus or minus 2%, for the quarter, " +
			"compared with analysts' average estimate of $61.66 billion. Shares rose 4% in extended trading.",
	}
	reutersB = stories.Doc{
		Title: "Nvidia sees revenue of $65 billion as data center sales surge",
		Summary: "Nvidia forecast fourth-quarter revenue above Wall Street estimates on Wednesday, betting on " +
			"sustained demand for its artificial intelligence chips, and reported third-quarter revenue of $57 billion, " +
			"up 62% from a year earlier.",
	}
	nvidiaOwnWords = stories.Doc{
		Title: "Nvidia's sales jump 62% to $57bn, and it expects $65bn next quarter",
		Summary: "Nvidia's third-quarter revenue rose 62% to $57 billion and the chipmaker guided to $65 billion for " +
			"the fourth quarter, ahead of the $61.66 billion analysts expected, easing fears of an AI bubble.",
	}
)

// Different stories on one topic.
var (
	gpt5 = stories.Doc{
		Title: "OpenAI launches GPT-5",
		Summary: "OpenAI on Thursday released GPT-5, its new flagship model, which it says is faster and makes fewer " +
			"mistakes. The model is available to all ChatGPT users, including free accounts.",
	}
	sued = stories.Doc{
		Title: "OpenAI sued by authors",
		Summary: "A group of authors including John Grisham sued OpenAI in a federal court in New York, accusing the " +
			"company of using their books without permission to train the models behind ChatGPT.",
	}
	soraApp = stories.Doc{
		Title:   "OpenAI lance Sora, une application de vidéos générées par IA",
		Summary: "OpenAI a lancé mardi aux États-Unis et au Canada une application de partage de vidéos courtes générées par son modèle Sora 2.",
	}
	amdDeal = stories.Doc{
		Title:   "OpenAI s'allie à AMD pour 6 gigawatts de puces",
		Summary: "OpenAI a signé lundi un accord avec AMD pour déployer 6 gigawatts de processeurs graphiques, et pourra prendre jusqu'à 10 % du capital du fabricant de puces.",
	}
	// A story and its follow-up with new facts.
	outage = stories.Doc{
		Title:   "Panne géante chez OVHcloud : des milliers de sites inaccessibles",
		Summary: "Une panne touche depuis ce matin les serveurs d'OVHcloud à Roubaix, rendant inaccessibles des milliers de sites web. L'hébergeur dit enquêter sur la cause.",
	}
	outageCause = stories.Doc{
		Title:   "OVHcloud explique sa panne par une mise à jour défectueuse et promet des indemnisations",
		Summary: "Le PDG d'OVHcloud, Benjamin Revillard, a attribué l'incident de mardi à une mise à jour logicielle d'un routeur et annoncé que 40 000 clients seraient dédommagés.",
	}
	// Two launches of one company, told alike but on different days.
	launchMonday = stories.Doc{
		Title:   "Meta releases Llama 4, its new open model",
		Summary: "Meta on Monday released Llama 4, a family of open models it says beats rivals on coding and reasoning benchmarks.",
	}
	launchThursday = stories.Doc{
		Title:   "Meta releases Llama 4.1, its new open model",
		Summary: "Meta on Thursday released Llama 4.1, a family of open models it says beats rivals on coding and long-document benchmarks.",
	}
	// One summit, numbers in words and in digits.
	summitWords = stories.Doc{
		Title:   "Bletchley Declaration: nations agree on risks of frontier AI",
		Summary: "Twenty-eight countries including the U.S. and China signed a declaration on Wednesday at the UK's AI Safety Summit, agreeing that advanced models could cause catastrophic harm.",
	}
	summitDigits = stories.Doc{
		Title:   "Countries at UK summit pledge to tackle AI's catastrophic risks",
		Summary: "Delegates from 28 nations, including the US and China, agreed on Wednesday at Bletchley Park to work together on the catastrophic risks of advanced AI models.",
	}
	// A weekly column under the same title.
	column1 = stories.Doc{
		Title:   "La chronique tech de la semaine",
		Summary: "Cette semaine, retour sur les lunettes connectées de Meta et ce qu'elles disent de notre rapport à la vie privée.",
	}
	column2 = stories.Doc{
		Title:   "La chronique tech de la semaine",
		Summary: "Cette semaine, pourquoi les batteries de nos téléphones s'usent si vite, et comment les faire durer.",
	}
)

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name  string
		a, b  stories.Doc
		merge bool
	}{
		{"AFP dispatch, new headline, trimmed", afpMonde, afpFigaro, true},
		{"AFP dispatch and own wording", afpMonde, mistralOwnWords, true},
		{"trimmed AFP dispatch and own wording", afpFigaro, mistralOwnWords, true},
		{"Reuters dispatch, new headline, trimmed", reutersA, reutersB, true},
		{"Reuters dispatch and own wording", reutersA, nvidiaOwnWords, true},
		{"numbers in words and digits", summitWords, summitDigits, true},
		{"identical", gpt5, gpt5, true},
		{"same title, no summary", stories.Doc{Title: gpt5.Title}, stories.Doc{Title: "OpenAI Launches GPT-5"}, true},

		{"OpenAI launch and lawsuit", gpt5, sued, false},
		{"two OpenAI announcements", soraApp, amdDeal, false},
		{"story and follow-up", outage, outageCause, false},
		{"two launches on different days", launchMonday, launchThursday, false},
		{"recurring column title", column1, column2, false},
		{"different topics", afpMonde, reutersA, false},
		{"empty", stories.Doc{}, stories.Doc{}, false},
		{"empty and full", stories.Doc{}, gpt5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := stories.Similarity(tt.a, tt.b)
			if r := stories.Similarity(tt.b, tt.a); r != s {
				t.Errorf("Similarity not symmetric: %v, reversed %v", s, r)
			}
			if s < 0 || s > 1 {
				t.Errorf("Similarity = %v, outside [0, 1]", s)
			}
			if got := s >= stories.DefaultThreshold; got != tt.merge {
				t.Errorf("Similarity = %.3f, merge = %v, want %v", s, got, tt.merge)
			}
		})
	}
}

// storiesOf places docs in an Index in their order, and returns the
// stories as groups of positions in docs: the story's lead first, the
// others in the order of docs; groups in the order of their leads.
func storiesOf(docs []stories.Doc, opts stories.Options) [][]int {
	x := stories.NewIndex(opts)
	story := make([]int64, len(docs))
	lead := map[int64]int{}
	for i, d := range docs {
		p := x.Place(int64(i+1), d)
		story[i] = p.Story
		if p.Lead {
			lead[p.Story] = i
		}
	}
	groups := [][]int{}
	for i := range docs {
		if lead[story[i]] != i {
			continue
		}
		g := []int{i}
		for j := range docs {
			if j != i && story[j] == story[i] {
				g = append(g, j)
			}
		}
		groups = append(groups, g)
	}
	return groups
}

func TestIndexStories(t *testing.T) {
	day := time.Date(2025, 11, 19, 8, 0, 0, 0, time.UTC)
	at := func(d stories.Doc, hours int) stories.Doc {
		d.Published = day.Add(time.Duration(hours) * time.Hour)
		return d
	}
	tests := []struct {
		name string
		docs []stories.Doc
		opts stories.Options
		want [][]int
	}{
		{
			name: "empty",
			want: [][]int{},
		},
		{
			name: "the earliest item represents the story",
			docs: []stories.Doc{at(gpt5, 0), at(afpFigaro, 5), at(sued, 1), at(afpMonde, 2), at(reutersB, 3), at(reutersA, 1)},
			want: [][]int{{0}, {2}, {3, 1}, {5, 4}},
		},
		{
			name: "same time: the longer summary represents",
			docs: []stories.Doc{at(afpFigaro, 2), at(afpMonde, 2)},
			want: [][]int{{1, 0}},
		},
		{
			name: "a known date comes before an unknown one",
			docs: []stories.Doc{afpMonde, at(afpFigaro, 2)},
			want: [][]int{{1, 0}},
		},
		{
			name: "beyond the window",
			docs: []stories.Doc{at(afpMonde, 0), at(afpFigaro, 73)},
			want: [][]int{{0}, {1}},
		},
		{
			name: "within a shorter window",
			docs: []stories.Doc{at(afpMonde, 0), at(afpFigaro, 5)},
			opts: stories.Options{Window: 4 * time.Hour},
			want: [][]int{{0}, {1}},
		},
		{
			name: "unknown dates are within the window",
			docs: []stories.Doc{afpMonde, at(afpFigaro, 500)},
			want: [][]int{{1, 0}},
		},
		{
			name: "a chain links items",
			// The trimmed copy and the own wording meet through the full dispatch
			// at any threshold at which both link to it.
			docs: []stories.Doc{at(mistralOwnWords, 3), at(gpt5, 0), at(afpMonde, 1), at(afpFigaro, 2)},
			want: [][]int{{1}, {2, 0, 3}},
		},
		{
			name: "a story never spans more than the window",
			// Each is within 72h of the next, but the first and last are 80h
			// apart: the dispatch joins the own wording placed before it, and
			// its copy cannot join that story.
			docs: []stories.Doc{at(mistralOwnWords, 0), at(afpMonde, 40), at(afpFigaro, 80)},
			want: [][]int{{0, 1}, {2}},
		},
		{
			name: "an undated item does not bridge a gap wider than the window",
			docs: []stories.Doc{at(afpMonde, 0), afpFigaro, at(mistralOwnWords, 100)},
			want: [][]int{{0, 1}, {2}},
		},
		{
			name: "threshold 1 keeps all but identical items apart",
			docs: []stories.Doc{at(afpMonde, 0), at(afpFigaro, 1), at(afpMonde, 2)},
			opts: stories.Options{Threshold: 1},
			want: [][]int{{0, 2}, {1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := storiesOf(tt.docs, tt.opts)
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("stories = %v, want %v", got, tt.want)
			}
		})
	}
}
