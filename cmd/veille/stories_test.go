package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// TestOneItemPerStory: the same agency dispatch in two papers is published
// once, the earliest, crediting the other paper.
func TestOneItemPerStory(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/lemonde.rss": {path: "testdata/afp-lemonde.rss", contentType: "application/rss+xml"},
		"/figaro.rss":  {path: "testdata/afp-figaro.rss", contentType: "application/rss+xml"},
	})
	dir := t.TempDir()
	cfg := "retention: 0\nsources:\n  - {name: Le Monde, url: '" + srv.URL + "/lemonde.rss'}\n" +
		"  - {name: Le Figaro, url: '" + srv.URL + "/figaro.rss'}\n" +
		"feeds:\n  - {slug: ia, title: IA, language: fr, include: [IA, AI, intelligence artificielle, Mistral AI]}\n"
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	site := &testSite{dir: dir, config: path, server: srv}
	if _, stderr, err := site.veille(t, "fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	if n := len(site.items(t, "-feed", "ia")); n != 3 {
		t.Fatalf("%d entries selected, want 3 (both papers are stored)", n)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "public", "ia.rss"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 2 {
		t.Fatalf("%d items published, want 2 stories", len(feed.Items))
	}
	var mistral *gofeed.Item
	for _, it := range feed.Items {
		if strings.Contains(it.Title, "1,7 milliard") {
			mistral = it
		}
	}
	if mistral == nil || mistral.Link != "https://www.lemonde.fr/economie/mistral-asml" {
		t.Fatalf("the story is not published as its earliest report (Le Monde): %+v", mistral)
	}
	want := `<p>Aussi : <a href="https://www.lefigaro.fr/secteur/high-tech/mistral-asml">Le Figaro</a></p>`
	if !strings.Contains(mistral.Content, want) {
		t.Errorf("content lacks %q:\n%s", want, mistral.Content)
	}
}

// TestMergesVisible, through the binary: a source's series, episodes and
// paywalled items are all published, however alike; the copies of one story
// are published once, crediting every other item, the outlet's other feed
// included; items -why tells each merge, and an editor's unmerge publishes
// the item on its own, for good.
func TestMergesVisible(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/chronique.rss": {path: "testdata/series-chronique.rss", contentType: "application/rss+xml"},
		"/lemonde.rss":   {path: "testdata/afp-lemonde.rss", contentType: "application/rss+xml"},
		"/eco.rss":       {path: "testdata/lemonde-eco.rss", contentType: "application/rss+xml"},
		"/figaro.rss":    {path: "testdata/afp-figaro.rss", contentType: "application/rss+xml"},
	})
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	writeConfig := func(include string) {
		cfg := "retention: 0\nsources:\n  - {name: La Chronique, url: '" + srv.URL + "/chronique.rss'}\n" +
			"  - {name: Le Monde, url: '" + srv.URL + "/lemonde.rss'}\n" +
			"  - {name: Le Monde Éco, url: '" + srv.URL + "/eco.rss'}\n" +
			"  - {name: Le Figaro, url: '" + srv.URL + "/figaro.rss'}\n" +
			"feeds:\n  - {slug: ia, title: IA, language: fr, include: [" + include + "]}\n"
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig("IA, AI, intelligence artificielle, Mistral AI")
	veille := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(veilleBinary(t), append(args, "-config", path)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("veille %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return string(out)
	}
	published := func() []*gofeed.Item {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join(dir, "public", "ia.rss"))
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().ParseString(string(raw))
		if err != nil {
			t.Fatal(err)
		}
		return feed.Items
	}
	find := func(items []*gofeed.Item, title string) *gofeed.Item {
		for _, it := range items {
			if strings.Contains(it.Title, title) {
				return it
			}
		}
		return nil
	}

	veille("fetch")
	items := published()
	// 6 paywalled items of a series, 3 episodes, Le Monde's two stories.
	if len(items) != 11 {
		titles := make([]string, len(items))
		for i, it := range items {
			titles[i] = it.Title
		}
		t.Fatalf("%d items published, want 11:\n%s", len(items), strings.Join(titles, "\n"))
	}
	for _, title := range []string{"L'IA et la presse", "L'IA et l'agriculture", "Podcast IA, épisode 12", "Podcast IA, épisode 14"} {
		if find(items, title) == nil {
			t.Errorf("%q is not published: a distinct item of its source was hidden", title)
		}
	}
	mistral := find(items, "1,7 milliard")
	if mistral == nil {
		t.Fatal("the Mistral story is not published")
	}
	for _, credit := range []string{`<a href="https://www.lefigaro.fr/secteur/high-tech/mistral-asml">Le Figaro</a>`,
		`<a href="https://www.lemonde.fr/economie/mistral-asml">Le Monde Éco</a>`} {
		if !strings.Contains(mistral.Content, credit) {
			t.Errorf("the Mistral story does not credit %s:\n%s", credit, mistral.Content)
		}
	}

	var why []jsonItem
	if err := json.Unmarshal([]byte(veille("items", "-why", "-json", "-limit", "100")), &why); err != nil {
		t.Fatal(err)
	}
	var figaro jsonItem
	for _, it := range why {
		m := it.Why["ia"].Merged
		switch {
		case it.Source == "Le Figaro":
			figaro = it
		case it.Source == "La Chronique" && m != nil:
			t.Errorf("%q merged into %q", it.Title, m.Into.Title)
		}
	}
	m := figaro.Why["ia"].Merged
	if m == nil || !strings.Contains(m.Into.Title, "Mistral AI lève 1,7 milliard") || m.Similarity < 0.47 ||
		!slices.Contains(m.Shared.Names, "asml") || !slices.Contains(m.Shared.Figures, "1.7") {
		t.Fatalf("items -why does not explain the Figaro's merge: %+v", m)
	}
	text := veille("items", "-why", "-feed", "ia", "-limit", "100")
	if !strings.Contains(text, "merged into "+shortID(m.Into.ID)) || !strings.Contains(text, "sharing names") || !strings.Contains(text, "asml") {
		t.Errorf("items -why text lacks the merge:\n%s", text)
	}

	veille("unmerge", shortID(figaro.ID)[:8], "-feed", "ia")
	check := func(when string) {
		t.Helper()
		items := published()
		if len(items) != 12 {
			t.Fatalf("%s: %d items published, want 12", when, len(items))
		}
		if it := find(items, "ASML devient son premier actionnaire"); it == nil {
			t.Errorf("%s: the Figaro's item is not published on its own", when)
		}
		if it := find(items, "1,7 milliard d'euros auprès"); it == nil || strings.Contains(it.Content, "Le Figaro") {
			t.Errorf("%s: the Mistral story still credits the Figaro: %+v", when, it)
		}
	}
	check("after unmerge")
	// New rules make the selection, and so the stories, computed again.
	writeConfig("IA, AI, intelligence artificielle, Mistral AI, ASML")
	veille("publish")
	check("after the stories were computed again")
}

// TestRewordingsNearInTime, through the binary: in a feed whose window holds
// some seventy other items, two outlets' own wordings of one event published
// an hour apart, which share too few words to reach the text-only
// threshold, are published once, the later crediting the earlier; a day
// and a half apart they are two items. Two rewordings that share fewer
// still, under the bar of items a day apart, are one item half an hour
// apart and two items ten hours apart, when a follow-up may be told.
// items -why tells each merge.
func TestRewordingsNearInTime(t *testing.T) {
	gelsinger := rewordings{name: "gelsinger", earlier: rssItem{title: "Intel CEO Pat Gelsinger is out",
		description: "Gelsinger retired from the company on Sunday after the board lost confidence in his turnaround " +
			"plan; CFO David Zinsner and Michelle Johnston Holthaus will serve as interim co-CEOs.",
		link: "https://www.theverge.com/intel-gelsinger"},
		later: rssItem{title: "Intel CEO Pat Gelsinger retires after less than four years",
			description: "His departure comes as Intel struggles to catch up in AI chips and spends heavily to build a " +
				"foundry business.",
			link: "https://www.reuters.com/intel-gelsinger"},
		under: 0.48}
	patil := rewordings{name: "patil", earlier: rssItem{title: "Anthropic hires Rahul Patil as its new chief technology officer",
		description: "Patil, who was CTO at Stripe, replaces Sam McCandlish, who moves to a role focused on pretraining.",
		link:        "https://www.theverge.com/anthropic-patil"},
		later: rssItem{title: "Anthropic reshuffles its technology leadership",
			description: "The Claude maker, valued at $183 billion, said Patil would oversee compute, infrastructure " +
				"and inference as it races OpenAI.",
			link: "https://www.reuters.com/anthropic-patil"},
		under: 0.34}
	for _, tt := range []struct {
		name   string
		pair   rewordings
		apart  time.Duration
		merged bool
	}{
		{"an hour apart", gelsinger, time.Hour, true},
		{"a day and a half apart", gelsinger, 36 * time.Hour, false},
		{"half an hour apart, sharing little", patil, 30 * time.Minute, true},
		{"ten hours apart, sharing little", patil, 10 * time.Hour, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Now().UTC().Truncate(time.Minute)
			dir := t.TempDir()
			second := now.Add(-30 * time.Minute)
			first := second.Add(-tt.apart)
			writeRSS(t, filepath.Join(dir, "window.rss"), windowItems(t, 150, first.Add(-12*time.Hour)))
			// The window is stored by an earlier pass, as a feed's is.
			writeRSS(t, filepath.Join(dir, "verge.rss"), nil)
			writeRSS(t, filepath.Join(dir, "reuters.rss"), nil)
			srv := newFeedServer(t, map[string]servedFile{
				"/window.rss":  {path: filepath.Join(dir, "window.rss"), contentType: "application/rss+xml"},
				"/verge.rss":   {path: filepath.Join(dir, "verge.rss"), contentType: "application/rss+xml"},
				"/reuters.rss": {path: filepath.Join(dir, "reuters.rss"), contentType: "application/rss+xml"},
			})
			path := filepath.Join(dir, "config.yaml")
			cfg := "retention: 0\nsources:\n  - {name: Tech Window, url: '" + srv.URL + "/window.rss'}\n" +
				"  - {name: The Verge, url: '" + srv.URL + "/verge.rss'}\n" +
				"  - {name: Reuters, url: '" + srv.URL + "/reuters.rss'}\n" +
				"feeds:\n  - {slug: tech, title: Tech, language: en, limit: 200, include: [Intel, OpenAI, ChatGPT, Google, " +
				"Apple, Meta, Microsoft, Nvidia, Amazon, Anthropic, Mistral, AI, IA]}\n"
			if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			site := &testSite{dir: dir, config: path, server: srv}
			if _, stderr, err := site.veille(t, "fetch"); err != nil {
				t.Fatalf("fetch: %v\n%s", err, stderr)
			}
			earlier, later := tt.pair.earlier, tt.pair.later
			earlier.published, later.published = first, second
			writeRSS(t, filepath.Join(dir, "verge.rss"), []rssItem{earlier})
			writeRSS(t, filepath.Join(dir, "reuters.rss"), []rssItem{later})
			if _, stderr, err := site.veille(t, "fetch", "-force"); err != nil {
				t.Fatalf("second fetch: %v\n%s", err, stderr)
			}
			if n := len(site.items(t, "-feed", "tech")); n < 52 {
				t.Fatalf("%d entries selected, want the window's 50 and more: the rule would not apply", n)
			}
			var reports []*gofeed.Item
			for _, it := range site.published(t, "tech.rss").Items {
				if it.Link == earlier.link || it.Link == later.link {
					reports = append(reports, it)
				}
			}
			links := make([]string, len(reports))
			for i, it := range reports {
				links[i] = it.Link
			}
			credited := len(reports) == 1 && strings.Contains(reports[0].Content, later.link)
			if tt.merged && (!credited || reports[0].Link != earlier.link) {
				t.Fatalf("items published: %v, want one, the earlier, crediting the later", links)
			}
			if !tt.merged && len(reports) != 2 {
				t.Fatalf("items published: %v, want both", links)
			}
			if !tt.merged {
				return
			}
			for _, it := range site.items(t, "-why", "-feed", "tech") {
				if it.Source != "Reuters" {
					continue
				}
				m := it.Why["tech"].Merged
				if m == nil || m.Into.Title != earlier.title || m.Similarity >= tt.pair.under ||
					!slices.Contains(m.Shared.Names, tt.pair.name) {
					t.Fatalf("items -why does not explain the merge: %+v", m)
				}
			}
		})
	}
}

// rewordings are two outlets' reports of one event, in words of their own:
// name is a name both write, as items -why lists it, and under a
// similarity their merge is to stay under, the test saying nothing of the
// rule otherwise.
type rewordings struct {
	name           string
	earlier, later rssItem
	under          float64
}

type rssItem struct {
	title, description, link string
	published                time.Time
}

// windowItems returns n items of the labelled pairs of technology news
// (curation/testdata/heldout_pairs.tsv), published every five minutes from
// start on.
func windowItems(t *testing.T, n int, start time.Time) []rssItem {
	raw, err := os.ReadFile("../../curation/testdata/heldout_pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var items []rssItem
	for i, line := range strings.Split(strings.TrimSpace(string(raw)), "\n")[1:] {
		f := strings.Split(line, "\t")
		for _, k := range []int{2, 5} { // the columns a_title and b_title, each followed by its summary
			if len(items) == n || len(f) <= k+1 {
				continue
			}
			items = append(items, rssItem{title: f[k], description: f[k+1],
				link:      "https://window.example/" + strconv.Itoa(i) + "-" + strconv.Itoa(k),
				published: start.Add(time.Duration(len(items)) * 5 * time.Minute)})
		}
	}
	return items
}

// writeRSS writes items as an RSS 2.0 document at path.
func writeRSS(t *testing.T, path string, items []rssItem) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://example.org/</link><description>d</description>`)
	for _, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><description>%s</description><pubDate>%s</pubDate></item>",
			html.EscapeString(it.title), html.EscapeString(it.link), html.EscapeString(it.description), it.published.Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
