package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// operatorConfig is a site whose one feed selects none of the test items,
// so that only retention decides what is stored.
const operatorConfig = `database: v.db
output_dir: public
retention: %s
sources:
  - {name: Titres, url: %[2]s/titres.rss}
  - {name: Home, url: %[2]s/}
  - {name: RSS in JSON, url: %[2]s/json}
feeds:
  - {slug: crypto, title: Crypto, include: [cryptomonnaie]}
`

// TestSourcesSayWhyAndRefetch runs the binary over a feed whose items are
// all older than retention, a home page given as a feed, and JSON that is
// no JSON Feed: `veille sources` says why each stored nothing. Then, with
// retention off, a plain fetch gets "not modified" and stores nothing,
// while -refetch asks unconditionally and stores the items.
func TestSourcesSayWhyAndRefetch(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/titres.rss":     {path: corpus + "liberation-une-2020.atom", contentType: "application/atom+xml"},
		"/":               {path: "testdata/home.html", contentType: "text/html; charset=UTF-8"},
		"/rss.xml":        {path: "testdata/sommet-ia.rss", contentType: "application/rss+xml"},
		"/comments/feed/": {path: "testdata/afp-lemonde.rss", contentType: "application/rss+xml"},
		"/json":           {path: corpus + "rss-in-json-scriptingnews.json", contentType: "application/json"},
	})
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	write := func(retention string) {
		if err := os.WriteFile(path, []byte(fmt.Sprintf(operatorConfig, retention, srv.URL)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sources := func() map[string]jsonSource {
		t.Helper()
		out, stderr, status := veilleExec(t, dir, "sources", "-json")
		if status != 0 {
			t.Fatalf("sources -json: exit %d\n%s", status, stderr)
		}
		var list []jsonSource
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatal(err)
		}
		byName := map[string]jsonSource{}
		for _, s := range list {
			byName[s.Name] = s
		}
		return byName
	}
	write("90d") // the test items are of 2020
	if _, stderr, status := veilleExec(t, dir, "fetch"); status != 0 {
		t.Fatalf("fetch: exit %d\n%s", status, stderr)
	}
	got := sources()
	if s := got["Titres"]; s.Status != "ok" || s.Items != 50 || s.Skipped != 50 || s.Entries != 0 {
		t.Errorf("Titres: %+v, want ok with 50 items, 50 skipped, no entry", s)
	}
	advertised := "not a feed; the page advertises " + srv.URL + "/rss.xml, " + srv.URL +
		"/comments/feed/: use one of them as url"
	if s := got["Home"]; s.Error != advertised {
		t.Errorf("Home: error %q, want %q", s.Error, advertised)
	}
	if s := got["RSS in JSON"]; s.Status != "error" || s.Error != "not a feed: JSON without the JSON Feed version key" {
		t.Errorf("RSS in JSON: %+v", s)
	}
	table, _, _ := veilleExec(t, dir, "sources")
	for _, want := range []string{"ok, 50 items older than retention", "…", "use one of them as url",
		"error: not a feed: JSON without the JSON Feed version key"} {
		if !strings.Contains(table, want) {
			t.Errorf("sources lacks %q:\n%s", want, table)
		}
	}

	write("0")
	if _, stderr, status := veilleExec(t, dir, "fetch", "-source", "Titres"); status != 0 {
		t.Fatalf("fetch: exit %d\n%s", status, stderr)
	}
	if s := sources()["Titres"]; s.Status != "not modified" || s.Entries != 0 || s.Skipped != 50 {
		t.Errorf("after a conditional fetch: %+v, want not modified, still nothing stored", s)
	}
	if _, stderr, status := veilleExec(t, dir, "fetch", "-refetch", "-source", "Titres"); status != 0 {
		t.Fatalf("fetch -refetch: exit %d\n%s", status, stderr)
	}
	h := srv.headers("/titres.rss")
	if last := h[len(h)-1]; len(h) != 3 || h[1].Get("If-None-Match") == "" || last.Get("If-None-Match") != "" ||
		last.Get("If-Modified-Since") != "" {
		t.Errorf("requests: %v, want the last one unconditional", h)
	}
	if s := sources()["Titres"]; s.Status != "ok" || s.Entries != 50 || s.Skipped != 0 {
		t.Errorf("after -refetch: %+v, want the 50 items stored", s)
	}

	out, stderr, status := veilleExec(t, dir, "publish")
	if want := "published 1 feed to " + filepath.Join(dir, "public") + " (crypto: 0 selected); "; status != 0 ||
		!strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1 {
		t.Errorf("publish: exit %d, %q, want one line starting %q\n%s", status, out, want, stderr)
	}
}

// TestCommandLineDetails: the small things of issue 18, through the binary.
func TestCommandLineDetails(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("config.yaml", "sources:\n  - {name: A, url: https://a.example/rss}\nfeeds:\n  - {slug: ia, title: IA, include: [IA]}\n")

	// A flag mistake: one line and where to read more, not the manual.
	_, stderr, status := veilleExec(t, dir, "fetch", "-x")
	if want := "flag provided but not defined: -x\nrun 'veille help fetch' for its flags\n"; status != 2 || stderr != want {
		t.Errorf("fetch -x: exit %d, stderr %q, want %q", status, stderr, want)
	}
	if out, _, status := veilleExec(t, dir, "check"); status != 0 || !strings.Contains(out, "ok (1 source, 1 feed)") {
		t.Errorf("check: exit %d, %q", status, out)
	}
	// An unclosed [ on line 13 is reported on line 13.
	unclosed := write("unclosed.yaml", strings.Repeat("# comment\n", 10)+
		"sources:\n  - name: A\n    url: https://a.example/rss\n    tags: [a, b\n  - {name: B, url: https://b.example/}\n")
	unclosed = strings.Replace(unclosed, dir+"/", "", 1)
	if _, stderr, status := veilleExec(t, dir, "check", "-config", unclosed); status != 2 ||
		!strings.Contains(stderr, "unclosed.yaml:14: yaml: did not find expected ',' or ']'") {
		t.Errorf("check unclosed: exit %d, %s", status, stderr)
	}

	// Flags after FILE, and a feed:// URL read as http.
	opmlFile := write("subs.opml", `<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>
<outline text="Feed scheme" type="rss" xmlUrl="feed://news.example.org/rss"/>
<outline text="Feed https" type="rss" xmlUrl="feed:https://blog.example.org/atom.xml"/>
</body></opml>`)
	other := write("other.yaml", "sources:\n  - {name: Z, url: https://z.example/rss}\n")
	out, stderr, status := veilleExec(t, dir, "opml", "import", opmlFile, "-config", other)
	if status != 0 || !strings.Contains(out, "url: http://news.example.org/rss") ||
		!strings.Contains(out, "url: https://blog.example.org/atom.xml") || !strings.Contains(stderr, "to add to "+other) {
		t.Errorf("opml import FILE -config: exit %d\n%s%s", status, out, stderr)
	}
}

// TestCutMiddleKeepsTheCause: the STATUS column keeps the end of an error,
// where its cause is.
func TestCutMiddleKeepsTheCause(t *testing.T) {
	cases := []struct{ in, want string }{
		{"error: dial tcp: lookup www.francetvinfo.fr on 192.168.1.1:53: no such host",
			"error: dial tcp: lookup www.fr… 192.168.1.1:53: no such host"},
		{"error: not a feed: no RSS, Atom or JSON Feed document (Content-Type text/html)",
			"error: not a feed: no RSS, Atom or… (Content-Type text/html)"},
		{"ok", "ok"},
	}
	for _, c := range cases {
		got := cutMiddle(c.in, maxStatus)
		if got != c.want || len([]rune(got)) > maxStatus {
			t.Errorf("cutMiddle(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
