package article_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/veille-project/veille/article"
)

// handler finds an event handler attribute in a tag.
var handler = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)

// FuzzExtract checks that Extract and Lead accept any page without
// panicking, and that what they return is valid UTF-8, within bounds.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"ghost-postgres.html", "asso-velo-latin1-mislabeled.html", "xss-wordpress-homelab.html"} {
		body, err := os.ReadFile(filepath.Join("testdata", "pages", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, "text/html")
	}
	f.Add([]byte(attackPage), "text/html; charset=utf-8")
	for _, s := range []string{
		"", "<", "<html>", "<p>a</p>", "\xef\xbb\xbf<p>é</p>", "\xff\xfe<\x00p\x00>\x00",
		`<meta charset="utf-16"><h1>Titre de la page</h1><p>Texte.</p>`,
		`<html><head><base href="javascript:alert(1)"><title>a - b</title></head><body><h1>a</h1><article><p>` + strings.Repeat("Une phrase. ", 40) + `</p></article>`,
		"<table><tr><td><h1>x y z</h1></td></tr><tr><td><p>" + strings.Repeat("mot ", 200) + "</p></td></tr></table>",
		"<svg><p><math><mi><a href=x>" + strings.Repeat("<div>", 300),
	} {
		f.Add([]byte(s), "text/html")
		f.Add([]byte(s), "text/html; charset=windows-1252")
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		a, err := article.Extract(&article.Page{URL: "https://example.com/2025/05/article.html", Body: body, ContentType: contentType})
		if err != nil {
			return
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Fatalf("invalid UTF-8: %q %q", a.Title, a.Text)
		}
		lower := strings.ToLower(a.HTML)
		for _, bad := range []string{"<script", "<iframe", "<style", "<svg", "<form"} {
			if strings.Contains(lower, bad) {
				t.Fatalf("HTML has %q: %s", bad, a.HTML)
			}
		}
		if handler.MatchString(a.HTML) {
			t.Fatalf("HTML has an event handler: %s", a.HTML)
		}
		for _, m := range urlAttr.FindAllStringSubmatch(a.HTML, -1) {
			if u := m[2]; !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") &&
				!strings.HasPrefix(u, "mailto:") && !strings.HasPrefix(u, "#") {
				t.Fatalf("HTML has %s=%q: %s", m[1], u, a.HTML)
			}
		}
		for _, max := range []int{0, 1, 50, 400} {
			lead := article.Lead(a, max)
			if max > 0 && utf8.RuneCountInString(lead) > max {
				t.Fatalf("Lead(%d) = %q, too long", max, lead)
			}
			if !utf8.ValidString(lead) {
				t.Fatalf("Lead(%d) = %q, invalid UTF-8", max, lead)
			}
		}
	})
}
