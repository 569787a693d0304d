package bench_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille/bench"
)

// TestRun runs the whole benchmark, tiny, and checks what it did, never how
// fast: the timing targets are only reported by cmd/veille-bench.
func TestRun(t *testing.T) {
	entries := 10_000
	if raceEnabled || testing.Short() {
		entries = 1_000 // SQLite is 16-28× slower under -race
	}
	res, err := bench.Run(t.Context(), bench.Config{
		Sources:     20,
		Items:       10,
		Entries:     []int{entries},
		PublishRuns: 2,
		Load:        100 * time.Millisecond,
		Clients:     4,
		FetchRuns:   2,
		Dir:         t.TempDir(),
		Log:         t.Output(),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Error(p)
	}
	if len(res.Passes) != 5 {
		t.Fatalf("%d passes, want 5", len(res.Passes))
	}
	first, unchanged, changed, copies, large := res.Passes[0], res.Passes[1], res.Passes[2], res.Passes[3], res.Passes[4]
	// All items stored, none lost; the AI items selected by the shipped
	// lexicon, each a story of its own, and the feed published.
	if first.OK != 20 || first.Failed != 0 || first.Items != 200 || first.New != 200 || first.Entries != 200 {
		t.Errorf("first pass = %+v, want 20 sources ok and 200 new entries", first)
	}
	if first.Selected != 20 || first.Stories != 20 || first.Published != 20 {
		t.Errorf("first pass selected %d entries in %d stories and published %d, want the 20 about AI in 20 stories",
			first.Selected, first.Stories, first.Published)
	}
	// All 304, nothing stored, nothing published again.
	if unchanged.NotModified != 20 || unchanged.OK != 0 || unchanged.New != 0 || unchanged.Entries != 200 ||
		unchanged.Published != 20 {
		t.Errorf("unchanged pass = %+v, want 20 not modified and nothing new", unchanged)
	}
	if len(res.Fetch.Runs) != 2 {
		t.Errorf("veille fetch ran %d times, want 2", len(res.Fetch.Runs))
	}
	// 10 % of the sources changed, with Items/10 new items each.
	if res.Changed != 2 || changed.OK != 2 || changed.NotModified != 18 || changed.New != 2 || changed.Entries != 202 {
		t.Errorf("changed pass = %+v, want 2 sources ok, 18 not modified, 2 new entries", changed)
	}
	// One item in ten a copy of another source's: fewer stories than
	// selected entries, exactly as many as the farm tells.
	if copies.New != 200 || copies.Selected != 20 || copies.Stories != res.CopiesStories ||
		res.CopiesStories >= copies.Selected {
		t.Errorf("pass with copies = %+v, want 200 new entries, 20 selected in %d stories", copies, res.CopiesStories)
	}
	// The farm again, into the publishing database: all new there.
	if large.OK != 20 || large.New != 200 || large.Entries != entries+200 || large.Stories != large.Selected {
		t.Errorf("pass into %d entries = %+v, want 20 sources ok, 200 new entries, a story each", entries, large)
	}
	if len(res.Serve) != 2 {
		t.Fatalf("%d serving comparisons, want 2", len(res.Serve))
	}
	for _, s := range res.Serve {
		if s.Handler.Requests == 0 || s.FileServer.Requests == 0 {
			t.Errorf("serve %s: no request answered: %+v", s.Name, s)
		}
	}
	// Both serve the whole rendered RSS to a plain GET, nothing to a 304.
	if s := res.Serve[0]; s.Handler.Bytes != s.Handler.Requests*int64(s.Body) ||
		s.FileServer.Bytes != s.FileServer.Requests*int64(s.Body) {
		t.Errorf("serve 200: bodies are not the %d rendered bytes: %+v", s.Body, s)
	}
	if s := res.Serve[1]; s.Handler.Bytes != 0 || s.FileServer.Bytes != 0 {
		t.Errorf("serve 304: bodies sent: %+v", s)
	}
	if len(res.Publish) != 1 || res.Publish[0].Returned != res.Limit || res.Publish[0].Entries != entries {
		t.Fatalf("publish = %+v, want %d items from %d entries", res.Publish, res.Limit, entries)
	}

	var table bytes.Buffer
	if err := res.WriteMarkdown(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Measure | Value |", "pass 1, first: wall", "pass 2, unchanged", "pass 3, changed",
		"publisher.Handler", "publish from 1", "veille fetch", "copies"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
}

func TestFarmConditionalGET(t *testing.T) {
	farm := bench.NewFarm(bench.FarmOptions{Sources: 4, Items: 5})
	srv := httptest.NewServer(farm)
	defer srv.Close()
	get := func(i int, header ...string) *http.Response {
		t.Helper()
		req, err := http.NewRequest("GET", bench.FeedURL(srv.URL, i), nil)
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j+1 < len(header); j += 2 {
			req.Header.Set(header[j], header[j+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp
	}

	first := get(0)
	etag, modified := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if first.StatusCode != 200 || etag == "" || modified == "" {
		t.Fatalf("GET = %d, ETag %q, Last-Modified %q", first.StatusCode, etag, modified)
	}
	feed, err := gofeed.NewParser().Parse(first.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 5 || feed.Items[0].PublishedParsed == nil || !strings.HasSuffix(feed.Items[0].Published, "GMT") {
		t.Fatalf("feed 0 has %d items, first published %q", len(feed.Items), feed.Items[0].Published)
	}
	if len(feed.Items[0].Description) < 800 || !strings.Contains(feed.Items[0].Description, "<a href=") {
		t.Errorf("description too thin: %q", feed.Items[0].Description)
	}
	for _, c := range []struct {
		name   string
		header []string
		want   int
	}{
		{"If-None-Match", []string{"If-None-Match", etag}, 304},
		{"If-Modified-Since", []string{"If-Modified-Since", modified}, 304},
		{"If-None-Match wins", []string{"If-None-Match", `"other"`, "If-Modified-Since", modified}, 200},
		{"older If-Modified-Since", []string{"If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"}, 200},
	} {
		if got := get(0, c.header...).StatusCode; got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}

	before, _, _ := farm.Published()
	if changed := farm.Change(0.25, 2); len(changed) != 1 || changed[0] != 0 {
		t.Fatalf("Change(0.25) changed %v, want [0]", changed)
	}
	after := get(0, "If-None-Match", etag)
	if after.StatusCode != 200 || after.Header.Get("ETag") == etag {
		t.Fatalf("changed feed: status %d, ETag %q", after.StatusCode, after.Header.Get("ETag"))
	}
	feed, err = gofeed.NewParser().Parse(after.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 5 || feed.Items[2].Title == "" {
		t.Fatalf("changed feed has %d items", len(feed.Items))
	}
	if items, _, _ := farm.Published(); items != before+2 {
		t.Errorf("published %d items after the change, want %d", items, before+2)
	}
	if got := get(1, "If-None-Match", get(1).Header.Get("ETag")).StatusCode; got != 304 {
		t.Errorf("unchanged feed: status %d, want 304", got)
	}
}
