package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeReloadsOnSIGHUP changes the configuration of the running daemon:
// SIGHUP puts a new source, a new feed and a new schedule in force with a
// pass right away; an invalid file is logged and changes nothing; a new
// listen address waits for a restart.
func TestServeReloadsOnSIGHUP(t *testing.T) {
	bin := veilleBinary(t)
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		topic := map[string]string{"/a.rss": "l'IA générative", "/b.rss": "la robotique agricole"}[r.URL.Path]
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>%[1]s</title><item><title>Un article sur %[1]s</title>`+
			`<link>https://example.org%[2]s</link></item></channel></rss>`, topic, r.URL.Path)
	}))
	defer feeds.Close()
	dir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	configPath := filepath.Join(dir, "config.yaml")
	write := func(config string) {
		t.Helper()
		if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	common := fmt.Sprintf("listen: %s\nbase_url: %s/\nsources:\n  - {name: A, url: '%s/a.rss'}\n", addr, base, feeds.URL)
	write(common + "schedule: '@every 1h'\nfeeds:\n  - {slug: ia, title: IA, include: [IA]}\n")

	var stderr syncBuffer
	cmd := exec.Command(bin, "serve", "-config", configPath)
	cmd.Dir, cmd.Stderr = dir, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	hup := func() {
		t.Helper()
		if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, 10*time.Second, "the first pass is served", servedContains(base, "/ia.rss", "l&#39;IA générative"))
	maxAge := func(want string) {
		t.Helper()
		if resp, _ := get(t, "GET", base+"/ia.rss"); resp.Header.Get("Cache-Control") != want {
			t.Errorf("Cache-Control = %q, want %q", resp.Header.Get("Cache-Control"), want)
		}
	}
	maxAge("public, max-age=3600")

	write(common + "  - {name: B, url: '" + feeds.URL + "/b.rss'}\nschedule: '@every 2h'\nfeeds:\n" +
		"  - {slug: ia, title: IA, include: [IA]}\n  - {slug: robots, title: Robots, include: [robotique]}\n")
	hup()
	eventually(t, 10*time.Second, "the new feed is served with the new source's item",
		servedContains(base, "/robots.rss", "la robotique agricole"))
	if !strings.Contains(stderr.String(), "configuration reloaded") {
		t.Errorf("no log of the reload:\n%s", stderr.String())
	}

	write(common + "schedule: '@every 2h'\nfeeds:\n  - {slug: ia, title: IA, incude: [IA]}\n")
	hup()
	eventually(t, 5*time.Second, "the invalid file is reported", func() bool {
		return strings.Contains(stderr.String(), "invalid configuration") && strings.Contains(stderr.String(), "incude")
	})
	if !servedContains(base, "/robots.rss", "la robotique agricole")() {
		t.Error("an invalid file changed what is served")
	}

	write(strings.Replace(common, addr, "127.0.0.1:1", 1) + "feeds:\n  - {slug: ia, title: IA, include: [IA]}\n")
	hup()
	eventually(t, 5*time.Second, "the listen address is kept until a restart", func() bool {
		return strings.Contains(stderr.String(), "listen changes only with a restart")
	})
	if !servedContains(base, "/ia.rss", "l&#39;IA générative")() {
		t.Error("the daemon stopped serving on its address")
	}
	maxAge("public, max-age=900") // the default schedule, every 15 minutes
	// The robots feed, dropped, is no longer served, nor left in output_dir.
	public := filepath.Join(dir, "public")
	eventually(t, 5*time.Second, "the dropped feed's files are removed", func() bool {
		left, _ := filepath.Glob(filepath.Join(public, "robots.*"))
		return len(left) == 0
	})
	if _, err := os.Stat(filepath.Join(public, "ia.rss")); err != nil {
		t.Errorf("the kept feed's file: %v", err)
	}
	if resp, _ := get(t, "GET", base+"/robots.rss"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/robots.rss: status %d, want 404", resp.StatusCode)
	}

	terminate(t, cmd, stderr.String())
}
