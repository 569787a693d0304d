package publisher

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/veille-project/veille"
)

//go:embed templates/index.html
var templates embed.FS

// indexTemplate is parsed once, when the package loads. The template is
// compiled into the binary, so a parse error is a bug that every test run
// reports, not a condition a caller could handle.
var indexTemplate = template.Must(template.ParseFS(templates, "templates/index.html"))

// defaultTitle names the index page when the caller gives no title, since
// an HTML document must have a non-empty <title>.
const defaultTitle = "veille"

// Page is one feed as shown on the index page: its metadata and its latest
// entries, newest first.
type Page struct {
	Feed    Feed
	Entries []veille.Item
}

// indexView is what the index template shows: every text already chosen,
// cut and made safe, so the template only lays it out.
type indexView struct {
	Lang, Title string
	Feeds       []feedView
}

type feedView struct {
	Slug, Lang, Title, Description string
	RSS, Atom, JSON                string
	Pages                          string // the feed's own index page (see RenderPages)
	Subscribe, Empty               string // labels in the feed's language
	Entries                        []entryView
}

type entryView struct {
	Title, Link, Source, Summary string // Link is empty unless http(s)
	Date, DateTime               string // empty when the publication date is unknown
}

// RenderIndex renders the HTML index page listing every feed of pages, in
// order, with autodiscovery links for their RSS, Atom and JSON Feed
// outputs. The page's language is that of the first feed, else English.
//
// RenderIndex is a pure function: the same inputs give the same bytes. It
// describes each entry as Render does (same title, link, source and
// summary), so the page and the feeds cannot disagree, and it returns an
// error in the same cases: an invalid feed, or an entry without a UID or
// any date.
//
// Each feed's section is in the feed's own language (its lang attribute,
// labels and dates), so that browsers and screen readers handle a page
// mixing French and English feeds. Dates are shown in UTC, as the page
// cannot know its reader's time zone. All text is escaped by
// html/template, and entry links other than http and https are shown as
// plain text.
func RenderIndex(title string, pages []Page) ([]byte, error) {
	v, err := newIndexView(title, pages)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := indexTemplate.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("render index: %w", err)
	}
	return b.Bytes(), nil
}

// newIndexView prepares the pages for the index template.
func newIndexView(title string, pages []Page) (indexView, error) {
	v := indexView{Lang: "en", Title: strings.TrimSpace(xmlSafe(title))}
	if v.Title == "" {
		v.Title = defaultTitle
	}
	if len(pages) > 0 {
		if lang := strings.TrimSpace(xmlSafe(pages[0].Feed.Language)); lang != "" {
			v.Lang = lang
		}
	}
	v.Feeds = make([]feedView, 0, len(pages))
	for i := range pages {
		fv, err := newFeedView(&pages[i], v.Lang)
		if err != nil {
			return indexView{}, fmt.Errorf("render index: %w", err)
		}
		v.Feeds = append(v.Feeds, fv)
	}
	return v, nil
}

// newFeedView prepares one feed and its entries. A feed without a language
// is taken to be in the page's language, pageLang.
func newFeedView(p *Page, pageLang string) (feedView, error) {
	f := p.Feed.xmlSafe()
	if err := f.validate(); err != nil {
		return feedView{}, err
	}
	lang := cmp.Or(strings.TrimSpace(f.Language), pageLang)
	subscribe, empty := indexLabels(lang)
	fv := feedView{
		Slug:        f.Slug,
		Lang:        lang,
		Subscribe:   subscribe,
		Empty:       empty,
		Title:       cmp.Or(strings.TrimSpace(f.Title), f.Slug),
		Description: strings.TrimSpace(f.Description),
		RSS:         f.selfURL("rss"),
		Atom:        f.selfURL("atom"),
		JSON:        f.selfURL("json"),
		Pages:       f.BaseURL + f.Slug + "/",
		Entries:     make([]entryView, 0, len(p.Entries)),
	}
	for i := range p.Entries {
		it, err := newItem(f, &p.Entries[i])
		if err != nil {
			return feedView{}, fmt.Errorf("feed %q: %w", f.Slug, err)
		}
		fv.Entries = append(fv.Entries, newEntryView(it, lang))
	}
	return fv, nil
}

// newEntryView shows the prepared item it, with its publication date only:
// the update or fetch time Render falls back on would pass an old article
// off as news.
func newEntryView(it item, lang string) entryView {
	ev := entryView{Title: it.title, Link: it.link, Source: it.source, Summary: it.summary}
	if !it.published.IsZero() {
		ev.Date = shortDate(it.published, lang)
		ev.DateTime = it.published.Format(time.RFC3339)
	}
	return ev
}

// isFrench reports whether the language tag lang is French. The "_" form
// is not BCP 47 but is common in configurations copied from locales.
func isFrench(lang string) bool {
	lang = strings.ToLower(lang)
	return lang == "fr" || strings.HasPrefix(lang, "fr-") || strings.HasPrefix(lang, "fr_")
}

// indexLabels returns the page's fixed texts in lang: French or English,
// the two languages veille's feeds are written in.
func indexLabels(lang string) (subscribe, empty string) {
	if isFrench(lang) {
		return "S’abonner :", "Aucun article pour l’instant."
	}
	return "Subscribe:", "No entries yet."
}

// frenchMonths are the abbreviations of the Imprimerie nationale, which
// French readers expect; Go's time package only knows English names.
var frenchMonths = [12]string{
	"janv.", "févr.", "mars", "avr.", "mai", "juin",
	"juil.", "août", "sept.", "oct.", "nov.", "déc.",
}

// shortDate formats t as "10 févr. 2025" in French, "10 Feb 2025" otherwise.
func shortDate(t time.Time, lang string) string {
	t = t.UTC()
	if isFrench(lang) {
		return fmt.Sprintf("%d %s %d", t.Day(), frenchMonths[t.Month()-1], t.Year())
	}
	return t.Format("2 Jan 2006")
}

// WriteIndex writes page as dir/index.html, creating dir if missing. Like
// WriteFiles, it writes a synced temporary file and renames it over the old
// one, so a reader or a crash never leaves half a page, and it removes the
// temporary files a killed process left.
func WriteIndex(dir string, page []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	removeStale(dir, "index.html")
	tmp, err := writeTemp(dir, "index.html", page)
	if err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "index.html")); err != nil {
		removeAll([]string{tmp})
		return fmt.Errorf("write index: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}
