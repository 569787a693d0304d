package article_test

import (
	"bufio"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/veille-project/veille/article"
)

var verbose = flag.Bool("leads.verbose", false, "log the lead and text of every test page")

// leadMax is the summary length the publisher uses.
const leadMax = 400

// testPage is one line of testdata/pages.tsv.
type testPage struct {
	file, contentType, url, first string
}

// readPages reads testdata/pages.tsv: file, Content-Type, URL and the
// first sentence an editor expects the summary to start with.
func readPages(tb testing.TB) []testPage {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "pages.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var pages []testPage
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 4 {
			tb.Fatalf("pages.tsv:%d: %d fields, want 4", line, len(fields))
		}
		pages = append(pages, testPage{fields[0], fields[1], fields[2], fields[3]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return pages
}

func (tp testPage) load(tb testing.TB) *article.Page {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "pages", tp.file))
	if err != nil {
		tb.Fatal(err)
	}
	return &article.Page{URL: tp.url, Body: body, ContentType: tp.contentType}
}

// chromeMarkers are words found only in the pages' furniture: menus,
// sidebars, related links, newsletter and cookie boxes, comments, footers.
// Each page carries a few of the invented ones.
var chromeMarkers = []string{
	// Invented names, one or more in the chrome of every page.
	"Zorbalak", "Quiffle", "Brantor", "Mizzleton", "Ploutrak", "Vexandre",
	"Glimbert", "Fraxou", "Trumbleweed", "Skorvanie", "Jubiloo", "Krontal",
	// Usual labels of the furniture.
	"Newsletter", "newsletter", "cookies", "Cookies", "Lire aussi", "LIRE AUSSI",
	"A lire aussi", "À lire aussi", "Abonnez-vous", "abonnez-vous", "Partager",
	"Share", "Subscribe", "subscribe", "Sign up", "Se connecter", "Commentaires",
	"Comments", "Menu", "Publicité", "Advertisement", "Lire plus tard",
	"Temps de lecture", "min read", "Publié le", "Mis à jour", "Updated",
	"Image credit", "Photograph:", "Getty Images", "AFP)", "Reuters/",
}

// TestLeads extracts the lead of every test page and checks it as an editor
// would: it starts with the expected sentence, fits, ends cleanly and holds
// nothing from the page's chrome. A page that fails is logged; the test
// fails when fewer than 90 % of the pages pass, since extraction is a
// heuristic that no set of rules gets right on every page.
func TestLeads(t *testing.T) {
	pages := readPages(t)
	if len(pages) < 20 {
		t.Errorf("%d test pages, want at least 20", len(pages))
	}
	passed := 0
	var failures []string
	for _, tp := range pages {
		t.Run(tp.file, func(t *testing.T) {
			problems := checkLead(t, tp)
			if len(problems) == 0 {
				passed++
				return
			}
			failures = append(failures, tp.file)
			t.Logf("FAILING PAGE %s:\n%s", tp.file, strings.Join(problems, "\n"))
		})
	}
	rate := float64(passed) / float64(len(pages))
	t.Logf("TestLeads: %d/%d pages pass (%.0f %%); failing: %v", passed, len(pages), 100*rate, failures)
	if rate < 0.9 {
		t.Errorf("pass rate %.0f %%, want at least 90 %%", 100*rate)
	}
}

// checkLead returns what is wrong with the lead of a test page.
func checkLead(t *testing.T, tp testPage) []string {
	a, err := article.Extract(tp.load(t))
	if err != nil {
		return []string{err.Error()}
	}
	lead := article.Lead(a, leadMax)
	if *verbose {
		t.Logf("title: %q\nlanguage: %q\nlead: %s\n--- text ---\n%s", a.Title, a.Language, lead, a.Text)
	}
	var problems []string
	if !strings.HasPrefix(lead, tp.first) {
		problems = append(problems, fmt.Sprintf("lead does not start with the expected sentence\n got %q\nwant %q...", lead, tp.first))
	}
	if n := utf8.RuneCountInString(lead); n > leadMax {
		problems = append(problems, fmt.Sprintf("lead has %d runes, want at most %d", n, leadMax))
	}
	if !cleanEnd(lead) {
		problems = append(problems, fmt.Sprintf("lead ends badly: %q", lead))
	}
	for _, m := range chromeMarkers {
		if strings.Contains(lead, m) {
			problems = append(problems, fmt.Sprintf("lead has %q from the page's chrome: %q", m, lead))
		}
	}
	return problems
}

// cleanEnd reports whether a lead ends as a sentence does, or with "…".
func cleanEnd(s string) bool {
	s = strings.TrimRight(s, "\"'”’»)] \u00a0\u202f」』）")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…。！？", r)
}

// TestFetchExtractLead serves a test page as a news site would, in its own
// charset, and summarizes it the way veille does.
func TestFetchExtractLead(t *testing.T) {
	var tp testPage
	for _, p := range readPages(t) {
		if p.file == "ouestfrance-peche.html" {
			tp = p
		}
	}
	body := tp.load(t).Body
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/article" {
			http.Redirect(w, r, "/article", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", tp.contentType)
		w.Write(body)
	}))
	defer srv.Close()
	f := article.NewFetcher(article.Options{AllowPrivateNetworks: true})
	p, err := f.Fetch(t.Context(), srv.URL+"/bretagne/peche")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != srv.URL+"/article" {
		t.Errorf("Page.URL = %s, want the URL after the redirect", p.URL)
	}
	a, err := article.Extract(p)
	if err != nil {
		t.Fatal(err)
	}
	if lead := article.Lead(a, leadMax); !strings.HasPrefix(lead, tp.first) {
		t.Errorf("Lead = %q, want it to start with %q", lead, tp.first)
	}
	if !strings.Contains(a.HTML, "<p>La dernière marée aura eu lieu mardi 18 mars.") {
		t.Errorf("HTML lacks the first paragraph, decoded: %s", a.HTML)
	}
}
