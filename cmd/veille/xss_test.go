package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestXSSPayloadsNeverPublished runs classic XSS payloads through the
// whole pipeline (fetch, store, curate, publish) and checks every output:
// the HTML that readers render (RSS content:encoded, Atom content, JSON
// content_html, the index page) holds only harmless markup, and no text
// field carries live markup.
func TestXSSPayloadsNeverPublished(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/xss.rss": {path: "testdata/xss.rss", contentType: "application/rss+xml"},
	})
	dir := t.TempDir()
	cfg := "sources:\n  - {name: '<b>Hostile</b>', url: '" + srv.URL + "/xss.rss'}\n" +
		"feeds:\n  - {slug: ia, title: IA, language: fr, include: [IA, AI, intelligence artificielle, chatbot], threshold: 0}\n"
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	site := &testSite{dir: dir, config: path, server: srv}
	if _, stderr, err := site.veille(t, "fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	if n := len(site.items(t, "-feed", "ia")); n != 2 {
		t.Fatalf("%d items selected, want both hostile items", n)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, "public", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	var rss struct {
		Items []struct {
			Title       string `xml:"title"`
			Description string `xml:"description"`
			Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			Link        string `xml:"link"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(read("ia.rss"), &rss); err != nil {
		t.Fatal(err)
	}
	for _, it := range rss.Items {
		checkHTML(t, "rss content:encoded", it.Content, contentTags)
		checkHTML(t, "rss description", it.Description, nil)
		checkText(t, "rss title", it.Title)
		checkLink(t, "rss link", it.Link)
	}
	var atom struct {
		Entries []struct {
			Title   string `xml:"title"`
			Summary string `xml:"summary"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(read("ia.atom"), &atom); err != nil {
		t.Fatal(err)
	}
	for _, e := range atom.Entries {
		checkHTML(t, "atom content", e.Content, contentTags)
		checkText(t, "atom title", e.Title)
		checkText(t, "atom summary", e.Summary)
	}
	var jf struct {
		Items []struct {
			Title       string `json:"title"`
			ContentHTML string `json:"content_html"`
			URL         string `json:"url"`
		} `json:"items"`
	}
	if err := json.Unmarshal(read("ia.json"), &jf); err != nil {
		t.Fatal(err)
	}
	for _, it := range jf.Items {
		checkHTML(t, "json content_html", it.ContentHTML, contentTags)
		checkText(t, "json title", it.Title)
		checkLink(t, "json url", it.URL)
	}
	checkHTML(t, "index.html", string(read("index.html")), nil)
}

// contentTags is all the markup published item content may hold.
var contentTags = map[string]bool{"p": true, "a": true}

// checkHTML parses s as an HTML page or fragment and fails on any element
// outside allowed (when not nil), any script, event handler, style
// attribute, or link that is not http(s) or a local reference.
func checkHTML(t *testing.T, where, s string, allowed map[string]bool) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "script" || tok.Data == "iframe" || tok.Data == "object" || tok.Data == "svg" ||
			(allowed != nil && !allowed[tok.Data]) {
			t.Errorf("%s: element <%s> in %q", where, tok.Data, s)
		}
		for _, a := range tok.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(a.Key, "on"), a.Key == "style", a.Key == "srcdoc", a.Key == "formaction":
				t.Errorf("%s: attribute %s=%q", where, a.Key, a.Val)
			case (a.Key == "href" || a.Key == "src" || a.Key == "action") && !safeRef(v):
				t.Errorf("%s: %s=%q", where, a.Key, a.Val)
			}
		}
	}
}

func safeRef(v string) bool {
	return strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "#") ||
		strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//")
}

// checkText fails when a plain-text field still carries markup readers
// could render: titles and summaries are text.
func checkText(t *testing.T, where, s string) {
	t.Helper()
	if strings.ContainsAny(s, "<>") {
		t.Errorf("%s carries markup: %q", where, s)
	}
}

func checkLink(t *testing.T, where, s string) {
	t.Helper()
	if s != "" && !safeRef(strings.ToLower(s)) {
		t.Errorf("%s: %q", where, s)
	}
}
