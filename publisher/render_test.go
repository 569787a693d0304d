package publisher_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"
	"github.com/veille-project/veille/summary"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	baseURL    = "https://veille.example.org/"
	summaryLen = 120
)

var (
	fetched = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	now     = time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
)

func testFeed() publisher.Feed {
	return publisher.Feed{
		Slug:          "ia",
		Title:         "Veille IA",
		Description:   "L’actualité de l’intelligence artificielle",
		Language:      "fr",
		BaseURL:       baseURL,
		SummaryLength: summaryLen,
	}
}

// fixture is an entry with what the outputs must say about it.
type fixture struct {
	entry       veille.Item
	title       string // the expected title
	cleanText   string // the entry's summary without the characters XML cannot carry
	credit      string // the expected credit paragraph, HTML
	published   time.Time
	updated     time.Time // Atom <updated>
	contentLink bool
}

func fixtures() []fixture {
	cet := time.FixedZone("CET", 3600)
	return []fixture{
		{
			entry: veille.Item{
				ID:         1,
				UID:        "urn:uuid:6f1c2a9e-1b2c-4d3e-8f40-000000000001",
				SourceName: "Le Monde & Cie",
				SourceURL:  "https://www.lemonde.example/rss/ia.xml",
				Link:       "https://www.lemonde.example/pixels/2026/11/20/ia.html?utm=rss&x=1",
				Title:      "L’IA générative « change tout », selon l’étude 🤖",
				Summary: "Une étude publiée jeudi estime que l’intelligence artificielle générative transformera " +
					"la plupart des métiers d’ici 2030. Les auteurs appellent à « former massivement » les salariés.",
				Published: time.Date(2026, 11, 20, 9, 30, 0, 0, cet),
				Updated:   time.Date(2026, 11, 20, 11, 0, 0, 500, time.UTC),
				Fetched:   fetched,
				Matches: []veille.Match{
					{Feed: "autre", Terms: []string{"ailleurs"}},
					{Feed: "ia", Terms: []string{"IA", "intelligence artificielle"}},
				},
			},
			title:       "L’IA générative « change tout », selon l’étude 🤖",
			credit:      `<p>Source : <a href="https://www.lemonde.example/pixels/2026/11/20/ia.html?utm=rss&amp;x=1">Le Monde &amp; Cie</a></p>`,
			published:   time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC),
			updated:     time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC),
			contentLink: true,
		},
		{
			entry: veille.Item{
				ID:         2,
				UID:        "urn:uuid:6f1c2a9e-1b2c-4d3e-8f40-000000000002",
				SourceName: "Tech Weekly",
				SourceURL:  "https://techweekly.example/feed",
				Title:      `OpenAI & Anthropic ship new "agents"`,
				Summary:    "A short English summary, without a link.",
				Published:  time.Date(2026, 11, 19, 18, 0, 0, 0, time.UTC),
				Fetched:    fetched,
				Matches:    []veille.Match{{Feed: "ia", Terms: []string{"AI", "agents"}}},
			},
			title:     `OpenAI & Anthropic ship new "agents"`,
			credit:    `<p>Source : Tech Weekly</p>`,
			published: time.Date(2026, 11, 19, 18, 0, 0, 0, time.UTC),
			updated:   time.Date(2026, 11, 19, 18, 0, 0, 0, time.UTC),
		},
		{
			entry: veille.Item{
				ID:         3,
				UID:        "urn:uuid:6f1c2a9e-1b2c-4d3e-8f40-000000000003",
				SourceName: "Blog IA",
				SourceURL:  "https://blog.example/atom.xml",
				Link:       "https://blog.example/post/3",
				Summary: "Un billet sans date ni titre, dont le titre vient du résumé : il doit être coupé " +
					"proprement à une limite de mot ou de phrase, sans dépasser quatre-vingts caractères.",
				Fetched: fetched.Add(-time.Hour),
				Matches: []veille.Match{{Feed: "ia", Terms: []string{"LLM"}}},
			},
			credit: `<p>Source : <a href="https://blog.example/post/3">Blog IA</a></p>`,
			// Undated: the time veille first saw it.
			published:   fetched.Add(-time.Hour),
			updated:     fetched.Add(-time.Hour),
			contentLink: true,
		},
		{
			entry: veille.Item{
				ID:         4,
				UID:        "urn:uuid:6f1c2a9e-1b2c-4d3e-8f40-000000000004",
				SourceName: `"Quotes" <Inc> & Co`,
				SourceURL:  "https://evil.example/rss?a=1&b=2",
				Link:       "https://evil.example/a?b=1&c=2",
				Title:      "Evil\v title ]]> <script>alert(\"x\")</script> & co\x00",
				Summary: "Contrôle\x0b ici, ]]> fin de CDATA, \uFFFE non-caractère, \xed\xa0\x80 surrogate seul, " +
					"et <b>balise</b> & esperluette.",
				Published: time.Date(2026, 11, 18, 7, 0, 0, 0, time.UTC),
				Fetched:   fetched,
				Matches:   []veille.Match{{Feed: "ia", Terms: []string{"IA"}}},
			},
			title:       `Evil title ]]> <script>alert("x")</script> & co`,
			cleanText:   "Contrôle ici, ]]> fin de CDATA,  non-caractère,  surrogate seul, et <b>balise</b> & esperluette.",
			credit:      `<p>Source : <a href="https://evil.example/a?b=1&amp;c=2">&#34;Quotes&#34; &lt;Inc&gt; &amp; Co</a></p>`,
			published:   time.Date(2026, 11, 18, 7, 0, 0, 0, time.UTC),
			updated:     time.Date(2026, 11, 18, 7, 0, 0, 0, time.UTC),
			contentLink: true,
		},
	}
}

func entriesOf(fx []fixture) []veille.Item {
	var es []veille.Item
	for _, f := range fx {
		es = append(es, f.entry)
	}
	return es
}

// summaryOf returns the summary the outputs must carry for f.
func summaryOf(f fixture) string {
	text := f.cleanText
	if text == "" {
		text = f.entry.Summary
	}
	return summary.Truncate(text, summaryLen)
}

// titleOf returns the title the outputs must carry for f.
func titleOf(f fixture) string {
	if f.title == "" {
		return summary.Truncate(f.entry.Summary, 80)
	}
	return f.title
}

func render(t testing.TB, f publisher.Feed, es []veille.Item) *publisher.Output {
	t.Helper()
	out, err := publisher.Render(f, es, now)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out
}

// formats lists the outputs by name, for table tests.
func formats(out *publisher.Output) []struct {
	name string
	data []byte
} {
	return []struct {
		name string
		data []byte
	}{{"rss", out.RSS}, {"atom", out.Atom}, {"json", out.JSON}}
}

func TestRenderParsesBack(t *testing.T) {
	fx := fixtures()
	out := render(t, testFeed(), entriesOf(fx))
	for _, format := range formats(out) {
		t.Run(format.name, func(t *testing.T) {
			feed, err := gofeed.NewParser().ParseString(string(format.data))
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, format.data)
			}
			checkChannel(t, format.name, feed)
			if len(feed.Items) != len(fx) {
				t.Fatalf("got %d items, want %d", len(feed.Items), len(fx))
			}
			for i, f := range fx {
				t.Run(fmt.Sprint(f.entry.ID), func(t *testing.T) {
					checkItem(t, format.name, feed.Items[i], f)
				})
			}
		})
	}
}

func checkChannel(t *testing.T, format string, feed *gofeed.Feed) {
	t.Helper()
	f := testFeed()
	if feed.Title != f.Title {
		t.Errorf("title = %q, want %q", feed.Title, f.Title)
	}
	if feed.Description != f.Description {
		t.Errorf("description = %q, want %q", feed.Description, f.Description)
	}
	if feed.Language != "fr" {
		t.Errorf("language = %q, want fr", feed.Language)
	}
	if feed.Link != baseURL {
		t.Errorf("link = %q, want %q", feed.Link, baseURL)
	}
	if want := baseURL + "ia." + format; feed.FeedLink != want {
		t.Errorf("self link = %q, want %q", feed.FeedLink, want)
	}
	// The newest change is entry 1's update, not its publication.
	if format != "json" && (feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(fixtures()[0].updated)) {
		t.Errorf("updated = %v, want %v", feed.UpdatedParsed, fixtures()[0].updated)
	}
}

func checkItem(t *testing.T, format string, it *gofeed.Item, f fixture) {
	t.Helper()
	if want := titleOf(f); it.Title != want {
		t.Errorf("title = %q, want %q", it.Title, want)
	}
	if it.Link != f.entry.Link {
		t.Errorf("link = %q, want %q", it.Link, f.entry.Link)
	}
	if it.GUID != f.entry.UID {
		t.Errorf("id = %q, want %q", it.GUID, f.entry.UID)
	}
	checkSummary(t, format, it, f)
	checkDates(t, format, it, f)
	terms, _ := f.entry.MatchFor("ia")
	if !slices.Equal(it.Categories, terms) {
		t.Errorf("categories = %q, want %q", it.Categories, terms)
	}
	if want := "<p>" + html.EscapeString(summaryOf(f)) + "</p>" + f.credit; it.Content != want {
		t.Errorf("content = %q,\nwant %q", it.Content, want)
	}
	if len(it.Authors) != 1 || it.Authors[0].Name != f.entry.SourceName {
		t.Errorf("authors = %v, want %q", it.Authors, f.entry.SourceName)
	}
}

func checkSummary(t *testing.T, format string, it *gofeed.Item, f fixture) {
	t.Helper()
	want := summaryOf(f)
	if n := utf8.RuneCountInString(want); n > summaryLen || want == "" {
		t.Fatalf("bad fixture: summary of %d runes", n)
	}
	got := it.Description
	if format == "rss" {
		// Readers take an RSS description as HTML, so the text is escaped.
		if got != html.EscapeString(want) && got != strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(want) {
			t.Errorf("description = %q, want %q escaped", got, want)
		}
		got = html.UnescapeString(got)
	}
	if got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func checkDates(t *testing.T, format string, it *gofeed.Item, f fixture) {
	t.Helper()
	switch {
	case !f.published.IsZero():
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(f.published) {
			t.Errorf("published = %v, want %v", it.PublishedParsed, f.published)
		}
	case format == "atom":
		// gofeed falls back to <updated>; the XML test checks that
		// <published> is absent.
	case it.PublishedParsed != nil:
		t.Errorf("published = %v, want none", it.PublishedParsed)
	}
	if format == "atom" && (it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(f.updated)) {
		t.Errorf("updated = %v, want %v", it.UpdatedParsed, f.updated)
	}
}

// rssDoc is what TestRSSMarkup reads back.
type rssDoc struct {
	Channel struct {
		Self []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Generator     string `xml:"generator"`
		LastBuildDate string `xml:"lastBuildDate"`
		PubDate       string `xml:"pubDate"`
		Items         []struct {
			Links []string `xml:"link"`
			GUID  struct {
				ID          string `xml:",chardata"`
				IsPermaLink string `xml:"isPermaLink,attr"`
			} `xml:"guid"`
			Source struct {
				URL  string `xml:"url,attr"`
				Name string `xml:",chardata"`
			} `xml:"source"`
			Authors    []string `xml:"author"`
			PubDates   []string `xml:"pubDate"`
			Categories []string `xml:"category"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestRSSMarkup(t *testing.T) {
	fx := fixtures()
	out := render(t, testFeed(), entriesOf(fx))
	var doc rssDoc
	if err := xml.Unmarshal(out.RSS, &doc); err != nil {
		t.Fatal(err)
	}
	ch := doc.Channel
	if len(ch.Self) != 1 || ch.Self[0].Href != baseURL+"ia.rss" || ch.Self[0].Rel != "self" || ch.Self[0].Type != "application/rss+xml" {
		t.Errorf("atom:link = %+v", ch.Self)
	}
	if want := "Fri, 20 Nov 2026 11:00:00 +0000"; ch.LastBuildDate != want || ch.PubDate != want {
		t.Errorf("lastBuildDate, pubDate = %q, %q, want %q", ch.LastBuildDate, ch.PubDate, want)
	}
	if ch.Generator != "veille" {
		t.Errorf("generator = %q", ch.Generator)
	}
	for i, f := range fx {
		it := ch.Items[i]
		if it.GUID.ID != f.entry.UID || it.GUID.IsPermaLink != "false" {
			t.Errorf("item %d: guid = %+v", i, it.GUID)
		}
		if it.Source.URL != f.entry.SourceURL || it.Source.Name != f.entry.SourceName {
			t.Errorf("item %d: source = %+v", i, it.Source)
		}
		if wantLinks := len(f.entry.Link) > 0; (len(it.Links) == 1) != wantLinks || len(it.Links) > 1 {
			t.Errorf("item %d: links = %q, want one only if the entry has one", i, it.Links)
		}
		if len(it.Authors) != 0 {
			t.Errorf("item %d: author = %q, want none (RSS wants an e-mail address)", i, it.Authors)
		}
		if wantDate := !f.published.IsZero(); (len(it.PubDates) == 1) != wantDate {
			t.Errorf("item %d: pubDate = %q, want one only if published is known", i, it.PubDates)
		}
	}
	if want := "Fri, 20 Nov 2026 08:30:00 +0000"; ch.Items[0].PubDates[0] != want {
		t.Errorf("pubDate = %q, want %q", ch.Items[0].PubDates[0], want)
	}
}

// atomDoc is what TestAtomMarkup reads back.
type atomDoc struct {
	Lang  string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID    string     `xml:"id"`
	Links []atomLink `xml:"link"`
	Gen   string     `xml:"generator"`
	Entry []struct {
		ID        string     `xml:"id"`
		Links     []atomLink `xml:"link"`
		Published []string   `xml:"published"`
		Updated   string     `xml:"updated"`
		Summary   struct {
			Type string `xml:"type,attr"`
		} `xml:"summary"`
		Content struct {
			Type string `xml:"type,attr"`
		} `xml:"content"`
		Author   []string `xml:"author>name"`
		Category []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Source struct {
			Title string     `xml:"title"`
			Links []atomLink `xml:"link"`
		} `xml:"source"`
	} `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

func TestAtomMarkup(t *testing.T) {
	fx := fixtures()
	out := render(t, testFeed(), entriesOf(fx))
	var doc atomDoc
	if err := xml.Unmarshal(out.Atom, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Lang != "fr" || doc.ID != baseURL+"ia.atom" || doc.Gen != "veille" {
		t.Errorf("xml:lang, id, generator = %q, %q, %q", doc.Lang, doc.ID, doc.Gen)
	}
	wantLinks := []atomLink{{baseURL + "ia.atom", "self"}, {baseURL, "alternate"}}
	if !slices.Equal(doc.Links, wantLinks) {
		t.Errorf("links = %+v, want %+v", doc.Links, wantLinks)
	}
	for i, f := range fx {
		e := doc.Entry[i]
		if len(e.Published) != 0 == f.published.IsZero() {
			t.Errorf("entry %d: published = %q, want it only if known", i, e.Published)
		}
		if e.Updated != f.updated.Format(time.RFC3339) {
			t.Errorf("entry %d: updated = %q, want %v", i, e.Updated, f.updated)
		}
		if (len(e.Links) == 1) != (f.entry.Link != "") || len(e.Links) > 1 {
			t.Errorf("entry %d: links = %+v", i, e.Links)
		}
		if e.Summary.Type != "text" || e.Content.Type != "html" {
			t.Errorf("entry %d: summary type %q, content type %q", i, e.Summary.Type, e.Content.Type)
		}
		wantSource := []atomLink{{f.entry.SourceURL, "self"}}
		if e.Source.Title != f.entry.SourceName || !slices.Equal(e.Source.Links, wantSource) {
			t.Errorf("entry %d: source = %+v", i, e.Source)
		}
		var terms []string
		for _, c := range e.Category {
			terms = append(terms, c.Term)
		}
		if want, _ := f.entry.MatchFor("ia"); !slices.Equal(terms, want) {
			t.Errorf("entry %d: categories = %q, want %q", i, terms, want)
		}
	}
}

func TestJSONFields(t *testing.T) {
	fx := fixtures()
	out := render(t, testFeed(), entriesOf(fx))
	var doc struct {
		Version string `json:"version"`
		FeedURL string `json:"feed_url"`
		Home    string `json:"home_page_url"`
		Items   []map[string]any
	}
	if err := json.Unmarshal(out.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.FeedURL != baseURL+"ia.json" || doc.Home != baseURL {
		t.Errorf("version, feed_url, home_page_url = %q, %q, %q", doc.Version, doc.FeedURL, doc.Home)
	}
	if bytes.Contains(out.JSON, []byte(`\u003c`)) {
		t.Error("JSON escapes HTML; want it written as is")
	}
	for i, f := range fx {
		item := doc.Items[i]
		_, hasPublished := item["date_published"]
		_, hasModified := item["date_modified"]
		if hasPublished == f.published.IsZero() || hasModified == f.entry.Updated.IsZero() {
			t.Errorf("item %d: date_published %v, date_modified %v", i, item["date_published"], item["date_modified"])
		}
		if got := fmt.Sprint(item["authors"]); got != fmt.Sprintf("[map[name:%s]]", f.entry.SourceName) {
			t.Errorf("item %d: authors = %s", i, got)
		}
	}
	if got := doc.Items[0]["date_modified"]; got != "2026-11-20T11:00:00Z" {
		t.Errorf("date_modified = %v, want whole seconds in UTC", got)
	}
}

func TestGolden(t *testing.T) {
	out := render(t, testFeed(), entriesOf(fixtures()))
	for _, format := range formats(out) {
		t.Run(format.name, func(t *testing.T) {
			path := filepath.Join("testdata", "feed."+format.name)
			if *update {
				if err := os.WriteFile(path, format.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(format.data, want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff:\n%s", path, format.data)
			}
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	es := entriesOf(fixtures())
	a := render(t, testFeed(), es)
	b := render(t, testFeed(), entriesOf(fixtures()))
	for i, fa := range formats(a) {
		if fb := formats(b)[i]; !bytes.Equal(fa.data, fb.data) {
			t.Errorf("%s: two renders differ", fa.name)
		}
	}
	if !a.Updated.Equal(b.Updated) {
		t.Errorf("updated: %v then %v", a.Updated, b.Updated)
	}
	if es[0].Matches[1].Terms[0] != "IA" || es[3].Title != fixtures()[3].entry.Title {
		t.Error("Render modified its entries")
	}
}

func TestWellFormed(t *testing.T) {
	out := render(t, testFeed(), entriesOf(fixtures()))
	checkWellFormed(t, out)
	for _, format := range formats(out) {
		for _, bad := range []string{"\v", "\x00", "\uFFFE", "\xed\xa0\x80"} {
			if bytes.Contains(format.data, []byte(bad)) {
				t.Errorf("%s contains %q", format.name, bad)
			}
		}
	}
	// A ]]> in the text must not end RSS's CDATA section early (the strict
	// decoder above would fail), and must still come back whole.
	feed, err := gofeed.NewParser().ParseString(string(out.RSS))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(feed.Items[3].Content, "]]&gt; fin de CDATA") {
		t.Errorf("content lost ]]>: %q", feed.Items[3].Content)
	}
}

// checkWellFormed fails t unless out's XML is well-formed and its JSON
// valid. The strict decoder also rejects characters XML 1.0 forbids.
func checkWellFormed(t testing.TB, out *publisher.Output) {
	t.Helper()
	for _, doc := range [][]byte{out.RSS, out.Atom} {
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, doc)
			}
		}
	}
	if !json.Valid(out.JSON) {
		t.Fatalf("invalid JSON:\n%s", out.JSON)
	}
}

func TestRenderEmpty(t *testing.T) {
	out := render(t, testFeed(), nil)
	checkWellFormed(t, out)
	if !out.Updated.Equal(now) {
		t.Errorf("updated = %v, want %v", out.Updated, now)
	}
	for _, format := range formats(out) {
		feed, err := gofeed.NewParser().ParseString(string(format.data))
		if err != nil {
			t.Fatalf("%s: %v", format.name, err)
		}
		if len(feed.Items) != 0 {
			t.Errorf("%s: %d items", format.name, len(feed.Items))
		}
		if format.name != "json" && (feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(now)) {
			t.Errorf("%s: updated = %v, want %v", format.name, feed.UpdatedParsed, now)
		}
	}
	if !bytes.Contains(out.JSON, []byte(`"items": []`)) {
		t.Errorf("JSON has no empty items list:\n%s", out.JSON)
	}
}

func TestRenderFallbacks(t *testing.T) {
	en := testFeed()
	en.Language = "en-GB"
	base := veille.Item{
		UID: "urn:uuid:1", SourceName: "Src", SourceURL: "https://src.example/feed",
		Link: "https://src.example/a", Title: "T", Summary: "S.", Fetched: fetched,
	}
	tests := []struct {
		name        string
		f           publisher.Feed
		edit        func(*veille.Item)
		title, link string
		content     string
	}{
		{"english credit", en, func(*veille.Item) {}, "T", "https://src.example/a",
			`<p>S.</p><p>Source: <a href="https://src.example/a">Src</a></p>`},
		{"blank title uses summary", en, func(e *veille.Item) { e.Title = " \t" }, "S.", "https://src.example/a",
			`<p>S.</p><p>Source: <a href="https://src.example/a">Src</a></p>`},
		{"no title nor summary uses source", testFeed(), func(e *veille.Item) { e.Title, e.Summary = "", "" }, "Src", "https://src.example/a",
			`<p>Source : <a href="https://src.example/a">Src</a></p>`},
		{"no source name uses host", testFeed(), func(e *veille.Item) { e.SourceName = "" }, "T", "https://src.example/a",
			`<p>S.</p><p>Source : <a href="https://src.example/a">src.example</a></p>`},
		{"javascript link dropped", testFeed(), func(e *veille.Item) { e.Link = "javascript:alert(1)" }, "T", "",
			`<p>S.</p><p>Source : Src</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.edit(&e)
			out := render(t, tt.f, []veille.Item{e})
			for _, format := range formats(out) {
				feed, err := gofeed.NewParser().ParseString(string(format.data))
				if err != nil {
					t.Fatalf("%s: %v", format.name, err)
				}
				it := feed.Items[0]
				if it.Title != tt.title || it.Link != tt.link || it.Content != tt.content {
					t.Errorf("%s: title, link, content = %q, %q, %q\nwant %q, %q, %q",
						format.name, it.Title, it.Link, it.Content, tt.title, tt.link, tt.content)
				}
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	ok := veille.Item{UID: "urn:uuid:1", Fetched: fetched, Title: "t"}
	tests := []struct {
		name    string
		edit    func(*publisher.Feed)
		entry   veille.Item
		wantErr string
	}{
		{"empty slug", func(f *publisher.Feed) { f.Slug = "" }, ok, "slug"},
		{"slug with slash", func(f *publisher.Feed) { f.Slug = "../ia" }, ok, "slug"},
		{"relative base url", func(f *publisher.Feed) { f.BaseURL = "/feeds/" }, ok, "base url"},
		{"base url without slash", func(f *publisher.Feed) { f.BaseURL = "https://x.example/feeds" }, ok, "base url"},
		{"negative summary length", func(f *publisher.Feed) { f.SummaryLength = -1 }, ok, "summary length"},
		{"entry without uid", func(*publisher.Feed) {}, veille.Item{ID: 7, Fetched: fetched}, "entry 7: no uid"},
		{"entry without date", func(*publisher.Feed) {}, veille.Item{UID: "urn:uuid:2"}, "urn:uuid:2: no date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFeed()
			tt.edit(&f)
			_, err := publisher.Render(f, []veille.Item{tt.entry}, now)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one about %q", err, tt.wantErr)
			}
		})
	}
}

func FuzzRender(f *testing.F) {
	f.Add("Titre « é » 🤖", "Résumé & <b>", "Source", "https://a.example/x?a=1&b=2")
	f.Add("a\v]]>\x00", "]]>\uFFFE\xed\xa0\x80", "<\"'&>", "javascript:alert(1)")
	f.Fuzz(func(t *testing.T, title, text, source, link string) {
		e := veille.Item{
			UID: "urn:uuid:" + title, Title: title, Summary: text, SourceName: source,
			SourceURL: link, Link: link, Fetched: fetched,
			Matches: []veille.Match{{Feed: "ia", Terms: []string{title, text}}},
		}
		out, err := publisher.Render(testFeed(), []veille.Item{e}, now)
		if err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, out)
	})
}

func BenchmarkRender(b *testing.B) {
	f := testFeed()
	fx := fixtures()
	es := make([]veille.Item, 50)
	for i := range es {
		e := fx[0].entry
		e.UID = fmt.Sprintf("urn:uuid:6f1c2a9e-1b2c-4d3e-8f40-%012d", i)
		e.Link = fmt.Sprintf("https://www.lemonde.example/pixels/%d.html", i)
		e.Summary = strings.Repeat(e.Summary+" ", 3) // about 600 runes, cut to 300
		e.Published = e.Published.Add(-time.Duration(i) * time.Hour)
		es[i] = e
	}
	f.SummaryLength = 300
	var size int
	for b.Loop() {
		out, err := publisher.Render(f, es, now)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out.RSS) + len(out.Atom) + len(out.JSON)
	}
	b.ReportMetric(float64(size), "bytes/render")
}

// TestNoSummary checks that an item without a summary has no element that
// pretends to be one: its RSS description is its credit, it has no Atom
// summary nor JSON summary, and its content is the credit.
func TestNoSummary(t *testing.T) {
	e := veille.Item{ID: 1, UID: "urn:uuid:6f1c2a9e-1b2c-4d3e-8f40-00000000000a", SourceName: "The Verge AI",
		SourceURL: "https://www.theverge.com/ai/rss", Link: "https://www.theverge.com/a", Title: "A title",
		Fetched: fetched, Matches: []veille.Match{{Feed: "ia", Terms: []string{"AI"}}}}
	out, err := publisher.Render(testFeed(), []veille.Item{e}, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{out.RSS, out.Atom, out.JSON} {
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		it := feed.Items[0]
		switch feed.FeedType {
		case "rss":
			if it.Description != "Source : The Verge AI" {
				t.Errorf("rss description = %q, want the credit", it.Description)
			}
		default:
			if it.Description != "" {
				t.Errorf("%s summary = %q, want none", feed.FeedType, it.Description)
			}
		}
		if !strings.Contains(it.Content, "Source : ") {
			t.Errorf("%s content = %q, want the credit", feed.FeedType, it.Content)
		}
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(fetched) {
			t.Errorf("%s published = %v, want when veille first saw it, %v", feed.FeedType, it.PublishedParsed, fetched)
		}
	}
	for _, empty := range []string{"<description></description>", "<description/>", "<summary", `"summary"`} {
		if bytes.Contains(out.RSS, []byte(empty)) || bytes.Contains(out.Atom, []byte(empty)) || bytes.Contains(out.JSON, []byte(empty)) {
			t.Errorf("an output has %s", empty)
		}
	}
}
