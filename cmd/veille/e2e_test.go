package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille/curation"
)

const corpus = "../../aggregator/testdata/corpus/feeds/"

// feedServer serves feed files with ETag validators, like a real
// publisher's server, and records the conditional headers it receives.
type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	files    map[string]servedFile
	requests map[string][]http.Header
}

type servedFile struct {
	path        string
	contentType string
	status      int // 0 means 200
}

func newFeedServer(t *testing.T, files map[string]servedFile) *feedServer {
	fs := &feedServer{files: files, requests: map[string][]http.Header{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	fs.requests[r.URL.Path] = append(fs.requests[r.URL.Path], r.Header.Clone())
	f, ok := fs.files[r.URL.Path]
	fs.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if f.status != 0 {
		http.Error(w, http.StatusText(f.status), f.status)
		return
	}
	body, err := os.ReadFile(f.path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Write(body)
}

func (fs *feedServer) headers(path string) []http.Header {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.requests[path]
}

// testSite is a temp dir with a config.yaml pointing at a feed server.
type testSite struct {
	dir, config string
	server      *feedServer
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	srv := newFeedServer(t, map[string]servedFile{
		"/titres.rss":  {path: "testdata/sommet-ia.rss", contentType: "application/rss+xml"},
		"/france.rss":  {path: corpus + "francetvinfo-france-2020.rss", contentType: "application/rss+xml"},
		"/lemonde.xml": {path: corpus + "lemonde-economie-2020-minified-media.rss", contentType: "text/xml"},
		"/liberation":  {path: corpus + "liberation-une-2020.atom", contentType: "application/atom+xml"},
		"/verge-ai":    {path: corpus + "theverge-ai-2026.atom", contentType: "application/atom+xml"},
		// Latin-1 bytes that the document does not declare; only the HTTP header says so.
		"/cerclepsy.rss": {path: corpus + "cerclepsy-iso-8859-1-undeclared.rss",
			contentType: "application/rss+xml; charset=ISO-8859-1"},
		"/json": {path: corpus + "jsonfeed-1.1-3960-de.json", contentType: "application/feed+json"},
		"/home": {path: corpus + "html-document-moved-not-a-feed.html", contentType: "text/html"},
		"/down": {status: http.StatusServiceUnavailable},
	})
	dir := t.TempDir()
	// The corpus is years old: keep every item whatever its age.
	cfg := fmt.Sprintf(`database: data/veille.db
retention: 0
output_dir: public
base_url: https://veille.example.org/
sources:
  - {name: France Info, url: %[1]s/titres.rss}
  - {name: France Info France, url: %[1]s/france.rss}
  - {name: Le Monde, url: %[1]s/lemonde.xml}
  - {name: Libération, url: %[1]s/liberation}
  - {name: The Verge AI, url: %[1]s/verge-ai}
  - {name: Cercle Psy, url: %[1]s/cerclepsy.rss}
  - {name: 3960, url: %[1]s/json}
  - {name: Not a feed, url: %[1]s/home}
  - {name: Down, url: %[1]s/down}
  - {name: Gone, url: %[1]s/missing}
feeds:
  - slug: ia
    title: Veille IA
    description: L'actualité de l'IA
    language: fr
    limit: 20
    summary_length: 200
    include: [intelligence artificielle, IA, AI, OpenAI]
    exclude: [horoscope]
`, srv.URL)
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return &testSite{dir: dir, config: path, server: srv}
}

// veille runs a command line against the site and returns its outputs.
func (s *testSite) veille(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append(args[:1:1], append([]string{"-config", s.config}, args[1:]...)...)
	err = run(t.Context(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func (s *testSite) items(t *testing.T, args ...string) []jsonItem {
	t.Helper()
	out, stderr, err := s.veille(t, append([]string{"items", "-json", "-limit", "10000"}, args...)...)
	if err != nil {
		t.Fatalf("items: %v\n%s", err, stderr)
	}
	var items []jsonItem
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("items -json is not JSON: %v\n%s", err, out)
	}
	return items
}

func TestFetchStoresPublishesAndRevalidates(t *testing.T) {
	site := newTestSite(t)
	_, stderr, err := site.veille(t, "fetch")
	if err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	// Each failing source is reported once on stderr, and the pass goes on.
	for _, want := range []string{"source=Down", "503", "source=Gone", "404", "source=\"Not a feed\"", "not a feed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	items := site.items(t)
	perSource := map[string]int{}
	for _, it := range items {
		perSource[it.Source]++
	}
	// Counts from the corpus MANIFEST (gofeed's); sommet-ia.rss has 5 items.
	want := map[string]int{"France Info": 5, "France Info France": 20, "Le Monde": 20, "Libération": 50,
		"The Verge AI": 4, "Cercle Psy": 10, "3960": 20}
	for src, n := range want {
		if perSource[src] != n {
			t.Errorf("source %s: %d entries stored, want %d", src, perSource[src], n)
		}
	}
	checkLatin1Decoded(t, items)

	// The second pass sends the validators, gets 304s and stores nothing twice.
	if _, stderr, err := site.veille(t, "fetch"); err != nil {
		t.Fatalf("second fetch: %v\n%s", err, stderr)
	}
	for _, path := range []string{"/titres.rss", "/france.rss", "/liberation"} {
		h := site.server.headers(path)
		if len(h) != 2 || h[0].Get("If-None-Match") != "" || h[1].Get("If-None-Match") == "" {
			t.Errorf("%s: conditional headers not sent on the second pass: %v", path, h)
		}
		if ua := h[0].Get("User-Agent"); !strings.HasPrefix(ua, "veille/") {
			t.Errorf("%s: User-Agent %q", path, ua)
		}
	}
	if again := site.items(t); len(again) != len(items) {
		t.Errorf("second pass: %d entries, want %d (nothing stored twice)", len(again), len(items))
	}

	out, _, err := site.veille(t, "sources")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"France Info", "not modified", "error: HTTP 503 Service Unavailable",
		"error: HTTP 404 Not Found", "error: not a feed"} {
		if !strings.Contains(out, want) {
			t.Errorf("sources output lacks %q:\n%s", want, out)
		}
	}
}

// checkLatin1Decoded: Cercle Psy's feed is Latin-1 without a declaration.
func checkLatin1Decoded(t *testing.T, items []jsonItem) {
	t.Helper()
	found := false
	for _, it := range items {
		if it.Source != "Cercle Psy" {
			continue
		}
		if !utf8.ValidString(it.Title) || strings.ContainsRune(it.Title, utf8.RuneError) {
			t.Errorf("Cercle Psy title badly decoded: %q", it.Title)
		}
		found = found || strings.ContainsAny(it.Title+it.Summary, "éèàç")
	}
	if !found {
		t.Error("no accented letter in Cercle Psy's items: charset not decoded")
	}
}

func TestSelectionAndPublishedOutputs(t *testing.T) {
	site := newTestSite(t)
	if _, stderr, err := site.veille(t, "fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	selected := site.items(t, "-feed", "ia")
	var titles []string
	for _, it := range selected {
		titles = append(titles, it.Title)
		if !slices.Contains(it.Feeds, "ia") {
			t.Errorf("%q selected but its feeds are %v", it.Title, it.Feeds)
		}
	}
	mustSelect := []string{
		"Sommet de Paris sur l'IA : la France mise sur l'open source", // elision l'IA
		"L’INTELLIGENCE ARTIFICIELLE ENTRE À L’ÉCOLE",                 // case and accents
		"It’s Greg Brockman’s OpenAI now",
		"Welcome to the AI crisis in math",
	}
	for _, want := range mustSelect {
		if !slices.Contains(titles, want) {
			t.Errorf("not selected: %q (selected: %q)", want, titles)
		}
	}
	for _, title := range titles {
		for _, bad := range []string{"média", "J'ai vu la mer", "Horoscope"} {
			if strings.Contains(title, bad) {
				t.Errorf("wrongly selected: %q", title)
			}
		}
	}

	formats := map[string]string{"ia.rss": "rss", "ia.atom": "atom", "ia.json": "json"}
	for file, kind := range formats {
		t.Run(file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(site.dir, "public", file))
			if err != nil {
				t.Fatal(err)
			}
			feed, err := gofeed.NewParser().ParseString(string(raw))
			if err != nil {
				t.Fatalf("published %s does not parse: %v", kind, err)
			}
			checkPublished(t, feed, selected, site.server.URL)
		})
	}

	// Publishing again from the database renders the very same bytes.
	before, _ := os.ReadFile(filepath.Join(site.dir, "public", "ia.atom"))
	if _, stderr, err := site.veille(t, "publish"); err != nil {
		t.Fatalf("publish: %v\n%s", err, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(site.dir, "public", "ia.atom"))
	if !bytes.Equal(before, after) {
		t.Error("publish without new entries changed ia.atom")
	}
}

// checkPublished compares a parsed published feed with the stored
// selection; origin is the feed server's URL, which relative links resolve to.
func checkPublished(t *testing.T, feed *gofeed.Feed, selected []jsonItem, origin string) {
	t.Helper()
	if len(feed.Items) != len(selected) {
		t.Fatalf("%d items published, want %d", len(feed.Items), len(selected))
	}
	byID := map[string]jsonItem{}
	for _, it := range selected {
		byID[it.ID] = it
	}
	for _, item := range feed.Items {
		stored, ok := byID[item.GUID]
		if !ok {
			t.Errorf("published id %q is not a stored entry's id", item.GUID)
			continue
		}
		if item.Title != stored.Title || item.Link != stored.Link {
			t.Errorf("item %s: title/link %q %q, want %q %q", item.GUID, item.Title, item.Link, stored.Title, stored.Link)
		}
		if n := utf8.RuneCountInString(item.Description); n > 200 {
			t.Errorf("summary of %q has %d characters, over summary_length", item.Title, n)
		}
		if !strings.Contains(item.Content, "Source : ") || !strings.Contains(item.Content, stored.Source) {
			t.Errorf("no visible source credit in content of %q: %q", item.Title, item.Content)
		}
		if len(item.Categories) == 0 {
			t.Errorf("no matched terms as categories on %q", item.Title)
		}
	}
	sommet := "Sommet de Paris sur l'IA : la France mise sur l'open source"
	for _, item := range feed.Items {
		if item.Title != sommet {
			continue
		}
		// The feed's link is relative and carries a #xtor= tracking fragment.
		if want := origin + "/internet/intelligence-artificielle/sommet-ia-open-source_7000001.html"; item.Link != want {
			t.Errorf("link = %q, want %q", item.Link, want)
		}
		if !strings.HasPrefix(item.Description, "Emmanuel Macron a annoncé lundi 10 février 109 milliards d’euros") {
			t.Errorf("summary = %q", item.Description)
		}
		if item.PublishedParsed == nil || item.PublishedParsed.UTC().Format("2006-01-02T15:04") != "2025-02-10T08:30" {
			t.Errorf("published = %v", item.PublishedParsed)
		}
	}
}

func TestCheck(t *testing.T) {
	good := "sources:\n  - {name: a, url: https://example.org/feed}\n"
	cases := []struct {
		name, config string
		wantCode     int
		want         string
	}{
		{"valid", good, 0, "ok (1 source, 0 feeds)"},
		{"typo key", good + "shedule: '@hourly'\n", 2, "config.yaml:3: shedule: unknown field"},
		{"bad cron", good + "schedule: '*/15 * *'\n", 2, "config.yaml:3: schedule:"},
		{"bad url", "sources:\n  - name: a\n    url: ftp://example.org/feed\n", 2, "config.yaml:3: sources[0].url:"},
		{"missing url", "sources:\n  - name: a\n", 2, "config.yaml:2: sources[0].url:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(path, []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := report(run(t.Context(), []string{"check", "-config", path}, &out, &errOut), &errOut)
			if code != c.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.wantCode, errOut.String())
			}
			got := strings.ReplaceAll(out.String()+errOut.String(), path, "config.yaml")
			if !strings.Contains(got, c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, got)
			}
		})
	}
}

func TestFetchOneSource(t *testing.T) {
	site := newTestSite(t)
	if _, stderr, err := site.veille(t, "fetch", "-source", "Le Monde"); err != nil {
		t.Fatalf("fetch -source: %v\n%s", err, stderr)
	}
	if n := len(site.server.headers("/lemonde.xml")); n != 1 {
		t.Errorf("Le Monde fetched %d times, want 1", n)
	}
	if n := len(site.server.headers("/titres.rss")); n != 0 {
		t.Errorf("France Info fetched %d times, want 0", n)
	}
	if _, _, err := site.veille(t, "fetch", "-source", "Nope"); err == nil {
		t.Error("fetch -source with an unknown name succeeded")
	}
}

func TestItemsWhy(t *testing.T) {
	site := newTestSite(t)
	if _, stderr, err := site.veille(t, "fetch", "-source", "France Info"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	items := site.items(t, "-feed", "ia", "-why")
	if len(items) != 5 {
		t.Fatalf("-why lists %d items, want all 5 stored, selected or not", len(items))
	}
	byTitle := map[string]why{}
	for _, it := range items {
		byTitle[it.Title] = it.Why["ia"]
	}
	sommet := byTitle["Sommet de Paris sur l'IA : la France mise sur l'open source"]
	inTitle := slices.ContainsFunc(sommet.Hits, func(h curation.Hit) bool { return h.Term == "IA" && h.Field == "title" })
	if !sommet.Selected || sommet.Score < 2 || !inTitle {
		t.Errorf("sommet: %+v", sommet)
	}
	if m := byTitle["Le média indépendant fête ses dix ans"]; m.Selected || len(m.Hits) != 0 {
		t.Errorf("média: %+v", m)
	}
	if h := byTitle["Horoscope : ce que l'IA prédit pour les Gémeaux"]; h.Selected ||
		!slices.Equal(h.Excluded, []string{"horoscope"}) {
		t.Errorf("horoscope: %+v", h)
	}
	out, _, err := site.veille(t, "items", "-feed", "ia", "-why")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "ia: selected, score") || !strings.Contains(out, "IA (title +2)") ||
		!strings.Contains(out, "excluded by horoscope") {
		t.Errorf("items -why text:\n%s", out)
	}
}
