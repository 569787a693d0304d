package publisher

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// WriteFiles writes o as {slug}.rss, {slug}.atom and {slug}.json into dir,
// which is created if missing, and returns the extensions ("rss", "atom",
// "json") of the files whose content changed, in that order; a file that
// did not exist counts as changed.
//
// A file that already holds the same bytes is left as it is, so that its
// modification time keeps telling when it last changed, and so that the
// caller knows which feeds to announce (WebSub hubs are told about changed
// feeds only). Each file is written to a temporary file in dir, synced,
// then renamed over the old one, so a reader never sees half a file. All
// temporary files are complete before the first rename: on an error while
// writing them, the existing files stay untouched and the temporary files
// are removed. Calls may run concurrently; for the same slug, each file is
// then whole but the three may come from different calls.
func (o *Output) WriteFiles(dir, slug string) ([]string, error) {
	if !isFileName(slug) {
		return nil, fmt.Errorf("write feed files: slug %q: must be a non-empty file name", slug)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write feed files: %w", err)
	}
	files := []struct {
		ext  string
		data []byte
	}{
		{"rss", o.RSS},
		{"atom", o.Atom},
		{"json", o.JSON},
	}
	var changed []string
	temps := make([]string, len(files))
	defer func() { removeAll(temps) }()
	for i, f := range files {
		name := slug + "." + f.ext
		// A publish that changes nothing still clears what a killed one left.
		removeStale(dir, name)
		if same(filepath.Join(dir, name), f.data) {
			continue
		}
		tmp, err := writeTemp(dir, name, f.data)
		if err != nil {
			return nil, fmt.Errorf("write feed files: %w", err)
		}
		temps[i] = tmp
		changed = append(changed, f.ext)
	}
	if len(changed) == 0 {
		return nil, nil
	}
	for i, f := range files {
		if temps[i] == "" {
			continue
		}
		if err := os.Rename(temps[i], filepath.Join(dir, slug+"."+f.ext)); err != nil {
			return nil, fmt.Errorf("write feed files: %w", err)
		}
		temps[i] = ""
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	return changed, nil
}

// RemoveFiles removes {slug}.rss, {slug}.atom and {slug}.json from dir,
// with their leftover temporary files: the files of a feed no longer
// published, which would otherwise be served stale for ever. Files already
// gone are no error.
func RemoveFiles(dir, slug string) error {
	if !isFileName(slug) {
		return fmt.Errorf("remove feed files: slug %q: must be a non-empty file name", slug)
	}
	var errs []error
	for _, ext := range []string{"rss", "atom", "json"} {
		name := slug + "." + ext
		removeStale(dir, name)
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove feed files: %w", err))
		}
	}
	return errors.Join(errs...)
}

// isFileName reports whether slug names a file in a directory, not a path.
func isFileName(slug string) bool {
	return slug != "" && !strings.ContainsAny(slug, `/\`) && slug != "." && slug != ".."
}

// same reports whether the regular file at path holds exactly data. Any
// error reading it counts as a difference: writing is then the safe course.
func same(path string, data []byte) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}

// writeTemp writes data to a new temporary file in dir, for the file name,
// and returns its path. The file has a leading dot so that directory
// listings and static file servers do not show it.
func writeTemp(dir, name string, data []byte) (string, error) {
	// A rename cannot replace a directory. Finding that out now, before any
	// rename, keeps the existing files untouched.
	if fi, err := os.Lstat(filepath.Join(dir, name)); err == nil && fi.IsDir() {
		return "", fmt.Errorf("%s: is a directory", filepath.Join(dir, name))
	}
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", err
	}
	if err := fill(f, data); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// fill writes data to f, makes it world-readable, syncs and closes it.
// CreateTemp makes files readable by their owner only, and the web server
// serving them usually runs as another user.
func fill(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return nil
}

// syncDir makes the renames in dir durable: they are changes to the
// directory, which a crash could otherwise undo, leaving the old files.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// staleAfter is the age past which a temporary file is a leftover of a
// process killed while publishing; younger ones may belong to a publish
// running now in another process (a cron `veille fetch` beside the daemon).
const staleAfter = 10 * time.Minute

// RemoveLeftovers removes from dir the temporary files that a process
// killed while publishing left behind, for the feeds slugs and the index
// page: a publish removes those of the files it writes, but a pass that
// changed nothing writes none.
func RemoveLeftovers(dir string, slugs []string) {
	removeStale(dir, "index.html")
	for _, slug := range slugs {
		for _, ext := range []string{"rss", "atom", "json"} {
			removeStale(dir, slug+"."+ext)
		}
	}
}

// removeStale removes the leftover temporary files of name in dir, so that
// a process killed while publishing does not leave them forever.
func removeStale(dir, name string) {
	matches, _ := filepath.Glob(filepath.Join(dir, "."+name+".*.tmp"))
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > staleAfter {
			_ = os.Remove(m)
		}
	}
}

// removeAll removes the files at paths, skipping empty paths. Errors are
// ignored: a leftover temporary file harms no reader, and the error that led
// here is the one worth returning.
func removeAll(paths []string) {
	for _, p := range paths {
		if p != "" {
			_ = os.Remove(p)
		}
	}
}
