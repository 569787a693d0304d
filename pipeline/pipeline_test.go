package pipeline_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veille-project/veille/curation"
	"github.com/veille-project/veille/pipeline"
	"github.com/veille-project/veille/storage"
)

// sources serves RSS documents by path; set replaces one.
type sources struct {
	mu   sync.Mutex
	docs map[string]string
}

func (s *sources) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	doc, ok := s.docs[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, doc)
}

func (s *sources) set(path, doc string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = doc
}

// rss returns a feed of items, each a title, a description and a link.
func rss(items ...[3]string) string {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>Source</title><link>https://example.org/</link>`)
	for i, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><description>%s</description><link>%s</link>`+
			`<pubDate>Tue, 01 Dec 2026 0%d:00:00 +0000</pubDate></item>`, it[0], it[1], it[2], i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// rig is a pipeline on a temporary store and output folder, fed by srv.
type rig struct {
	t         *testing.T
	srv       *sources
	store     *storage.Store
	opts      pipeline.Options
	published int // sites handed to OnPublish
}

func newRig(t *testing.T, docs map[string]string) *rig {
	t.Helper()
	r := &rig{t: t, srv: &sources{docs: docs}}
	ts := httptest.NewServer(r.srv)
	t.Cleanup(ts.Close)
	store, err := storage.Open(t.Context(), filepath.Join(t.TempDir(), "veille.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	r.store = store
	r.opts = pipeline.Options{
		OutputDir: t.TempDir(),
		BaseURL:   "https://veille.example/",
		Fetch:     pipeline.FetchOptions{Timeout: 5 * time.Second},
		Now:       func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) },
		Feeds: []pipeline.Feed{{Slug: "ia", Title: "IA", Language: "fr", Limit: 50,
			Rule: curation.Rule{Include: curation.Terms("IA", "intelligence artificielle"), Threshold: 1}}},
		OnPublish: func(*pipeline.Site) { r.published++ },
	}
	for path := range docs {
		r.opts.Sources = append(r.opts.Sources, pipeline.Source{Name: path, URL: ts.URL + path})
	}
	return r
}

// pass runs one forced pass with r's options.
func (r *rig) pass() {
	r.t.Helper()
	p, err := pipeline.New(r.store, slog.New(slog.NewTextHandler(io.Discard, nil)), r.opts)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := p.Pass(r.t.Context(), pipeline.PassOptions{Force: true}); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) file(name string) (string, time.Time) {
	r.t.Helper()
	path := filepath.Join(r.opts.OutputDir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		r.t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		r.t.Fatal(err)
	}
	return string(b), fi.ModTime()
}

// TestUnchangedPassPublishesNothing: a pass that stores nothing a feed
// selects leaves the files as they are and hands nothing to the server;
// a new item, a new title or a lost file makes the next pass publish.
func TestUnchangedPassPublishesNothing(t *testing.T) {
	r := newRig(t, map[string]string{"/a.rss": rss(
		[3]string{"L'IA au sommet de Paris", "Les dirigeants du monde entier discutent d'intelligence artificielle.", "https://example.org/1"},
		[3]string{"Le prix du gazole", "Il baisse encore cette semaine.", "https://example.org/2"},
	)})
	r.pass()
	if r.published != 1 {
		t.Fatalf("first pass: %d publishes, want 1", r.published)
	}
	before, modified := r.file("ia.rss")
	past := modified.Add(-time.Hour)
	os.Chtimes(filepath.Join(r.opts.OutputDir, "ia.rss"), past, past)

	r.pass() // the same items again, and a new item nobody selects
	r.srv.set("/a.rss", rss([3]string{"La météo de demain", "Du soleil partout.", "https://example.org/3"}))
	r.pass()
	if r.published != 1 {
		t.Errorf("unchanged passes: %d publishes in all, want still 1", r.published)
	}
	if after, mod := r.file("ia.rss"); after != before || !mod.Equal(past) {
		t.Errorf("an unchanged pass rewrote ia.rss (modified %v, was %v)", mod, past)
	}

	r.opts.Feeds[0].Title = "Veille IA"
	r.pass()
	if body, _ := r.file("ia.rss"); r.published != 2 || !strings.Contains(body, "<title>Veille IA</title>") {
		t.Errorf("after a new title: %d publishes, want 2, and the title published", r.published)
	}
	os.Remove(filepath.Join(r.opts.OutputDir, "ia.json"))
	r.pass()
	if _, err := os.Stat(filepath.Join(r.opts.OutputDir, "ia.json")); err != nil || r.published != 3 {
		t.Errorf("after ia.json was removed: %d publishes, want 3 (%v)", r.published, err)
	}
	r.srv.set("/a.rss", rss([3]string{"Une IA traduit le breton", "Un modèle d'intelligence artificielle apprend le breton.", "https://example.org/4"}))
	r.pass()
	if body, _ := r.file("ia.rss"); r.published != 4 || !strings.Contains(body, "traduit le breton") {
		t.Errorf("after a new selected item: %d publishes, want 4, and the item published", r.published)
	}
}

// TestStoriesFoundWhenStored: the same story from two sources is published
// once, the earliest report crediting the other, and it stays so from one
// publish to the next; a rule change recomputes selections and stories.
func TestStoriesFoundWhenStored(t *testing.T) {
	story := "Mistral AI lève 600 millions d'euros auprès de Nvidia"
	lead := "La start-up française d'intelligence artificielle Mistral AI a levé 600 millions d'euros mardi, valorisée 5,8 milliards."
	r := newRig(t, map[string]string{
		"/a.rss": rss([3]string{story, lead, "https://a.example/mistral"}),
		"/b.rss": rss(
			[3]string{"Mistral AI lève 600 millions d'euros", lead + " Une levée record.", "https://b.example/mistral"},
			[3]string{"Une IA pour les impôts", "Bercy teste l'intelligence artificielle pour trier les déclarations.", "https://b.example/impots"},
		),
	})
	r.opts.Feeds[0].Rule.Include = append(r.opts.Feeds[0].Rule.Include, curation.Terms("Mistral AI")...)
	r.pass()
	check := func(when string) {
		t.Helper()
		items, err := r.store.Stories(t.Context(), "ia", 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 {
			t.Fatalf("%s: %d stories, want 2", when, len(items))
		}
		for _, it := range items {
			if strings.Contains(it.Title, "Mistral") && len(it.Related) != 1 {
				t.Errorf("%s: the Mistral story credits %d other reports, want 1", when, len(it.Related))
			}
		}
		body, _ := r.file("ia.rss")
		if n := strings.Count(body, "<item>"); n != 2 {
			t.Errorf("%s: ia.rss has %d items, want 2", when, n)
		}
	}
	check("first pass")
	r.pass()
	check("second pass")
	r.opts.Feeds[0].Rule.Threshold = 2 // a new rule: selections and stories computed again
	r.pass()
	check("after a rule change")
}
