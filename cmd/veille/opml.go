package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/opml"
	"github.com/veille-project/veille/storage"
)

// runOPMLExport prints the configured sources as OPML 2.0.
func runOPMLExport(ctx context.Context, e *env) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	sites, err := storedSites(ctx, cfg)
	if err != nil {
		return err
	}
	return opml.Write(e.stdout, sourcesOPML(cfg.Sources, sites, time.Now()))
}

// storedSites returns, by source name, the web sites the configured
// sources' feeds link to, as their last fetch found them. Without a
// database there is none: exporting never creates one.
func storedSites(ctx context.Context, cfg *config.Config) (map[string]string, error) {
	if _, err := os.Stat(cfg.Database); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	store, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	stored, err := store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	configured := make(map[string]string, len(cfg.Sources)) // name → URL
	for _, s := range cfg.Sources {
		configured[s.Name] = s.URL
	}
	sites := map[string]string{}
	for _, s := range stored {
		// A source whose URL changed since keeps its old site until fetched.
		if s.SiteURL != "" && configured[s.Name] == s.URL {
			sites[s.Name] = s.SiteURL
		}
	}
	return sites, nil
}

// sourcesOPML lists sources as feed readers import them: in a folder named
// by their first tag, since most readers have one folder per feed, and with
// every tag in the category attribute, which OPML has for more. sites gives
// the htmlUrl of the sources it names.
func sourcesOPML(sources []config.Source, sites map[string]string, now time.Time) *opml.Document {
	doc := &opml.Document{Title: "veille sources", DateCreated: now.UTC().Format(time.RFC1123Z)}
	folders := map[string]int{} // tag → index of its folder in doc.Outlines
	for _, s := range sources {
		o := opml.Outline{Text: s.Name, Title: s.Name, Type: "rss", XMLURL: s.URL, HTMLURL: sites[s.Name],
			Category: strings.Join(s.Tags, ",")}
		if len(s.Tags) == 0 {
			doc.Outlines = append(doc.Outlines, o)
			continue
		}
		i, ok := folders[s.Tags[0]]
		if !ok {
			i = len(doc.Outlines)
			folders[s.Tags[0]] = i
			doc.Outlines = append(doc.Outlines, opml.Outline{Text: s.Tags[0], Title: s.Tags[0]})
		}
		doc.Outlines[i].Outlines = append(doc.Outlines[i].Outlines, o)
	}
	return doc
}

// runOPMLImport prints the sources of an OPML file as the YAML to paste
// under `sources:`. It never writes the configuration: rewriting a file
// people comment and arrange by hand would lose what YAML libraries drop.
func runOPMLImport(ctx context.Context, e *env) error {
	if len(e.args) != 1 {
		return usageError("opml import: want one FILE, got %d arguments", len(e.args))
	}
	file := e.args[0]
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("opml import: %w", err)}
	}
	defer f.Close()
	doc, err := opml.Parse(f, file)
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("opml import: %w", err)}
	}
	imp := newImport(cfg.Sources)
	for _, feed := range doc.Feeds() {
		if reason := imp.add(feed); reason != "" {
			fmt.Fprintf(e.stderr, "%s:%d: skipped %s: %s\n", file, feed.Line, feed.XMLURL, reason)
		}
	}
	if len(imp.sources) == 0 {
		fmt.Fprintf(e.stderr, "%s: no source to add\n", file)
		return nil
	}
	fmt.Fprintf(e.stdout, "  # %s from %s (veille opml import), to paste under sources: in %s\n",
		plural(len(imp.sources), "source"), file, e.configPath)
	if err := writeSourcesYAML(e.stdout, imp.sources); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s: %s to add to %s\n", file, plural(len(imp.sources), "source"), e.configPath)
	return nil
}

// sourceImport turns the feeds of an OPML document into new sources, each
// with a name and URL used nowhere else in the configuration.
type sourceImport struct {
	sources []config.Source
	names   map[string]bool   // lower-cased names taken, configured or imported
	urls    map[string]string // URL → what has it: a configured source, or a line of the file
}

func newImport(configured []config.Source) *sourceImport {
	imp := &sourceImport{names: map[string]bool{}, urls: map[string]string{}}
	for _, s := range configured {
		imp.names[strings.ToLower(s.Name)] = true
		imp.urls[s.URL] = fmt.Sprintf("already configured as %q", s.Name)
	}
	return imp
}

// add imports feed, or returns why it does not.
func (imp *sourceImport) add(feed opml.Feed) (skipped string) {
	if !readable(feed.Type) {
		return fmt.Sprintf("type %q is not a feed veille can read", feed.Type)
	}
	// Readers that took a feed from a feed:// link export it as such.
	xmlURL := aggregator.FeedScheme(feed.XMLURL)
	u, err := url.Parse(xmlURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "not an absolute http(s) URL"
	}
	if why, ok := imp.urls[xmlURL]; ok {
		return why
	}
	imp.urls[xmlURL] = fmt.Sprintf("listed twice, already imported from line %d", feed.Line)
	name := feed.Name
	if name == "" {
		name = u.Hostname() // newsboat writes no name for feeds it has not fetched
	}
	imp.sources = append(imp.sources, config.Source{Name: imp.unique(name), URL: xmlURL,
		Tags: tags(slices.Concat(feed.Folders, feed.Categories))})
	return ""
}

// unique returns name, numbered if a source has that name already: source
// names are unique, ignoring case.
func (imp *sourceImport) unique(name string) string {
	candidate := name
	for n := 2; imp.names[strings.ToLower(candidate)]; n++ {
		candidate = name + " (" + strconv.Itoa(n) + ")"
	}
	imp.names[strings.ToLower(candidate)] = true
	return candidate
}

// readable reports whether an outline of this type is a feed. Readers
// write "rss" for every format, or nothing; FreshRSS's scraped pages
// ("HTML+XPath", "JSON+DotNotation"...) and OPML's links and inclusions
// are not feeds.
func readable(typ string) bool {
	t := strings.ToLower(strings.TrimSpace(typ))
	return !strings.Contains(t, "+") && t != "link" && t != "include"
}

// tags makes folder and category names config tags: without commas, which
// OPML uses to separate categories, and each once.
func tags(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, name := range names {
		t := oneLine(strings.ReplaceAll(name, ",", " "))
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// yamlSource is how an imported source is written: as config.yaml writes
// sources, its tags on one line.
type yamlSource struct {
	Name string   `yaml:"name"`
	URL  string   `yaml:"url"`
	Tags []string `yaml:"tags,omitempty,flow"`
}

// writeSourcesYAML writes sources as the items of the sources: list of
// config.yaml, indented by two spaces as the example configuration is.
func writeSourcesYAML(w io.Writer, sources []config.Source) error {
	items := make([]yamlSource, len(sources))
	for i, s := range sources {
		items[i] = yamlSource{Name: s.Name, URL: s.URL, Tags: s.Tags}
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(items); err != nil {
		return fmt.Errorf("opml import: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("opml import: %w", err)
	}
	_, err := io.WriteString(w, indentYAML(b.String()))
	return err
}

// indentYAML indents each line of s by two spaces.
func indentYAML(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}
