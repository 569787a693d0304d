package aggregator

import (
	"bytes"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/veille-project/veille/storage"
)

// TestIssue16Documents reads each class of issue 16 from its own document
// through parse and normalize: what a reader must see of it.
func TestIssue16Documents(t *testing.T) {
	type want struct{ title, link, published, summary string }
	tests := []struct {
		file    string
		warning bool
		items   map[int]want // by index; "" fields are not checked
	}{
		{"title-escaped-markup.rss", false, map[int]want{
			0: {title: "Using the <canvas> element"},
			1: {title: "std::vector<int> explained"},
			2: {title: "A & B bold"},
			3: {title: "Models that <think> before answering", summary: "Before the video. After the video, the words stay."},
			4: {title: "AT&T été"},
		}},
		{"atom-text-title.atom", false, map[int]want{
			0: {title: "History of the <blink> tag"}, 1: {title: "Bold move"}, 2: {title: "Default <type> is text"}}},
		{"atom-text-summary.atom", false, map[int]want{
			0: {summary: "The <blink> tag is back in a browser extension for nostalgic readers."},
			1: {summary: "Reasoning models write their <think> tokens before the answer they give."},
			2: {summary: "An HTML summary is read as markup, its tags gone."}}},
		{"stray-less-than.rss", true, map[int]want{
			0: {title: "Growth <5% this year, says the central bank",
				summary: "Inflation stays < 3 % while wages rise, the bank says in its report."},
			1: {title: "After the stray sign", summary: "A CDATA section keeps <5 as it is, and this item is still read."},
			2: {title: "Third item", link: "https://example.org/third"}}},
		{"truncated-end-tag.atom", true, map[int]want{2: {title: "Entry 3", link: "https://example.org/e3"}}},
		// gofeed's own reading is lenient enough for a raw "&".
		{"raw-ampersand.rss", false, map[int]want{0: {link: "https://example.org/a?x=1&y=2"}, 1: {title: "Second"}}},
		{"broken-cdata.rss", true, map[int]want{0: {title: "Before the break", summary: "This description is well-formed and comes before the break."}}},
		{"utf16le-bom.rss", false, map[int]want{0: {title: "Été à Paris"}}},
		{"utf16be-no-bom.rss", false, map[int]want{0: {title: "Été à Paris"}}},
		{"utf32le-bom.rss", false, map[int]want{0: {title: "Été à Paris"}}},
		{"utf32be-no-bom.rss", false, map[int]want{0: {title: "Été à Paris"}}},
		{"koi8r-undeclared.rss", false, map[int]want{0: {title: "Новости искусственного интеллекта"}}},
		{"shift-jis-undeclared.rss", false, map[int]want{0: {title: "人工知能のニュース"}}},
		{"double-encoded-utf8.rss", false, map[int]want{0: {title: "L’été à Paris"}}},
		{"c1-smart-quotes.rss", false, map[int]want{0: {title: "L’IA “générative”"}}},
		{"dates.rss", false, map[int]want{
			0: {published: "2024-03-01T07:30"}, 1: {published: "2024-03-02T00:00"}, 2: {published: "2024-03-03T12:00"},
			3: {published: "2004-01-26T21:31"}, 4: {published: "2012-02-13T06:28"}, 5: {published: "2003-12-01T00:00"},
			6: {published: "2024-05-07T14:31"}, 7: {published: "2024-05-07T16:00"}, 8: {published: "2009-06-30T16:05"},
			9: {published: "2024-01-08T11:00"}, 10: {published: "2023-11-06T16:30"}}},
		{"links-media-bodies.rss", false, map[int]want{
			0: {link: "-"}, 1: {link: "https://example.org/permalink"}, 2: {title: "Media title only"},
			3: {summary: "The body of this item is given in XHTML, and there is no description at all for it."},
			4: {summary: "Another body, in the default namespace of XHTML, stands for the missing description."}}},
		{"atom-wrapped-in-xhtml-doctype.xml", true, map[int]want{0: {title: "Down time"}}},
		{"malformed-truncated-cdata-synthetic.rss", true, nil},
		{"cdata-ended-early.rss", true, map[int]want{
			0: {published: "2024-10-07T07:00"}, 1: {title: "After the early end", summary: "This item is still read."},
			2: {title: "Never ended", link: "https://example.org/n3"}}},
		{"atom-links-and-types.atom", false, map[int]want{
			0: {link: "https://example.org/episodes/e1", published: "2024-03-01T10:15"},
			1: {title: "Why <custom-element> names need a hyphen", summary: "A class like List, in HTML, is a tag and goes."},
			2: {link: "https://example.org/episodes/e3"}, 3: {link: "-"}}},
		// gofeed reads this one without an error, into two items, the
		// first titled "Stray tag <b>inside</title>".
		{"mismatched-and-stray-tags.rss", true, map[int]want{
			0: {title: "Stray tag inside"}, 1: {summary: "Ends with a wrong tag."},
			2: {title: "Third", link: "https://c.example.com/3"}, 3: {title: "Cut off", link: "https://c.example.com/4"}}},
		{"unclosed-item-elements.rss", true, map[int]want{
			0: {title: "A title closed by a typo", link: "https://u.example.org/1", published: "2024-06-04T10:00",
				summary: "The title's end tag is misspelt."},
			1: {link: "https://u.example.org/2", published: "2024-06-05T10:00"},
			2: {published: "2024-06-06T10:00", summary: "The date's end tag is in lower case."},
			3: {title: "A self-closed break", link: "https://u.example.org/4"}}},
		{"atom03-text-plain.atom", false, map[int]want{
			0: {title: "Slots <slot> explained",
				summary: "A name like <mybutton> could clash with a future element; <my-button> never will."}}},
	}
	a := testAggregator()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata/issue16", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := a.parse(body, "")
			if err != nil {
				t.Fatal(err)
			}
			if (doc.Warning != "") != tt.warning {
				t.Errorf("warning %q, want one: %v", doc.Warning, tt.warning)
			}
			entries, _ := a.normalize(doc, 1, "https://feeds.example.org/feed", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			for i, w := range tt.items {
				if i >= len(entries) {
					t.Fatalf("%d entries, want at least %d", len(entries), i+1)
				}
				e := entries[i]
				link := e.Link
				if link == "" {
					link = "-"
				}
				for _, c := range [][3]string{{"title", e.Title, w.title}, {"link", link, w.link},
					{"published", minute(e.Published), w.published}, {"summary", e.Summary, w.summary}} {
					if c[2] != "" && c[1] != c[2] {
						t.Errorf("#%d %s = %q, want %q", i, c[0], c[1], c[2])
					}
				}
			}
		})
	}
}

// TestRecoveredSource fetches a truncated feed through a whole pass: its
// items are stored and the source is ok, with a warning saying why.
func TestRecoveredSource(t *testing.T) {
	body, err := os.ReadFile("testdata/issue16/truncated-end-tag.atom")
	if err != nil {
		t.Fatal(err)
	}
	store := openStore(t)
	res := runOnce(t, store, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }), Options{})
	if res.Status != storage.StatusOK || res.New != 3 {
		t.Fatalf("result = %+v, want ok with 3 new entries", res)
	}
	sources, err := store.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if s := sources[0]; s.Status != storage.StatusOK || !strings.Contains(s.Warning, "not well-formed") {
		t.Errorf("source = %+v, want ok with a warning", s)
	}
}

// TestSameItemTwoSources stores two sources' identical items, without GUID
// or link: the identity of each is scoped to its source.
func TestSameItemTwoSources(t *testing.T) {
	const feed = `<rss version="2.0"><channel><title>x</title><item><title>Example item</title>` +
		`<description>Example text.</description></item></channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, feed) }))
	defer srv.Close()
	store := openStore(t)
	var sources []storage.Source
	for _, name := range []string{"one", "two"} {
		src, err := store.EnsureSource(t.Context(), name, srv.URL+"/"+name)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	a := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	report, err := a.Run(t.Context(), sources)
	if err != nil {
		t.Fatal(err)
	}
	if report.New() != 2 {
		t.Errorf("%d new entries, want one per source", report.New())
	}
}

// FuzzRecover reads any document leniently: it never panics, and what it
// writes out is well-formed XML that encoding/xml reads to its end, with
// as many items as the reading found.
func FuzzRecover(f *testing.F) {
	for _, name := range []string{"truncated-end-tag.atom", "broken-cdata.rss", "links-media-bodies.rss",
		"atom-wrapped-in-xhtml-doctype.xml", "raw-ampersand.rss", "unclosed-item-elements.rss", "cdata-ended-early.rss"} {
		body, err := os.ReadFile(filepath.Join("testdata/issue16", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !utf8.Valid(body) {
			return // the reading is given UTF-8 only (toUTF8)
		}
		r := readLeniently(body)
		d := xml.NewDecoder(bytes.NewReader(r.repaired))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("repaired document %q is not well-formed: %v", r.repaired, err)
			}
		}
	})
}

// TestWellFormedBreaks checks that the lenient reading finds nothing wrong
// with an HTML break written as XML between an item's elements, self-closed
// or closed at once, nor with the break in an XHTML body.
func TestWellFormedBreaks(t *testing.T) {
	body := []byte(`<rss version="2.0"><channel><title>t</title><item><title>x</title><br/><br></br>` +
		`<link>https://example.org/1</link><body xmlns="http://www.w3.org/1999/xhtml"><p>a<br/>b</p></body>` +
		`</item></channel></rss>`)
	r := readLeniently(body)
	if r.problem != nil {
		t.Errorf("problem %v in a well-formed document", r.problem)
	}
	if len(r.items) != 1 || r.items[0].body == "" {
		t.Errorf("items %+v, want one with its XHTML body", r.items)
	}
}
