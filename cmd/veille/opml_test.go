package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/opml"
)

// baseConfig is a configuration whose sources list comes last, so that
// what `opml import` prints can be appended to it.
const baseConfig = `database: veille.db
feeds: []
sources:
  - name: Hacker News
    url: http://news.ycombinator.com/rss
`

// runIn runs veille with args in a folder holding config.yaml made of
// configText, and returns its outputs and exit status.
func runIn(t *testing.T, configText string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(configText), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	args = append(args[:1:1], append([]string{"-config", path}, args[1:]...)...)
	if strings.HasPrefix(args[0], "opml ") {
		args = append(strings.Fields(args[0]), args[1:]...)
	}
	status = report(run(t.Context(), args, &out, &errOut), &errOut)
	return out.String(), errOut.String(), status
}

// pasted loads configText with the output of `opml import` appended, as a
// user pasting it under sources: would, and fails the test if the result
// is not a valid configuration.
func pasted(t *testing.T, configText, imported string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader(configText+imported), "pasted.yaml")
	if err != nil {
		t.Fatalf("the pasted YAML is not valid: %v\n%s", err, imported)
	}
	return cfg
}

// TestOPMLImportRealExports imports the lists exported by real readers
// (opml/testdata, origins in its MANIFEST.tsv) and checks that what is
// printed, pasted into a configuration, passes `veille check`'s loading.
func TestOPMLImportRealExports(t *testing.T) {
	tests := []struct {
		file    string
		added   int
		skipped int // said on stderr
	}{
		{"feedly-jshawl.opml", 13, 1}, // Hacker News is configured already
		{"netnewswire-default-feeds.opml", 16, 0},
		{"newsboat-category-export.opml", 1, 0},
		{"newsboat-nested-folders.opml", 7, 0},
		{"inoreader-echopi-comments-cjk.opml", 17, 0},
		{"handwritten-bare-ampersands-emoji.opml", 55, 3}, // 3 URLs listed twice
		{"miniflux-crlf-synthetic.opml", 3, 0},
		{"freshrss-bom-namespace-synthetic.opml", 2, 1}, // a scraped page
		{"latin1-declared-synthetic.opml", 2, 0},
		{"utf16le-bom-synthetic.opml", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path, err := filepath.Abs(filepath.Join("..", "..", "opml", "testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, status := runIn(t, baseConfig, "opml import", path)
			if status != 0 {
				t.Fatalf("status %d: %s", status, errOut)
			}
			cfg := pasted(t, baseConfig, out)
			if got := len(cfg.Sources) - 1; got != tt.added {
				t.Errorf("%d sources added, want %d", got, tt.added)
			}
			if got := strings.Count(errOut, ": skipped "); got != tt.skipped {
				t.Errorf("%d skipped, want %d:\n%s", got, tt.skipped, errOut)
			}
		})
	}
}

// TestOPMLRoundTrip exports sources with awkward names and tags, imports
// the file into another configuration, and gets the same sources back.
func TestOPMLRoundTrip(t *testing.T) {
	const original = `database: veille.db
feeds: []
sources:
  - name: "Le Monde: Pixels & co"
    url: https://www.lemonde.fr/pixels/rss_full.xml?a=1&b=2
    tags: [tech, français]
  - name: "L'\"Humanité\" #1"
    url: https://www.humanite.fr/rss
    tags: [presse]
  - name: No tags
    url: http://example.org/feed.json
  - name: "  yes: no  "
    url: https://example.org/yes
    tags: [tech, "a/b", "- dash"]
`
	want, err := config.Parse(strings.NewReader(original), "original.yaml")
	if err != nil {
		t.Fatal(err)
	}
	exported, errOut, status := runIn(t, original, "opml export")
	if status != 0 {
		t.Fatalf("export: status %d: %s", status, errOut)
	}
	file := filepath.Join(t.TempDir(), "veille.opml")
	if err := os.WriteFile(file, []byte(exported), 0o644); err != nil {
		t.Fatal(err)
	}
	imported, errOut, status := runIn(t, baseConfig, "opml import", file)
	if status != 0 {
		t.Fatalf("import: status %d: %s", status, errOut)
	}
	got := pasted(t, baseConfig, imported).Sources[1:]
	// Names are read back without their surrounding space, as readers show
	// them; folders gather the sources of a tag, so the order is not kept.
	want.Sources[3].Name = "yes: no"
	byURL := func(a, b config.Source) int { return strings.Compare(a.URL, b.URL) }
	slices.SortFunc(got, byURL)
	slices.SortFunc(want.Sources, byURL)
	if !reflect.DeepEqual(got, want.Sources) {
		t.Errorf("round trip:\n got %+v\nwant %+v\nexported:\n%s\nimported:\n%s", got, want.Sources, exported, imported)
	}
}

func TestOPMLExportIsOPML2(t *testing.T) {
	out, errOut, status := runIn(t, baseConfig, "opml export")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	if !strings.Contains(out, `<opml version="2.0">`) || !strings.Contains(out, "<dateCreated>") {
		t.Errorf("not OPML 2.0:\n%s", out)
	}
	doc, err := opml.Parse(strings.NewReader(out), "export")
	if err != nil {
		t.Fatal(err)
	}
	feeds := doc.Feeds()
	if len(feeds) != 1 || feeds[0].Name != "Hacker News" || feeds[0].XMLURL != "http://news.ycombinator.com/rss" ||
		feeds[0].Type != "rss" {
		t.Errorf("feeds %+v", feeds)
	}
}

// TestOPMLImportSkips: configured URLs, URLs listed twice, other schemes and
// scraped pages are skipped, each named on stderr with its line; a name
// taken already is numbered.
func TestOPMLImportSkips(t *testing.T) {
	const list = `<opml version="2.0"><body>
<outline text="hacker news" xmlUrl="http://news.ycombinator.com/rss"/>
<outline text="Hacker News" xmlUrl="https://hn.example/rss"/>
<outline text="again" xmlUrl="https://hn.example/rss"/>
<outline text="Gopher" xmlUrl="gopher://example.org/feed"/>
<outline text="Page" type="HTML+XPath" xmlUrl="https://example.org/page.html"/>
<outline text="Folder, with a comma"><outline text="In folder" xmlUrl="https://example.org/in"/></outline>
</body></opml>
`
	file := filepath.Join(t.TempDir(), "list.opml")
	if err := os.WriteFile(file, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, status := runIn(t, baseConfig, "opml import", file)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	for _, want := range []string{
		file + `:2: skipped http://news.ycombinator.com/rss: already configured as "Hacker News"`,
		file + ":4: skipped https://hn.example/rss: listed twice, already imported from line 3",
		file + ":5: skipped gopher://example.org/feed: not an absolute http(s) URL",
		file + `:6: skipped https://example.org/page.html: type "HTML+XPath" is not a feed veille can read`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	got := pasted(t, baseConfig, out).Sources[1:]
	want := []config.Source{
		{Name: "Hacker News (2)", URL: "https://hn.example/rss"},
		{Name: "In folder", URL: "https://example.org/in", Tags: []string{"Folder with a comma"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestOPMLImportErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.opml")
	if err := os.WriteFile(bad, []byte("<opml>\n<body>\n<outline text=\"a\" <</body></opml>"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.opml")
	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"not OPML", []string{"opml import", bad}, 1, bad + ":3: not well-formed XML"},
		{"no such file", []string{"opml import", missing}, 1, missing},
		{"no file", []string{"opml import"}, 2, "want one FILE, got 0 arguments"},
		{"two files", []string{"opml import", bad, bad}, 2, "want one FILE, got 2 arguments"},
		{"export takes no file", []string{"opml export", bad}, 2, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := runIn(t, baseConfig, tt.args...)
			if status != tt.status || !strings.Contains(errOut, tt.stderr) || out != "" {
				t.Errorf("status %d, stderr %q, stdout %q; want %d and %q", status, errOut, out, tt.status, tt.stderr)
			}
		})
	}
}

// TestOPMLExportCarriesSiteURLs fetches an RSS and an Atom source, then
// checks that the export gives each its web site as htmlUrl, resolved
// against the feed's URL, and none to a source never fetched; and that an
// export before any fetch creates no database.
func TestOPMLExportCarriesSiteURLs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/rss.xml":
			w.Write([]byte(`<rss version="2.0"><channel><title>News</title><link>/news/</link>` +
				`<item><title>Une</title><link>/news/1</link></item></channel></rss>`))
		case "/blog.atom":
			w.Write([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>` +
				`<link rel="self" href="/blog.atom"/><link rel="alternate" href="https://blog.example/"/>` +
				`<entry><title>Billet</title><id>urn:x:1</id><link href="https://blog.example/1"/></entry></feed>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	configPath := filepath.Join(dir, "config.yaml")
	config := fmt.Sprintf("fetch: {allow_private_networks: true}\nfeeds: []\nsources:\n"+
		"  - {name: News, url: '%[1]s/news/rss.xml'}\n  - {name: Blog, url: '%[1]s/blog.atom'}\n"+
		"  - {name: Later, url: '%[1]s/later.rss'}\n", srv.URL)
	if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	export := func() map[string]string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(t.Context(), []string{"opml", "export", "-config", configPath}, &out, &errOut); err != nil {
			t.Fatalf("export: %v: %s", err, errOut.String())
		}
		doc, err := opml.Parse(&out, "export")
		if err != nil {
			t.Fatal(err)
		}
		sites := map[string]string{}
		for _, f := range doc.Feeds() {
			sites[f.Name] = f.HTMLURL
		}
		return sites
	}
	if got := export(); got["News"] != "" || got["Blog"] != "" {
		t.Errorf("before any fetch: sites %q, want none", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "veille.db")); !os.IsNotExist(err) {
		t.Errorf("export created the database (%v)", err)
	}
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"fetch", "-config", configPath}, &out, &errOut); err != nil {
		t.Fatalf("fetch: %v: %s", err, errOut.String())
	}
	want := map[string]string{"News": srv.URL + "/news/", "Blog": "https://blog.example/", "Later": ""}
	if got := export(); !reflect.DeepEqual(got, want) {
		t.Errorf("sites %q, want %q", got, want)
	}
}
