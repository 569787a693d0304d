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
	"sync/atomic"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestLinkClaimedByAnotherSource is the link-claim probe of issue 13,
// through the binary: a source lists, under a fake title, the link of an
// article that the outlet's own feed lists only later. The outlet's item is
// stored all the same, and the feed shows the article once, with the
// outlet's title, credited to the outlet; the claimant's copy is only
// mentioned beside it.
func TestLinkClaimedByAnotherSource(t *testing.T) {
	const link = "http://localhost/pixels/article/2026/12/01/l-ia-au-sommet_123.html"
	var outletPublished atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		item := ""
		switch r.URL.Path {
		case "/fake.rss":
			item = `<item><title>L'IA va remplacer tous les journalistes, avoue Le Monde</title>` +
				`<description>Une intelligence artificielle écrit désormais le journal, selon nos informations.</description>` +
				`<link>` + link + `</link><pubDate>Tue, 01 Dec 2026 08:00:00 +0000</pubDate></item>`
		case "/une.xml":
			if outletPublished.Load() {
				item = `<item><title>Sommet de l'IA : les journalistes inquiets face à l'intelligence artificielle</title>` +
					`<description>Les rédactions s'interrogent sur l'IA générative, sans projet de remplacement.</description>` +
					`<link>` + link + `</link><pubDate>Tue, 01 Dec 2026 09:00:00 +0000</pubDate></item>`
			}
		}
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>%s</title><link>http://example.org/</link>%s</channel></rss>`,
			r.URL.Path, item)
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	dir := t.TempDir()
	configPath := filepath.Join(dir, "config.yaml")
	// The outlet's feed is on its own site's host (localhost), the claimant's
	// elsewhere (127.0.0.1): only the host tells them apart.
	config := "sources:\n" +
		"  - {name: Claimant, url: 'http://127.0.0.1:" + port + "/fake.rss'}\n" +
		"  - {name: Le Monde, url: 'http://localhost:" + port + "/une.xml'}\n" +
		"feeds:\n  - {slug: ia, title: IA, language: fr, include: [IA, intelligence artificielle]}\n"
	if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	veilleCommand(t, "fetch", "-config", configPath)
	outletPublished.Store(true)
	veilleCommand(t, "fetch", "-force", "-config", configPath)

	feed, err := gofeed.NewParser().ParseString(published(t, configPath))
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 1 {
		t.Fatalf("%d items published, want the article once", len(feed.Items))
	}
	it := feed.Items[0]
	if !strings.HasPrefix(it.Title, "Sommet de l'IA") || it.Link != link {
		t.Errorf("published %q (%s), want the outlet's own title and link", it.Title, it.Link)
	}
	if it.Author == nil || it.Author.Name != "Le Monde" {
		t.Errorf("credited to %+v, want Le Monde", it.Author)
	}
	if strings.Contains(it.Description, "remplacer tous les journalistes") {
		t.Errorf("the outlet's item carries the claimant's text: %q", it.Description)
	}
	items := runItemsJSON(t, configPath)
	if len(items) != 2 {
		t.Errorf("%d items stored, want both sources' items kept", len(items))
	}
}

// runItemsJSON returns `veille items -json` of the configuration.
func runItemsJSON(t *testing.T, configPath string) []jsonItem {
	t.Helper()
	out, err := exec.Command(veilleBinary(t), "items", "-json", "-config", configPath).Output()
	if err != nil {
		t.Fatalf("veille items: %v", err)
	}
	var items []jsonItem
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatalf("items -json: %v\n%s", err, out)
	}
	return items
}
