package publisher_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"
	"github.com/veille-project/veille/summary"
)

// techFeed is an English feed whose entries try to break out of the page.
func techFeed() (publisher.Feed, []veille.Item) {
	f := publisher.Feed{
		Slug:          "tech",
		Title:         `Tech <b>&</b> "news"`,
		Description:   "Hostile entries, to check escaping.",
		Language:      "en",
		BaseURL:       baseURL,
		SummaryLength: 40,
	}
	es := []veille.Item{
		{
			UID:        "urn:uuid:00000000-0000-4000-8000-000000000010",
			SourceName: "Evil",
			Link:       "javascript:alert(1)",
			Title:      "<script>alert(1)</script>",
			Summary:    "A summary long enough to be cut at forty runes, and then some more words.",
			Published:  time.Date(2025, 2, 10, 23, 30, 0, 0, time.FixedZone("X", -3600)),
			Fetched:    fetched,
		},
		{
			UID:        "urn:uuid:00000000-0000-4000-8000-000000000011",
			SourceName: "Relative",
			Link:       "/relative/link",
			Title:      `Quote " and 'apostrophe'`,
			Fetched:    fetched,
		},
	}
	return f, es
}

func testPages() []publisher.Page {
	tf, tes := techFeed()
	return []publisher.Page{
		{Feed: testFeed(), Entries: entriesOf(fixtures())},
		{Feed: tf, Entries: tes},
	}
}

func renderIndex(t *testing.T, pages []publisher.Page) []byte {
	t.Helper()
	page, err := publisher.RenderIndex("Veille <techno>", pages)
	if err != nil {
		t.Fatalf("RenderIndex: %v", err)
	}
	return page
}

func TestRenderIndexGolden(t *testing.T) {
	page := renderIndex(t, testPages())
	golden := filepath.Join("testdata", "index.html")
	if *update {
		if err := os.WriteFile(golden, page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(page, want) {
		t.Errorf("index page differs from %s (run with -update after checking the change)", golden)
	}
	if again := renderIndex(t, testPages()); !bytes.Equal(page, again) {
		t.Error("RenderIndex is not deterministic")
	}
}

// parse parses page and fails t unless it is HTML with the given language.
func parse(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// elements returns the elements named tag under n, in document order.
func elements(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			out = append(out, d)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func TestRenderIndexHead(t *testing.T) {
	page := renderIndex(t, testPages())
	if !bytes.HasPrefix(page, []byte("<!doctype html>\n")) {
		t.Errorf("page starts with %.30q, want a doctype", page)
	}
	for _, want := range []string{
		`<meta charset=utf-8>`,
		`<meta name=viewport content="width=device-width, initial-scale=1">`,
		`@media (prefers-color-scheme:dark)`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
	doc := parse(t, page)
	if lang := attr(elements(doc, "html")[0], "lang"); lang != "fr" {
		t.Errorf("lang = %q, want the first feed's, fr", lang)
	}
	if title := text(elements(doc, "title")[0]); title != "Veille <techno>" {
		t.Errorf("title = %q", title)
	}
	var got []string
	for _, l := range elements(doc, "link") {
		got = append(got, attr(l, "rel")+" "+attr(l, "type")+" "+attr(l, "title")+" "+attr(l, "href"))
	}
	want := []string{
		"alternate application/rss+xml Veille IA (RSS) " + baseURL + "ia.rss",
		"alternate application/atom+xml Veille IA (Atom) " + baseURL + "ia.atom",
		"alternate application/feed+json Veille IA (JSON Feed) " + baseURL + "ia.json",
		`alternate application/rss+xml Tech <b>&</b> "news" (RSS) ` + baseURL + "tech.rss",
		`alternate application/atom+xml Tech <b>&</b> "news" (Atom) ` + baseURL + "tech.atom",
		`alternate application/feed+json Tech <b>&</b> "news" (JSON Feed) ` + baseURL + "tech.json",
	}
	if !slices.Equal(got, want) {
		t.Errorf("autodiscovery links:\n got %q\nwant %q", got, want)
	}
	if n := len(elements(doc, "script")); n != 0 {
		t.Errorf("page has %d script elements", n)
	}
}

func TestRenderIndexBody(t *testing.T) {
	doc := parse(t, renderIndex(t, testPages()))
	sections := elements(doc, "section")
	if len(sections) != 2 || attr(sections[0], "id") != "ia" || attr(sections[1], "id") != "tech" {
		t.Fatalf("sections = %d, want ia then tech", len(sections))
	}
	for i, slug := range []string{"ia", "tech"} {
		var hrefs []string
		for _, a := range elements(sections[i], "a") {
			if typ := attr(a, "type"); typ != "" {
				hrefs = append(hrefs, typ+" "+text(a)+" "+attr(a, "href"))
			}
		}
		want := []string{
			"application/rss+xml RSS " + baseURL + slug + ".rss",
			"application/atom+xml Atom " + baseURL + slug + ".atom",
			"application/feed+json JSON Feed " + baseURL + slug + ".json",
		}
		if !slices.Equal(hrefs, want) {
			t.Errorf("%s subscribe links = %q, want %q", slug, hrefs, want)
		}
	}
	items := elements(sections[0], "li")
	if len(items) != len(fixtures()) {
		t.Fatalf("ia lists %d entries, want %d", len(items), len(fixtures()))
	}
	for i, f := range fixtures() {
		checkIndexEntry(t, items[i], f)
	}
}

// checkIndexEntry checks that li shows the fixture f as the feeds do.
func checkIndexEntry(t *testing.T, li *html.Node, f fixture) {
	t.Helper()
	h3 := elements(li, "h3")[0]
	if got := text(h3); got != titleOf(f) {
		t.Errorf("entry %d title = %q, want %q", f.entry.ID, got, titleOf(f))
	}
	links := elements(h3, "a")
	if f.entry.Link != "" && (len(links) != 1 || attr(links[0], "href") != f.entry.Link) {
		t.Errorf("entry %d: title not linked to %s", f.entry.ID, f.entry.Link)
	}
	if f.entry.Link == "" && len(links) != 0 {
		t.Errorf("entry %d: title linked without a link", f.entry.ID)
	}
	times := elements(li, "time")
	switch {
	case f.published.IsZero() && len(times) != 0:
		t.Errorf("entry %d: shows a date it does not have", f.entry.ID)
	case !f.published.IsZero() && (len(times) != 1 || attr(times[0], "datetime") != f.published.Format(time.RFC3339)):
		t.Errorf("entry %d: want <time datetime=%s>", f.entry.ID, f.published.Format(time.RFC3339))
	}
	if got := text(li); !strings.Contains(got, summaryOf(f)) {
		t.Errorf("entry %d: text %q lacks the summary %q", f.entry.ID, got, summaryOf(f))
	}
}

func TestRenderIndexHostileEntries(t *testing.T) {
	page := renderIndex(t, testPages())
	for _, bad := range []string{"<script>", "javascript:", "<b>&</b>", "/relative/link", "ZgotmplZ"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("the script title is not shown escaped")
	}
	doc := parse(t, page)
	items := elements(elements(doc, "section")[1], "li")
	for i, title := range []string{"<script>alert(1)</script>", `Quote " and 'apostrophe'`} {
		h3 := elements(items[i], "h3")[0]
		if text(h3) != title || len(elements(h3, "a")) != 0 {
			t.Errorf("entry %d: want the title %q as plain text", i, title)
		}
	}
	_, es := techFeed()
	if got, want := text(items[0]), summary.Truncate(es[0].Summary, 40); !strings.Contains(got, want) {
		t.Errorf("entry text %q lacks the summary cut to 40 runes %q", got, want)
	}
	// 23:30 at UTC-1 is the next day in UTC, the zone the page shows.
	if !bytes.Contains(page, []byte(`<time datetime="2025-02-11T00:30:00Z">11 Feb 2025</time>`)) {
		t.Error("English date missing or not in UTC")
	}
	if !bytes.Contains(page, []byte(`<time datetime="2026-11-20T08:30:00Z">20 nov. 2026</time>`)) {
		t.Error("French date missing")
	}
}

func TestRenderIndexEmpty(t *testing.T) {
	page, err := publisher.RenderIndex("", nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := parse(t, page)
	if lang := attr(elements(doc, "html")[0], "lang"); lang != "en" {
		t.Errorf("lang = %q, want en", lang)
	}
	if title := text(elements(doc, "title")[0]); title == "" {
		t.Error("empty <title>")
	}
	f := testFeed()
	f.Title = ""
	page, err = publisher.RenderIndex("t", []publisher.Page{{Feed: f}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`/ia/">ia</a></h2>`)) || !bytes.Contains(page, []byte("Aucun article")) {
		t.Errorf("a feed without title or entries should show its slug and say it is empty:\n%s", page)
	}
}

func TestRenderIndexErrors(t *testing.T) {
	badURL := testFeed()
	badURL.BaseURL = "/relative/"
	noUID := entriesOf(fixtures())
	noUID[1].UID = ""
	tests := map[string][]publisher.Page{
		"bad base url":      {{Feed: badURL}},
		"entry without uid": {{Feed: testFeed(), Entries: noUID}},
	}
	for name, pages := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := publisher.RenderIndex("t", pages); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestWriteIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	for _, page := range []string{"<p>v1", "<p>v2"} {
		if err := publisher.WriteIndex(dir, []byte(page)); err != nil {
			t.Fatal(err)
		}
		checkFiles(t, dir, map[string]string{"index.html": page})
	}
	fi, err := os.Stat(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o644 {
		t.Errorf("mode = %v, want 0644", perm)
	}
}

// TestWriteIndexRemovesStaleTemps checks that writing the page clears the
// temporary file a killed publish left, as WriteFiles does for feeds.
func TestWriteIndexRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".index.html.123.tmp")
	if err := os.WriteFile(stale, []byte("<p>half"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := publisher.WriteIndex(dir, []byte("<p>v1")); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, dir, map[string]string{"index.html": "<p>v1"})
}

func TestWriteIndexFailureKeepsOldPage(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to read-only directories")
	}
	dir := t.TempDir()
	if err := publisher.WriteIndex(dir, []byte("v1")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if err := publisher.WriteIndex(dir, []byte("v2")); err == nil {
		t.Fatal("no error writing into a read-only directory")
	}
	checkFiles(t, dir, map[string]string{"index.html": "v1"})
}
