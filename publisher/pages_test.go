package publisher_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"
)

// seedItem is the case veille was made for: France Info's article on the
// Paris AI summit, with its lead, republished by a French feed.
func seedItem() veille.Item {
	date := time.Date(2025, 2, 10, 8, 30, 0, 0, time.UTC)
	return veille.Item{
		ID: 1, UID: "urn:uuid:6f1c2a9e-5b7d-4c1e-9a3f-2d8e7c6b5a41",
		Title:      "Sommet de Paris sur l'IA : la France mise sur l'open source",
		Summary:    "Emmanuel Macron a annoncé lundi 10 février 109 milliards d’euros d'investissements.",
		Link:       "https://www.francetvinfo.fr/internet/intelligence-artificielle/sommet-ia-open-source_7000001.html",
		SourceName: "France Info", SourceURL: "https://www.francetvinfo.fr/titres.rss",
		Published: date, Fetched: date.Add(time.Hour),
	}
}

func seedFeed() publisher.Feed {
	return publisher.Feed{Slug: "ia", Title: "Intelligence artificielle", Language: "fr",
		BaseURL: "https://veille.example/", SummaryLength: 400}
}

func renderPages(t *testing.T, f publisher.Feed, entries []veille.Item) publisher.Pages {
	t.Helper()
	pages, err := publisher.RenderPages(publisher.Site{Title: "Le Collège"}, f, entries, nil)
	if err != nil {
		t.Fatalf("RenderPages: %v", err)
	}
	return pages
}

// visible returns the text of n as a reader sees it: spaces collapsed.
func visible(n *html.Node) string {
	return strings.Join(strings.Fields(text(n)), " ")
}

// meta returns the content of the <meta> whose name or property is key.
func meta(doc *html.Node, key string) string {
	for _, m := range elements(doc, "meta") {
		if attr(m, "name") == key || attr(m, "property") == key {
			return attr(m, "content")
		}
	}
	return ""
}

// newsArticle decodes the page's only script, its JSON-LD, and fails t if
// the page has another script.
func newsArticle(t *testing.T, doc *html.Node) map[string]any {
	t.Helper()
	scripts := elements(doc, "script")
	if len(scripts) != 1 || attr(scripts[0], "type") != "application/ld+json" {
		t.Fatalf("want one script, of JSON-LD; got %d", len(scripts))
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(text(scripts[0])), &ld); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, text(scripts[0]))
	}
	return ld
}

func TestItemPageSeed(t *testing.T) {
	e := seedItem()
	pages := renderPages(t, seedFeed(), []veille.Item{e})
	page, ok := pages["6f1c2a9e.html"]
	if !ok {
		t.Fatalf("no page 6f1c2a9e.html among %v", slices.Sorted(maps.Keys(pages)))
	}
	doc := parse(t, page)
	if lang := attr(elements(doc, "html")[0], "lang"); lang != "fr" {
		t.Errorf("lang = %q, want fr", lang)
	}
	articles := elements(doc, "article")
	if len(articles) != 1 {
		t.Fatalf("%d <article>, want 1", len(articles))
	}
	want := e.Title + " 10 févr. 2025 " + e.Summary + " Source : France Info"
	if got := visible(articles[0]); got != want {
		t.Errorf("visible text of the article:\n got %q\nwant %q", got, want)
	}
	credit := elements(articles[0], "a")
	if len(credit) != 1 || attr(credit[0], "href") != e.Link || visible(credit[0]) != "Source : France Info" {
		t.Errorf("the credit should be the one link, to the original")
	}
	var canonical []string
	for _, l := range elements(doc, "link") {
		if attr(l, "rel") == "canonical" {
			canonical = append(canonical, attr(l, "href"))
		}
	}
	if !slices.Equal(canonical, []string{e.Link}) {
		t.Errorf("canonical = %q, want the original only", canonical)
	}
	for key, want := range map[string]string{
		"og:type": "article", "og:title": e.Title, "og:description": e.Summary, "og:url": e.Link,
		"og:site_name": "France Info", "article:published_time": "2025-02-10T08:30:00Z",
		"twitter:card": "summary", "twitter:title": e.Title, "twitter:description": e.Summary,
		"description": e.Summary,
	} {
		if got := meta(doc, key); got != want {
			t.Errorf("meta %s = %q, want %q", key, got, want)
		}
	}
	ld := newsArticle(t, doc)
	publisherName, _ := ld["publisher"].(map[string]any)["name"].(string)
	if ld["@type"] != "NewsArticle" || ld["headline"] != e.Title || ld["url"] != e.Link ||
		ld["inLanguage"] != "fr" || publisherName != "France Info" {
		t.Errorf("JSON-LD = %v", ld)
	}
	for _, tag := range []string{"header", "main", "footer", "h1"} {
		if n := len(elements(doc, tag)); n != 1 {
			t.Errorf("%d <%s>, want 1", n, tag)
		}
	}
	checkSelfContained(t, doc)
}

// checkSelfContained fails t if the page loads anything: the pages work
// offline, under a strict Content-Security-Policy.
func checkSelfContained(t *testing.T, doc *html.Node) {
	t.Helper()
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if attr(n, "src") != "" || (n.Data == "link" && attr(n, "rel") == "stylesheet") || attr(n, "style") != "" {
			t.Errorf("<%s> loads an asset or has inline style", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s>: script", n.Data, a.Key)
			}
		}
	}
}

// archiveFeed is an English feed of five items over two months, one of
// them a story carried by two outlets.
func archiveFeed() (publisher.Feed, []veille.Item) {
	f := publisher.Feed{Slug: "tech", Title: "Tech", Language: "en", BaseURL: "https://veille.example/"}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 9, 0, 0, 0, time.UTC) }
	var entries []veille.Item
	for i, d := range []time.Time{day(12, 20), day(12, 3), day(11, 28), day(11, 2), day(11, 1)} {
		entries = append(entries, veille.Item{
			UID:   "urn:uuid:" + strings.Repeat(string(rune('a'+i)), 8) + "-0000-4000-8000-000000000000",
			Title: "Story " + string(rune('A'+i)), Summary: "Lead " + string(rune('A'+i)) + ".",
			Link: "https://news.example/" + string(rune('a'+i)), SourceName: "News", Published: d, Fetched: d,
		})
	}
	entries[0].Related = []veille.Item{{SourceName: "Other", Link: "https://other.example/a"}}
	return f, entries
}

func TestFeedPages(t *testing.T) {
	f, entries := archiveFeed()
	pages, err := publisher.RenderPages(publisher.Site{Latest: 2, URL: "https://school.example/"}, f, entries, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-11.html", "2026-12.html", "aaaaaaaa.html", "bbbbbbbb.html", "cccccccc.html",
		"dddddddd.html", "eeeeeeee.html", "index.html", "latest.html"}
	if got := slices.Sorted(maps.Keys(pages)); !slices.Equal(got, want) {
		t.Fatalf("pages = %v, want %v", got, want)
	}
	index := parse(t, pages["index.html"])
	hrefs := map[string]bool{}
	for _, a := range elements(index, "a") {
		hrefs[attr(a, "href")] = true
	}
	for _, e := range entries {
		page := "https://veille.example/tech/" + e.UID[9:17] + ".html"
		if !hrefs[page] || !hrefs[e.Link] {
			t.Errorf("index should link %s and %s", page, e.Link)
		}
	}
	for _, h := range []string{"https://veille.example/tech/2026-12.html", "https://veille.example/tech/2026-11.html",
		"https://veille.example/tech.rss", "https://school.example/"} {
		if !hrefs[h] {
			t.Errorf("index should link %s", h)
		}
	}
	var alternates int
	for _, l := range elements(index, "link") {
		if attr(l, "rel") == "alternate" {
			alternates++
		}
	}
	if alternates != 3 {
		t.Errorf("%d autodiscovery links, want 3", alternates)
	}
	november := parse(t, pages["2026-11.html"])
	if n := len(elements(november, "li")) - 2; n != 3 { // less the two months
		t.Errorf("November lists %d items, want 3", n)
	}
	if h1 := visible(elements(november, "h1")[0]); h1 != "Tech, November 2026" {
		t.Errorf("archive h1 = %q", h1)
	}
	item := parse(t, pages["aaaaaaaa.html"])
	if got := visible(elements(item, "article")[0]); !strings.HasSuffix(got, "Source: News Also: Other") {
		t.Errorf("merged story's page = %q, want it to end with its credits", got)
	}
	latest := pages["latest.html"]
	if bytes.Contains(latest, []byte("<html")) || bytes.Contains(latest, []byte("<body")) {
		t.Errorf("latest.html is a whole document:\n%s", latest)
	}
	frag, err := html.ParseFragment(bytes.NewReader(latest), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil || len(frag) == 0 {
		t.Fatalf("latest.html: %v", err)
	}
	if n := len(elements(frag[0], "li")); n != 2 {
		t.Errorf("latest.html lists %d items, want 2", n)
	}
}

// TestShortIDCollision checks that two items whose UIDs share their first
// 8 digits get two pages, the one seen first keeping the short name.
func TestShortIDCollision(t *testing.T) {
	f, entries := archiveFeed()
	entries = entries[:2]
	entries[0].UID = "urn:uuid:bbbbbbbb-1111-4000-8000-000000000000" // newer, same 8 digits
	pages := renderPages(t, f, entries)
	for _, name := range []string{"bbbbbbbb.html", "bbbbbbbb1111.html"} {
		if _, ok := pages[name]; !ok {
			t.Errorf("no %s among %v", name, slices.Sorted(maps.Keys(pages)))
		}
	}
	if !bytes.Contains(pages["bbbbbbbb.html"], []byte("Story B")) {
		t.Error("the item seen first should keep the short id")
	}
}

func TestItemPageHostile(t *testing.T) {
	e := seedItem()
	e.Title = `</script><script>alert(1)</script> "quoted" & <b>`
	e.Summary = "</script><!-- <script>"
	e.Link = "javascript:alert(1)"
	e.SourceName = "</title><script>x</script>"
	pages := renderPages(t, seedFeed(), []veille.Item{e})
	doc := parse(t, pages["6f1c2a9e.html"])
	ld := newsArticle(t, doc)
	if ld["headline"] != e.Title {
		t.Errorf("headline = %q, want the title as it is", ld["headline"])
	}
	if got := visible(elements(doc, "h1")[0]); got != e.Title {
		t.Errorf("h1 = %q", got)
	}
	for _, a := range elements(doc, "a") {
		if strings.HasPrefix(attr(a, "href"), "javascript:") {
			t.Error("a javascript: link was published")
		}
	}
	checkSelfContained(t, doc)
}

func TestWritePages(t *testing.T) {
	dir := t.TempDir()
	f, entries := archiveFeed()
	pages := renderPages(t, f, entries)
	changed, err := publisher.WritePages(dir, "tech", pages)
	if err != nil || len(changed) != len(pages) {
		t.Fatalf("first write: %v, %d changed, want %d", err, len(changed), len(pages))
	}
	foreign := filepath.Join(dir, "tech", "notes.html")
	if err := os.WriteFile(foreign, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if changed, err := publisher.WritePages(dir, "tech", pages); err != nil || len(changed) != 0 {
		t.Errorf("same pages again: %v, changed %v, want none", err, changed)
	}
	// The oldest item leaves the feed (retention, a reject): its page goes.
	pages = renderPages(t, f, entries[:4])
	changed, err = publisher.WritePages(dir, "tech", pages)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(changed, "eeeeeeee.html") {
		t.Errorf("changed = %v, want the removed page among them", changed)
	}
	if _, err := os.Stat(filepath.Join(dir, "tech", "eeeeeeee.html")); !os.IsNotExist(err) {
		t.Errorf("the page of an item no longer published stays: %v", err)
	}
	if err := publisher.RemovePages(dir, "tech"); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(filepath.Join(dir, "tech"))
	if len(left) != 1 || left[0].Name() != "notes.html" {
		t.Errorf("after RemovePages the folder holds %v, want only the file veille did not write", left)
	}
}

func TestLoadTemplates(t *testing.T) {
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	t.Run("the site's layout", func(t *testing.T) {
		dir := write(t, map[string]string{
			"layout.html": `{{define "top"}}<header>{{.Site.Title}}</header>{{end}}`,
			"item.html":   `<!doctype html><title>{{.Item.Title}}</title>{{template "top" .}}<h1>{{.Item.Title}}</h1><a href="{{.Item.Link}}">{{.Item.Credit}}</a>`,
		})
		tpl, err := publisher.LoadTemplates(dir)
		if err != nil {
			t.Fatal(err)
		}
		if tpl.Digest() == "" {
			t.Error("no digest")
		}
		pages, err := publisher.RenderPages(publisher.Site{Title: "École"}, seedFeed(), []veille.Item{seedItem()}, tpl)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(pages["6f1c2a9e.html"], []byte("<header>École</header>")) {
			t.Errorf("item page without the site's layout:\n%s", pages["6f1c2a9e.html"])
		}
		if !bytes.Contains(pages["index.html"], []byte("<main")) {
			t.Error("the index should keep the embedded template")
		}
	})
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"syntax", map[string]string{"item.html": "<h1>\n{{.Item.Title}\n"}, "item.html:2"},
		{"unknown field", map[string]string{"archive.html": "<p>\n{{.Item.Nope}}"}, "archive.html:2"},
		{"no page template", map[string]string{"layout.html": "x"}, "none of index.html"},
		{"empty", nil, "no .html template"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := publisher.LoadTemplates(write(t, tt.files))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadTemplates error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestHandlerServesPages(t *testing.T) {
	f, entries := archiveFeed()
	out, err := publisher.Render(f, entries, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	h := publisher.NewHandler(time.Minute)
	h.UpdateSite(nil, map[string]*publisher.Output{"tech": out},
		map[string]publisher.Pages{"tech": renderPages(t, f, entries)})
	get := func(path string, hdr map[string]string) *http.Response {
		r := httptest.NewRequest("GET", path, nil)
		for k, v := range hdr {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Result()
	}
	resp := get("/tech/aaaaaaaa.html", nil)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("page: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := get("/tech/aaaaaaaa.html", map[string]string{"If-None-Match": etag}); resp.StatusCode != 304 {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	if resp := get("/tech/index.html", map[string]string{"Accept-Encoding": "gzip"}); resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("index not gzipped: %v", resp.Header)
	}
	if resp := get("/tech/", nil); resp.StatusCode != 200 {
		t.Errorf("/tech/: %d, want the feed's index", resp.StatusCode)
	}
	if resp := get("/tech/ffffffff.html", nil); resp.StatusCode != 404 {
		t.Errorf("unknown page: %d, want 404", resp.StatusCode)
	}
}

// FuzzRenderPages renders pages of items whose text and links come from
// other people's feeds: every page must parse, carry its JSON-LD as JSON
// naming the title as it is, and run no script.
func FuzzRenderPages(f *testing.F) {
	f.Add("Sommet de Paris sur l'IA", "Le sommet réunit une centaine de pays.", "https://example.org/a", "France Info")
	f.Add("</script><script>alert(1)</script>", "<!--", "javascript:alert(1)", "\u202e\x00")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, title, summary, link, source string) {
		e := seedItem()
		e.Title, e.Summary, e.Link, e.SourceName = title, summary, link, source
		pages, err := publisher.RenderPages(publisher.Site{}, seedFeed(), []veille.Item{e}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, page := range pages {
			if name == "latest.html" {
				continue
			}
			doc := parse(t, page)
			checkSelfContained(t, doc)
			if name == "6f1c2a9e.html" {
				ld := newsArticle(t, doc)
				h, _ := ld["headline"].(string)
				if h1 := visible(elements(doc, "h1")[0]); strings.Join(strings.Fields(h), " ") != h1 {
					t.Errorf("JSON-LD headline %q, h1 %q", h, h1)
				}
			}
		}
	})
}
