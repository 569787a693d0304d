package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// smallDisk mounts a tmpfs of size bytes in a new folder, or skips the test
// where mounting is not allowed (it takes root).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("mounting a small tmpfs takes root")
	}
	dir := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("cannot mount a tmpfs here: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// TestFullDisk fills the disk of the database and the published files
// during a pass: the pass fails with exit status 1 and says why, and what
// was stored and published before stays as it was.
func TestFullDisk(t *testing.T) {
	bin := veilleBinary(t)
	disk := smallDisk(t, 2<<20)
	var items atomic.Int64
	items.Store(30)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(farmFeed(1, int(items.Load()))))
	}))
	defer srv.Close()
	configPath := filepath.Join(disk, "..", "config.yaml")
	config := fmt.Sprintf("database: disk/veille.db\noutput_dir: disk/public\nretention: 0\nfetch: {max_new_per_source: 100000}\n"+
		"sources:\n  - {name: s1, url: '%s/1.rss'}\n"+
		"feeds:\n  - {slug: ia, title: IA, limit: 5000, include: [IA générative]}\n", srv.URL)
	if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	fetch := func() (string, int) {
		out, err := exec.Command(bin, "fetch", "-force", "-config", configPath).CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	if out, status := fetch(); status != 0 {
		t.Fatalf("first fetch: exit %d\n%s", status, out)
	}
	before, err := os.ReadFile(filepath.Join(disk, "public", "ia.rss"))
	if err != nil {
		t.Fatal(err)
	}

	// Fifteen thousand items make a database far larger than the disk.
	items.Store(15_000)
	out, status := fetch()
	if status != 1 || !strings.Contains(out, "full") {
		t.Fatalf("fetch on a full disk: exit %d, want 1 and a message saying the disk is full:\n%s", status, out)
	}

	t.Logf("fetch on a full disk:\n%s", out)
	after, err := os.ReadFile(filepath.Join(disk, "public", "ia.rss"))
	if err != nil || !bytes.Equal(after, before) {
		t.Errorf("ia.rss changed by the failed pass (%v)", err)
	}
	checkStored(t, filepath.Join(disk, "veille.db"), 30) // the first pass's
}
