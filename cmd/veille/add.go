package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/internal/setup"
	"github.com/veille-project/veille/pipeline"
)

func addFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.addName, "name", "", "the source's `name` (default: the feed's title)")
	fs.StringVar(&e.addTags, "tags", "", "comma-separated `tags`, e.g. presse,france")
	fs.BoolVar(&e.addDryRun, "n", false, "print the YAML of the source without writing the configuration")
	fs.IntVar(&e.addPick, "pick", 0, "when several feeds are found, add the one numbered `N` in their list")
}

// usualPaths are where sites that advertise no feed mostly serve one.
var usualPaths = []string{"/feed", "/rss", "/atom.xml", "/index.xml"}

// runAdd finds the feed at a URL, or the feeds an HTML page advertises,
// and appends the source to the configuration file.
func runAdd(ctx context.Context, e *env) error {
	if len(e.args) != 1 {
		return usageError("add: want one URL, got %d arguments", len(e.args))
	}
	raw := aggregator.FeedScheme(strings.TrimSpace(e.args[0]))
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError("add: %q is not an absolute http(s) URL", e.args[0])
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	log, err := e.logger()
	if err != nil {
		return err
	}
	opts, err := setup.Options(cfg, time.Now(), userAgent())
	if err != nil {
		return err
	}
	p, err := pipeline.New(nil, log, opts) // Probe stores nothing
	if err != nil {
		return err
	}
	found, err := findFeeds(ctx, p, raw, e.stderr)
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("add: %w", err)}
	}
	for i, f := range found {
		fmt.Fprintf(e.stdout, "%d. %s\n", i+1, describe(f))
	}
	feed, err := pick(found, e.addPick)
	if err != nil {
		return err
	}
	imp := newImport(cfg.Sources)
	if why, ok := imp.urls[feed.URL]; ok {
		return &exitError{code: 1, err: fmt.Errorf("add: %s: %s", feed.URL, why)}
	}
	src, err := newSource(imp, feed, e.addName, e.addTags)
	if err != nil {
		return err
	}
	if e.addDryRun {
		return writeSourcesYAML(e.stdout, []config.Source{src})
	}
	if err := appendSource(e.configPath, src); err != nil {
		return &exitError{code: 1, err: fmt.Errorf("add: %w", err)}
	}
	fmt.Fprintf(e.stdout, "added %q to %s; run 'veille fetch -source %q' to fetch it now\n", src.Name,
		e.configPath, src.Name)
	return nil
}

// findFeeds returns the feed at raw, or the feeds the HTML page at raw
// advertises, or else those at the usual paths of its site. The feeds that
// fail are said on stderr and left out.
func findFeeds(ctx context.Context, p *pipeline.Pipeline, raw string, stderr io.Writer) ([]*aggregator.Found, error) {
	f, err := p.Probe(ctx, raw, raw)
	if err == nil {
		return []*aggregator.Found{f}, nil
	}
	var nf *aggregator.NotFeedError
	if !errors.As(err, &nf) || !nf.HTML {
		return nil, fmt.Errorf("%s: %w", raw, err)
	}
	var candidates []string
	for _, l := range nf.Advertised {
		candidates = append(candidates, l.URL)
	}
	advertised := len(candidates) > 0
	if !advertised {
		fmt.Fprintf(stderr, "%s is a page that advertises no feed; trying %s\n", raw, strings.Join(usualPaths, ", "))
		base, _ := url.Parse(raw) // runAdd checked it
		for _, path := range usualPaths {
			candidates = append(candidates, base.ResolveReference(&url.URL{Path: path}).String())
		}
	}
	var found []*aggregator.Found
	for _, c := range candidates {
		f, err := p.Probe(ctx, c, raw)
		if err != nil {
			if advertised { // a usual path that is missing is no news
				fmt.Fprintf(stderr, "skipped %s, which the page advertises: %v\n", c, err)
			}
			continue
		}
		found = append(found, f)
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s: no feed found (the page is HTML; give the feed's own URL)", raw)
	}
	return found, nil
}

// describe reads "Le Monde - Actualités (rss, 20 items, language fr)
// https://www.lemonde.fr/rss/une.xml".
func describe(f *aggregator.Found) string {
	title := f.Title
	if title == "" {
		title = "(untitled)"
	}
	lang := ""
	if f.Language != "" {
		lang = ", language " + f.Language
	}
	return fmt.Sprintf("%s (%s, %s%s)\n   %s", title, f.Format, plural(f.Items, "item"), lang, f.URL)
}

// pick returns the feed numbered n (from 1) among found, or the only one.
// With several and no n, it asks for one rather than guessing: a site's
// comments feed or a section's feed is as likely as its main one.
func pick(found []*aggregator.Found, n int) (*aggregator.Found, error) {
	switch {
	case n < 0 || n > len(found):
		return nil, usageError("add: -pick %d: there are %s, numbered from 1", n, plural(len(found), "feed"))
	case n > 0:
		return found[n-1], nil
	case len(found) == 1:
		return found[0], nil
	}
	return nil, usageError("add: %s found: choose one with -pick N", plural(len(found), "feed"))
}

// newSource names the source: name when given (it must be free), else the
// feed's title, else its host, numbered when another source has it.
func newSource(imp *sourceImport, f *aggregator.Found, name, tagList string) (config.Source, error) {
	src := config.Source{URL: f.URL, Tags: tags(strings.Split(tagList, ","))}
	if name = oneLine(name); name != "" {
		if imp.names[strings.ToLower(name)] {
			return src, usageError("add: -name %q: a source has that name already", name)
		}
		src.Name = name
		return src, nil
	}
	name = f.Title
	if name == "" {
		u, _ := url.Parse(f.URL) // it was fetched
		name = u.Hostname()
	}
	src.Name = imp.unique(name)
	return src, nil
}

// appendSource adds src at the end of the sources: list of the file at
// path. The file is edited as text, not decoded and encoded again, which
// would lose its comments, blank lines and quoting; the YAML nodes only
// say where the list ends and how its items are written. The result must
// load as a valid configuration before it replaces the file.
func appendSource(path string, src config.Source) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := insertSource(data, src)
	if err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Loaded from the same folder, relative paths resolve as they will.
	if _, err := config.Load(tmp.Name()); err != nil {
		return fmt.Errorf("the configuration would not be valid, left unchanged:\n%w", err)
	}
	return os.Rename(tmp.Name(), path)
}

// insertSource returns data with src added after the last item of its
// sources: block list, in that item's style (one flow mapping a line, or a
// block mapping) and at its indentation.
func insertSource(data []byte, src config.Source) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var list *yaml.Node
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "sources" {
				list = root.Content[i+1]
			}
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode || list.Style&yaml.FlowStyle != 0 || len(list.Content) == 0 {
		return nil, errors.New("sources: is not a block list ('- ' items) to append to; add the source by hand " +
			"('veille add -n' prints it)")
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	last := list.Content[len(list.Content)-1]
	dash := lines[last.Line-1]
	indent := len(dash) - len(bytes.TrimLeft(dash, " "))
	if !bytes.HasPrefix(dash[indent:], []byte("-")) {
		return nil, fmt.Errorf("line %d: the last source does not start its line with '- '; add the source by hand", last.Line)
	}
	// The item ends on its last node's line, or further down where a
	// flow mapping closes or a comment of the item is indented under it.
	end := lastLine(last)
	for i := end; i < len(lines); i++ {
		line := lines[i]
		text := bytes.TrimLeft(line, " ")
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		if len(line)-len(text) <= indent {
			break
		}
		end = i + 1
	}
	entry, err := sourceYAML(src, last.Style&yaml.FlowStyle != 0, strings.Repeat(" ", indent))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, l := range lines[:end] {
		out.Write(l)
	}
	if !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		out.WriteByte('\n')
	}
	out.WriteString(entry)
	for _, l := range lines[end:] {
		out.Write(l)
	}
	return out.Bytes(), nil
}

// lastLine returns the last line any node under n starts on.
func lastLine(n *yaml.Node) int {
	line := n.Line
	for _, c := range n.Content {
		line = max(line, lastLine(c))
	}
	return line
}

// sourceYAML writes src as an item of the sources: list, indented by
// indent: "- {name: …, url: …}" on one line when flow, else a block
// mapping. The encoder quotes what needs quoting.
func sourceYAML(src config.Source, flow bool, indent string) (string, error) {
	var n yaml.Node
	if err := n.Encode(yamlSource{Name: src.Name, URL: src.URL, Tags: src.Tags}); err != nil {
		return "", err
	}
	if flow {
		n.Style = yaml.FlowStyle
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode([]*yaml.Node{&n}); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	text := strings.TrimSuffix(b.String(), "\n")
	return indent + strings.ReplaceAll(text, "\n", "\n"+indent) + "\n", nil
}
