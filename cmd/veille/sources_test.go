package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/veille-project/veille/pipeline"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/storage"
)

// TestSourcesTableAndJSON records fetches of three sources (one fine, one
// failing twice in a row, one never fetched) and reads them back from
// `veille sources` and `veille sources -json`.
func TestSourcesTableAndJSON(t *testing.T) {
	dir := t.TempDir()
	configPath := filepath.Join(dir, "config.yaml")
	err := os.WriteFile(configPath, []byte(`feeds: []
sources:
  - {name: Fine, url: "https://fine.example/rss"}
  - {name: Failing, url: "https://failing.example/rss"}
  - {name: New, url: "https://new.example/rss"}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	ok := time.Date(2026, 11, 26, 23, 51, 0, 0, time.UTC)
	later := time.Date(2100, 1, 2, 3, 4, 0, 0, time.UTC) // a backoff not over when the test runs
	store, err := storage.Open(t.Context(), filepath.Join(dir, "veille.db"))
	if err != nil {
		t.Fatal(err)
	}
	fine, err := store.EnsureSource(t.Context(), "Fine", "https://fine.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	failing, err := store.EnsureSource(t.Context(), "Failing", "https://failing.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	fetches := []struct {
		id int64
		f  storage.Fetch
	}{
		{fine.ID, storage.Fetch{Time: ok, Status: storage.StatusOK, SiteURL: "https://fine.example/"}},
		{failing.ID, storage.Fetch{Time: ok, Status: storage.StatusOK}},
		{failing.ID, storage.Fetch{Time: ok.Add(time.Minute), Status: storage.StatusError, Error: "HTTP 503"}},
		{failing.ID, storage.Fetch{Time: ok.Add(2 * time.Minute), Status: storage.StatusError,
			Error: "HTTP 503 Service Unavailable", NextCheck: later}},
	}
	for _, f := range fetches {
		if _, err := store.SaveFetch(t.Context(), f.id, f.f, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"sources", "-config", configPath, "-json"}, &out, &errOut); err != nil {
		t.Fatalf("%v: %s", err, errOut.String())
	}
	var got []jsonSource
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	at := func(s string) *string { return &s }
	want := []jsonSource{
		{Name: "Fine", URL: "https://fine.example/rss", Status: "ok", SiteURL: "https://fine.example/",
			LastFetch: at("2026-11-26T23:51:00Z"), LastSuccess: at("2026-11-26T23:51:00Z")},
		{Name: "Failing", URL: "https://failing.example/rss", Status: "error", Error: "HTTP 503 Service Unavailable",
			LastFetch: at("2026-11-26T23:53:00Z"), LastSuccess: at("2026-11-26T23:51:00Z"),
			NextCheck: at("2100-01-02T03:04:00Z"), Failures: 2},
		{Name: "New", URL: "https://new.example/rss", Status: "never fetched"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources -json:\n%s\nwant %+v", out.String(), want)
	}
	if !strings.Contains(out.String(), `"next_check": null`) {
		t.Errorf("no null time in:\n%s", out.String())
	}

	out.Reset()
	if err := run(t.Context(), []string{"sources", "-config", configPath}, &out, &errOut); err != nil {
		t.Fatalf("%v: %s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	wantLines := []string{
		"NAME     STATUS                               LAST SUCCESS          NEXT CHECK            FAILURES  ENTRIES  ARTICLES  URL",
		"Fine     ok                                   2026-11-26 23:51 UTC  next pass             0         0        0/0       https://fine.example/rss",
		"Failing  error: HTTP 503 Service Unavailable  2026-11-26 23:51 UTC  2100-01-02 03:04 UTC  2         0        0/0       https://failing.example/rss",
		"New      never fetched                        -                     next pass             0         0        0/0       https://new.example/rss",
	}
	if !slices.Equal(lines, wantLines) {
		t.Errorf("sources:\n%s\nwant:\n%s", out.String(), strings.Join(wantLines, "\n"))
	}
}

// TestPassReportsProgressAndSelected runs a pass over two sources and
// checks what `veille fetch` builds its progress and summary from: one
// call per source stored, and the new entries a feed selects.
func TestPassReportsProgressAndSelected(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>t</title><link>http://x.example/</link>
<item><title>L'IA au menu %[1]s</title><link>http://x.example%[1]s/ia</link></item>
<item><title>La météo %[1]s</title><link>http://x.example%[1]s/meteo</link></item>
</channel></rss>`, r.URL.Path)
	}))
	defer srv.Close()
	cfg, err := config.Parse(strings.NewReader(fmt.Sprintf(`database: %s
output_dir: %s
sources:
  - {name: A, url: "%[3]s/a"}
  - {name: B, url: "%[3]s/b"}
feeds:
  - {slug: ia, title: IA, include: [IA], fetch_articles: false}
`, filepath.Join(t.TempDir(), "v.db"), t.TempDir(), srv.URL)), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	progress := func(p aggregator.Progress) {
		calls = append(calls, fmt.Sprintf("%d/%d %s %d new", p.Done, p.Total, p.Last.Status, p.Last.New))
	}
	a, err := newApp(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), hooks{progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	report, err := a.p.Pass(t.Context(), pipeline.PassOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"1/2 ok 2 new", "2/2 ok 2 new"}; !slices.Equal(calls, want) {
		t.Errorf("progress calls %q, want %q", calls, want)
	}
	if report.New() != 4 || report.Selected() != 2 {
		t.Errorf("%d new, %d selected; want 4 and 2", report.New(), report.Selected())
	}
	summary := passSummary(report)
	if !strings.HasPrefix(summary, "fetched 2 sources in ") ||
		!strings.HasSuffix(summary, ": 2 ok, 0 not modified, 0 failed; 4 new entries, 2 newly selected") {
		t.Errorf("summary %q", summary)
	}

	// A second pass finds the same items: nothing new, nothing selected.
	report, err = a.p.Pass(t.Context(), pipeline.PassOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if report.New() != 0 || report.Selected() != 0 {
		t.Errorf("second pass: %d new, %d selected; want 0 and 0", report.New(), report.Selected())
	}
}

// TestProgressLineKeepsLogsApart: a log record written while the line is
// drawn erases it, is written whole, and the line is drawn again; finish
// leaves the summary on a line of its own.
func TestProgressLineKeepsLogsApart(t *testing.T) {
	var b bytes.Buffer
	p := &progressLine{w: &b}
	if _, err := p.Write([]byte("before any line\n")); err != nil {
		t.Fatal(err)
	}
	p.update(aggregator.Progress{Done: 1, Total: 3, Last: aggregator.Result{Source: "Le Monde", Status: storage.StatusOK},
		Pending: []string{"France Info", "Libération"}})
	if _, err := p.Write([]byte("level=WARN msg=\"fetch failed\"\n")); err != nil {
		t.Fatal(err)
	}
	p.finish("fetched 3 sources")
	line := "fetching: 1/3 sources done (Le Monde: ok); waiting for France Info, Libération"
	want := "before any line\n" + clearLine + line + clearLine + "level=WARN msg=\"fetch failed\"\n" + line +
		clearLine + "fetched 3 sources\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

// TestFetchOffTerminalWritesNoProgress: with stderr a file or a pipe, as
// under cron, `veille fetch` writes its logs and no control character.
func TestFetchOffTerminalWritesNoProgress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<rss version="2.0"><channel><title>t</title><item><title>x</title><link>http://x.example/1</link></item></channel></rss>`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	configPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(configPath, []byte("feeds: []\nsources:\n  - {name: A, url: \""+srv.URL+"\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	if isTerminal(stderr) {
		t.Fatal("a regular file taken for a terminal")
	}
	if err := run(t.Context(), []string{"fetch", "-config", configPath}, io.Discard, stderr); err != nil {
		t.Fatal(err)
	}
	logged, err := os.ReadFile(stderr.Name())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logged), "pass done") || strings.ContainsAny(string(logged), "\r\x1b") {
		t.Errorf("stderr:\n%q", logged)
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Error(os.DevNull + " taken for a terminal")
	}
}
