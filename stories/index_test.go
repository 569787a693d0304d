package stories_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/veille-project/veille/stories"
)

// TestIndexAgreesWithSimilarity: on every labelled pair, the Index links
// the second item to the first exactly when their Similarity reaches the
// threshold, so that looking up candidates by shared terms loses none of
// the merges that comparing every pair would make.
func TestIndexAgreesWithSimilarity(t *testing.T) {
	for _, file := range []string{pairsFile, heldoutPairsFile, v4PairsFile, v5PairsFile, v6PairsFile} {
		for _, p := range readPairs(t, file) {
			p.a.Source, p.b.Source = "", "" // Similarity ignores sources; an Index does not (TestIndexSameSource)
			x := stories.NewIndex(stories.Options{})
			x.Place(1, p.a)
			got := x.Place(2, p.b)
			want := stories.Similarity(p.a, p.b) >= stories.DefaultThreshold
			if merged := got.Story == 1; merged != want {
				t.Errorf("%s %s: merged %v, want %v (similarity %.3f)", file, p.id, merged, want, p.score)
			}
			if want && (got.Link != 1 || got.Score < stories.DefaultThreshold) {
				t.Errorf("%s %s: placement %+v, want a link to 1", file, p.id, got)
			}
		}
	}
}

// TestIndexAmongMany: the copies of one story are found among many other
// indexed items, and the story's lead is its earliest report.
func TestIndexAmongMany(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	x := stories.NewIndex(stories.Options{})
	for i := range 500 {
		x.Place(int64(100+i), stories.Doc{Title: farmTitle(i), Summary: farmSummary(i), Published: t0.Add(time.Duration(i) * time.Minute)})
	}
	first := stories.Doc{Title: "Mistral AI lève 600 millions d'euros auprès de Nvidia et Microsoft",
		Summary:   "La start-up parisienne Mistral AI a levé 600 millions d'euros mardi, valorisée 5,8 milliards.",
		Published: t0.Add(2 * time.Hour)}
	copied := stories.Doc{Title: "Mistral AI lève 600 millions d'euros",
		Summary:   "La start-up parisienne Mistral AI a levé mardi 600 millions d'euros ; elle est valorisée 5,8 milliards.",
		Published: t0.Add(time.Hour)}
	a := x.Place(1, first)
	if a.Story != 1 || !a.Lead || a.Link != 0 {
		t.Fatalf("first report: %+v, want a story of its own, its lead", a)
	}
	b := x.Place(2, copied)
	if b.Story != 1 || b.Link != 1 {
		t.Fatalf("copy: %+v, want story 1 through a link to 1", b)
	}
	if !b.Lead || b.Former != 1 {
		t.Errorf("copy, published an hour earlier: %+v, want it to lead in place of 1", b)
	}
	if again := x.Place(2, copied); again.Story != 1 || again.Lead {
		t.Errorf("placing a key twice: %+v, want its story and nothing else", again)
	}
}

// farmTitle and farmSummary make distinct texts with a shared vocabulary.
func farmTitle(i int) string {
	subjects := []string{"Le gouvernement", "La mairie de Lyon", "Les syndicats", "Une entreprise bretonne", "Le Sénat"}
	verbs := []string{"annonce", "présente", "refuse", "prépare", "reporte"}
	objects := []string{"un plan vélo", "la réforme des retraites", "un budget rectificatif", "une grève", "un nouveau stade"}
	return subjects[i%5] + " " + verbs[(i/5)%5] + " " + objects[(i/25)%5] + " pour " + strconv.Itoa(1990+i)
}

func farmSummary(i int) string {
	return "Selon les informations recueillies le " + strconv.Itoa(i%28+1) + " du mois, le projet numéro " + strconv.Itoa(i) +
		" concerne " + strconv.Itoa(i*7%1000) + " habitants."
}

// TestIndexFindsCopiesAmongThousands: with thousands of items sharing most
// of their vocabulary, every copy is still compared with its original: the
// counts of shared terms of one lookup must not leak into the next.
func TestIndexFindsCopiesAmongThousands(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	x := stories.NewIndex(stories.Options{})
	doc := func(i int) stories.Doc {
		return stories.Doc{Title: farmTitle(i) + " à " + strconv.Itoa(i*37%9973) + " habitants",
			Summary:   farmSummary(i) + " Le maire, M. Dupont-" + strconv.Itoa(i) + ", a signé l'arrêté " + strconv.Itoa(i*7919%100003) + ".",
			Published: t0.Add(time.Duration(i) * time.Second)}
	}
	const n = 3000
	for i := range n {
		x.Place(int64(i+1), doc(i))
	}
	for i := 0; i < n; i += 97 {
		copied := doc(i)
		copied.Title = "Ce qu'il faut savoir : " + copied.Title
		if p := x.Place(int64(n+i+1), copied); p.Link != int64(i+1) {
			t.Errorf("copy of item %d: linked to %d (score %.2f), want its original", i+1, p.Link, p.Score)
		}
	}
}

// TestIndexSameSource: two items of one source are one story only when they
// are one article posted twice; a series under one template, numbered
// episodes and a column are as many items, however alike their words.
func TestIndexSameSource(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	paywall := "Cet article est réservé aux abonnés. Découvrez toutes nos offres pour lire la suite."
	for _, c := range []struct {
		name  string
		docs  []stories.Doc
		merge bool
	}{
		{"series", []stories.Doc{
			{Title: "L'IA et la presse", Summary: paywall},
			{Title: "L'IA et l'école", Summary: paywall},
			{Title: "L'IA et la santé", Summary: paywall},
		}, false},
		{"episodes", []stories.Doc{
			{Title: "Podcast IA, épisode 12", Summary: "Chaque semaine, notre podcast sur l'intelligence artificielle et ses usages en entreprise."},
			{Title: "Podcast IA, épisode 13", Summary: "Chaque semaine, notre podcast sur l'intelligence artificielle et ses usages en entreprise."},
		}, false},
		{"re-posted", []stories.Doc{
			{Title: "Mistral AI lève 600 millions d'euros auprès de Nvidia", Summary: "La start-up parisienne Mistral AI a levé 600 millions d'euros mardi, valorisée 5,8 milliards, selon un communiqué."},
			{Title: "Mistral AI lève 600 millions d'euros auprès de Nvidia", Summary: "La start-up parisienne Mistral AI a levé mardi 600 millions d'euros, valorisée 5,8 milliards, selon un communiqué."},
		}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := stories.NewBoilerplate()
			for i := range c.docs {
				c.docs[i].Source, c.docs[i].Published = "1", t0.Add(time.Duration(i)*time.Hour)
				b.Learn(strconv.Itoa(i), c.docs[i])
			}
			x := stories.NewIndex(stories.Options{Boilerplate: b})
			merged := false
			for i, d := range c.docs {
				if p := x.Place(int64(i+1), d); p.Link != 0 {
					merged = true
				}
			}
			if merged != c.merge {
				t.Errorf("merged %v, want %v", merged, c.merge)
			}
			// Another source's copy of the first is still found.
			other := c.docs[0]
			other.Source = "2"
			if p := x.Place(99, other); p.Link == 0 && len(c.docs[0].Summary) > 100 {
				t.Errorf("another source's copy of the first: %+v, want a merge", p)
			}
		})
	}
}

// TestIndexEvidence: a merge says what the two items share.
func TestIndexEvidence(t *testing.T) {
	x := stories.NewIndex(stories.Options{})
	x.Place(1, stories.Doc{Title: "Amazon to cut about 14,000 corporate jobs as it leans on AI",
		Summary: "Amazon said on Tuesday it would cut around 14,000 corporate roles, says Beth Galetti."})
	p := x.Place(2, stories.Doc{Title: "Amazon supprime 14 000 postes dans ses bureaux",
		Summary: "Amazon a annoncé mardi la suppression de 14 000 emplois de bureau, selon Beth Galetti."})
	if p.Link != 1 {
		t.Fatalf("placement %+v, want a link to 1", p)
	}
	if !slices.Contains(p.Evidence.Names, "galetti") || !slices.Contains(p.Evidence.Figures, "14000") ||
		!slices.Contains(p.Evidence.Figures, "mardi") {
		t.Errorf("evidence %+v, want the name galetti and the figures 14000 and mardi", p.Evidence)
	}
}

// TestIndexAlone: an item an editor unmerged joins no story, and none
// joins it.
func TestIndexAlone(t *testing.T) {
	a := stories.Doc{Title: "Mistral AI lève 600 millions d'euros", Summary: "La start-up parisienne Mistral AI a levé mardi 600 millions d'euros ; elle est valorisée 5,8 milliards."}
	x := stories.NewIndex(stories.Options{})
	x.Place(1, a)
	x.Alone(2, a)
	if p := x.Place(3, a); p.Link != 1 {
		t.Errorf("a third copy: %+v, want it linked to 1, not to the item left alone", p)
	}
	y := stories.NewIndex(stories.Options{})
	y.Alone(1, a)
	if p := y.Place(2, a); p.Link != 0 {
		t.Errorf("a copy of an item left alone: %+v, want a story of its own", p)
	}
}

// window returns the first n items of the labelled pairs of
// heldout_pairs.tsv, news about AI and technology in French and English
// (OpenAI named some forty times), published every ten minutes from t0 on,
// each from a source of its own: the window of a feed about AI.
func window(t *testing.T, n int, t0 time.Time) []stories.Doc {
	var docs []stories.Doc
	for _, p := range readPairs(t, heldoutPairsFile) {
		for _, d := range []stories.Doc{p.a, p.b} {
			d.Published, d.Source = t0.Add(time.Duration(len(docs))*10*time.Minute), "window "+strconv.Itoa(len(docs))
			docs = append(docs, d)
		}
	}
	return docs[:n]
}

// placeAfter places, in an Index holding a window of n items published
// every ten minutes, a after the window and b apart from a, as keys 1 and
// 2, and returns where b went.
func placeAfter(t *testing.T, n int, a, b stories.Doc, apart time.Duration) stories.Placement {
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	x := stories.NewIndex(stories.Options{})
	for i, d := range window(t, n, t0) {
		x.Place(int64(100+i), d)
	}
	a.Published = t0.Add(time.Duration(n) * 10 * time.Minute)
	b.Published = a.Published.Add(apart)
	x.Place(1, a)
	return x.Place(2, b)
}

// TestIndexNearInTime: two rewordings of one event published an hour
// apart, which Similarity keeps apart, are one story in a feed's window,
// but not a day and a half apart, nor in an Index too small to tell which
// names are common; the market's answer the next day, as alike as a
// rewording, is a story of its own; a story about OpenAI joins
// neither another story of OpenAI of that day nor a third one of the
// window (a lawsuit of the New York Times): the window tells that OpenAI
// and ChatGPT are common.
func TestIndexNearInTime(t *testing.T) {
	out := stories.Doc{Title: "Intel CEO Pat Gelsinger is out",
		Summary: "Gelsinger retired from the company on Sunday after the board lost confidence in his turnaround plan; " +
			"CFO David Zinsner and Michelle Johnston Holthaus will serve as interim co-CEOs.", Source: "The Verge"}
	retires := stories.Doc{Title: "Intel CEO Pat Gelsinger retires after less than four years",
		Summary: "His departure comes as Intel struggles to catch up in AI chips and spends heavily to build a foundry " +
			"business.", Source: "Reuters"}
	if s := stories.Similarity(out, retires); s >= stories.DefaultThreshold {
		t.Fatalf("Similarity = %.3f: the texts alone merge them, the test says nothing", s)
	}
	launch, sued := gpt5, sued
	launch.Source, sued.Source = "Le Monde", "Reuters"
	shares := stories.Doc{Title: "Intel shares rise as investors weigh Pat Gelsinger's exit",
		Summary: "The stock gained 4% on Monday as analysts said interim co-CEOs David Zinsner and Michelle Johnston " +
			"Holthaus could speed up a split of the foundry business.", Source: "Reuters"}
	if p := placeAfter(t, 400, out, shares, 10*time.Hour); p.Link != 1 {
		t.Fatalf("the market's answer ten hours later: %+v: not as alike as a rewording, the test says nothing", p)
	}
	for _, tt := range []struct {
		name   string
		window int
		a, b   stories.Doc
		apart  time.Duration
		link   int64 // the item b links to, 0 for none
	}{
		{"rewordings an hour apart", 400, out, retires, time.Hour, 1},
		{"the market's answer the next day", 400, out, shares, 20 * time.Hour, 0},
		{"rewordings a day and a half apart", 400, out, retires, 36 * time.Hour, 0},
		{"rewordings in an index of a few items", 5, out, retires, time.Hour, 0},
		{"two stories of OpenAI an hour apart", 400, launch, sued, time.Hour, 0},
	} {
		p := placeAfter(t, tt.window, tt.a, tt.b, tt.apart)
		if p.Link != tt.link {
			t.Errorf("%s: %+v, want a link to %d", tt.name, p, tt.link)
		}
	}
}

// TestIndexSoonAfter: outlets reword one event within hours, so two items
// published half an hour apart are one story from a lower similarity than
// two items ten hours apart, which may be a story and its follow-up; and
// two headlines naming different people are two stories however close in
// time, though their texts are alike (TestNearLink tells why).
func TestIndexSoonAfter(t *testing.T) {
	eruption := stories.Doc{Title: "Volcano erupts again near Grindavik, town evacuated",
		Summary: "Lava fountains rose from a new fissure on the Reykjanes peninsula at night; the fishing town had " +
			"been evacuated hours earlier.", Source: "Reuters"}
	iceland := stories.Doc{Title: "Iceland: new eruption threatens Grindavik",
		Summary: "Magma broke through north of the Blue Lagoon, the fifth eruption in a year; authorities had " +
			"ordered the town emptied.", Source: "Le Monde"}
	women := stories.Doc{Title: "Keys beats Sabalenka in the final",
		Summary: "The American took her first Grand Slam title at the Australian Open, ending the world number " +
			"one's bid for a third straight crown.", Source: "AP"}
	men := stories.Doc{Title: "Sinner beats Zverev to keep his title",
		Summary: "The Italian won the Australian Open final in straight sets for his third major.", Source: "BBC"}
	if s := stories.Similarity(eruption, iceland); s >= stories.DefaultThreshold {
		t.Fatalf("rewordings: Similarity = %.3f: the texts alone merge them, the test says nothing", s)
	}
	if s := stories.Similarity(women, men); s < stories.DefaultThreshold {
		t.Fatalf("finals: Similarity = %.3f: the texts alone keep them apart, the test says nothing", s)
	}
	for _, tt := range []struct {
		name  string
		a, b  stories.Doc
		apart time.Duration
		link  int64 // the item b links to, 0 for none
	}{
		{"rewordings half an hour apart", eruption, iceland, 30 * time.Minute, 1},
		{"rewordings ten hours apart", eruption, iceland, 10 * time.Hour, 0},
		{"two finals half an hour apart", women, men, 30 * time.Minute, 0},
	} {
		p := placeAfter(t, 400, tt.a, tt.b, tt.apart)
		if p.Link != tt.link {
			t.Errorf("%s: %+v, want a link to %d", tt.name, p, tt.link)
		}
		// Linked under the threshold of items a day apart: the closeness
		// in time did it.
		if p.Link != 0 && p.Score >= 0.34 {
			t.Errorf("%s: score %.3f, the test says nothing of the rule", tt.name, p.Score)
		}
	}
}
