package aggregator

import (
	"encoding/csv"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

// corpusRow is one line of testdata/corpus/MANIFEST.tsv.
type corpusRow struct {
	file, kind, language string
	items                int // -1 when the manifest says "-"
	// feedparser is how many entries Python feedparser 6.0.10 reads, as
	// the manifest says ("rss20, 2 entries, bozo: …"); -1 if it says none.
	feedparser int
}

func readManifest(t *testing.T) []corpusRow {
	t.Helper()
	f, err := os.Open("testdata/corpus/MANIFEST.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []corpusRow
	for _, rec := range records[1:] {
		n, err := strconv.Atoi(rec[3])
		if err != nil {
			n = -1
		}
		fp := -1
		if m := entriesRe.FindStringSubmatch(rec[12]); m != nil {
			fp, _ = strconv.Atoi(m[1])
		}
		rows = append(rows, corpusRow{file: rec[0], kind: rec[1], language: rec[2], items: n, feedparser: fp})
	}
	return rows
}

var entriesRe = regexp.MustCompile(`(\d+) entries`)

func testAggregator() *Aggregator {
	return New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
}

// TestCorpus parses every real-world document of the corpus: feeds give
// the manifest's item count (including the Latin-1 ones gofeed alone
// rejects), with text in valid UTF-8; malformed documents give the items
// feedparser recovers from them, with a warning, or else an error or no
// item at all; pages that are not feeds give an error, and never a panic.
func TestCorpus(t *testing.T) {
	a := testAggregator()
	for _, row := range readManifest(t) {
		t.Run(row.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata/corpus/feeds", row.file))
			if err != nil {
				t.Fatal(err)
			}
			feed, err := a.parse(body, "")
			switch {
			case row.kind == "malformed" && row.feedparser > 0:
				if err != nil || len(feed.Items) != row.feedparser || feed.Warning == "" {
					t.Fatalf("parse: %v; want the %d items feedparser recovers, with a warning", err, row.feedparser)
				}
			case row.kind == "malformed" || row.kind == "not-a-feed" || row.items == 0:
				if err == nil && len(feed.Items) != 0 {
					t.Errorf("%s document gave %d items, want an error or none", row.kind, len(feed.Items))
				}
				return
			case err != nil:
				t.Fatalf("parse: %v", err)
			case len(feed.Items) != row.items:
				t.Fatalf("%d items, want %d", len(feed.Items), row.items)
			}
			base, _ := url.Parse("https://feeds.example.org/" + row.file)
			entries, _ := a.normalize(feed, 1, base.String(), time.Unix(1e9, 0))
			for _, e := range entries {
				if !utf8.ValidString(e.Title) || strings.ContainsRune(e.Title+e.Summary, utf8.RuneError) {
					t.Errorf("badly decoded text: %q", e.Title)
				}
				if e.UID == "" || (e.Link != "" && !strings.HasPrefix(e.Link, "http")) {
					t.Errorf("entry %q: uid %q, link %q", e.Title, e.UID, e.Link)
				}
			}
		})
	}
}

func parseCorpus(t *testing.T, file, feedURL string) []entryView {
	t.Helper()
	a := testAggregator()
	body, err := os.ReadFile(filepath.Join("testdata/corpus/feeds", file))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := a.parse(body, "")
	if err != nil {
		t.Fatal(err)
	}
	var out []entryView
	entries, _ := a.normalize(feed, 7, feedURL, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	for _, e := range entries {
		out = append(out, entryView{uid: e.UID, link: e.Link, title: e.Title, published: e.Published})
	}
	return out
}

type entryView struct {
	uid, link, title string
	published        time.Time
}

func TestIdentityWithoutGUIDOrDate(t *testing.T) {
	// Le Parisien gives only title and link: identity falls back to the
	// link, and dates stay unknown rather than becoming the fetch time.
	first := parseCorpus(t, "leparisien-politique-no-guid-no-date.rss", "https://www.leparisien.fr/politique/rss.xml")
	again := parseCorpus(t, "leparisien-politique-no-guid-no-date.rss", "https://www.leparisien.fr/politique/rss.xml")
	seen := map[string]bool{}
	for i, e := range first {
		if seen[e.uid] {
			t.Errorf("duplicate uid %s", e.uid)
		}
		seen[e.uid] = true
		if e.uid != again[i].uid {
			t.Errorf("uid of %q changed between parses", e.title)
		}
		if !e.published.IsZero() {
			t.Errorf("%q: published %v, want unknown", e.title, e.published)
		}
	}
	if len(seen) != 30 {
		t.Errorf("%d distinct uids, want 30", len(seen))
	}
}

func TestRelativeLinksResolved(t *testing.T) {
	for _, e := range parseCorpus(t, "qemu-root-relative-links.atom", "https://www.qemu.org/feed.xml") {
		if !strings.HasPrefix(e.link, "https://www.qemu.org/20") {
			t.Errorf("link %q not resolved against the feed URL", e.link)
		}
	}
}

func TestStripTracking(t *testing.T) {
	base, _ := url.Parse("https://www.francetvinfo.fr/titres.rss")
	cases := map[string]string{
		"/a.html#xtor=RSS-3-[titres]":            "https://www.francetvinfo.fr/a.html",
		"https://x.org/a?utm_source=rss&id=3":    "https://x.org/a?id=3",
		"https://x.org/a?id=3#section":           "https://x.org/a?id=3",
		"javascript:alert(1)":                    "",
		"mailto:redaction@example.org":           "",
		"  https://x.org/b?xtor=RSS-1  ":         "https://x.org/b",
		"https://x.org/c?utm_medium=feed":        "https://x.org/c",
		"//cdn.example.org/protocol-relative.js": "https://cdn.example.org/protocol-relative.js",
	}
	for in, want := range cases {
		if got := absoluteLink(base, in); got != want {
			t.Errorf("absoluteLink(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSiteURL reads each format's link to its web site, resolved against
// the feed's URL, and nothing from a link that is not http(s).
func TestSiteURL(t *testing.T) {
	a := testAggregator()
	for _, c := range []struct{ file, feedURL, want string }{
		{"francetvinfo-france-2020.rss", "https://www.francetvinfo.fr/france.rss", "https://www.francetvinfo.fr/france/"},
		{"theverge-ai-2026.atom", "https://www.theverge.com/rss/ai-artificial-intelligence/index.xml",
			"https://www.theverge.com/ai-artificial-intelligence"},
		{"jsonfeed-1.0-http-version-url.json", "https://pxlnv.com/feed.json", "https://pxlnv.com"},
	} {
		body, err := os.ReadFile(filepath.Join("testdata/corpus/feeds", c.file))
		if err != nil {
			t.Fatal(err)
		}
		feed, err := a.parse(body, "")
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if got := siteURL(c.feedURL, feed.Feed); got != c.want {
			t.Errorf("%s: site %q, want %q", c.file, got, c.want)
		}
	}
	for link, want := range map[string]string{
		"/blog/?utm_source=rss": "https://example.org/blog/",
		"javascript:alert(1)":   "",
		"":                      "",
	} {
		if got := siteURL("https://example.org/feed.xml", &gofeed.Feed{Link: link}); got != want {
			t.Errorf("link %q: site %q, want %q", link, got, want)
		}
	}
}

// FuzzParse feeds arbitrary bytes through charset detection, parsing and
// normalization: a hostile source must never panic the pass.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"francetvinfo-france-2020.rss", "cerclepsy-iso-8859-1-undeclared.rss",
		"theverge-ai-2026.atom", "jsonfeed-1.1-authors-synthetic.json", "malformed-truncated-cdata-synthetic.rss"} {
		body, err := os.ReadFile(filepath.Join("testdata/corpus/feeds", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, "application/rss+xml; charset=ISO-8859-1")
	}
	a := testAggregator()
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := a.parse(body, contentType)
		if err == nil {
			a.normalize(feed, 1, "https://example.org/feed", time.Unix(1e9, 0))
		}
	})
}
