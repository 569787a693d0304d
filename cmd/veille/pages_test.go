package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestSeedPageThroughBinary is the case veille was made for: France Info's
// article on the Paris AI summit, republished on a page of its own with its
// lead and its credit, served by `veille serve` and written to output_dir.
func TestSeedPageThroughBinary(t *testing.T) {
	bin := veilleBinary(t)
	src := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer src.Close()
	dir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	configPath := filepath.Join(dir, "config.yaml")
	config := fmt.Sprintf("listen: %s\nbase_url: %s/\nretention: 0\nsite: {title: Le Collège}\n"+
		"sources:\n  - {name: France Info, url: '%s/sommet-ia.rss'}\n"+
		"feeds:\n  - {slug: ia, title: IA, language: fr, fetch_articles: false, include: [sommet]}\n", addr, base, src.URL)
	if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "fetch", "-config", configPath).CombinedOutput(); err != nil {
		t.Fatalf("fetch: %v\n%s", err, out)
	}
	cmd, stderr := serveBinary(t, bin, dir, configPath, base)

	resp, index := get(t, "GET", base+"/ia/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/ia/: %d", resp.StatusCode)
	}
	doc, err := html.Parse(strings.NewReader(index))
	if err != nil {
		t.Fatal(err)
	}
	var page string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "a" && strings.HasPrefix(attrOf(n, "href"), base+"/ia/") &&
			strings.HasSuffix(attrOf(n, "href"), ".html") && strings.Contains(textOf(n), "Sommet de Paris") {
			page = attrOf(n, "href")
		}
	}
	if page == "" {
		t.Fatalf("the feed's index links no page of the summit's article:\n%s", index)
	}
	resp, body := get(t, "GET", page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", page, resp.StatusCode)
	}
	onDisk, err := os.ReadFile(filepath.Join(dir, "public", strings.TrimPrefix(page, base+"/")))
	if err != nil || string(onDisk) != body {
		t.Errorf("the page served differs from the page written: %v", err)
	}
	doc, err = html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	original := src.URL + "/internet/intelligence-artificielle/sommet-ia-open-source_7000001.html"
	var article, canonical, ogURL, ld string
	var credit []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch {
		case n.Data == "article":
			article = strings.Join(strings.Fields(textOf(n)), " ")
			for a := range n.Descendants() {
				if a.Type == html.ElementNode && a.Data == "a" {
					credit = append(credit, textOf(a), attrOf(a, "href"))
				}
			}
		case n.Data == "link" && attrOf(n, "rel") == "canonical":
			canonical = attrOf(n, "href")
		case n.Data == "meta" && attrOf(n, "property") == "og:url":
			ogURL = attrOf(n, "content")
		case n.Data == "script":
			ld = textOf(n)
		}
	}
	want := "Sommet de Paris sur l'IA : la France mise sur l'open source 10 févr. 2025 " +
		"Emmanuel Macron a annoncé lundi 10 février 109 milliards d’euros d'investissements."
	if !strings.HasPrefix(article, want) || !strings.HasSuffix(article, "Source : France Info") {
		t.Errorf("the page's visible text:\n %q\nwant the headline, the date, the lead and the credit:\n %q…Source : France Info", article, want)
	}
	if len(credit) != 2 || credit[0] != "Source : France Info" || credit[1] != original {
		t.Errorf("credit links = %q, want \"Source : France Info\" to %s", credit, original)
	}
	if canonical != original || ogURL != original {
		t.Errorf("canonical %q, og:url %q, want the original %s", canonical, ogURL, original)
	}
	var news struct {
		Type      string `json:"@type"`
		Publisher struct{ Name string }
	}
	if err := json.Unmarshal([]byte(ld), &news); err != nil || news.Type != "NewsArticle" || news.Publisher.Name != "France Info" {
		t.Errorf("JSON-LD %v: %s", err, ld)
	}
	latest, err := os.ReadFile(filepath.Join(dir, "public", "ia", "latest.html"))
	if err != nil || !strings.Contains(string(latest), "Sommet de Paris") {
		t.Errorf("latest.html: %v\n%s", err, latest)
	}
	terminate(t, cmd, stderr.String())
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// TestCheckTemplates checks that `veille check` refuses templates that do
// not parse or run, naming the configuration's line and the template's.
func TestCheckTemplates(t *testing.T) {
	bin := veilleBinary(t)
	dir := t.TempDir()
	layout := filepath.Join(dir, "layout")
	if err := os.Mkdir(layout, 0o755); err != nil {
		t.Fatal(err)
	}
	configPath := filepath.Join(dir, "config.yaml")
	config := "sources:\n  - {name: a, url: 'http://127.0.0.1:1/feed'}\nsite:\n  templates: layout\n"
	if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ template, want string }{
		{"<h1>{{.Item.Title}}</h1>", ""},
		{"<h1>\n{{.Item.Title}</h1>", "config.yaml:4: site.templates: template: item.html:2: bad character"},
		{"<h1>\n\n{{.Item.Titel}}</h1>", "config.yaml:4: site.templates: template: item.html:3:"},
	} {
		if err := os.WriteFile(filepath.Join(layout, "item.html"), []byte(tt.template), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "check", "-config", configPath).CombinedOutput()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("check %q: %v\n%s", tt.template, err, out)
		case tt.want != "" && (err == nil || !strings.Contains(string(out), tt.want)):
			t.Errorf("check %q: %v\n%s\nwant %q", tt.template, err, out, tt.want)
		}
	}
}
