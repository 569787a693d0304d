package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// hitCounter is a loopback server that records the paths asked of it.
type hitCounter struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func (h *hitCounter) record(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.paths = append(h.paths, r.URL.Path)
}

// take returns the paths asked for since the last call.
func (h *hitCounter) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	p := h.paths
	h.paths = nil
	return p
}

// internalFeed is what a server that must stay private serves: an item
// the "ia" feed would select.
func internalFeed(base string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Intranet</title><link>%[1]s/</link>
<item><title>CONFIDENTIAL: the internal AI roadmap</title><link>%[1]s/secret/1</link><guid>secret-1</guid>
<pubDate>%[2]s</pubDate><description>CONFIDENTIAL. Our intelligence artificielle plans.</description></item>
</channel></rss>`, base, time.Now().UTC().Format(time.RFC1123Z))
}

// outboundSite starts the internal server on the IPv6 loopback and a
// configured source on 127.0.0.1 that answers every request with a 301
// to the internal server's feed, and writes a configuration with the
// fetch: line given.
func outboundSite(t *testing.T, fetch string) (configPath string, source, internal *hitCounter, target string) {
	t.Helper()
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	internal = &hitCounter{}
	internal.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		internal.record(r)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, internalFeed(internal.URL))
	}))
	internal.Listener.Close()
	internal.Listener = ln
	internal.Start()
	t.Cleanup(internal.Close)
	target = internal.URL + "/internal.rss" // http://[::1]:PORT/internal.rss

	source = &hitCounter{}
	source.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		source.record(r)
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	}))
	t.Cleanup(source.Close)

	dir := t.TempDir()
	configPath = filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf(`database: veille.db
output_dir: public
retention: 0
%s
sources:
  - {name: Partner, url: '%s/feed.rss'}
feeds:
  - slug: ia
    title: Veille IA
    language: fr
    fetch_articles: false
    include: [intelligence artificielle, IA, AI]
`, fetch, source.URL)
	if err := os.WriteFile(configPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return configPath, source, internal, target
}

// veilleCommand runs the built binary and returns its combined output; a
// non-zero exit fails the test.
func veilleCommand(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(veilleBinary(t), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("veille %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// sourceState is the part of `veille sources -json` this test reads.
type sourceState struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Error   string `json:"error"`
	MovedTo string `json:"moved_to"`
}

func sourcesJSON(t *testing.T, configPath string) sourceState {
	t.Helper()
	out, err := exec.Command(veilleBinary(t), "sources", "-json", "-config", configPath).Output()
	if err != nil {
		t.Fatalf("veille sources: %v", err)
	}
	var states []sourceState
	if err := json.Unmarshal(out, &states); err != nil || len(states) != 1 {
		t.Fatalf("sources -json: %v\n%s", err, out)
	}
	return states[0]
}

// published returns public/ia.rss, "" if it was not written.
func published(t *testing.T, configPath string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(filepath.Dir(configPath), "public", "ia.rss"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

// TestRedirectToLoopbackNeverPublished is the security probe of issue 13,
// through the built binary: a configured source answers 301 to a server on
// the IPv6 loopback. The source is trusted as written, not where it
// redirects: the redirect is refused on every pass, the internal server
// gets no request, its item never reaches the published feed, and
// `veille sources` names the refusal.
func TestRedirectToLoopbackNeverPublished(t *testing.T) {
	configPath, source, internal, target := outboundSite(t, "")
	want := "redirect to " + target + " refused: loopback address"
	// The second pass is forced: a failed source backs off, and the point
	// is what a later fetch of it requests.
	for _, args := range [][]string{{"fetch"}, {"fetch", "-force"}} {
		out := veilleCommand(t, append(args, "-config", configPath)...)
		if !strings.Contains(out, want) {
			t.Errorf("veille %s: output lacks %q:\n%s", args, want, out)
		}
		if got := source.take(); len(got) != 1 || got[0] != "/feed.rss" {
			t.Errorf("veille %s: the source was asked for %q, want its configured /feed.rss once", args, got)
		}
	}
	if got := internal.take(); len(got) != 0 {
		t.Errorf("the internal server got %d requests (%q), want none", len(got), got)
	}
	if feed := published(t, configPath); strings.Contains(feed, "CONFIDENTIAL") {
		t.Errorf("public/ia.rss publishes the internal item:\n%s", feed)
	}
	st := sourcesJSON(t, configPath)
	if st.Status != "error" || st.Error != want || st.MovedTo != "" {
		t.Errorf("sources -json: %+v, want status error, error %q, no move", st, want)
	}
	// The table cuts the middle of long errors, keeping the cause; -json
	// has the whole message.
	if out := veilleCommand(t, "sources", "-config", configPath); !strings.Contains(out, "error: redirect to ") ||
		!strings.Contains(out, "refused: loopback address") {
		t.Errorf("veille sources does not show the refusal:\n%s", out)
	}
}

// TestRedirectFollowedWhenPrivateNetworksAllowed: with
// fetch.allow_private_networks the same redirect is followed (so the test
// above would see a leak), and the move to another host is recorded but
// not followed by the next pass, which asks the configured URL again.
func TestRedirectFollowedWhenPrivateNetworksAllowed(t *testing.T) {
	configPath, source, internal, target := outboundSite(t, "fetch: {allow_private_networks: true}")
	for _, args := range [][]string{{"fetch"}, {"fetch", "-force"}} {
		veilleCommand(t, append(args, "-config", configPath)...)
		if got := source.take(); len(got) != 1 || got[0] != "/feed.rss" {
			t.Errorf("veille %s: the source was asked for %q, want its configured /feed.rss once", args, got)
		}
		if got := internal.take(); len(got) != 1 {
			t.Errorf("veille %s: the internal server was asked for %q, want the redirect followed once", args, got)
		}
	}
	if feed := published(t, configPath); !strings.Contains(feed, "CONFIDENTIAL") {
		t.Errorf("public/ia.rss lacks the item of the allowed redirect:\n%s", feed)
	}
	if st := sourcesJSON(t, configPath); st.Status != "ok" || st.MovedTo != target {
		t.Errorf("sources -json: %+v, want ok, moved to %s", st, target)
	}
}
