package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestTeaserSourceGetsArticleLeads: a source whose feed gives only teasers
// is published with the lead of each article page, fetched from the same
// test server; a page that fails keeps the feed text and is retried later.
func TestTeaserSourceGetsArticleLeads(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/teasers.rss": {path: "testdata/teasers.rss", contentType: "application/rss+xml"},
		"/articles/sommet-ia.html": {path: "../../article/testdata/pages/franceinfo-sommet-ia.html",
			contentType: "text/html; charset=utf-8"},
	})
	dir := t.TempDir()
	cfg := "retention: 0\nfetch: {allow_private_networks: true}\n" +
		"sources:\n  - {name: France Info, url: '" + srv.URL + "/teasers.rss'}\n" +
		"feeds:\n  - {slug: ia, title: IA, language: fr, summary_length: 300, include: [IA]}\n"
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	site := &testSite{dir: dir, config: path, server: srv}
	if _, stderr, err := site.veille(t, "fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "public", "ia.rss"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	summaries := map[string]string{}
	for _, it := range feed.Items {
		summaries[it.Title] = it.Description
	}
	lead := summaries["Sommet sur l'IA : Emmanuel Macron annonce 109 milliards d'euros d'investissements"]
	const want = "Le président de la République a détaillé dimanche soir un plan d'investissements"
	if !strings.HasPrefix(lead, want) || len([]rune(lead)) > 300 || strings.Contains(lead, "Lire la suite") {
		t.Errorf("summary = %q, want the article's lead starting %q", lead, want)
	}
	if got := len(site.server.headers("/articles/sommet-ia.html")); got != 1 {
		t.Errorf("article fetched %d times, want once", got)
	}
	// The second pass does not fetch the stored article again, but retries
	// the one that failed.
	if _, stderr, err := site.veille(t, "fetch", "-force"); err != nil {
		t.Fatalf("second fetch: %v\n%s", err, stderr)
	}
	if got := len(site.server.headers("/articles/sommet-ia.html")); got != 1 {
		t.Errorf("article fetched %d times after two passes, want once", got)
	}
	if got := len(site.server.headers("/articles/missing.html")); got != 2 {
		t.Errorf("failing article fetched %d times after two passes, want 2 (retried)", got)
	}
}
