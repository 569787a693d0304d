package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runBinary runs the built veille in dir and returns its exit status and
// combined output.
func runBinary(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(veilleBinary(t), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	case err != nil:
		t.Fatalf("%v: %v", args, err)
	}
	return 0, string(out)
}

// TestBinaryRefusesDatabaseInOutputDir: a database where a feed is
// published would be replaced by the first publish. check names the
// problem, fetch refuses to start, and the database is never created.
func TestBinaryRefusesDatabaseInOutputDir(t *testing.T) {
	dir := t.TempDir()
	cfg := "database: public/ia.json\noutput_dir: public\n" +
		"sources:\n  - {name: a, url: 'http://127.0.0.1:1/feed'}\n" +
		"feeds:\n  - {slug: ia, title: IA, include: [IA]}\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out := runBinary(t, dir, "check", "-config", "config.yaml")
	if want := `config.yaml:1: database: must not be inside output_dir ("public"): publishing writes the JSON Feed of feeds[0] (ia)`; status != 2 || !strings.Contains(out, want) {
		t.Errorf("check: status %d, output:\n%s\nwant status 2 and %q", status, out, want)
	}
	status, out = runBinary(t, dir, "fetch", "-config", "config.yaml")
	if status != 1 || !strings.Contains(out, "database:") {
		t.Errorf("fetch: status %d, output:\n%s\nwant status 1 naming database", status, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("fetch touched output_dir or the database: %v", err)
	}
}

// TestBinaryFutureDateDoesNotFreezeFeed fetches an AI item dated 2099: the
// published feed dates neither itself nor the item in the future.
func TestBinaryFutureDateDoesNotFreezeFeed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://news.example/</link>
<item><title>L'intelligence artificielle du futur : l'intelligence artificielle en 2099</title>
<link>https://news.example/2099</link><pubDate>Thu, 01 Jan 2099 00:00:00 +0000</pubDate>
<description>Un article daté de 2099 sur l'intelligence artificielle.</description></item>
</channel></rss>`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := "database: veille.db\noutput_dir: public\nretention: 0\n" +
		"sources:\n  - {name: Futur, url: '" + srv.URL + "/feed'}\n" +
		"feeds:\n  - {slug: ia, title: IA, include: [intelligence artificielle], fetch_articles: false}\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	if status, out := runBinary(t, dir, "fetch", "-config", "config.yaml"); status != 0 {
		t.Fatalf("fetch: status %d\n%s", status, out)
	}
	after := time.Now()
	body, err := os.ReadFile(filepath.Join(dir, "public", "ia.rss"))
	if err != nil {
		t.Fatal(err)
	}
	var rss struct {
		LastBuild string   `xml:"channel>lastBuildDate"`
		PubDates  []string `xml:"channel>item>pubDate"`
	}
	if err := xml.Unmarshal(body, &rss); err != nil {
		t.Fatal(err)
	}
	if len(rss.PubDates) != 1 {
		t.Fatalf("%d items published, want the one of 2099:\n%s", len(rss.PubDates), body)
	}
	for where, d := range map[string]string{"lastBuildDate": rss.LastBuild, "item pubDate": rss.PubDates[0]} {
		got, err := time.Parse(time.RFC1123Z, d)
		switch {
		case err != nil:
			t.Errorf("%s %q: %v", where, d, err)
		case got.After(after):
			t.Errorf("%s = %s, in the future", where, d)
		case got.Before(before.Add(-time.Second)):
			t.Errorf("%s = %s, before the fetch: want the time the item was first seen", where, d)
		}
	}
}
