package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille/internal/text"
)

// TestWhatSubscribersRead runs the binary on real feeds (issue 15: the
// corpus files in aggregator/testdata/corpus, origins in its MANIFEST.tsv)
// and reads what it publishes back with gofeed: no summary that is junk,
// no empty element, a date for every item, original links rather than
// redirectors, visible article failures, and feed dates that move with
// the bytes and only with them.
func TestWhatSubscribersRead(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/euronews":   {path: corpus + "euronews-fr-europe-2020.rss", contentType: "application/rss+xml"},
		"/hn":         {path: corpus + "hackernews-frontpage-2022.rss", contentType: "application/rss+xml"},
		"/usine":      {path: corpus + "usinenouvelle-2020.rss", contentType: "application/rss+xml"},
		"/gcloud":     {path: corpus + "google-cloudblog-atom-author-in-rss.rss", contentType: "application/rss+xml"},
		"/techcrunch": {path: corpus + "techcrunch-feedburner-leading-newline.rss", contentType: "application/rss+xml"},
		"/parisien":   {path: corpus + "leparisien-politique-no-guid-no-date.rss", contentType: "application/rss+xml"},
		"/verge":      {path: corpus + "theverge-ai-2026.atom", contentType: "application/atom+xml"},
		"/gone":       {path: "testdata/unreachable-articles.rss", contentType: "application/rss+xml"},
	})
	dir := t.TempDir()
	cfg := fmt.Sprintf(`database: veille.db
retention: 0
output_dir: public
base_url: https://veille.example.org/
fetch: {allow_private_networks: true}
sources:
  - {name: Euronews, url: %[1]s/euronews}
  - {name: Hacker News, url: %[1]s/hn}
  - {name: L'Usine Nouvelle, url: %[1]s/usine}
  - {name: Google Cloud, url: %[1]s/gcloud}
  - {name: TechCrunch, url: %[1]s/techcrunch}
  - {name: Le Parisien, url: %[1]s/parisien}
  - {name: The Verge AI, url: %[1]s/verge}
  - {name: Pages, url: %[1]s/gone}
feeds:
  - slug: tout
    title: Tout
    language: fr
    limit: 1000
    fetch_articles: false
    include: [le, la, les, de, des, the, a, of, to, and, in, for, AI, Google, Macron, gouvernement]
  - slug: pages
    title: Pages
    language: fr
    include: [veilletest]
`, srv.URL)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Truncate(time.Second)
	if code, out := runBinary(t, dir, "fetch"); code != 0 {
		t.Fatalf("fetch: exit %d\n%s", code, out)
	} else if !strings.Contains(out, "article fetch failed") || !strings.Contains(out, "articles_failed=2") {
		t.Errorf("fetch: want a warning per failed article page and the count in the pass line:\n%s", out)
	}
	end := time.Now()

	rss := parseFile(t, filepath.Join(dir, "public", "tout.rss"))
	if len(rss.Items) < 100 {
		t.Fatalf("tout.rss has %d items, want the corpus' most", len(rss.Items))
	}
	sources := map[string]int{}
	for _, it := range rss.Items {
		source := it.Extensions["dc"]["creator"][0].Value
		sources[source]++
		d := strings.TrimSpace(it.Description)
		switch {
		case d == "":
			t.Errorf("%s %q: empty description", source, it.Title)
		case d == "1", d == "Comments", strings.HasPrefix(d, "Editor"), d == it.Title:
			t.Errorf("%s %q: junk summary %q", source, it.Title, d)
		case strings.HasPrefix(d, "Source") && d != "Source : "+source:
			t.Errorf("%s %q: description %q, want the credit alone", source, it.Title, d)
		case !strings.HasPrefix(d, "Source") && !text.EndsSentence(d):
			t.Errorf("%s %q: summary cut mid-sentence: %q", source, it.Title, d)
		}
		if strings.Contains(it.Link, "feedproxy") {
			t.Errorf("%s: link %s is the redirector, want feedburner:origLink", source, it.Link)
		}
		if it.PublishedParsed == nil {
			t.Errorf("%s %q: no date", source, it.Title)
		} else if source == "Le Parisien" && (it.PublishedParsed.Before(start) || it.PublishedParsed.After(end)) {
			t.Errorf("undated %q: dated %v, want when veille first saw it", it.Title, it.PublishedParsed)
		}
	}
	for _, s := range []string{"Euronews", "Hacker News", "L'Usine Nouvelle", "Google Cloud", "TechCrunch", "Le Parisien"} {
		if sources[s] == 0 {
			t.Errorf("no item of %s published: %v", s, sources)
		}
	}
	for _, ext := range []string{"atom", "json"} {
		for _, it := range parseFile(t, filepath.Join(dir, "public", "tout."+ext)).Items {
			if it.PublishedParsed == nil && it.UpdatedParsed == nil {
				t.Errorf("%s %q: no date", ext, it.Title)
			}
			if strings.TrimSpace(it.Content) == "" {
				t.Errorf("%s %q: empty content", ext, it.Title)
			}
		}
		data, _ := os.ReadFile(filepath.Join(dir, "public", "tout."+ext))
		for _, empty := range []string{`<summary type="text"></summary>`, `"summary": ""`} {
			if strings.Contains(string(data), empty) {
				t.Errorf("tout.%s has %s", ext, empty)
			}
		}
	}

	// Article failures per source.
	code, out := runBinary(t, dir, "sources", "-json")
	if code != 0 {
		t.Fatalf("sources: %d %s", code, out)
	}
	var rows []jsonSource
	if err := json.Unmarshal([]byte(out[strings.Index(out, "["):]), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Name == "Pages" && (r.ArticlesFailed != 2 || r.ArticlesOK != 0) {
			t.Errorf("Pages: articles_failed %d, articles_ok %d, want 2 and 0", r.ArticlesFailed, r.ArticlesOK)
		}
	}
	if _, table := runBinary(t, dir, "sources"); !strings.Contains(table, "ARTICLES") || !strings.Contains(table, "2/0") {
		t.Errorf("sources: want ARTICLES 2/0 for Pages:\n%s", table)
	}

	// An unchanged feed keeps its date; a changed one moves it.
	built := rss.UpdatedParsed
	if built == nil {
		t.Fatal("no lastBuildDate")
	}
	time.Sleep(1100 * time.Millisecond)
	if code, out := runBinary(t, dir, "fetch", "-force"); code != 0 {
		t.Fatalf("fetch again: %d %s", code, out)
	}
	if again := parseFile(t, filepath.Join(dir, "public", "tout.rss")).UpdatedParsed; !again.Equal(*built) {
		t.Errorf("unchanged feed: lastBuildDate %v, was %v", again, built)
	}
	srv.mu.Lock()
	srv.files["/verge"] = servedFile{path: corpus + "theverge-frontpage-2017.atom", contentType: "application/atom+xml"}
	srv.mu.Unlock()
	if code, out := runBinary(t, dir, "fetch", "-force"); code != 0 {
		t.Fatalf("fetch a change: %d %s", code, out)
	}
	changed := parseFile(t, filepath.Join(dir, "public", "tout.rss"))
	if !changed.UpdatedParsed.After(*built) {
		t.Errorf("feed with older items added: lastBuildDate %v, want after %v", changed.UpdatedParsed, built)
	}
	atom := parseFile(t, filepath.Join(dir, "public", "tout.atom"))
	if !atom.UpdatedParsed.Equal(*changed.UpdatedParsed) {
		t.Errorf("atom updated %v, rss lastBuildDate %v: want the same", atom.UpdatedParsed, changed.UpdatedParsed)
	}
}

func parseFile(t *testing.T, path string) *gofeed.Feed {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feed, err := gofeed.NewParser().Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return feed
}
