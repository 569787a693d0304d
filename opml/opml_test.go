package opml

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func parseFile(t testing.TB, name string) (*Document, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(bytes.NewReader(data), name)
}

// TestParseRealExports reads the lists of testdata/ (origins in its
// MANIFEST.tsv) and checks the count and one feed of each, chosen for what
// makes that file hard.
func TestParseRealExports(t *testing.T) {
	tests := []struct {
		file  string
		title string
		feeds int
		want  Feed // compared with the feed of the same URL, Line aside
	}{
		{"feedly-jshawl.opml", "null subscriptions in feedly Cloud", 14, Feed{Name: "Active questions tagged git - Stack...",
			XMLURL: "http://stackoverflow.com/feeds/tag/git", Type: "rss", Folders: []string{"stack overflow"},
			HTMLURL: "http://stackoverflow.com/questions/tagged/?tagnames=git&sort=active"}},
		{"netnewswire-default-feeds.opml", "Default Feeds", 16, Feed{Name: "Julia Evans",
			XMLURL: "https://jvns.ca/atom.xml", HTMLURL: "https://jvns.ca/", Type: "rss"}},
		{"newsboat-category-export.opml", "Newsboat - Exported Feeds", 1, Feed{
			XMLURL: "http://feeds.bbci.co.uk/news/business/rss.xml?edition=int", Type: "rss",
			Categories: []string{"tag one", "tag_two", "tag/three"}}},
		{"newsboat-nested-folders.opml", "Example OPML file for Newsboat tests", 7, Feed{Name: "Notes by Mike",
			XMLURL: "https://blogs.example.com/~mike/.rss", Type: "rss", Folders: []string{"Blogs", "friends"}}},
		{"inoreader-echopi-comments-cjk.opml", "My Subscriptions", 17, Feed{Name: "FT中文网_英国《金融时报》(Financial Times)",
			XMLURL:  "http://ftr.fivefilters.org/makefulltextfeed.php?url=http%3A%2F%2Fwww.ftchinese.com%2Frss%2Ffeed&max=3",
			HTMLURL: "http://www.ftchinese.com/rss/feed", Type: "rss", Folders: []string{"info"}}},
		{"handwritten-bare-ampersands-emoji.opml", "FreshRSS Feeds - Top 5 Per Category", 58, Feed{
			Name:   "Google News - Kenya",
			XMLURL: "https://news.google.com/search?hl=en-US&gl=US&q=kenya&um=1&ie=UTF-8&ceid=US:en", Type: "rss",
			Folders: []string{"🇰🇪 Kenya News"}}},
		{"miniflux-crlf-synthetic.opml", "Miniflux", 3, Feed{Name: "Le Monde & Pixels",
			XMLURL:  "https://www.lemonde.fr/pixels/rss_full.xml?utm_source=a&utm_medium=b",
			HTMLURL: "https://www.lemonde.fr/pixels/", Folders: []string{"Actualités"}}},
		{"freshrss-bom-namespace-synthetic.opml", "FreshRSS", 3, Feed{Name: "Numerama",
			XMLURL: "https://www.numerama.com/feed/", HTMLURL: "https://www.numerama.com/", Type: "rss",
			Folders: []string{"Tech"}}},
		{"latin1-declared-synthetic.opml", "Abonnements", 2, Feed{Name: "Télérama & co",
			XMLURL: "https://www.telerama.fr/rss/une.xml", Type: "rss", Folders: []string{"Français"}}},
		{"utf16le-bom-synthetic.opml", "Windows export", 1, Feed{Name: "École",
			XMLURL: "https://example.org/ecole.rss", Type: "rss"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := parseFile(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title {
				t.Errorf("title %q, want %q", doc.Title, tt.title)
			}
			feeds := doc.Feeds()
			if len(feeds) != tt.feeds {
				t.Errorf("%d feeds, want %d", len(feeds), tt.feeds)
			}
			for _, f := range feeds {
				if f.Line <= 0 {
					t.Errorf("%s: no line", f.XMLURL)
				}
				if f.XMLURL != tt.want.XMLURL {
					continue
				}
				f.Line = 0
				if !reflect.DeepEqual(f, tt.want) {
					t.Errorf("got  %#v\nwant %#v", f, tt.want)
				}
				return
			}
			t.Errorf("no feed %s", tt.want.XMLURL)
		})
	}
}

// TestParseCommentedOutFeedsAreNotFeeds: the Inoreader list comments out a
// folder; its feeds must not come back.
func TestParseCommentedOutFeedsAreNotFeeds(t *testing.T) {
	doc, err := parseFile(t, "inoreader-echopi-comments-cjk.opml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Feeds() {
		if strings.Contains(f.XMLURL, "twitrss.me") {
			t.Errorf("commented-out feed read: %s", f.XMLURL)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line        int    // 0: no line expected
		want        string // in the message
	}{
		{"empty", "", 0, "empty document"},
		{"garbage", "garbage", 0, "empty document"},
		{"a feed, not a list", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel></channel></rss>", 2,
			"root element is <rss>"},
		{"truncated", "<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"https://a.example/\">\n", 4,
			"truncated"},
		{"no body", "<opml>\n<head><title>x</title></head>\n</opml>", 3, "no <body> element"},
		{"nested too deep", "<opml><body>" + strings.Repeat("<outline text=\"x\">", maxDepth+1), 1, "nested more"},
		{"unknown charset", "<?xml version=\"1.0\" encoding=\"x-klingon\"?><opml><body/></opml>", 1, "x-klingon"},
		{"broken tag", "<opml>\n<body>\n<outline text=\"a\" <</body></opml>", 3, "not well-formed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(strings.NewReader(tt.input), "subs.opml")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, %v; want an *Error", doc, err)
			}
			if e.File != "subs.opml" || e.Line != tt.line || !strings.Contains(e.Msg, tt.want) {
				t.Errorf("got %q (line %d), want line %d and %q", err, e.Line, tt.line, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "subs.opml:") {
				t.Errorf("%q does not start with the file name", err)
			}
		})
	}
}

func TestParseNewsboatMissingBody(t *testing.T) {
	_, err := parseFile(t, "newsboat-body-element-missing.opml")
	if err == nil || err.Error() != "newsboat-body-element-missing.opml:6: no <body> element: the document lists no outlines" {
		t.Errorf("got %v", err)
	}
}

// TestParseUndeclaredCharset reads lists whose bytes are not the UTF-8 the
// XML standard presumes when nothing is declared: encoding/xml used to
// refuse them as "invalid UTF-8".
func TestParseUndeclaredCharset(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"Latin-1", "<opml><body><outline text=\"T\xe9l\xe9rama\" xmlUrl=\"https://a.example/\"/></body></opml>", "Télérama"},
		{"Windows-1252", "<opml><body><outline text=\"L\x92\xe9co\" xmlUrl=\"https://a.example/\"/></body></opml>", "L’éco"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(strings.NewReader(tt.input), "subs.opml")
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Outlines[0].Text; got != tt.want {
				t.Errorf("Text = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWriteThenParse writes a document with folders, escapes and a
// category, and reads back the same outlines.
func TestWriteThenParse(t *testing.T) {
	in := &Document{Title: "veille & co", DateCreated: "Mon, 10 Feb 2025 08:30:00 +0000", Outlines: []Outline{
		{Text: "Le Monde", Title: "Le Monde", Type: "rss", XMLURL: "https://www.lemonde.fr/rss/une.xml"},
		{Text: "IA <tech>", Title: "IA <tech>", Outlines: []Outline{
			{Text: "Q&A \"AI\"", Title: "Q&A \"AI\"", Type: "rss", XMLURL: "https://ex.example/feed?a=1&b=2",
				HTMLURL: "https://ex.example/", Category: "IA <tech>,english"},
		}},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`<?xml version="1.0" encoding="UTF-8"?>`, `<opml version="2.0">`,
		`xmlUrl="https://ex.example/feed?a=1&amp;b=2"`, `<dateCreated>Mon, 10 Feb 2025 08:30:00 +0000</dateCreated>`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	back, err := Parse(&buf, "written")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	clearLines(back.Outlines)
	if !reflect.DeepEqual(back, in) {
		t.Errorf("read back\n%#v\nwant\n%#v", back, in)
	}
}

// TestWriteEmpty: a list with no outlines still has the body OPML requires.
func TestWriteEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, &Document{Title: "none"}); err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(&buf, "empty")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Outlines) != 0 || doc.Title != "none" {
		t.Errorf("got %#v", doc)
	}
}

func TestWriteGivesTextToTitleOnlyOutlines(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, &Document{Outlines: []Outline{{Title: "only a title", XMLURL: "https://a.example/"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `text="only a title"`) {
		t.Errorf("no text attribute:\n%s", buf.String())
	}
}

func clearLines(outlines []Outline) {
	for i := range outlines {
		outlines[i].Line = 0
		clearLines(outlines[i].Outlines)
	}
}

// FuzzParse: no input panics Parse, and what it reads can be written and
// read again with the same feeds.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.opml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<opml><body><outline xmlUrl="a&b"><outline text="x" xmlUrl=" "/></outline></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(bytes.NewReader(data), "fuzz")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, doc); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(&buf, "rewritten")
		if err != nil {
			t.Fatalf("cannot read what Write wrote: %v\n%s", err, buf.String())
		}
		if n, m := len(doc.Feeds()), len(again.Feeds()); n != m {
			t.Fatalf("%d feeds, %d once rewritten", n, m)
		}
	})
}
