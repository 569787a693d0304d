package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille/storage"
)

// farmFeed renders source n's feed: items items, a third about AI.
func farmFeed(n, items int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Source %d</title>`, n)
	for i := range items {
		topic := "la météo du week-end"
		if i%3 == 0 {
			topic = "l'IA générative"
		}
		fmt.Fprintf(&b, `<item><title>Article %d-%d sur %s</title><link>https://news%d.example/%d</link>`+
			`<description>&lt;p&gt;Un long article sur %s, avec des détails et des chiffres.&lt;/p&gt;</description>`+
			`<pubDate>Mon, 10 Feb 2025 %02d:%02d:00 +0000</pubDate></item>`, n, i, topic, n, i, topic, i%24, n%60)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// TestKill9NeverCorrupts kills `veille fetch` with SIGKILL at random
// moments of its pass many times: the database must stay sound, every
// published file must be a whole feed, and a last full pass must store each
// item exactly once.
func TestKill9NeverCorrupts(t *testing.T) {
	bin := veilleBinary(t)
	const sources, items = 30, 40
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/%d.rss", &n)
		time.Sleep(time.Duration(n%7) * 3 * time.Millisecond) // sources finish at different times
		w.Write([]byte(farmFeed(n, items)))
	}))
	defer srv.Close()
	dir := t.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "retention: 0\nsources:\n")
	for n := range sources {
		fmt.Fprintf(&cfg, "  - {name: s%d, url: '%s/%d.rss'}\n", n, srv.URL, n)
	}
	cfg.WriteString("feeds:\n  - {slug: ia, title: IA, limit: 500, include: [IA générative]}\n")
	configPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(configPath, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(1, 2)) // fixed: a failure replays
	kills := 0
	for range 12 {
		cmd := exec.Command(bin, "fetch", "-force", "-config", configPath)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(250)) * time.Millisecond)
		if cmd.Process.Kill() == nil {
			kills++
		}
		cmd.Wait()
		checkSound(t, dir)
	}
	t.Logf("%d runs killed with SIGKILL", kills)

	// Killed publishes may leave temporary files; once old, the next
	// publish removes them.
	leftovers, _ := filepath.Glob(filepath.Join(dir, "public", ".*.tmp"))
	for _, f := range leftovers {
		old := time.Now().Add(-time.Hour)
		os.Chtimes(f, old, old)
	}
	out, err := exec.Command(bin, "fetch", "-force", "-config", configPath).CombinedOutput()
	if err != nil {
		t.Fatalf("final fetch: %v\n%s", err, out)
	}
	checkSound(t, dir)
	if left, _ := filepath.Glob(filepath.Join(dir, "public", ".*.tmp")); len(left) != 0 {
		t.Errorf("stale temporary files kept: %v (of %d)", left, len(leftovers))
	}
	store, err := storage.Open(t.Context(), filepath.Join(dir, "veille.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if n, err := store.EntryCount(t.Context()); err != nil || n != sources*items {
		t.Errorf("%d entries stored, want %d: each item once (%v)", n, sources*items, err)
	}
}

// checkSound opens the database and the published files after a kill.
func checkSound(t *testing.T, dir string) {
	t.Helper()
	store, err := storage.Open(t.Context(), filepath.Join(dir, "veille.db"))
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer store.Close()
	if err := store.Check(t.Context()); err != nil {
		t.Fatalf("after kill: %v", err)
	}
	for _, name := range []string{"ia.rss", "ia.atom", "ia.json"} {
		b, err := os.ReadFile(filepath.Join(dir, "public", name))
		if os.IsNotExist(err) {
			continue // killed before the first publish
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gofeed.NewParser().ParseString(string(b)); err != nil {
			t.Fatalf("%s after kill is not a whole feed: %v", name, err)
		}
	}
}
