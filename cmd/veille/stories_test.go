package main

import (
	"os"
	"path/filepath"
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
