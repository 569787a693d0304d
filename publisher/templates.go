package publisher

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/veille-project/veille"
)

//go:embed templates/pages/*.html
var pageTemplates embed.FS

// defaultTemplates are the embedded page templates. They are compiled into
// the binary, so a parse error is a bug that every test run reports.
var defaultTemplates = func() *Templates {
	set := template.Must(template.ParseFS(pageTemplates, "templates/pages/*.html"))
	return &Templates{
		index: set.Lookup("index.html"), archive: set.Lookup("archive.html"),
		item: set.Lookup("item.html"), latest: set.Lookup("latest.html"),
	}
}()

// pageNames are the file names of the templates a site may replace, and
// of the pages of a feed they render (the archive's are YYYY-MM.html, the
// items' their short ids).
var pageNames = []string{"index.html", "archive.html", "item.html", "latest.html"}

// Templates are the templates of a feed's pages: the embedded ones, or
// those of a site's own folder where it has them. The zero Templates is not
// usable; a nil *Templates means the embedded ones. Templates are safe for
// concurrent use.
type Templates struct {
	index, archive, item, latest *template.Template
	digest                       string // of the folder's files; "" for the embedded ones
}

// Digest identifies the templates' sources: it changes when a template
// file does, so that a publisher knows the pages need rendering again. It
// is "" for the embedded templates.
func (t *Templates) Digest() string {
	if t == nil {
		return ""
	}
	return t.digest
}

// LoadTemplates parses every .html file of the folder dir as one
// html/template set, so that the files can share a layout with {{define}}
// and {{template}}, and takes from it the templates named index.html,
// archive.html, item.html and latest.html; the embedded template stands in
// for each one missing. The folder must hold at least one of them.
//
// It then renders a sample feed with them, so that a template naming a
// field that does not exist, or that html/template cannot escape, fails
// now rather than at the first publish. Errors name the file and line, as
// html/template reports them.
func LoadTemplates(dir string) (*Templates, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, fmt.Errorf("load templates: %w", err)
	}
	slices.Sort(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("load templates: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("folder %s holds no .html template", dir)
	}
	set, err := template.ParseFiles(files...)
	if err != nil {
		return nil, err
	}
	t := *defaultTemplates
	t.digest = hex.EncodeToString(h.Sum(nil))
	found := false
	for _, name := range pageNames {
		if tpl := set.Lookup(name); tpl != nil {
			*t.field(name) = tpl
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("folder %s holds none of %s", dir, strings.Join(pageNames, ", "))
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	return &t, nil
}

// field returns the template of t for the page template name.
func (t *Templates) field(name string) **template.Template {
	switch name {
	case "index.html":
		return &t.index
	case "archive.html":
		return &t.archive
	case "item.html":
		return &t.item
	}
	return &t.latest
}

// check renders a sample feed with t: an item with a credit, a link and
// another outlet of the same story, so that every branch a template is
// likely to have runs.
func (t *Templates) check() error {
	date := time.Date(2025, 2, 10, 8, 30, 0, 0, time.UTC)
	entries := []veille.Item{{
		UID: "urn:uuid:00000000-0000-4000-8000-000000000000", Title: "Title", Summary: "Lead.",
		Link: "https://example.org/a", SourceName: "Source", Published: date, Fetched: date,
		Related: []veille.Item{{SourceName: "Other", Link: "https://example.com/b"}},
	}}
	f := Feed{Slug: "sample", Title: "Sample", Language: "en", BaseURL: "https://example.org/"}
	_, err := RenderPages(Site{}, f, entries, t)
	return errors.Unwrap(err) // the template's error, without the sample's name
}
