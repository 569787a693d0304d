package publisher_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille/publisher"
)

func output(tag string) *publisher.Output {
	return &publisher.Output{
		RSS:  []byte("rss " + tag),
		Atom: []byte("atom " + tag),
		JSON: []byte("json " + tag),
	}
}

// checkFiles fails t unless dir holds exactly want, as readable files.
func checkFiles(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	for name, content := range want {
		if !slices.Contains(names, name) {
			t.Errorf("%s missing; dir holds %q", name, names)
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != content {
			t.Errorf("%s = %q, %v; want %q", name, got, err, content)
		}
	}
	if len(names) != len(want) {
		t.Errorf("dir holds %q, want only %d files (no temporary files)", names, len(want))
	}
}

func wantFiles(tag string) map[string]string {
	return map[string]string{"ia.rss": "rss " + tag, "ia.atom": "atom " + tag, "ia.json": "json " + tag}
}

func TestWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public", "feeds")
	if _, err := output("v1").WriteFiles(dir, "ia"); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, dir, wantFiles("v1"))
	fi, err := os.Stat(filepath.Join(dir, "ia.rss"))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o644 {
		t.Errorf("mode = %v, want 0644 so that a web server can read it", perm)
	}
	if _, err := output("v2").WriteFiles(dir, "ia"); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, dir, wantFiles("v2"))
}

func TestWriteFilesFailureKeepsOldFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := output("v1").WriteFiles(dir, "ia"); err != nil {
		t.Fatal(err)
	}
	// A directory where the last file goes: the rss and atom temporary
	// files are written before the json one fails.
	jsonPath := filepath.Join(dir, "ia.json")
	if err := os.Remove(jsonPath); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(jsonPath, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := output("v2").WriteFiles(dir, "ia")
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("err = %v, want a directory error", err)
	}
	for name, want := range map[string]string{"ia.rss": "rss v1", "ia.atom": "atom v1"} {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q untouched", name, got, err, want)
		}
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	if want := []string{"ia.atom", "ia.json", "ia.rss"}; !slices.Equal(names, want) {
		t.Errorf("dir holds %q, want %q: temporary files must be removed", names, want)
	}
}

func TestWriteFilesUnwritableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to read-only directories")
	}
	dir := t.TempDir()
	if _, err := output("v1").WriteFiles(dir, "ia"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if _, err := output("v2").WriteFiles(dir, "ia"); err == nil {
		t.Fatal("no error writing into a read-only directory")
	}
	checkFiles(t, dir, wantFiles("v1"))
}

func TestWriteFilesErrors(t *testing.T) {
	tests := []struct {
		name, slug string
		dirIsFile  bool
	}{
		{"dir is a file", "ia", true},
		{"slug with slash", "../ia", false},
		{"empty slug", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "feeds")
			if tt.dirIsFile {
				if err := os.WriteFile(dir, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := output("v1").WriteFiles(dir, tt.slug); err == nil {
				t.Error("no error")
			}
			des, err := os.ReadDir(root)
			if err != nil {
				t.Fatal(err)
			}
			if len(des) > 1 || len(des) == 1 && des[0].IsDir() {
				t.Errorf("%s holds %v, want nothing written", root, des)
			}
		})
	}
}

func TestWriteFilesRendered(t *testing.T) {
	out := render(t, testFeed(), entriesOf(fixtures()))
	dir := t.TempDir()
	if _, err := out.WriteFiles(dir, "ia"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "ia.atom"))
	if err != nil || !bytes.Equal(got, out.Atom) {
		t.Errorf("ia.atom differs from Output.Atom (err %v)", err)
	}
}

func TestWriteFilesReportsChanges(t *testing.T) {
	dir := t.TempDir()
	write := func(o *publisher.Output) []string {
		t.Helper()
		changed, err := o.WriteFiles(dir, "ia")
		if err != nil {
			t.Fatal(err)
		}
		return changed
	}
	if got := write(output("v1")); !slices.Equal(got, []string{"rss", "atom", "json"}) {
		t.Errorf("first write changed %q, want every file", got)
	}
	rss := filepath.Join(dir, "ia.rss")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(rss, old, old); err != nil {
		t.Fatal(err)
	}
	if got := write(output("v1")); got != nil {
		t.Errorf("same bytes again changed %q, want nothing", got)
	}
	if fi, err := os.Stat(rss); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("an unchanged file was rewritten: %v, %v", fi.ModTime(), err)
	}
	v2 := output("v1")
	v2.Atom = []byte("atom v2")
	if got := write(v2); !slices.Equal(got, []string{"atom"}) {
		t.Errorf("changing the atom document changed %q, want [atom]", got)
	}
	checkFiles(t, dir, map[string]string{"ia.rss": "rss v1", "ia.atom": "atom v2", "ia.json": "json v1"})
	// A file removed behind our back is written again.
	if err := os.Remove(filepath.Join(dir, "ia.json")); err != nil {
		t.Fatal(err)
	}
	if got := write(v2); !slices.Equal(got, []string{"json"}) {
		t.Errorf("after removing ia.json, changed %q, want [json]", got)
	}
}

// TestRemoveFiles checks that a feed's files go, with an old temporary
// file of theirs, and that the other feeds' files and other files stay.
func TestRemoveFiles(t *testing.T) {
	dir := t.TempDir()
	for _, slug := range []string{"ia", "robots"} {
		if _, err := output("v1").WriteFiles(dir, slug); err != nil {
			t.Fatal(err)
		}
	}
	stale := filepath.Join(dir, ".robots.atom.123.tmp")
	if err := os.WriteFile(stale, []byte("<feed"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "robots.html"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := publisher.RemoveFiles(dir, "robots"); err != nil {
		t.Fatal(err)
	}
	want := wantFiles("v1")
	want["robots.html"] = "mine"
	checkFiles(t, dir, want)
	if err := publisher.RemoveFiles(dir, "robots"); err != nil {
		t.Errorf("files already gone: %v", err)
	}
	for _, slug := range []string{"", ".", "..", "../ia", `a\b`} {
		if err := publisher.RemoveFiles(dir, slug); err == nil {
			t.Errorf("slug %q: no error", slug)
		}
	}
	checkFiles(t, dir, want)
}

// TestWriteFilesRemovesStaleTemps checks that a publish clears the
// temporary files a killed one left, once they are old, even when it has
// nothing to change; a young one may be another process's, and stays.
func TestWriteFilesRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	out := output("v1")
	if _, err := out.WriteFiles(dir, "ia"); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, ".ia.rss.123.tmp")
	young := filepath.Join(dir, ".ia.atom.456.tmp")
	for _, p := range []string{stale, young} {
		if err := os.WriteFile(p, []byte("<rss"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	changed, err := out.WriteFiles(dir, "ia")
	if err != nil || len(changed) != 0 {
		t.Fatalf("same output again: changed %v, err %v; want nothing", changed, err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file kept (%v)", err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("young temporary file removed: %v", err)
	}
}
