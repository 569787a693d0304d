package publisher

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/veille-project/veille"
)

// Site is the web site a feed's pages belong to. The zero Site is valid:
// the pages are then titled "veille" and their header links the index page.
type Site struct {
	Title string // names the site in titles and headers; default "veille"
	// URL is the home page of the site, an absolute http(s) URL; empty
	// links the index page at the feed's base URL.
	URL string
	// Latest is how many items latest.html lists; zero or less means
	// defaultLatest.
	Latest int
}

// Page counts: the index of a feed lists its newest items before its
// months, and latest.html the newest Site.Latest.
const (
	indexItems    = 20
	defaultLatest = 10
)

// Pages are the HTML pages of one feed, by file name in the feed's folder
// ({slug}/ in the output folder and under the base URL): index.html, its
// newest items and its months; latest.html, a fragment of its newest items;
// one YYYY-MM.html per month it has items of; and one page per item, named
// by the item's short id (see ShortIDs).
type Pages map[string][]byte

// RenderPages renders the pages of the feed f from entries, newest first
// as Render takes them, with the templates t (nil for the embedded ones).
//
// Like Render, RenderPages is a pure function: the same inputs give the
// same bytes. Each item page names the original article as its canonical
// URL, in its Open Graph and Twitter card tags and in its schema.org
// NewsArticle data, so that the republished page never competes with it
// in search engines; the pages of an item without a usable link name
// themselves. It returns an error when f is invalid, an entry lacks a UID or
// a date, or a template fails.
func RenderPages(s Site, f Feed, entries []veille.Item, t *Templates) (Pages, error) {
	if t == nil {
		t = defaultTemplates
	}
	f, items, err := prepare(f, entries)
	if err != nil {
		return nil, err
	}
	seen := make([]time.Time, len(entries))
	for i := range entries {
		seen[i] = entries[i].Fetched
	}
	v := newPagesView(s, f, items, seen)
	pages := make(Pages, len(items)+len(v.Months)+2)
	render := func(name string, tpl *template.Template, data any) error {
		var b bytes.Buffer
		if err := tpl.Execute(&b, data); err != nil {
			return fmt.Errorf("render pages of %q: %s: %w", f.Slug, name, err)
		}
		pages[name] = b.Bytes()
		return nil
	}
	if err := render("index.html", t.index, v.listPage(nil, v.Items[:min(len(v.Items), indexItems)])); err != nil {
		return nil, err
	}
	latest := cmp.Or(max(s.Latest, 0), defaultLatest)
	if err := render("latest.html", t.latest, v.listPage(nil, v.Items[:min(len(v.Items), latest)])); err != nil {
		return nil, err
	}
	for i := range v.Months {
		m := &v.Months[i]
		if err := render(m.Path, t.archive, v.listPage(m, m.Items)); err != nil {
			return nil, err
		}
	}
	for i := range v.Items {
		it := &v.Items[i]
		page := itemPage{Site: v.Site, Feed: v.Feed, Labels: v.Labels, Item: it, JSONLD: newsArticle(it)}
		if err := render(it.Path, t.item, page); err != nil {
			return nil, err
		}
	}
	return pages, nil
}

// The data of the page templates, documented in README ("Pages"). Every
// text is plain and every URL absolute and http(s), or empty: html/template
// escapes them for where the template puts them.
type (
	// pagesView is what the pages of one feed share.
	pagesView struct {
		Site   siteView
		Feed   feedPageView
		Labels labels
		Items  []itemView  // newest first
		Months []monthView // newest first
	}

	siteView struct {
		Title string
		URL   string // the site's home page
	}

	feedPageView struct {
		Slug, Title, Description, Lang string
		URL                            string // the feed's index page
		RSS, Atom, JSON                string
	}

	// labels are the pages' fixed texts in the feed's language.
	labels struct {
		Subscribe, Empty, Latest, Archive, Back string
		Credit, Also                            string // "Source : ", "Aussi : "
	}

	itemView struct {
		Title, Lead  string
		Link         string // the original article; empty when unknown
		Source       string // the original publisher; empty when unknown
		Credit       string // "Source : France Info", or empty
		Date         string // "10 févr. 2025"
		DateTime     string // RFC 3339, for <time datetime>
		Lang         string
		Path, URL    string // the item's page: file name and absolute URL
		Canonical    string // Link, else URL
		Also         []alsoView
		published    time.Time
		monthOfIndex int
	}

	alsoView struct {
		Source, Link string // Link may be empty
	}

	monthView struct {
		Name      string // "février 2025"
		Path, URL string // "2025-02.html" and its absolute URL
		Items     []itemView
	}

	// listPage is the data of index.html, latest.html and YYYY-MM.html.
	listPage struct {
		Site   siteView
		Feed   feedPageView
		Labels labels
		Month  *monthView // the archive's month; nil on the index and latest
		Items  []itemView
		Months []monthView
	}

	// itemPage is the data of an item's page.
	itemPage struct {
		Site   siteView
		Feed   feedPageView
		Labels labels
		Item   *itemView
		JSONLD any // schema.org NewsArticle; html/template writes it as JSON
	}
)

func (v *pagesView) listPage(m *monthView, items []itemView) listPage {
	return listPage{Site: v.Site, Feed: v.Feed, Labels: v.Labels, Month: m, Items: items, Months: v.Months}
}

// newPagesView prepares the items of f for its pages; seen holds the time
// veille first saw each item.
func newPagesView(s Site, f Feed, items []item, seen []time.Time) pagesView {
	lang := cmp.Or(strings.TrimSpace(f.Language), "en")
	folder := f.BaseURL + f.Slug + "/"
	v := pagesView{
		Site: siteView{
			Title: cmp.Or(strings.TrimSpace(xmlSafe(s.Title)), defaultTitle),
			URL:   cmp.Or(safeURL(s.URL), f.BaseURL),
		},
		Feed: feedPageView{
			Slug: f.Slug, Lang: lang, URL: folder,
			Title:       cmp.Or(strings.TrimSpace(f.Title), f.Slug),
			Description: strings.TrimSpace(f.Description),
			RSS:         f.selfURL("rss"), Atom: f.selfURL("atom"), JSON: f.selfURL("json"),
		},
		Labels: pageLabels(lang),
		Items:  make([]itemView, 0, len(items)),
	}
	ids := shortIDs(items, seen)
	months := map[string]int{} // "2006-01" → index in v.Months
	for i, it := range items {
		iv := itemView{
			Title: it.title, Lead: it.summary, Link: it.link, Source: it.source, Credit: it.credit,
			Lang: lang, Path: ids[i] + ".html", URL: folder + ids[i] + ".html",
			published: it.published,
		}
		iv.Canonical = cmp.Or(iv.Link, iv.URL)
		if !it.published.IsZero() {
			iv.Date = shortDate(it.published, lang)
			iv.DateTime = it.published.Format(time.RFC3339)
		}
		for _, r := range it.also {
			iv.Also = append(iv.Also, alsoView{Source: r.source, Link: r.link})
		}
		key := it.published.Format("2006-01")
		m, ok := months[key]
		if !ok {
			m = len(v.Months)
			months[key] = m
			v.Months = append(v.Months, monthView{
				Name: monthName(it.published, lang), Path: key + ".html", URL: folder + key + ".html",
			})
		}
		iv.monthOfIndex = m
		v.Items = append(v.Items, iv)
	}
	for _, iv := range v.Items {
		v.Months[iv.monthOfIndex].Items = append(v.Months[iv.monthOfIndex].Items, iv)
	}
	// Entries come ordered by their sort time, which a late-dated item
	// can put out of the order of months.
	slices.SortStableFunc(v.Months, func(a, b monthView) int { return strings.Compare(b.Path, a.Path) })
	return v
}

// pageLabels returns the pages' fixed texts in lang.
func pageLabels(lang string) labels {
	subscribe, empty := indexLabels(lang)
	if isFrench(lang) {
		return labels{Subscribe: subscribe, Empty: empty, Latest: "Derniers articles", Archive: "Archives",
			Back: "Tous les articles", Credit: creditLabel(lang), Also: alsoLabel(lang)}
	}
	return labels{Subscribe: subscribe, Empty: empty, Latest: "Latest", Archive: "Archive",
		Back: "All articles", Credit: creditLabel(lang), Also: alsoLabel(lang)}
}

// frenchMonthNames name the archive's months, which Go's time package only
// knows in English.
var frenchMonthNames = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// monthName returns "février 2025" in French, "February 2025" otherwise.
func monthName(t time.Time, lang string) string {
	if isFrench(lang) {
		return fmt.Sprintf("%s %d", frenchMonthNames[t.Month()-1], t.Year())
	}
	return t.Format("January 2006")
}

// newsArticle returns the schema.org NewsArticle describing it: the
// original article, by its publisher, at its own URL.
func newsArticle(it *itemView) any {
	type organization struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
	type article struct {
		Context     string        `json:"@context"`
		Type        string        `json:"@type"`
		Headline    string        `json:"headline"`
		Description string        `json:"description,omitempty"`
		Published   string        `json:"datePublished,omitempty"`
		URL         string        `json:"url"`
		MainEntity  string        `json:"mainEntityOfPage"`
		Language    string        `json:"inLanguage"`
		Publisher   *organization `json:"publisher,omitempty"`
	}
	a := article{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: it.Title, Description: it.Lead, Published: it.DateTime,
		URL: it.Canonical, MainEntity: it.Canonical, Language: it.Lang,
	}
	if it.Source != "" {
		a.Publisher = &organization{Type: "Organization", Name: it.Source}
	}
	return a
}

// shortIDs returns the short id of each item, the name of its page: the
// first 8 hexadecimal digits of its "urn:uuid:" UID, or of a hash of any
// other UID. Two items of a feed sharing those 8 digits (one chance in
// several hundred for a feed of a few thousand items) would share a page:
// the item veille saw first keeps the short id, and the other gets as many
// more digits as make it unique, so that a page, once linked, keeps its
// address for as long as its item is published.
func shortIDs(items []item, seen []time.Time) []string {
	digits := make([]string, len(items))
	for i, it := range items {
		digits[i] = uidDigits(it.id)
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	// First seen first; the UID breaks ties, so the order does not depend
	// on the order of the entries.
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(seen[a].Compare(seen[b]), strings.Compare(items[a].id, items[b].id))
	})
	ids := make([]string, len(items))
	taken := make(map[string]bool, len(items))
	for _, i := range order {
		n := 8
		for n < len(digits[i]) && taken[digits[i][:n]] {
			n += 4
		}
		ids[i] = digits[i][:min(n, len(digits[i]))]
		taken[ids[i]] = true
	}
	return ids
}

// uidDigits returns the lowercase hexadecimal digits of a "urn:uuid:" UID,
// or of the SHA-256 of any other UID: the aggregator makes only the first,
// but a page name must never come from text a feed controls.
func uidDigits(uid string) string {
	if rest, ok := strings.CutPrefix(uid, "urn:uuid:"); ok && len(rest) == 36 {
		hexDigits := strings.ReplaceAll(strings.ToLower(rest), "-", "")
		if _, err := hex.DecodeString(hexDigits); err == nil && len(hexDigits) == 32 {
			return hexDigits
		}
	}
	sum := sha256.Sum256([]byte(uid))
	return hex.EncodeToString(sum[:16])
}
