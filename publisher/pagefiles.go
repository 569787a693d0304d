package publisher

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// WritePages writes pages into dir/slug, which is created if missing, and
// removes the pages of that folder that pages no longer has: those of items
// the feed no longer publishes (gone with retention, rejected by an editor,
// merged into another story) and of months it no longer has items of. It
// returns the names of the files it wrote or removed.
//
// Each page is written as WriteFiles writes a feed, to a synced temporary
// file renamed over the old one, and only when its bytes changed. Only
// names that RenderPages makes are removed, so a file someone else put in
// the folder stays.
func WritePages(dir, slug string, pages Pages) ([]string, error) {
	if !isFileName(slug) {
		return nil, fmt.Errorf("write pages: slug %q: must be a non-empty file name", slug)
	}
	folder := filepath.Join(dir, slug)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return nil, fmt.Errorf("write pages: %w", err)
	}
	names := make([]string, 0, len(pages))
	for name := range pages {
		if !isPageName(name) {
			return nil, fmt.Errorf("write pages: %q: not a page name", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	var changed []string
	for _, name := range names {
		removeStale(folder, name)
		path := filepath.Join(folder, name)
		if same(path, pages[name]) {
			continue
		}
		tmp, err := writeTemp(folder, name, pages[name])
		if err != nil {
			return changed, fmt.Errorf("write pages: %w", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			removeAll([]string{tmp})
			return changed, fmt.Errorf("write pages: %w", err)
		}
		changed = append(changed, name)
	}
	removed, err := removePages(folder, pages)
	changed = append(changed, removed...)
	if err != nil {
		return changed, err
	}
	if len(changed) > 0 {
		if err := syncDir(folder); err != nil {
			return changed, fmt.Errorf("write pages: %w", err)
		}
	}
	return changed, nil
}

// RemovePages removes the folder of the pages of the feed slug from dir,
// when it holds nothing but pages: a feed no longer published.
func RemovePages(dir, slug string) error {
	if !isFileName(slug) {
		return fmt.Errorf("remove pages: slug %q: must be a non-empty file name", slug)
	}
	folder := filepath.Join(dir, slug)
	if _, err := removePages(folder, nil); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Remove fails on a folder that is not empty: what someone else put
	// there stays, with the folder.
	if err := os.Remove(folder); err != nil && !errors.Is(err, fs.ErrNotExist) {
		if entries, rerr := os.ReadDir(folder); rerr == nil && len(entries) > 0 {
			return nil
		}
		return fmt.Errorf("remove pages: %w", err)
	}
	return nil
}

// removePages removes from folder the pages, and leftover temporary files
// of pages, whose names keep does not have.
func removePages(folder string, keep Pages) ([]string, error) {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return nil, fmt.Errorf("remove pages: %w", err)
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if base, ok := tempOf(name); ok && isPageName(base) {
			removeStale(folder, base) // only those a killed process left
			continue
		}
		if _, ok := keep[name]; ok || !isPageName(name) || !e.Type().IsRegular() {
			continue
		}
		if err := os.Remove(filepath.Join(folder, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove pages: %w", err))
			continue
		}
		removed = append(removed, name)
	}
	return removed, errors.Join(errs...)
}

// tempOf returns the name of the file whose temporary file name is, as
// writeTemp makes them: ".{name}.{random}.tmp".
func tempOf(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok || !strings.HasSuffix(rest, ".tmp") {
		return "", false
	}
	rest = strings.TrimSuffix(rest, ".tmp")
	i := strings.LastIndexByte(rest, '.')
	if i < 0 {
		return "", false
	}
	return rest[:i], true
}

// isPageName reports whether name is one RenderPages makes: index.html,
// latest.html, a month "2025-02.html" or a short id of 8 to 32 lowercase
// hexadecimal digits.
func isPageName(name string) bool {
	base, ok := strings.CutSuffix(name, ".html")
	switch {
	case !ok:
		return false
	case base == "index" || base == "latest":
		return true
	case len(base) == 7 && base[4] == '-':
		return digits(base[:4], "0123456789") && digits(base[5:], "0123456789")
	}
	return len(base) >= 8 && len(base) <= 32 && digits(base, "0123456789abcdef")
}

// digits reports whether every byte of s is in set.
func digits(s, set string) bool {
	for i := range len(s) {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}
