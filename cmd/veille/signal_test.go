package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/veille-project/veille/storage"
)

// TestServeStopsOnSIGTERMDuringAPass kills the real daemon while a source
// is trickling its body: it must exit 0 within 10 s and leave a sound
// database that the next run opens.
func TestServeStopsOnSIGTERMDuringAPass(t *testing.T) {
	bin := veilleBinary(t)
	inPass := make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Signal once the pass has run for a while: the fast source is stored.
		time.AfterFunc(time.Second, func() {
			select {
			case inPass <- struct{}{}:
			default:
			}
		})
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>`))
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(100 * time.Millisecond):
				w.Write([]byte(" "))
				w.(http.Flusher).Flush()
			}
		}
	}))
	defer slow.Close()
	fast := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, tinyRSS)
	}))
	defer fast.Close()

	dir := t.TempDir()
	cfg := fmt.Sprintf("listen: %s\nschedule: '@every 1h'\nfetch: {timeout: 60s}\nsources:\n"+
		"  - {name: fast, url: %s}\n  - {name: slow, url: %s}\n"+
		"feeds:\n  - {slug: ia, title: IA, include: [IA]}\n", freeAddr(t), fast.URL, slow.URL)
	configPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(configPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "-config", configPath)
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-inPass:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the start-up pass never reached the slow source")
	}
	start := time.Now()
	terminate(t, cmd, "")
	t.Logf("stopped %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	checkStored(t, filepath.Join(dir, "veille.db"), 2)
}

// terminate sends SIGTERM to the daemon cmd and fails the test unless it
// exits 0 within 10 s; log is what it wrote, for the failure message.
func terminate(t *testing.T, cmd *exec.Cmd, log string) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, log)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("no exit within 10 s of SIGTERM\n%s", log)
	}
}

// checkStored opens the database at path: it must pass its integrity check
// and hold want entries.
func checkStored(t *testing.T, path string, want int) {
	t.Helper()
	store, err := storage.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n, err := store.EntryCount(t.Context()); err != nil || n != want {
		t.Errorf("%d entries stored, want %d (%v)", n, want, err)
	}
}

const tinyRSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>Un</title><link>https://example.org/1</link></item>
<item><title>L'IA</title><link>https://example.org/2</link></item></channel></rss>`
