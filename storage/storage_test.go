package storage

import (
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veille-project/veille"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "veille.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2025, 2, 10, 9, 0, 0, 0, time.UTC)

func entry(uid, link, title string, published time.Time, matches ...veille.Match) veille.Item {
	return veille.Item{UID: uid, Link: link, Title: title, Summary: title + ".", Published: published,
		Fetched: t0.Add(time.Hour), Categories: []string{"tech"}, Matches: matches}
}

func TestSaveFetchDeduplicates(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	a, err := s.EnsureSource(ctx, "France Info", "https://www.francetvinfo.fr/titres.rss")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.EnsureSource(ctx, "France Info Tech", "https://www.francetvinfo.fr/internet.rss")
	if err != nil {
		t.Fatal(err)
	}
	ia := veille.Match{Feed: "ia", Terms: []string{"IA"}}
	first := []veille.Item{
		entry("urn:uuid:1", "https://example.org/sommet-ia", "Sommet de l'IA", t0, ia),
		entry("urn:uuid:2", "https://example.org/meteo", "Météo", t0.Add(-time.Hour)),
		entry("urn:uuid:3", "", "Sans lien", time.Time{}),
		entry("urn:uuid:1", "https://example.org/sommet-ia", "Sommet de l'IA (doublon dans le flux)", t0, ia),
	}
	fetch := Fetch{Time: t0, Status: StatusOK, ETag: `"v1"`}
	if n, err := s.SaveFetch(ctx, a.ID, fetch, first); err != nil || n != 3 {
		t.Fatalf("first save: added %d, err %v; want 3", n, err)
	}
	if n, err := s.SaveFetch(ctx, a.ID, fetch, first); err != nil || n != 0 {
		t.Fatalf("second save: added %d, err %v; want 0", n, err)
	}
	// Another source's item with the same link is its own: stored, not
	// dropped in favour of the first source's (the pipeline makes the two
	// one story). The same link twice in one source is one item.
	other := []veille.Item{entry("urn:uuid:other-guid", "https://example.org/sommet-ia", "Sommet de l'IA", t0, ia)}
	if n, err := s.SaveFetch(ctx, b.ID, Fetch{Time: t0, Status: StatusOK}, other); err != nil || n != 1 {
		t.Fatalf("same link from another source: added %d, err %v; want 1", n, err)
	}
	again := []veille.Item{entry("urn:uuid:again-guid", "https://example.org/sommet-ia", "Sommet de l'IA", t0, ia)}
	if n, err := s.SaveFetch(ctx, b.ID, Fetch{Time: t0, Status: StatusOK}, again); err != nil || n != 0 {
		t.Fatalf("same link again in one source: added %d, err %v; want 0", n, err)
	}

	all, err := s.Entries(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, e := range all {
		titles = append(titles, e.Title)
	}
	// The dateless entry sorts by its fetch time, after the dated ones.
	if want := []string{"Sans lien", "Sommet de l'IA", "Sommet de l'IA", "Météo"}; !slices.Equal(titles, want) {
		t.Errorf("entries = %q, want %q", titles, want)
	}
	selected, err := s.Entries(ctx, Query{Feed: "ia"})
	if err != nil {
		t.Fatal(err)
	}
	if len(selected) != 2 || selected[1].UID != "urn:uuid:1" || selected[1].SourceName != "France Info" {
		t.Fatalf("ia entries = %+v", selected)
	}
	selected = selected[1:]
	if terms, ok := selected[0].MatchFor("ia"); !ok || !slices.Equal(terms, []string{"IA"}) {
		t.Errorf("matches = %+v", selected[0].Matches)
	}
	if !selected[0].Published.Equal(t0) || !slices.Equal(selected[0].Categories, []string{"tech"}) {
		t.Errorf("round trip lost fields: %+v", selected[0])
	}
	counts, err := s.SelectionCounts(ctx)
	if err != nil || !maps.Equal(counts, map[string]int{"ia": 2}) {
		t.Errorf("selection counts = %v, %v; want ia: 2", counts, err)
	}
}

func TestSourceState(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	src, err := s.EnsureSource(ctx, "Le Monde", "https://www.lemonde.fr/rss/une.xml")
	if err != nil {
		t.Fatal(err)
	}
	ok := Fetch{Time: t0, Status: StatusOK, ETag: `"abc"`, LastModified: "Mon, 10 Feb 2025 09:00:00 GMT",
		SiteURL: "https://www.lemonde.fr/"}
	if _, err := s.SaveFetch(ctx, src.ID, ok, nil); err != nil {
		t.Fatal(err)
	}
	// A 304 has no feed to say where the site is: the stored URL stays.
	notModified := Fetch{Time: t0.Add(time.Minute), Status: StatusNotModified, ETag: `"abc"`}
	if _, err := s.SaveFetch(ctx, src.ID, notModified, nil); err != nil {
		t.Fatal(err)
	}
	failed := Fetch{Time: t0.Add(time.Hour), Status: StatusError, Error: "HTTP 503 Service Unavailable"}
	for range 2 {
		if _, err := s.SaveFetch(ctx, src.ID, failed, nil); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.Sources(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("sources = %+v, %v", list, err)
	}
	got := list[0]
	if got.ETag != `"abc"` || got.Failures != 2 || got.Status != StatusError ||
		!got.SucceededAt.Equal(t0.Add(time.Minute)) || !strings.Contains(got.Error, "503") ||
		got.SiteURL != "https://www.lemonde.fr/" {
		t.Errorf("state after failures = %+v", got)
	}
	// A new URL drops the validators of the old one.
	moved, err := s.EnsureSource(ctx, "Le Monde", "https://www.lemonde.fr/rss/en_continu.xml")
	if err != nil {
		t.Fatal(err)
	}
	if moved.ID != src.ID || moved.ETag != "" || moved.LastModified != "" || moved.SiteURL != "" {
		t.Errorf("after URL change = %+v", moved)
	}
}

func TestCurateRecomputesOnlyChangedRules(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	src, _ := s.EnsureSource(ctx, "src", "https://example.org/feed")
	entries := []veille.Item{
		entry("urn:uuid:a", "https://example.org/a", "Mistral AI lève des fonds", t0),
		entry("urn:uuid:b", "https://example.org/b", "Le mistral souffle", t0),
	}
	if _, err := s.SaveFetch(ctx, src.ID, Fetch{Time: t0, Status: StatusOK}, entries); err != nil {
		t.Fatal(err)
	}
	calls := 0
	contains := func(word string) func(*veille.Item) ([]string, bool) {
		return func(e *veille.Item) ([]string, bool) {
			calls++
			return []string{word}, strings.Contains(e.Title, word)
		}
	}
	c := Curator{Feed: "ia", Fingerprint: "v1", Match: contains("AI")}
	if got, _, err := s.Curate(ctx, []Curator{c}); err != nil || !slices.Equal(got, []string{"ia"}) {
		t.Fatalf("first curate = %v, %v", got, err)
	}
	if calls != 2 {
		t.Errorf("matched %d entries, want 2", calls)
	}
	if got, _, err := s.Curate(ctx, []Curator{c}); err != nil || len(got) != 0 || calls != 2 {
		t.Fatalf("unchanged rules recomputed: %v, %v, calls %d", got, err, calls)
	}
	sel, _ := s.Entries(ctx, Query{Feed: "ia"})
	if len(sel) != 1 || sel[0].UID != "urn:uuid:a" {
		t.Fatalf("selected %+v", sel)
	}
	c = Curator{Feed: "ia", Fingerprint: "v2", Match: contains("souffle")}
	empty := Curator{Feed: "vide", Fingerprint: "v1", Match: contains("rien")}
	if _, _, err := s.Curate(ctx, []Curator{c, empty}); err != nil {
		t.Fatal(err)
	}
	sel, _ = s.Entries(ctx, Query{Feed: "ia"})
	if len(sel) != 1 || sel[0].UID != "urn:uuid:b" {
		t.Fatalf("after rule change selected %+v", sel)
	}
	// A feed dropped from the configuration is forgotten entirely, and
	// reported, even one that selected nothing.
	if _, forgotten, err := s.Curate(ctx, []Curator{c}); err != nil || !slices.Equal(forgotten, []string{"vide"}) {
		t.Fatalf("forgot %q, %v; want [vide]", forgotten, err)
	}
	if _, forgotten, err := s.Curate(ctx, nil); err != nil || !slices.Equal(forgotten, []string{"ia"}) {
		t.Fatalf("forgot %q, %v; want [ia]", forgotten, err)
	}
	if sel, _ = s.Entries(ctx, Query{Feed: "ia"}); len(sel) != 0 {
		t.Fatalf("forgotten feed still selects %+v", sel)
	}
	if _, forgotten, err := s.Curate(ctx, nil); err != nil || len(forgotten) != 0 {
		t.Fatalf("forgot %q again, %v", forgotten, err)
	}
}

func TestOpenIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "veille.db")
	for range 2 {
		s, err := Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EnsureSource(t.Context(), "x", "https://example.org/"); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}

func TestOpenUnwritable(t *testing.T) {
	_, err := Open(t.Context(), filepath.Join(t.TempDir(), "missing-dir", "veille.db"))
	if err == nil || !strings.Contains(err.Error(), "missing-dir") {
		t.Fatalf("err = %v, want an error naming the path", err)
	}
}

func TestCheckHealthyDatabase(t *testing.T) {
	if err := openTest(t).Check(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestPruneKeepsPublishedEntries(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	src, _ := s.EnsureSource(ctx, "src", "https://example.org/feed")
	ia := veille.Match{Feed: "ia", Terms: []string{"IA"}}
	var entries []veille.Item
	for i := range 6 {
		day := t0.AddDate(0, 0, -30*i) // 0, 30, 60... days old
		e := entry(fmt.Sprint("urn:uuid:", i), fmt.Sprint("https://example.org/", i), fmt.Sprint("n", i), day)
		e.Fetched = t0
		if i%2 == 1 {
			e.Matches = []veille.Match{ia} // 30, 90 and 150 days old are selected
		}
		entries = append(entries, e)
	}
	if _, err := s.SaveFetch(ctx, src.ID, Fetch{Time: t0, Status: StatusOK}, entries); err != nil {
		t.Fatal(err)
	}
	// Keep 100 days, and the 2 newest selected entries of ia whatever their age.
	n, err := s.Prune(ctx, t0.AddDate(0, 0, -100), map[string]int{"ia": 2})
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	all, _ := s.Entries(ctx, Query{Limit: 100})
	for _, e := range all {
		left = append(left, e.Title)
	}
	// n4 (120 days) goes, n5 (150 days, selected but 3rd newest) goes.
	if n != 2 || !slices.Equal(left, []string{"n0", "n1", "n2", "n3"}) {
		t.Errorf("pruned %d, left %v", n, left)
	}
	if sel, _ := s.Entries(ctx, Query{Feed: "ia"}); len(sel) != 2 {
		t.Errorf("selections left: %d", len(sel))
	}
}

func TestTeasersAndArticles(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	src, _ := s.EnsureSource(ctx, "src", "https://example.org/feed")
	ia := veille.Match{Feed: "ia", Terms: []string{"IA"}}
	teaser := entry("urn:uuid:t", "https://example.org/t", "L'IA à l'école", t0, ia)
	teaser.SummarySource = veille.SummaryTeaser
	noLink := entry("urn:uuid:n", "", "L'IA sans lien", t0, ia)
	noLink.SummarySource = veille.SummaryTeaser
	unselected := entry("urn:uuid:u", "https://example.org/u", "Météo", t0)
	unselected.SummarySource = veille.SummaryTeaser
	real := entry("urn:uuid:r", "https://example.org/r", "L'IA au travail", t0, ia)
	if _, err := s.SaveFetch(ctx, src.ID, Fetch{Time: t0, Status: StatusOK},
		[]veille.Item{teaser, noLink, unselected, real}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Teasers(ctx, []string{"ia"}, 2, 10)
	if err != nil || len(got) != 1 || got[0].UID != "urn:uuid:t" {
		t.Fatalf("teasers = %+v, %v; want only the selected teaser with a link", got, err)
	}
	id := got[0].ID
	for range 2 {
		if err := s.ArticleFailed(ctx, id, "HTTP 500", 2); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.Teasers(ctx, []string{"ia"}, 2, 10); len(got) != 0 {
		t.Fatalf("teaser still wanted after 2 failures: %+v", got)
	}
	if err := s.SaveArticle(ctx, id, "Le vrai chapô.", "<p>Le vrai chapô.</p>"); err != nil {
		t.Fatal(err)
	}
	sel, _ := s.Entries(ctx, Query{Feed: "ia"})
	for _, e := range sel {
		if e.ID == id && (e.Summary != "Le vrai chapô." || e.SummarySource != veille.SummaryArticle || e.ArticleHTML == "") {
			t.Errorf("after SaveArticle: %+v", e)
		}
		if e.UID == "urn:uuid:r" && e.SummarySource != veille.SummaryFeed {
			t.Errorf("default summary source = %q", e.SummarySource)
		}
	}
}

// TestReadersDuringWrites: readers (the HTTP server, `veille items`) keep
// reading while a pass writes, and nobody sees "database is locked".
func TestReadersDuringWrites(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	src, _ := s.EnsureSource(ctx, "src", "https://example.org/feed")
	done := make(chan struct{})
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := s.Entries(ctx, Query{Feed: "ia", Limit: 50}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	ia := veille.Match{Feed: "ia", Terms: []string{"IA"}}
	for batch := range 40 {
		var entries []veille.Item
		for i := range 25 {
			n := batch*25 + i
			entries = append(entries, entry(fmt.Sprint("urn:uuid:", n), fmt.Sprint("https://example.org/", n),
				fmt.Sprint("n", n), t0, ia))
		}
		if _, err := s.SaveFetch(ctx, src.ID, Fetch{Time: t0, Status: StatusOK}, entries); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("reader: %v", err)
	}
	if n, _ := s.EntryCount(ctx); n != 1000 {
		t.Errorf("%d entries, want 1000", n)
	}
}

func TestNewDatabaseLayout(t *testing.T) {
	s := openTest(t)
	var pageSize int
	var journal string
	if err := s.w.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := s.w.QueryRow("PRAGMA journal_mode").Scan(&journal); err != nil {
		t.Fatal(err)
	}
	if pageSize != 16384 || journal != "wal" {
		t.Errorf("page_size %d, journal_mode %q; want 16384 and wal", pageSize, journal)
	}
	// Deleting an entry looks up its selections by entry_id.
	var plan string
	if err := s.w.QueryRow("EXPLAIN QUERY PLAN SELECT feed FROM selections WHERE entry_id = 1").
		Scan(new(int), new(int), new(int), &plan); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "selections_entry") {
		t.Errorf("selections by entry_id: plan %q, want the selections_entry index", plan)
	}
}

// TestUpgradeDropsContent opens a database of schema version 4, whose
// entries kept their HTML, and checks that the entries survive without it.
func TestUpgradeDropsContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "veille.db")
	old, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"0001_init.sql", "0002_next_check.sql", "0003_moves.sql", "0004_articles.sql"} {
		script, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.Exec(string(script)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, q := range []string{
		"PRAGMA user_version = 4",
		"INSERT INTO sources (id, name, url) VALUES (1, 'src', 'https://src.example/feed')",
		`INSERT INTO entries (uid, source_id, guid, link, title, summary, content, author, categories, fetched, sort_time)
			VALUES ('urn:uuid:1', 1, 'g1', 'https://src.example/1', 'Titre', 'Résumé.', '<p>Résumé.</p>', '', '[]', 1, 1)`,
		"INSERT INTO selections (feed, entry_id, sort_time, terms) VALUES ('ia', 1, 1, '[\"IA\"]')",
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()

	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Entries(t.Context(), Query{Feed: "ia", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "Titre" || got[0].Summary != "Résumé." {
		t.Fatalf("after the upgrade: %+v, want the stored entry", got)
	}
	if _, err := s.w.Exec("SELECT content FROM entries"); err == nil {
		t.Error("the content column survived the upgrade")
	}
}

// TestSaveFetchesIsAtomic saves two fetches in one transaction, the second
// of an unknown source: neither is kept.
func TestSaveFetchesIsAtomic(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	src, err := s.EnsureSource(ctx, "France Info", "https://www.francetvinfo.fr/titres.rss")
	if err != nil {
		t.Fatal(err)
	}
	ok := Fetch{Time: t0, Status: StatusOK, ETag: `"v1"`}
	batch := []SourceFetch{
		{SourceID: src.ID, Fetch: ok, Entries: []veille.Item{entry("urn:uuid:1", "https://example.org/1", "Un", t0)}},
		{SourceID: src.ID + 1000, Fetch: ok, Entries: []veille.Item{entry("urn:uuid:2", "https://example.org/2", "Deux", t0)}},
	}
	if _, err := s.SaveFetches(ctx, batch, nil); err == nil {
		t.Fatal("a fetch of an unknown source was saved")
	}
	if n, err := s.EntryCount(ctx); err != nil || n != 0 {
		t.Errorf("entries after the failed batch: %d, %v; want 0", n, err)
	}
	added, err := s.SaveFetches(ctx, batch[:1], nil)
	if err != nil || len(added) != 1 || added[0] != 1 {
		t.Fatalf("batch of one: added %v, err %v; want [1]", added, err)
	}
	if sources, _ := s.Sources(ctx); sources[0].ETag != `"v1"` {
		t.Errorf("fetch state not saved: %+v", sources[0])
	}
}
