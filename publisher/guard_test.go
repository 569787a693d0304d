package publisher_test

import (
	"github.com/veille-project/veille"

	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/veille-project/veille/publisher"
)

// TestFutureDatesDoNotFreeze renders an entry dated 2099: no date of any
// format runs ahead of the clock, and a reader polling with
// If-Modified-Since sees the next change.
func TestFutureDatesDoNotFreeze(t *testing.T) {
	future := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	entries := []veille.Item{{ID: 1, UID: "urn:uuid:1", Title: "Futur", Link: "https://a.example/1",
		Published: future, Updated: future, Fetched: fetched}}
	out, err := publisher.Render(testFeed(), entries, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.Updated.After(now) {
		t.Errorf("Output.Updated = %v, after now %v", out.Updated, now)
	}
	var rss struct {
		LastBuild string `xml:"channel>lastBuildDate"`
		PubDate   string `xml:"channel>pubDate"`
		Items     []struct {
			PubDate string `xml:"pubDate"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(out.RSS, &rss); err != nil {
		t.Fatal(err)
	}
	var atom struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out.Atom, &atom); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Items []struct {
			Published string `json:"date_published"`
			Modified  string `json:"date_modified"`
		} `json:"items"`
	}
	if err := json.Unmarshal(out.JSON, &js); err != nil {
		t.Fatal(err)
	}
	dates := map[string]string{"rss lastBuildDate": rss.LastBuild, "rss pubDate": rss.PubDate,
		"rss item pubDate": rss.Items[0].PubDate, "atom updated": atom.Updated,
		"atom entry updated": atom.Entries[0].Updated, "atom entry published": atom.Entries[0].Published,
		"json date_published": js.Items[0].Published, "json date_modified": js.Items[0].Modified}
	for where, d := range dates {
		if d == "" {
			continue // gorilla leaves some out
		}
		parsed, err := parseFeedDate(d)
		if err != nil {
			t.Errorf("%s %q: %v", where, d, err)
		} else if parsed.After(now) {
			t.Errorf("%s = %s, after now %v", where, d, now)
		}
	}
	if rss.LastBuild == "" || rss.Items[0].PubDate != fetched.Format(time.RFC1123Z) {
		t.Errorf("lastBuildDate %q, item pubDate %q: want both, the item's the time it was seen", rss.LastBuild, rss.Items[0].PubDate)
	}

	h := publisher.NewHandler(time.Minute)
	h.Update(nil, map[string]*publisher.Output{"ia": out})
	first := serveGET(h, "/ia.rss", "")
	lastModified := first.Header.Get("Last-Modified")
	if got := serveGET(h, "/ia.rss", lastModified); got.StatusCode != http.StatusNotModified {
		t.Errorf("unchanged feed: status %d, want 304", got.StatusCode)
	}
	// A later pass brings a new entry: the reader polling with the date it
	// was given sees it.
	later := now.Add(time.Hour)
	entries = append([]veille.Item{{ID: 2, UID: "urn:uuid:2", Title: "Nouveau", Link: "https://a.example/2",
		Published: later.Add(-time.Minute), Fetched: later}}, entries...)
	out, err = publisher.Render(testFeed(), entries, later)
	if err != nil {
		t.Fatal(err)
	}
	h.Update(nil, map[string]*publisher.Output{"ia": out})
	if got := serveGET(h, "/ia.rss", lastModified); got.StatusCode != http.StatusOK {
		t.Errorf("changed feed, If-Modified-Since %s: status %d, want 200", lastModified, got.StatusCode)
	}

	// An entry seen after the clock (the clock was set back) does not
	// date the feed after it either.
	entries = []veille.Item{{ID: 3, UID: "urn:uuid:3", Title: "T", Fetched: future}}
	if out, err := publisher.Render(testFeed(), entries, now); err != nil || !out.Updated.Equal(now) {
		t.Errorf("Render: updated %v, %v; want now", out.Updated, err)
	}
}

func serveGET(h http.Handler, path, ifModifiedSince string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if ifModifiedSince != "" {
		req.Header.Set("If-Modified-Since", ifModifiedSince)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func parseFeedDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC1123Z, s)
}

// TestHostileTitlesStayText renders titles and source names that look like
// markup: every format carries them as text, so that a reader parsing the
// feed gets back exactly the title, and no element.
func TestHostileTitlesStayText(t *testing.T) {
	titles := []string{
		"<script>alert(1)</script>",
		"Using the <canvas> element",
		"&lt;svg onload=alert(1)&gt;",
		"<img src=x onerror=alert(1)>",
		"]]><script>x</script><![CDATA[",
		`a & b < c > d "e" 'f'`,
		"</title><link>https://evil.example/</link>",
	}
	for _, title := range titles {
		entries := []veille.Item{{ID: 1, UID: "urn:uuid:1", Title: title, Link: "https://a.example/1",
			SourceName: "<b>Source</b> & Co", SourceURL: "https://a.example/feed", Summary: "S.", Fetched: fetched}}
		out, err := publisher.Render(testFeed(), entries, now)
		if err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, out)
		for _, f := range []struct {
			name string
			doc  []byte
		}{{"rss", out.RSS}, {"atom", out.Atom}, {"json", out.JSON}} {
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(f.doc))
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			if len(feed.Items) != 1 || feed.Items[0].Title != title {
				t.Errorf("%s: title %q, want %q", f.name, feed.Items[0].Title, title)
			}
			if a := feed.Items[0].Authors; len(a) != 1 || a[0].Name != "<b>Source</b> & Co" {
				t.Errorf("%s: author %+v", f.name, a)
			}
		}
		// The title is an element's text: no element of the title shows up
		// in the XML.
		var rss struct {
			Links []string `xml:"channel>item>link"`
		}
		if err := xml.Unmarshal(out.RSS, &rss); err != nil || len(rss.Links) != 1 {
			t.Errorf("rss links %q (%v): the title made elements", rss.Links, err)
		}
		if bytes.Contains(out.Atom, []byte(`<title type="html"`)) || strings.Contains(string(out.Atom), "<script") {
			t.Errorf("atom carries the title as markup:\n%s", out.Atom)
		}
	}
}

// TestBidiControlsRemoved renders a title and a source name holding
// bidirectional overrides, as stored before the aggregator removed them.
func TestBidiControlsRemoved(t *testing.T) {
	entries := []veille.Item{{ID: 1, UID: "urn:uuid:1", Title: "facture\u202Eexe.pdf", Link: "https://a.example/1",
		SourceName: "Le \u2066Monde\u2069", Fetched: fetched}}
	out, err := publisher.Render(testFeed(), entries, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{out.RSS, out.Atom, out.JSON} {
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if it := feed.Items[0]; it.Title != "factureexe.pdf" || len(it.Authors) != 1 || it.Authors[0].Name != "Le Monde" {
			t.Errorf("%s: title %q, authors %+v", feed.FeedType, it.Title, it.Authors)
		}
	}
}
