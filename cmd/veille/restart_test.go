package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRestartServesStoredItemsBehindAHangingSource restarts the daemon on a
// populated database while its only source hangs: the stored items are
// served at once, not after the first pass (a 404 there reads as "feed
// deleted" to a feed reader).
func TestRestartServesStoredItemsBehindAHangingSource(t *testing.T) {
	bin := veilleBinary(t)
	var hang atomic.Bool
	release := make(chan struct{})
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hang.Load() {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		fmt.Fprint(w, `<rss version="2.0"><channel><title>S</title><item><title>L'IA générative au sommet de Paris</title>`+
			`<link>https://example.org/sommet</link><description>Un article sur l'IA.</description></item></channel></rss>`)
	}))
	defer src.Close()
	defer close(release)
	dir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	configPath := filepath.Join(dir, "config.yaml")
	config := fmt.Sprintf("listen: %s\nbase_url: %s/\nfetch: {timeout: 60s}\nsources:\n  - {name: A, url: '%s/a.rss'}\n"+
		"feeds:\n  - {slug: ia, title: IA, include: [IA]}\n", addr, base, src.URL)
	if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "fetch", "-config", configPath).CombinedOutput(); err != nil {
		t.Fatalf("fetch: %v\n%s", err, out)
	}

	hang.Store(true)
	cmd, stderr := serveBinary(t, bin, dir, configPath, base)
	for _, path := range []string{"/ia.rss", "/ia.atom", "/ia.json", "/"} {
		resp, body := get(t, "GET", base+path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "sommet de Paris") {
			t.Errorf("%s while the first pass hangs: status %d, want 200 with the stored item:\n%s",
				path, resp.StatusCode, body)
		}
	}
	if strings.Contains(stderr.String(), "pass done") {
		t.Fatalf("the first pass ended: the test did not hold it\n%s", stderr.String())
	}
	terminate(t, cmd, stderr.String())
}

// serveBinary starts `veille serve` with configPath in dir, killed when the
// test ends, and returns once it listens at base, with its stderr.
func serveBinary(t *testing.T, bin, dir, configPath, base string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	stderr := &syncBuffer{}
	cmd := exec.Command(bin, "serve", "-config", configPath)
	cmd.Dir, cmd.Stderr = dir, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	eventually(t, 10*time.Second, "the daemon listens", func() bool {
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	return cmd, stderr
}
