package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// liveFeed is a source whose items, and health, a test changes while the
// daemon polls it.
type liveFeed struct {
	mu       sync.Mutex
	titles   []string
	failing  bool
	requests int
}

func (f *liveFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if f.failing {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Live</title>`)
	for i, title := range f.titles {
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://news.example.org/%d</link>"+
			"<description>%s, selon nos informations.</description>"+
			"<pubDate>Mon, 10 Feb 2025 %02d:00:00 +0000</pubDate></item>", title, i, title, i)
	}
	b.WriteString(`</channel></rss>`)
	sum := sha256.Sum256([]byte(b.String()))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	io.WriteString(w, b.String())
}

func (f *liveFeed) set(fn func(f *liveFeed)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *liveFeed) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// daemonSite writes a config with one live source polled every second and
// returns it with the daemon's base URL.
func daemonSite(t *testing.T, feed *liveFeed) (configPath, base string) {
	t.Helper()
	src := httptest.NewServer(feed)
	t.Cleanup(src.Close)
	addr := freeAddr(t)
	dir := t.TempDir()
	cfg := fmt.Sprintf(`listen: %s
base_url: http://%[1]s/
retention: 0
schedule: "@every 1s"
sources:
  - {name: Live, url: %s/feed.rss}
feeds:
  - {slug: ia, title: Veille IA, language: fr, include: [IA, intelligence artificielle]}
`, addr, src.URL)
	configPath = filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(configPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return configPath, "http://" + addr
}

// startDaemon runs `veille serve` until the test ends, and checks that it
// then stops cleanly and in time.
func startDaemon(t *testing.T, configPath string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-config", configPath}, io.Discard, &stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v\n%s", err, stderr.String())
			} else if t.Failed() {
				t.Logf("the daemon's log:\n%s", stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Errorf("serve did not stop within 10 s")
		}
	})
}

// syncBuffer is a bytes.Buffer safe for the daemon's concurrent logging.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// client does not decompress, so tests see what the server sends.
var client = &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 5 * time.Second}

func get(t *testing.T, method, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// eventually polls cond every 100 ms until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// servedContains reports whether GET base+path answers 200 with text.
func servedContains(base, path, text string) func() bool {
	return func() bool {
		resp, err := client.Get(base + path)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == http.StatusOK && strings.Contains(string(body), text)
	}
}

func TestServeFeedsOverHTTP(t *testing.T) {
	feed := &liveFeed{titles: []string{"Sommet de l'IA à Paris", "Météo du jour"}}
	configPath, base := daemonSite(t, feed)
	startDaemon(t, configPath)

	eventually(t, 10*time.Second, "the first pass is served", servedContains(base, "/ia.rss", "Sommet de l&#39;IA"))
	resp, body := get(t, "GET", base+"/ia.rss")
	etag := resp.Header.Get("ETag")
	if ct := resp.Header.Get("Content-Type"); ct != "application/rss+xml; charset=utf-8" || etag == "" {
		t.Fatalf("Content-Type %q, ETag %q", ct, etag)
	}
	if strings.Contains(body, "Météo") {
		t.Error("an item not about AI is published")
	}

	// Passes that find nothing new keep the ETag: readers get 304.
	n := feed.count()
	eventually(t, 10*time.Second, "two more passes", func() bool { return feed.count() >= n+2 })
	if resp, _ := get(t, "GET", base+"/ia.rss", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("unchanged feed: status %d, want 304", resp.StatusCode)
	}

	feed.set(func(f *liveFeed) { f.titles = append(f.titles, "Une loi sur l'intelligence artificielle") })
	eventually(t, 10*time.Second, "the new item is served after the next pass",
		servedContains(base, "/ia.rss", "Une loi sur l&#39;intelligence artificielle"))
	if resp, _ := get(t, "GET", base+"/ia.rss", "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("changed feed with the old ETag: status %d, want 200", resp.StatusCode)
	}

	resp, body = get(t, "HEAD", base+"/ia.atom")
	if resp.StatusCode != http.StatusOK || body != "" || resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Errorf("HEAD: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, body = get(t, "GET", base+"/ia.json", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("no gzip: %v", resp.Header)
	} else if zr, err := gzip.NewReader(strings.NewReader(body)); err != nil {
		t.Error(err)
	} else if plain, _ := io.ReadAll(zr); !json.Valid(plain) {
		t.Error("gunzipped JSON Feed is not JSON")
	}
	resp, body = get(t, "GET", base+"/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `rel="alternate"`) || !strings.Contains(body, "/ia.atom") {
		t.Errorf("index page: %d\n%s", resp.StatusCode, body)
	}
	// Healthy once a pass has ended within three periods (3 s here): a
	// pass slowed down by a loaded machine may take longer than that.
	eventually(t, 10*time.Second, "/healthz answers 200", func() bool {
		resp, _ := get(t, "GET", base+"/healthz")
		return resp.StatusCode == http.StatusOK
	})
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"POST", "/ia.rss", 405}, {"DELETE", "/healthz", 405},
		{"GET", "/nope.rss", 404}, {"GET", "/config.yaml", 404}, {"GET", "/veille.db", 404},
	} {
		if resp, _ := get(t, c.method, base+c.path); resp.StatusCode != c.status {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, resp.StatusCode, c.status)
		}
	}
}

func TestServeHealthAndBackoff(t *testing.T) {
	feed := &liveFeed{titles: []string{"L'IA au travail"}}
	configPath, base := daemonSite(t, feed)
	startDaemon(t, configPath)
	healthy := func(want int) func() bool {
		return func() bool {
			resp, err := client.Get(base + "/healthz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == want
		}
	}
	// Healthy once the first pass has ended: before it, the daemon is
	// healthy too (it has just started), and making the source fail then
	// would fail that pass.
	eventually(t, 10*time.Second, "healthy after the first pass", func() bool {
		resp, err := client.Get(base + "/healthz")
		if err != nil {
			return false // not listening yet
		}
		defer resp.Body.Close()
		var rep healthReport
		return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&rep) == nil &&
			rep.LastPassEnd != nil && rep.SourcesOK == 1
	})

	// Every source fails: after three periods without a success, 503; and
	// the failing source is retried less often than the schedule ticks.
	feed.set(func(f *liveFeed) { f.failing = true })
	before, start := feed.count(), time.Now()
	eventually(t, 15*time.Second, "/healthz turns 503", healthy(http.StatusServiceUnavailable))
	time.Sleep(6*time.Second - time.Since(start))
	ticks, tries := int(time.Since(start)/time.Second), feed.count()-before
	if tries >= ticks-1 {
		t.Errorf("failing source fetched %d times in %d ticks: no backoff", tries, ticks)
	}
	_, body := get(t, "GET", base+"/healthz")
	var rep healthReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil || rep.SourcesFailing != 1 || rep.Entries != 1 {
		t.Errorf("health report %s (%v)", body, err)
	}

	feed.set(func(f *liveFeed) { f.failing = false })
	eventually(t, 20*time.Second, "/healthz recovers", healthy(http.StatusOK))
}
