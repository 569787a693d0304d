package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestOneItemPerStory: the same agency dispatch in two papers is published
// once, the earliest, crediting the other paper.
func TestOneItemPerStory(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/lemonde.rss": {path: "testdata/afp-lemonde.rss", contentType: "application/rss+xml"},
		"/figaro.rss":  {path: "testdata/afp-figaro.rss", contentType: "application/rss+xml"},
	})
	dir := t.TempDir()
	cfg := "retention: 0\nsources:\n  - {name: Le Monde, url: '" + srv.URL + "/lemonde.rss'}\n" +
		"  - {name: Le Figaro, url: '" + srv.URL + "/figaro.rss'}\n" +
		"feeds:\n  - {slug: ia, title: IA, language: fr, include: [IA, AI, intelligence artificielle, Mistral AI]}\n"
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	site := &testSite{dir: dir, config: path, server: srv}
	if _, stderr, err := site.veille(t, "fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	if n := len(site.items(t, "-feed", "ia")); n != 3 {
		t.Fatalf("%d entries selected, want 3 (both papers are stored)", n)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "public", "ia.rss"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 2 {
		t.Fatalf("%d items published, want 2 stories", len(feed.Items))
	}
	var mistral *gofeed.Item
	for _, it := range feed.Items {
		if strings.Contains(it.Title, "1,7 milliard") {
			mistral = it
		}
	}
	if mistral == nil || mistral.Link != "https://www.lemonde.fr/economie/mistral-asml" {
		t.Fatalf("the story is not published as its earliest report (Le Monde): %+v", mistral)
	}
	want := `<p>Aussi : <a href="https://www.lefigaro.fr/secteur/high-tech/mistral-asml">Le Figaro</a></p>`
	if !strings.Contains(mistral.Content, want) {
		t.Errorf("content lacks %q:\n%s", want, mistral.Content)
	}
}

// TestMergesVisible, through the binary: a source's series, episodes and
// paywalled items are all published, however alike; the copies of one story
// are published once, crediting every other item, the outlet's other feed
// included; items -why tells each merge, and an editor's unmerge publishes
// the item on its own, for good.
func TestMergesVisible(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/chronique.rss": {path: "testdata/series-chronique.rss", contentType: "application/rss+xml"},
		"/lemonde.rss":   {path: "testdata/afp-lemonde.rss", contentType: "application/rss+xml"},
		"/eco.rss":       {path: "testdata/lemonde-eco.rss", contentType: "application/rss+xml"},
		"/figaro.rss":    {path: "testdata/afp-figaro.rss", contentType: "application/rss+xml"},
	})
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	writeConfig := func(include string) {
		cfg := "retention: 0\nsources:\n  - {name: La Chronique, url: '" + srv.URL + "/chronique.rss'}\n" +
			"  - {name: Le Monde, url: '" + srv.URL + "/lemonde.rss'}\n" +
			"  - {name: Le Monde Éco, url: '" + srv.URL + "/eco.rss'}\n" +
			"  - {name: Le Figaro, url: '" + srv.URL + "/figaro.rss'}\n" +
			"feeds:\n  - {slug: ia, title: IA, language: fr, include: [" + include + "]}\n"
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig("IA, AI, intelligence artificielle, Mistral AI")
	veille := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(veilleBinary(t), append(args, "-config", path)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("veille %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return string(out)
	}
	published := func() []*gofeed.Item {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join(dir, "public", "ia.rss"))
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().ParseString(string(raw))
		if err != nil {
			t.Fatal(err)
		}
		return feed.Items
	}
	find := func(items []*gofeed.Item, title string) *gofeed.Item {
		for _, it := range items {
			if strings.Contains(it.Title, title) {
				return it
			}
		}
		return nil
	}

	veille("fetch")
	items := published()
	// 6 paywalled items of a series, 3 episodes, Le Monde's two stories.
	if len(items) != 11 {
		titles := make([]string, len(items))
		for i, it := range items {
			titles[i] = it.Title
		}
		t.Fatalf("%d items published, want 11:\n%s", len(items), strings.Join(titles, "\n"))
	}
	for _, title := range []string{"L'IA et la presse", "L'IA et l'agriculture", "Podcast IA, épisode 12", "Podcast IA, épisode 14"} {
		if find(items, title) == nil {
			t.Errorf("%q is not published: a distinct item of its source was hidden", title)
		}
	}
	mistral := find(items, "1,7 milliard")
	if mistral == nil {
		t.Fatal("the Mistral story is not published")
	}
	for _, credit := range []string{`<a href="https://www.lefigaro.fr/secteur/high-tech/mistral-asml">Le Figaro</a>`,
		`<a href="https://www.lemonde.fr/economie/mistral-asml">Le Monde Éco</a>`} {
		if !strings.Contains(mistral.Content, credit) {
			t.Errorf("the Mistral story does not credit %s:\n%s", credit, mistral.Content)
		}
	}

	var why []jsonItem
	if err := json.Unmarshal([]byte(veille("items", "-why", "-json", "-limit", "100")), &why); err != nil {
		t.Fatal(err)
	}
	var figaro jsonItem
	for _, it := range why {
		m := it.Why["ia"].Merged
		switch {
		case it.Source == "Le Figaro":
			figaro = it
		case it.Source == "La Chronique" && m != nil:
			t.Errorf("%q merged into %q", it.Title, m.Into.Title)
		}
	}
	m := figaro.Why["ia"].Merged
	if m == nil || !strings.Contains(m.Into.Title, "Mistral AI lève 1,7 milliard") || m.Similarity < 0.47 ||
		!slices.Contains(m.Shared.Names, "asml") || !slices.Contains(m.Shared.Figures, "1.7") {
		t.Fatalf("items -why does not explain the Figaro's merge: %+v", m)
	}
	text := veille("items", "-why", "-feed", "ia", "-limit", "100")
	if !strings.Contains(text, "merged into "+shortID(m.Into.ID)) || !strings.Contains(text, "sharing names") || !strings.Contains(text, "asml") {
		t.Errorf("items -why text lacks the merge:\n%s", text)
	}

	veille("unmerge", shortID(figaro.ID)[:8], "-feed", "ia")
	check := func(when string) {
		t.Helper()
		items := published()
		if len(items) != 12 {
			t.Fatalf("%s: %d items published, want 12", when, len(items))
		}
		if it := find(items, "ASML devient son premier actionnaire"); it == nil {
			t.Errorf("%s: the Figaro's item is not published on its own", when)
		}
		if it := find(items, "1,7 milliard d'euros auprès"); it == nil || strings.Contains(it.Content, "Le Figaro") {
			t.Errorf("%s: the Mistral story still credits the Figaro: %+v", when, it)
		}
	}
	check("after unmerge")
	// New rules make the selection, and so the stories, computed again.
	writeConfig("IA, AI, intelligence artificielle, Mistral AI, ASML")
	veille("publish")
	check("after the stories were computed again")
}
