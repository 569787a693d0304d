package main

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// hubStub is a WebSub hub that records the publish requests it gets and
// fails the test on any request a hub should not get.
type hubStub struct {
	*httptest.Server
	mu     sync.Mutex
	topics []string
}

func newHubStub(t *testing.T) *hubStub {
	h := &hubStub{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		form, err := url.ParseQuery(string(body))
		if r.Method != http.MethodPost || ct != "application/x-www-form-urlencoded" || err != nil ||
			form.Get("hub.mode") != "publish" || len(form["hub.url"]) != 1 {
			t.Errorf("hub got %s %s %q: %q", r.Method, r.URL, r.Header.Get("Content-Type"), body)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.topics = append(h.topics, form.Get("hub.url"))
		h.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

// take returns the topics pinged since the last call, sorted.
func (h *hubStub) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	got := h.topics
	h.topics = nil
	slices.Sort(got)
	return got
}

func TestWebSubPingsChangedFeedsOnly(t *testing.T) {
	feeds := newFeedServer(t, map[string]servedFile{
		"/titres.rss": {path: "testdata/sommet-ia.rss", contentType: "application/rss+xml"},
	})
	hub := newHubStub(t)
	dir := t.TempDir()
	cfg := fmt.Sprintf(`database: veille.db
retention: 0
output_dir: public
base_url: https://veille.example.org/
sources:
  - {name: France Info, url: %s/titres.rss}
feeds:
  - {slug: ia, title: Veille IA, language: fr, fetch_articles: false, include: [IA, intelligence artificielle]}
websub:
  hubs: [%s/hub]
`, feeds.URL, hub.URL)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	site := &testSite{dir: dir, config: path, server: feeds}

	if _, stderr, err := site.veille(t, "fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	all := []string{
		"https://veille.example.org/ia.atom",
		"https://veille.example.org/ia.json",
		"https://veille.example.org/ia.rss",
	}
	if got := hub.take(); !slices.Equal(got, all) {
		t.Errorf("first publish pinged %q, want every format once: %q", got, all)
	}

	// Nothing new: the files keep their bytes, and the hub hears nothing.
	if _, stderr, err := site.veille(t, "publish"); err != nil {
		t.Fatalf("publish: %v\n%s", err, stderr)
	}
	if _, stderr, err := site.veille(t, "fetch", "-force"); err != nil {
		t.Fatalf("fetch again: %v\n%s", err, stderr)
	}
	if got := hub.take(); len(got) != 0 {
		t.Errorf("unchanged feeds pinged %q", got)
	}

	// A feed file that differs (here, removed) is announced again.
	if err := os.Remove(filepath.Join(dir, "public", "ia.json")); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := site.veille(t, "publish"); err != nil {
		t.Fatalf("publish: %v\n%s", err, stderr)
	}
	if got := hub.take(); !slices.Equal(got, all[1:2]) {
		t.Errorf("after ia.json changed, pinged %q, want %q", got, all[1:2])
	}
}

func TestWebSubHubFailureDoesNotFailThePass(t *testing.T) {
	feeds := newFeedServer(t, map[string]servedFile{
		"/titres.rss": {path: "testdata/sommet-ia.rss", contentType: "application/rss+xml"},
	})
	var mu sync.Mutex
	calls := 0
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		http.Error(w, "hub down", http.StatusServiceUnavailable)
	}))
	t.Cleanup(hub.Close)
	dir := t.TempDir()
	cfg := fmt.Sprintf(`database: veille.db
output_dir: public
sources:
  - {name: France Info, url: %s/titres.rss}
feeds:
  - {slug: ia, title: Veille IA, fetch_articles: false, include: [IA]}
websub:
  hubs: [%s]
`, feeds.URL, hub.URL)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	site := &testSite{dir: dir, config: path, server: feeds}
	_, stderr, err := site.veille(t, "fetch")
	if err != nil {
		t.Fatalf("fetch failed because of the hub: %v\n%s", err, stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 6 {
		t.Errorf("hub got %d requests, want 6 (3 formats, each retried once)", calls)
	}
	if !strings.Contains(stderr, "websub publish failed") || !strings.Contains(stderr, "503") {
		t.Errorf("stderr does not report the hub failure:\n%s", stderr)
	}
}
