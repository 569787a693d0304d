package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/veille-project/veille/config"
)

// healthDaemon returns a daemon that ran one pass over a source serving
// one item, and its HTTP handler.
func healthDaemon(t testing.TB) (*daemon, http.Handler) {
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<rss version="2.0"><channel><title>S</title><item><title>L'IA</title><link>https://example.org/1</link></item></channel></rss>`)
	}))
	t.Cleanup(src.Close)
	d := configuredDaemon(t, func(dir string) string {
		return fmt.Sprintf("database: %s/v.db\noutput_dir: %s/public\nsources:\n  - {name: A, url: '%s/a.rss'}\n"+
			"feeds:\n  - {slug: ia, title: IA, include: [IA]}\n", dir, dir, src.URL)
	})
	d.pass(t.Context())
	return d, d.server().Handler
}

// configuredDaemon returns a daemon, in this process, of the configuration
// that text writes for a temporary folder; its app closes with the test.
func configuredDaemon(t testing.TB, text func(dir string) string) *daemon {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(text(dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	d := newDaemon()
	a, err := newApp(t.Context(), cfg, slog.New(slog.DiscardHandler), d.hooks())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	d.use(a)
	return d
}

// TestHealthNeverReadsTheDatabase: /healthz answers from the figures of the
// last pass, so that no number of requests can slow the passes or the feeds
// (it counted every entry on each request: 70–80 ms at 10^6 entries). With
// the database closed under it, it still answers.
func TestHealthNeverReadsTheDatabase(t *testing.T) {
	d, h := healthDaemon(t)
	d.app().store.Close()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	var rep healthReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatalf("status %d, body %q: %v", rec.Code, rec.Body.String(), err)
	}
	if rec.Code != http.StatusOK || rep.Status != "ok" || rep.Entries != 1 || rep.SourcesOK != 1 {
		t.Errorf("status %d, report %+v; want 200, ok, 1 entry, 1 source ok", rec.Code, rep)
	}
}

// BenchmarkHealthzConcurrent serves /healthz to parallel clients, as
// `wrk -c16 /healthz` did in the probe: the time per request does not grow
// with the entries stored, since none is read.
func BenchmarkHealthzConcurrent(b *testing.B) {
	_, h := healthDaemon(b)
	b.SetParallelism(8) // 16 clients on 2 cores
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// TestHealthStates: /healthz says "ok" while every source answers,
// "degraded" (still 200) when some fail, and "failing" with 503 as soon as
// a pass fetched sources and none succeeded: with an hourly schedule, the
// three-period rule alone would have waited three hours.
func TestHealthStates(t *testing.T) {
	a, b := &liveFeed{titles: []string{"L'IA"}}, &liveFeed{titles: []string{"La météo"}}
	srvA, srvB := httptest.NewServer(a), httptest.NewServer(b)
	t.Cleanup(srvA.Close)
	t.Cleanup(srvB.Close)
	d := configuredDaemon(t, func(dir string) string {
		return fmt.Sprintf("database: %s/v.db\noutput_dir: %s/public\nschedule: '@hourly'\nsources:\n"+
			"  - {name: A, url: '%s/a.rss'}\n  - {name: B, url: '%s/b.rss'}\nfeeds:\n  - {slug: ia, title: IA, include: [IA]}\n",
			dir, dir, srvA.URL, srvB.URL)
	})
	h := d.server().Handler
	check := func(step string, code int, status string) {
		t.Helper()
		d.pass(t.Context())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		var rep healthReport
		if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
			t.Fatalf("%s: %v\n%s", step, err, rec.Body)
		}
		if rec.Code != code || rep.Status != status {
			t.Errorf("%s: %d %q, want %d %q\n%s", step, rec.Code, rep.Status, code, status, rec.Body)
		}
	}
	check("both answer", http.StatusOK, "ok")
	b.set(func(f *liveFeed) { f.failing = true })
	check("B fails", http.StatusOK, "degraded")
	// B backs off: the pass fetches A alone, which fails.
	a.set(func(f *liveFeed) { f.failing = true })
	check("both fail", http.StatusServiceUnavailable, "failing")
}
