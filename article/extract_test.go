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

// xssPayloads are fragments of the attacks in the test pages and in
// attackPage that must never reach Article.HTML.
var xssPayloads = []string{
	"<script", "onerror", "onload", "onmouseover", "onclick", "javascript:", "JaVaScRiPt",
	"data:", "<iframe", "<form", "<input", "<button", "<svg", "<object", "<embed",
	"<style", "style=", "alert(", "document.cookie", "evil.example", "target=",
	"<meta", "<link", "<base", "srcset", "vbscript",
}

func TestSanitize(t *testing.T) {
	for _, tp := range readPages(t) {
		if tp.file != "xss-wordpress-homelab.html" {
			continue
		}
		a, err := article.Extract(tp.load(t))
		if err != nil {
			t.Fatal(err)
		}
		checkSafe(t, a.HTML)
		for _, want := range []string{
			// Relative URLs, made absolute against the page's URL.
			`href="https://bytegarden.example/2025/03/unbound-recursive-dns/"`,
			`src="https://bytegarden.example/wp-content/uploads/2025/05/dashboards.png"`,
			`src="https://bytegarden.example/2025/uploads/2025/05/latency-chart.png"`,
			// Links marked, whatever they had.
			`<a href="https://github.com/pi-hole/pi-hole" rel="nofollow noopener">`,
		} {
			if !strings.Contains(a.HTML, want) {
				t.Errorf("HTML lacks %s\n%s", want, a.HTML)
			}
		}
		if strings.Contains(a.HTML, "pixel.gif") {
			t.Errorf("HTML keeps the tracking pixel\n%s", a.HTML)
		}
		for _, bad := range []string{"alert", "document.cookie", "pwned", "Log in to read"} {
			if strings.Contains(a.Text, bad) {
				t.Errorf("Text has %q from a payload\n%s", bad, a.Text)
			}
		}
		return
	}
	t.Fatal("xss-wordpress-homelab.html is not in pages.tsv")
}

// attackPage puts the payloads in a plain article, where go-readability
// has no reason to remove them, so that the sanitizer is what stops them.
const attackPage = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Un article piégé</title><base href="https://cdn.example.org/base/"></head><body>
<article><h1>Un article piégé par un contributeur malveillant</h1>
<p>Premier paragraphe de l'article, assez long pour que l'extraction le retienne comme contenu principal de la page.<img src="x.png" onerror="alert(1)"> Il continue encore un peu pour faire bonne mesure.</p>
<p onclick="alert(2)" style="color:red">Deuxième paragraphe avec <a href="javascript:alert(3)">un lien piégé</a>, <a href="JAVASCRIPT:alert(4)">un autre</a>, <a href=" java&#x09;script:alert(5)">un troisième</a>, <a href="data:text/html,<script>alert(6)</script>">un lien data</a> et <a href="vbscript:msgbox(7)">un lien VBS</a>.</p>
<p>Troisième paragraphe avec <a href="/relatif/page.html" target="_blank" rel="opener">un lien relatif</a>, <a href="autre.html">un lien au base</a>, <a href="//proto.example/x">un lien sans protocole</a>, <img src="images/photo.jpg" alt="photo" width="640" height="480"> une image relative, <img src="https://track.example/p.gif" width="1" height="1"> un pixel, <img src="https://track.example/q.gif" width="2px" height="40"> un autre, <img src="https://track.example/r.gif" style="width:1px;height:1px"> un troisième, <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="inline"> une image data.</p>
<p>Quatrième paragraphe, qui contient <svg onload="alert(8)"><a xlink:href="javascript:alert(9)"><text>svg</text></a></svg> un svg, <math><mi xlink:href="javascript:alert(10)">x</mi></math> du MathML, <iframe src="https://evil.example/"></iframe> une iframe, <object data="x.swf"></object> un objet, <embed src="x.swf"> une intégration, <video src="x.mp4" poster="javascript:alert(11)"></video> une vidéo.</p>
<p>Cinquième paragraphe avec <form action="https://evil.example/"><input name="mdp" type="password"><button formaction="javascript:alert(12)">Valider</button></form> un formulaire et <meta http-equiv="refresh" content="0;url=https://evil.example/"> une redirection.</p>
<p>Sixième paragraphe <style>p{background:url(javascript:alert(13))}</style><script>alert(14)</script><noscript><img src=x onerror=alert(15)></noscript> et fin de l'article, avec une dernière phrase pour la route.</p>
</article></body></html>`

func TestSanitizeAttackPage(t *testing.T) {
	a, err := article.Extract(&article.Page{URL: "https://www.example.org/dossier/article.html", Body: []byte(attackPage), ContentType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	checkSafe(t, a.HTML)
	for _, want := range []string{
		`href="https://cdn.example.org/relatif/page.html" rel="nofollow noopener"`,
		`href="https://cdn.example.org/base/autre.html"`,
		`href="https://proto.example/x"`,
		`src="https://cdn.example.org/base/images/photo.jpg"`,
		"Premier paragraphe", "Sixième paragraphe",
	} {
		if !strings.Contains(a.HTML, want) {
			t.Errorf("HTML lacks %s\n%s", want, a.HTML)
		}
	}
	if strings.Contains(a.HTML, "track.example") {
		t.Errorf("HTML keeps a tracking pixel\n%s", a.HTML)
	}
	if strings.Contains(a.Text, "alert") {
		t.Errorf("Text has a payload\n%s", a.Text)
	}
}

// checkSafe fails t if html holds a payload, or a URL that is neither
// absolute http(s) nor mailto.
func checkSafe(t *testing.T, html string) {
	t.Helper()
	lower := strings.ToLower(html)
	for _, p := range xssPayloads {
		if strings.Contains(lower, strings.ToLower(p)) {
			t.Errorf("HTML has %q\n%s", p, html)
		}
	}
	for _, m := range urlAttr.FindAllStringSubmatch(html, -1) {
		if !strings.HasPrefix(m[2], "https://") && !strings.HasPrefix(m[2], "http://") && !strings.HasPrefix(m[2], "mailto:") {
			t.Errorf("HTML has %s=%q, not an absolute URL", m[1], m[2])
		}
	}
	for _, m := range anchor.FindAllString(html, -1) {
		if strings.Contains(m, "href=") && !strings.Contains(m, `rel="nofollow noopener"`) {
			t.Errorf("link without rel=\"nofollow noopener\": %s", m)
		}
	}
}

var (
	urlAttr = regexp.MustCompile(`\s(href|src|cite|poster)="([^"]*)"`)
	anchor  = regexp.MustCompile(`<a\s[^>]*>`)
)

func TestExtractCharset(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		want                    string // a phrase with accented letters
	}{
		{"ISO-8859-1 in <meta charset>", "wordpress-autohebergement.html", "text/html", "j’ai quitté Google Photos"},
		{"windows-1252 in the HTTP header only", "ouestfrance-peche.html", "text/html; charset=windows-1252", "s’achève avec trois semaines d’avance"},
		{"served as UTF-8, declares ISO-8859-1, is windows-1252", "asso-velo-latin1-mislabeled.html", "text/html; charset=UTF-8", "Après deux ans de travaux"},
		{"http-equiv after the first 1024 bytes", "xss-wordpress-homelab.html", "text/html", "household’s 31 devices"},
		{"UTF-8 undeclared, ASCII first kilobyte", "01net-android.html", "text/html", "Samsung commence le déploiement"},
		{"ISO-8859-1 in <meta charset>, French quotes", "lepoint-ia-emploi.html", "", "« Perspectives de l'emploi 2025 »"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "pages", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := article.Extract(&article.Page{URL: "https://example.com/a", Body: body, ContentType: tt.contentType})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("Text lacks %q:\n%s", tt.want, a.Text)
			}
			if strings.ContainsAny(a.Text, "\ufffdÃ") {
				t.Errorf("Text is mis-decoded:\n%s", a.Text)
			}
		})
	}
}

func TestExtractCharsetSynthetic(t *testing.T) {
	const para = "<p>Le ministre a présenté un projet de loi sur la sécurité des réseaux, qui sera examiné à l'Assemblée en été.</p>"
	latin1 := func(s string) []byte { // é, è, à only
		r := strings.NewReplacer("é", "\xe9", "è", "\xe8", "à", "\xe0")
		return []byte(r.Replace(s))
	}
	page := func(head string) string {
		return "<html><head>" + head + "<title>Un projet de loi</title></head><body><article><h1>Un projet de loi sur les réseaux</h1>" +
			strings.Repeat(para, 4) + "</article></body></html>"
	}
	tests := []struct {
		name, contentType string
		body              []byte
	}{
		{"header wins over meta", "text/html; charset=iso-8859-1", latin1(page(`<meta charset="utf-8">`))},
		{"BOM", "text/html", append([]byte("\xef\xbb\xbf"), page("")...)},
		{"meta charset", "", latin1(page(`<meta charset="ISO-8859-1">`))},
		{"http-equiv", "", latin1(page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`))},
		{"meta after 1024 bytes", "text/html", latin1(page(`<script>` + strings.Repeat("var x = 1;\n", 150) + `</script><meta charset="iso-8859-1">`))},
		{"undeclared Latin-1", "text/html", latin1(page(""))},
		{"undeclared UTF-8", "text/html", []byte(page(""))},
		{"UTF-8 header on a Latin-1 page", "text/html; charset=utf-8", latin1(page(""))},
		{"meta declares UTF-16", "", []byte(page(`<meta charset="utf-16">`))},
		// Text in a legacy charset is practically never valid UTF-8; servers
		// that label every page ISO-8859-1 are common.
		{"UTF-8 page served as ISO-8859-1", "text/html; charset=iso-8859-1", []byte(page(""))},
		{"meta UTF-8 on a Latin-1 page", "", latin1(page(`<meta charset="utf-8">`))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := article.Extract(&article.Page{URL: "https://example.com/a", Body: tt.body, ContentType: tt.contentType})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, "présenté un projet de loi sur la sécurité") || !utf8.ValidString(a.Text) {
				t.Errorf("Text is mis-decoded:\n%s", a.Text)
			}
		})
	}
}

func TestExtractMetadata(t *testing.T) {
	tests := []struct {
		file, lang, title string
	}{
		{"lemonde-bce-taux.html", "fr", "La BCE abaisse de nouveau ses taux d’intérêt, à 2,5 %"},
		{"bbc-smartphones-schools.html", "en-GB", "Smartphones should be banned in all schools, says children's commissioner"},
		{"wordpress-autohebergement.html", "fr-FR", "Auto-héberger ses photos avec Immich : mon retour après six mois"},
		{"asso-velo-latin1-mislabeled.html", "", "La piste cyclable de la route de Lorient enfin ouverte"},
	}
	pages := map[string]testPage{}
	for _, tp := range readPages(t) {
		pages[tp.file] = tp
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := article.Extract(pages[tt.file].load(t))
			if err != nil {
				t.Fatal(err)
			}
			if a.Language != tt.lang || a.Title != tt.title {
				t.Errorf("Language, Title = %q, %q; want %q, %q", a.Language, a.Title, tt.lang, tt.title)
			}
		})
	}
}

func TestExtractText(t *testing.T) {
	const page = `<html lang="en"><head><title>A title for the test page</title></head><body><article>
<h1>A title for the test page</h1>
<p>First paragraph of the article, long enough to be taken as the content of the page by the extractor.</p>
<figure><img src="/a.jpg" alt=""><figcaption>A caption that is not body text</figcaption></figure>
<p>Second paragraph,<br>broken by a line break, and with <em>inline</em> <a href="/x">markup</a> that stays in the line of text.</p>
<ul><li>A list item with enough words to count as content in the article body.</li><li>Another list item with enough words to count as content.</li></ul>
</article></body></html>`
	a, err := article.Extract(&article.Page{URL: "https://example.com/", Body: []byte(page), ContentType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	want := "First paragraph of the article, long enough to be taken as the content of the page by the extractor.\n\n" +
		"Second paragraph,\nbroken by a line break, and with inline markup that stays in the line of text.\n\n" +
		"A list item with enough words to count as content in the article body.\n\n" +
		"Another list item with enough words to count as content."
	if a.Text != want {
		t.Errorf("Text =\n%q\nwant\n%q", a.Text, want)
	}
}

func TestExtractErrors(t *testing.T) {
	tests := []struct {
		name string
		page *article.Page
	}{
		{"nil page", nil},
		{"relative URL", &article.Page{URL: "/a", Body: []byte(attackPage)}},
		{"javascript URL", &article.Page{URL: "javascript:alert(1)", Body: []byte(attackPage)}},
		{"no content", &article.Page{URL: "https://example.com/", Body: []byte("<html><body></body></html>")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, err := article.Extract(tt.page); err == nil {
				t.Errorf("Extract = %+v, want an error", a)
			}
		})
	}
}
