package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// editorSite is a site whose feeds use from, always and languages: "ia"
// holds the AI labs' feeds on topic (tag labs) and reads Claude in
// Anthropic's feed as the model; "fr" takes only French items of two
// French outlets, whatever their topic words say, on the lexicon's usual
// threshold.
func editorSite(t *testing.T) *testSite {
	t.Helper()
	srv := newFeedServer(t, map[string]servedFile{
		"/titres.rss":    {path: "testdata/sommet-ia.rss", contentType: "application/rss+xml"},
		"/liberation":    {path: corpus + "liberation-une-2020.atom", contentType: "application/atom+xml"},
		"/hf.rss":        {path: corpus + "huggingface-blog-2026.rss", contentType: "application/rss+xml"},
		"/anthropic.rss": {path: corpus + "anthropic-news-feedgen-2026.rss", contentType: "application/rss+xml"},
		"/verge-ai":      {path: corpus + "theverge-ai-2026.atom", contentType: "application/atom+xml"},
	})
	dir := t.TempDir()
	cfg := fmt.Sprintf(`database: veille.db
retention: 0
output_dir: public
base_url: https://veille.example.org/
sources:
  - {name: France Info, url: %[1]s/titres.rss}
  - {name: Libération, url: %[1]s/liberation}
  - {name: Hugging Face, url: %[1]s/hf.rss, tags: [labs]}
  - {name: Anthropic, url: %[1]s/anthropic.rss, tags: [labs]}
  - {name: The Verge AI, url: %[1]s/verge-ai}
feeds:
  - slug: ia
    title: Veille IA
    language: fr
    limit: 100
    include: [intelligence artificielle, IA, AI, {term: Claude, with: [Anthropic]}]
    exclude: [horoscope]
    always: [tag:labs]
  - slug: fr
    title: En français
    language: fr
    limit: 100
    include: [IA, intelligence artificielle, Macron, France]
    threshold: 1
    from: [France Info, libération]
    languages: [fr]
`, srv.URL)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &testSite{dir: dir, config: path, server: srv}
	if _, stderr, err := s.veille(t, "fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	return s
}

// published reads the feed file back with gofeed, a real parser.
func (s *testSite) published(t *testing.T, file string) *gofeed.Feed {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(s.dir, "public", file))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(raw))
	if err != nil {
		t.Fatalf("%s does not parse: %v", file, err)
	}
	return feed
}

func publishedTitles(feed *gofeed.Feed) []string {
	var titles []string
	for _, it := range feed.Items {
		titles = append(titles, it.Title)
	}
	return titles
}

// TestSourcesOnTopicAndLanguages: every item of the sources of always is
// published, with why saying so; the source's name is context for Claude;
// from and languages keep a feed to its sources and languages; each item's
// language is stored, listed and published in the three formats.
func TestSourcesOnTopicAndLanguages(t *testing.T) {
	s := editorSite(t)
	items := s.items(t, "-why")
	ia := s.published(t, "ia.rss")
	titles := publishedTitles(ia)
	var labs int
	for _, it := range items {
		y := it.Why["ia"]
		if it.Source == "Hugging Face" || it.Source == "Anthropic" {
			labs++
			if !slices.Contains(titles, it.Title) {
				t.Errorf("%s's %q not published in ia (why: %s)", it.Source, it.Title, y)
			}
			if it.Source == "Hugging Face" && !strings.Contains(y.String(), `source "Hugging Face" is on topic`) {
				t.Errorf("why of %q: %s", it.Title, y)
			}
		}
		if it.Language == "" {
			t.Errorf("%q: no language", it.Title)
		}
		if f := it.Why["fr"]; f.Selected && (it.Language != "fr" || it.Source != "France Info" && it.Source != "Libération") {
			t.Errorf("fr selects %q, %s from %s", it.Title, it.Language, it.Source)
		}
		if it.Source == "The Verge AI" && !strings.Contains(it.Why["fr"].String(), `source "The Verge AI" is not in from`) {
			t.Errorf("why fr of %q: %s", it.Title, it.Why["fr"])
		}
	}
	if labs != 10 {
		t.Errorf("%d items of the labs stored, want 10", labs)
	}
	if fr := s.items(t, "-feed", "fr"); len(fr) == 0 {
		t.Error("fr selects nothing")
	}

	// Claude counts in Anthropic's feed, the source's name being context.
	claude := slices.IndexFunc(items, func(it jsonItem) bool { return strings.HasPrefix(it.Title, "How Claude") })
	if claude < 0 || !slices.Contains(items[claude].Why["ia"].Terms(), "Claude") {
		t.Errorf("Claude not counted in Anthropic's feed: %+v", items[claude])
	}

	// Each format carries each item's own language; the feed's stays fr.
	lang := map[string]string{}
	for _, it := range items {
		lang[it.Title] = it.Language
	}
	if ia.Language != "fr" {
		t.Errorf("RSS channel language %q", ia.Language)
	}
	for _, it := range ia.Items {
		if it.DublinCoreExt == nil || len(it.DublinCoreExt.Language) != 1 || it.DublinCoreExt.Language[0] != lang[it.Title] {
			t.Errorf("RSS %q: dc:language %+v, want %q", it.Title, it.DublinCoreExt, lang[it.Title])
		}
	}
	atom, err := os.ReadFile(filepath.Join(s.dir, "public", "ia.atom"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`<entry xml:lang="en"`).FindAll(atom, -1)); n < 10 {
		t.Errorf("%d Atom entries with xml:lang=\"en\", want the labs' 10 at least", n)
	}
	if !strings.Contains(string(atom), `<entry xml:lang="fr"`) || !strings.Contains(string(atom), `xml:lang="fr"`) {
		t.Error("no French Atom entry")
	}
	json, err := os.ReadFile(filepath.Join(s.dir, "public", "ia.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(json), `"language": "en"`) || !strings.Contains(string(json), `"language": "fr"`) {
		t.Error("JSON Feed items without their language")
	}
}

// Terms returns the include terms that counted.
func (y why) Terms() []string {
	var out []string
	for _, h := range y.Hits {
		if !slices.Contains(y.Excluded, h.Term) {
			out = append(out, h.Term)
		}
	}
	return out
}

// TestEditorDecisions: reject and select change the files before the
// command returns, show in why, survive a change of the feed's rules,
// and reset gives the automatic decision back. A wrong ID is a command line
// mistake naming the problem.
func TestEditorDecisions(t *testing.T) {
	s := editorSite(t)
	sommet := "Sommet de Paris sur l'IA : la France mise sur l'open source"
	media := "Le média indépendant fête ses dix ans"
	id := func(title string) string {
		for _, it := range s.items(t) {
			if it.Title == title {
				return itemRef(it.ID)
			}
		}
		t.Fatalf("%q not stored", title)
		return ""
	}
	inIA := func(title string) bool { return slices.Contains(publishedTitles(s.published(t, "ia.json")), title) }
	if !inIA(sommet) || inIA(media) {
		t.Fatal("the automatic selection is not what this test expects")
	}
	veille := func(args ...string) string {
		t.Helper()
		out, stderr, err := s.veille(t, args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
		return out
	}
	out := veille("reject", id(sommet), "-feed", "ia")
	if !strings.Contains(out, "ia: "+id(sommet)+" rejected by the editor") {
		t.Errorf("reject says %q", out)
	}
	veille("select", id(media)[:6], "-feed", "ia")
	if inIA(sommet) || !inIA(media) {
		t.Error("the files do not show the decisions at once")
	}
	why := veille("items", "-feed", "ia", "-why", "-q", "SOMMET de paris")
	if !regexp.MustCompile(`ia: not selected, score 4 ≥ 2 \(rejected by the editor on \d{4}-\d\d-\d\d \d\d:\d\d UTC\)`).MatchString(why) {
		t.Errorf("why does not tell the rejection:\n%s", why)
	}

	// A change of the rules recomputes the selection: the decisions stay.
	cfg, _ := os.ReadFile(s.config)
	os.WriteFile(s.config, []byte(strings.Replace(string(cfg), "exclude: [horoscope]", "exclude: [horoscope, météo]", 1)), 0o644)
	veille("publish")
	if inIA(sommet) || !inIA(media) {
		t.Error("a recomputed selection lost the editor's decisions")
	}

	veille("reset", id(sommet), "-feed", "ia")
	veille("reset", id(media), "-feed", "ia")
	if !inIA(sommet) || inIA(media) {
		t.Error("reset did not give the automatic decisions back")
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"reject", "ffffffff", "-feed", "ia"}, "no such entry"},
		{[]string{"reject", "abc", "-feed", "ia"}, "at least 6"},
		{[]string{"reject", id(sommet)}, "-feed is required"},
		{[]string{"select", id(sommet), "-feed", "nope"}, `no feed with slug "nope"`},
	} {
		_, _, err := s.veille(t, tc.args...)
		var exit *exitError
		if !errors.As(err, &exit) || exit.code != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want exit 2 saying %q", tc.args, err, tc.want)
		}
	}
}

// TestItemsFindsAnyItem: short IDs and languages in the text output, all
// items with -limit 0, what a feed selects, what it nearly selects (best
// first), and a search that ignores case and accents.
func TestItemsFindsAnyItem(t *testing.T) {
	s := editorSite(t)
	all := s.items(t)
	if len(all) <= 20 {
		t.Fatalf("%d items stored, the test needs more than 20", len(all))
	}
	out, _, err := s.veille(t, "items", "-limit", "0")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "\n    "); n != len(all) {
		t.Errorf("-limit 0 lists %d items, want %d", n, len(all))
	}
	if !regexp.MustCompile(`(?m)^    [0-9a-f]{8}  (fr|en)  http`).MatchString(out) {
		t.Errorf("no short ID and language in:\n%.600s", out)
	}

	selected := s.items(t, "-feed", "ia", "-selected", "-why")
	for _, it := range selected {
		if !it.Why["ia"].Selected {
			t.Errorf("-selected lists %q, not selected", it.Title)
		}
	}
	near := s.items(t, "-feed", "ia", "-near", "-why")
	if len(near) == 0 {
		t.Fatal("-near lists nothing")
	}
	for i, it := range near {
		y := it.Why["ia"]
		if y.Selected || y.Score <= 0 || i > 0 && y.Score > near[i-1].Why["ia"].Score {
			t.Errorf("-near lists %q: %s", it.Title, y)
		}
	}
	if _, _, err := s.veille(t, "items", "-near"); err == nil {
		t.Error("-near without -feed accepted with two feeds")
	}

	found := s.items(t, "-q", "MEDIA INDEPENDANT")
	if len(found) != 1 || found[0].Title != "Le média indépendant fête ses dix ans" {
		t.Errorf("-q found %+v", found)
	}
	if got := s.items(t, "-q", "hugging face"); len(got) != 6 {
		t.Errorf("-q on the source found %d items, want 6", len(got))
	}
}

// TestConfigRejectsUnknownSources: from and always name configured
// sources or tags; a misspelt one is an error with its line.
func TestConfigRejectsUnknownSources(t *testing.T) {
	s := editorSite(t)
	cfg, _ := os.ReadFile(s.config)
	bad := strings.Replace(string(cfg), "from: [France Info, libération]", "from: [France Info, Liberation, tag:news]", 1)
	os.WriteFile(s.config, []byte(bad), 0o644)
	_, _, err := s.veille(t, "check")
	var exit *exitError
	if !errors.As(err, &exit) || exit.code != 2 {
		t.Fatalf("check: %v, want exit 2", err)
	}
	for _, want := range []string{`:25: feeds[1].from[1]: no source is named "Liberation"`,
		`:25: feeds[1].from[2]: no source has the tag "news"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("check says %q, want %q", err, want)
		}
	}
}

// TestServeServesRejection: a rejection made while the daemon runs is
// served within 5 seconds, without a restart or a pass.
func TestServeServesRejection(t *testing.T) {
	feed := &liveFeed{titles: []string{"Sommet de l'IA à Paris", "L'IA à l'école"}}
	configPath, base := daemonSite(t, feed)
	cfg, _ := os.ReadFile(configPath)
	// One pass only, at start-up: a served change can then only come
	// from the decision.
	os.WriteFile(configPath, []byte(strings.Replace(string(cfg), `"@every 1s"`, `"@every 1h"`, 1)), 0o644)
	startDaemon(t, configPath)
	eventually(t, 10*time.Second, "the first pass served", servedContains(base, "/ia.rss", "Sommet de l&#39;IA"))
	s := &testSite{config: configPath}
	var ref string
	for _, it := range s.items(t) {
		if strings.HasPrefix(it.Title, "Sommet") {
			ref = itemRef(it.ID)
		}
	}
	if _, stderr, err := s.veille(t, "reject", ref); err != nil {
		t.Fatalf("reject: %v\n%s", err, stderr)
	}
	start := time.Now()
	eventually(t, 5*time.Second, "the rejection served", func() bool {
		return !servedContains(base, "/ia.rss", "Sommet de l&#39;IA")() && servedContains(base, "/ia.rss", "cole")()
	})
	t.Logf("served %v after the command returned", time.Since(start).Round(10*time.Millisecond))
}

// TestServeServesAnotherProcessFetch: a `veille fetch` run from cron beside
// the daemon stores and publishes a new item; the daemon, which serves from
// memory, serves it within seconds, without a pass of its own.
func TestServeServesAnotherProcessFetch(t *testing.T) {
	feed := &liveFeed{titles: []string{"Sommet de l'IA à Paris"}}
	configPath, base := daemonSite(t, feed)
	cfg, _ := os.ReadFile(configPath)
	os.WriteFile(configPath, []byte(strings.Replace(string(cfg), `"@every 1s"`, `"@every 1h"`, 1)), 0o644)
	startDaemon(t, configPath)
	eventually(t, 10*time.Second, "the first pass served", servedContains(base, "/ia.rss", "Sommet de l&#39;IA"))
	feed.set(func(f *liveFeed) { f.titles = append(f.titles, "L'IA entre à l'école") })
	s := &testSite{config: configPath}
	if _, stderr, err := s.veille(t, "fetch", "-force"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	eventually(t, 5*time.Second, "the other process's item served", servedContains(base, "/ia.rss", "cole"))
}
