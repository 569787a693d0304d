package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// paths checks that publishing can neither destroy nor expose what veille
// keeps: every publish writes and renames files in output_dir, and a web
// server usually serves that folder as it is. So the database must not be
// in it (the JSON Feed renamed over "public/ia.json" was once the database),
// and output_dir must not be the root or hold the configuration file.
//
// Paths are compared absolute and cleaned, relative paths taken from the
// configuration file's folder as Load resolves them, with the symbolic links
// of their existing parts resolved, and ignoring case, as the file systems
// of macOS and Windows do. Feeds cannot collide with each other or with
// index.html: slugs are unique, in lower case, and every feed file ends in
// .rss, .atom or .json. Each feed's pages go in the folder named by its
// slug, so a file already there under that name is refused, and so is a
// site.templates folder inside output_dir, where index.html and the feeds'
// pages would replace the templates of those names.
func (v *validator) paths() {
	c := v.c
	if strings.TrimSpace(c.Database) == "" || strings.TrimSpace(c.OutputDir) == "" {
		return // reported as required
	}
	// A Config made in code has no file: its paths are relative to the
	// working folder, as they would be when opened.
	home, err := filepath.Abs(filepath.Dir(c.file))
	if err != nil {
		return // no working folder: nothing can be compared
	}
	out := realPath(resolve(home, c.OutputDir))
	db := realPath(resolve(home, c.Database))
	home = realPath(home)
	v.templates(home, out)
	v.feedFolders(out)

	refused := true
	switch {
	case filepath.Dir(out) == out:
		v.errorf("output_dir", "must not be the root folder %q: every publish writes there, and a web server would serve the whole disk", c.OutputDir)
	case within(home, out):
		v.errorf("output_dir", "must not be the configuration file's folder or one above it, got %q: every publish writes there, and a web server would serve the configuration and the database", c.OutputDir)
	default:
		refused = false
	}
	if !within(db, out) {
		return
	}
	rel := strings.TrimLeft(db[len(out):], string(filepath.Separator)) // not filepath.Rel, which minds case
	switch what := v.publishedAs(rel); {
	case what != "":
		v.errorf("database", "must not be inside output_dir (%q): publishing writes %s to %q, replacing the database", c.OutputDir, what, c.Database)
	case !refused:
		// When output_dir is refused already, its message says that the
		// database would be served.
		v.errorf("database", "must not be inside output_dir (%q): a web server serving the folder would hand out the database", c.OutputDir)
	}
}

// publishedAs names what publishing writes at rel, a path relative to
// output_dir, or returns "" when it writes nothing there.
func (v *validator) publishedAs(rel string) string {
	if strings.EqualFold(rel, "index.html") {
		return "the index page"
	}
	for i, f := range v.c.Feeds {
		if f.Slug != "" && within(rel, f.Slug) {
			return fmt.Sprintf("the pages of feeds[%d] (%s) in the folder %s", i, f.Slug, f.Slug)
		}
	}
	formats := []struct{ ext, name string }{{"rss", "RSS"}, {"atom", "Atom"}, {"json", "JSON Feed"}}
	for i, f := range v.c.Feeds {
		for _, format := range formats {
			if strings.EqualFold(rel, f.Slug+"."+format.ext) {
				return fmt.Sprintf("the %s of feeds[%d] (%s)", format.name, i, f.Slug)
			}
		}
	}
	return ""
}

// templates checks that site.templates, when set, is a folder outside out,
// the output folder; a relative path is taken from home, the configuration
// file's folder.
func (v *validator) templates(home, out string) {
	dir := v.c.Site.Templates
	if strings.TrimSpace(dir) == "" {
		return
	}
	fi, err := os.Stat(resolve(home, dir))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		v.errorf("site.templates", "folder %q does not exist", dir)
	case err != nil:
		v.errorf("site.templates", "%s", err)
	case !fi.IsDir():
		v.errorf("site.templates", "%q is not a folder", dir)
	case within(realPath(resolve(home, dir)), out):
		v.errorf("site.templates", "must not be inside output_dir (%q): publishing writes index.html and the feeds' pages there, replacing templates of the same names, and a web server would serve them", v.c.OutputDir)
	}
}

// feedFolders refuses a file that is not a folder where a feed's pages go,
// out/{slug}: every publish would fail to write them.
func (v *validator) feedFolders(out string) {
	for i, f := range v.c.Feeds {
		if !validSlug(f.Slug) {
			continue // reported as such
		}
		if fi, err := os.Lstat(filepath.Join(out, f.Slug)); err == nil && !fi.IsDir() {
			v.errorf(fmt.Sprintf("feeds[%d].slug", i), "output_dir holds a file %q that is no folder: the pages of the feed are written in a folder of that name", f.Slug)
		}
	}
}

// within reports whether path is dir or inside it, both absolute and clean,
// ignoring case.
func within(path, dir string) bool {
	if len(path) < len(dir) || !strings.EqualFold(path[:len(dir)], dir) {
		return false
	}
	return len(path) == len(dir) || path[len(dir)] == filepath.Separator || strings.HasSuffix(dir, string(filepath.Separator))
}

// realPath returns the absolute path p cleaned, with the symbolic links of
// its longest existing part resolved: a database reached through a link to
// output_dir is inside it all the same. The parts that do not exist yet are
// kept as written.
func realPath(p string) string {
	p = filepath.Clean(p)
	var missing []string // trailing parts that do not exist, innermost last
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, missing...)...)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, missing...)...)
		}
		missing = append([]string{filepath.Base(p)}, missing...)
		p = parent
	}
}
