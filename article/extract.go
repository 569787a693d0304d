// Package article fetches the page of a feed item and extracts its article:
// the main text, a sanitized copy of its HTML and its lead, the first
// sentences a newsroom would print as the summary.
//
// veille uses it when a feed gives only a teaser. Pages come from the open
// web, so Fetcher connects to public addresses only and caps what it reads,
// and Extract never returns markup that was not sanitized.
package article

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/veille-project/veille/internal/text"
	"github.com/veille-project/veille/summary"
)

// An Article is the readable content of a page.
type Article struct {
	// Title is the article's headline, without the site's name.
	Title string
	// Text is the plain text of the article body: one paragraph (or
	// heading, list item, quotation) after another, separated by "\n\n";
	// the lines of a paragraph broken with <br> are separated by "\n".
	// Figure captions, asides and forms are left out.
	Text string
	// HTML is the article body, sanitized: safe to republish.
	HTML string
	// Language is the language the page declares ("fr", "en-GB"), or "".
	Language string
}

// Extract finds the article in a page with go-readability and returns it.
//
// The body is decoded as text.Encoding settles it: from the charset of its
// byte order mark, else as UTF-8 if it is valid UTF-8 beyond ASCII, else
// from the charset of the Content-Type header, else of its <meta charset>
// or http-equiv declaration, else as windows-1252 (what browsers do with
// ISO-8859-1). A page served as UTF-8 that is not is read in the charset
// its <meta> declares, else as windows-1252.
//
// go-readability picks the element that holds the article. When the page
// has a standfirst (chapô, dek) outside it, as many news sites do, it is put
// back at the start of the article; when that element also holds content
// that comes before the headline on the page (a sidebar in the same table),
// that content is dropped. A page with more than 100,000 elements is an
// error.
//
// The HTML is sanitized with a policy close to bluemonday's UGCPolicy: no
// scripts, styles, frames, forms, event handlers or URLs other than http,
// https and mailto ones; relative URLs are made absolute against the page's
// URL (or its <base>) first; tracking pixels (images 2 pixels wide or high
// or less) are removed; links get rel="nofollow noopener" and lose their
// target.
func Extract(p *Page) (*Article, error) {
	if p == nil {
		return nil, errors.New("extract: nil page")
	}
	pageURL, err := url.Parse(p.URL)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", p.URL, err)
	}
	if err := checkScheme(pageURL); err != nil {
		return nil, fmt.Errorf("extract %s: %w", p.URL, err)
	}
	doc, err := html.Parse(decode(p.Body, p.ContentType))
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", p.URL, err)
	}
	info := scan(doc, pageURL)
	removePixels(doc) // before go-readability strips the style attributes
	parser := readability.NewParser()
	parser.MaxElemsToParse = maxElements
	ra, err := parser.ParseAndMutate(doc, info.base)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", p.URL, err)
	}
	if ra.Node == nil {
		return nil, fmt.Errorf("extract %s: no article found", p.URL)
	}
	root := ra.Node
	dropBeforeHeadline(root)
	prepare(root, info.base)
	text := nodeText(root)
	if info.standfirst != "" && !strings.Contains(summary.Normalize(text), summary.Normalize(info.standfirst)) {
		root.InsertBefore(paragraph(info.standfirst), root.FirstChild)
		text = info.standfirst + "\n\n" + text
	}
	safe, err := safeHTML(root)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", p.URL, err)
	}
	a := &Article{
		Title:    info.title,
		Text:     text,
		HTML:     safe,
		Language: info.lang,
	}
	if a.Title == "" {
		// Without a headline that the page's titles confirm, rely on
		// readability's reading of <title> and its separators.
		a.Title = summary.Squeeze(ra.Title())
	}
	if a.Language == "" {
		a.Language = strings.TrimSpace(ra.Language())
	}
	return a, nil
}

// maxElements bounds the work of go-readability, which takes several passes
// over the document: news pages have a few thousand elements, the largest
// tens of thousands.
const maxElements = 100_000

// decode returns a reader of the page's body as UTF-8. The Content-Type
// header is trusted before the page's own <meta> declaration, as browsers
// do. go-readability's own detection is statistical and ignores
// declarations, so it is not used.
func decode(body []byte, contentType string) io.Reader {
	return text.NewReader(body, text.ContentTypeCharset(contentType), text.HTMLEncoding(body))
}

// pageInfo is what Extract reads from the page before readability, which
// mutates the document, picks the article.
type pageInfo struct {
	base       *url.URL // for relative URLs: the page's URL, or its <base>
	lang       string
	title      string // the headline, if the page's titles confirm it
	standfirst string // the chapô, if there is one; plain text
}

// scan reads the page's base URL, declared language, headline and
// standfirst.
func scan(doc *html.Node, pageURL *url.URL) pageInfo {
	info := pageInfo{base: pageURL}
	var (
		metaLang, ogLocale, ogTitle, docTitle, description string
		h1s                                                []*html.Node
		baseSeen                                           bool
	)
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Html:
			if info.lang == "" {
				info.lang = strings.TrimSpace(attr(n, "lang"))
			}
			if info.lang == "" {
				info.lang = strings.TrimSpace(attr(n, "xml:lang"))
			}
		case atom.Base:
			// Only the first <base href> counts, as in browsers.
			if href := attr(n, "href"); href != "" && !baseSeen {
				baseSeen = true
				if u, err := pageURL.Parse(strings.TrimSpace(href)); err == nil && checkScheme(u) == nil {
					info.base = u
				}
			}
		case atom.Title:
			if docTitle == "" && n.FirstChild != nil {
				docTitle = summary.Squeeze(n.FirstChild.Data) // title holds only text
			}
		case atom.Meta:
			content := strings.TrimSpace(attr(n, "content"))
			for _, key := range []string{"property", "name", "http-equiv"} {
				switch strings.ToLower(attr(n, key)) {
				case "content-language":
					metaLang = content
				case "og:locale":
					ogLocale = strings.ReplaceAll(content, "_", "-")
				case "og:title", "twitter:title":
					if ogTitle == "" {
						ogTitle = summary.Squeeze(content)
					}
				case "og:description", "description", "twitter:description":
					if description == "" {
						description = summary.Squeeze(content)
					}
				}
			}
		case atom.H1:
			h1s = append(h1s, n)
		}
	}
	if info.lang == "" {
		info.lang = metaLang
	}
	if info.lang == "" {
		info.lang = ogLocale
	}
	h1, sure := headline(h1s, ogTitle, docTitle)
	if h1 != nil {
		info.standfirst = standfirst(h1, description)
	}
	if sure {
		info.title = summary.Squeeze(textContent(h1))
		markBefore(doc, h1)
	}
	return info
}

// beforeHeadline is the attribute that marks the elements of a page that
// come before the article's headline. go-readability copies attributes
// along with the elements it keeps, so the marks survive into its result.
const beforeHeadline = "data-veille-before-headline"

// markBefore marks the elements of doc that end before h1 starts: a
// sidebar, a menu or a box of links in the same table or column as the
// article, which readability may take along with it.
func markBefore(doc, h1 *html.Node) {
	ancestors := map[*html.Node]bool{}
	for a := h1.Parent; a != nil; a = a.Parent {
		ancestors[a] = true
	}
	for n := range doc.Descendants() {
		if n == h1 {
			return
		}
		if n.Type == html.ElementNode && !ancestors[n] {
			n.Attr = append(n.Attr, html.Attribute{Key: beforeHeadline})
		}
	}
}

// dropBeforeHeadline removes from the article rooted at root the elements
// that came before the headline on the page, unless they hold most of its
// text: then the headline found was not the article's.
func dropBeforeHeadline(root *html.Node) {
	var marked []*html.Node
	before, total := 0, utf8.RuneCountInString(summary.Squeeze(textContent(root)))
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || !hasAttr(n, beforeHeadline) {
			continue
		}
		if p := n.Parent; p != nil && hasAttr(p, beforeHeadline) {
			continue // removed with its parent
		}
		marked = append(marked, n)
		before += utf8.RuneCountInString(summary.Squeeze(textContent(n)))
	}
	if before > total/2 {
		return
	}
	for _, n := range marked {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// headline returns the h1 that holds the article's title: the one that the
// og:title or the document title contains (the latter adds the site's name)
// or that contains it (a shorter title for search engines), and sure; else
// the first with a few words, and not sure. Old templates put the site's
// logo in an h1 too.
func headline(h1s []*html.Node, titles ...string) (h1 *html.Node, sure bool) {
	for _, title := range titles {
		t := summary.Normalize(title)
		if strings.Count(t, " ") < 2 {
			continue
		}
		for _, h := range h1s {
			ht := summary.Normalize(textContent(h))
			if strings.Count(ht, " ") >= 2 && (strings.Contains(t, ht) || strings.Contains(ht, t)) {
				return h, true
			}
		}
	}
	for _, h := range h1s {
		if len(strings.Fields(textContent(h))) >= 3 {
			return h, false
		}
	}
	return nil, false
}

// standfirstWords are the class, id and data-attribute words newsrooms'
// templates use for the standfirst: "c-chapo", "article__desc",
// "fig-standfirst", "ContentHeaderDek", "gh-article-excerpt"...
var standfirstWords = map[string]bool{
	"chapo": true, "chapeau": true, "chapô": true, "standfirst": true, "dek": true, "deck": true,
	"lede": true, "lead": true, "intro": true, "introduction": true, "summary": true,
	"subtitle": true, "subheadline": true, "subhead": true, "subheading": true,
	"soustitre": true, "description": true, "desc": true, "excerpt": true,
	"accroche": true, "strapline": true, "resume": true, "résumé": true,
}

// standfirst returns the text of the page's standfirst: the first element
// after the headline that is marked as one by its class, id or data
// attributes, or whose text starts with the page's meta description, if it
// reads like a lead. The search stops at the first body paragraph.
func standfirst(h1 *html.Node, description string) string {
	desc := summary.Normalize(description)
	if len(desc) < 40 {
		desc = "" // "Toute l'actualité" would match too much
	}
	n := nextNode(h1, true)
	for seen := 0; n != nil && seen < 500; seen++ {
		if n.Type != html.ElementNode {
			n = nextNode(n, false)
			continue
		}
		if chrome(n) {
			n = nextNode(n, true)
			continue
		}
		if standfirstMarked(n) {
			// The standfirst itself, or a wrapper around its paragraph.
			for e := range blocks(n) {
				if text := summary.Squeeze(textContent(e)); leadLike(text) {
					return text
				}
			}
			n = nextNode(n, true) // a dek that is no lead, a box of bullets
			continue
		}
		if !hasBlocks(n) {
			text := summary.Squeeze(textContent(n))
			// The meta description is often the standfirst, or its
			// first sentence.
			if desc != "" && strings.HasPrefix(summary.Normalize(text), desc) && leadLike(text) {
				return text
			}
			if n.DataAtom == atom.P && utf8.RuneCountInString(text) >= 150 {
				return "" // the body has started
			}
			n = nextNode(n, true)
			continue
		}
		n = nextNode(n, false)
	}
	return ""
}

// blocks yields n, if it holds no block element, else its descendants
// that hold none, in document order; skipping page furniture.
func blocks(n *html.Node) func(yield func(*html.Node) bool) {
	return func(yield func(*html.Node) bool) {
		var walk func(*html.Node) bool
		walk = func(n *html.Node) bool {
			if n.Type != html.ElementNode || chrome(n) {
				return true
			}
			if !hasBlocks(n) {
				return yield(n)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if !walk(c) {
					return false
				}
			}
			return true
		}
		walk(n)
	}
}

// hasBlocks reports whether element n contains a block element.
func hasBlocks(n *html.Node) bool {
	for d := range n.Descendants() {
		if d != n && d.Type == html.ElementNode && !inline(d.DataAtom) && d.DataAtom != atom.Br {
			return true
		}
	}
	return false
}

// chrome reports whether element n is page furniture rather than content.
func chrome(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Figure, atom.Figcaption,
		atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Button, atom.Svg,
		atom.Iframe, atom.Ul, atom.Ol, atom.Time, atom.Address:
		return true
	}
	return false
}

// standfirstMarked reports whether the attributes of n say it is a
// standfirst.
func standfirstMarked(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id", "itemprop", "data-component", "data-testid", "data-gu-name", "data-role", "data-qa":
			for _, w := range attrWords(a.Val) {
				if standfirstWords[w] {
					return true
				}
			}
		}
	}
	return false
}

// attrWords splits an attribute value such as "article__desc c-Chapo
// ContentHeaderDek" into lowercase words: article, desc, c, chapo,
// content, header, dek.
func attrWords(v string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, strings.ToLower(b.String()))
			b.Reset()
		}
	}
	prevLower := false
	for _, r := range v {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if unicode.IsUpper(r) && prevLower {
				flush()
			}
			b.WriteRune(r)
			prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return words
}

// leadLike reports whether text reads like a lead: prose of a sentence or
// more, ending as a sentence ends.
func leadLike(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 50 && n <= 800 && text.EndsSentence(s)
}

// nextNode returns the node after n in document order; skipping the
// children of n when skipChildren is set.
func nextNode(n *html.Node, skipChildren bool) *html.Node {
	if !skipChildren && n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// paragraph returns a <p> element holding text.
func paragraph(text string) *html.Node {
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	p.AppendChild(&html.Node{Type: html.TextNode, Data: text})
	return p
}

// urlAttrs are the attributes holding a URL that the policy may keep.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true, "poster": true}

// prepare readies the article for sanitizing: relative URLs made absolute
// against base, links given rel="nofollow noopener" and no target; tracking
// pixels, images the policy would leave without a source, and elements
// without text for a reader (scripts, forms, buttons, frames, media, svg)
// removed.
func prepare(root *html.Node, base *url.URL) {
	var drop []*html.Node
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		// go-readability renames elements (a div that holds only text
		// becomes a p) without updating DataAtom.
		n.DataAtom = atom.Lookup([]byte(n.Data))
		if skipped(n) || n.DataAtom == atom.Form || n.DataAtom == atom.Nav {
			// No text for the reader either: the policy would keep
			// the labels of buttons, the fallback text of videos.
			drop = append(drop, n)
			continue
		}
		for i := 0; i < len(n.Attr); i++ {
			a := &n.Attr[i]
			key := strings.ToLower(a.Key)
			switch {
			case key == "target", key == "srcset", key == beforeHeadline:
				// srcset is not kept by the policy and may hide a
				// data: or relative URL; target opens new windows.
				n.Attr = append(n.Attr[:i], n.Attr[i+1:]...)
				i--
			case urlAttrs[key]:
				a.Val = absolute(base, a.Val)
			}
		}
		switch n.DataAtom {
		case atom.A:
			if attr(n, "href") != "" {
				setAttr(n, "rel", "nofollow noopener")
			}
		case atom.Img:
			if pixel(n) || !strings.HasPrefix(attr(n, "src"), "http") {
				drop = append(drop, n)
			}
		}
	}
	for _, n := range drop {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// absolute returns ref resolved against base, or "" when ref is not a
// URL to keep: unparsable, or of a scheme other than http, https and
// mailto, as javascript: and data: ones.
func absolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ref
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return u.String()
	}
	return ""
}

// removePixels removes the tracking pixels of the document rooted at doc.
func removePixels(doc *html.Node) {
	var pixels []*html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Img && pixel(n) {
			pixels = append(pixels, n)
		}
	}
	for _, n := range pixels {
		n.Parent.RemoveChild(n)
	}
}

// pixel reports whether img is a tracking pixel: 2 pixels wide or high or
// less, by its attributes or its inline style.
func pixel(img *html.Node) bool {
	for _, key := range []string{"width", "height"} {
		if v, ok := dimension(attr(img, key)); ok && v <= 2 {
			return true
		}
	}
	style := strings.ToLower(strings.ReplaceAll(attr(img, "style"), " ", ""))
	for _, m := range cssSize.FindAllStringSubmatch(style, -1) {
		if v, err := strconv.ParseFloat(m[2], 64); err == nil && v <= 2 {
			return true
		}
	}
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// cssSize finds the width and height declared in inline CSS, in pixels.
var cssSize = regexp.MustCompile(`(?:^|;)(width|height):(\d+(?:\.\d+)?)(?:px)?(?:;|$|!)`)

// dimension reads an HTML width or height attribute ("1", "1px", "2.0").
func dimension(v string) (float64, bool) {
	v = strings.TrimSuffix(strings.TrimSpace(strings.ToLower(v)), "px")
	if v == "" || strings.HasSuffix(v, "%") {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// safeHTML renders the article rooted at root, readied by prepare, and
// sanitizes it.
func safeHTML(root *html.Node) (string, error) {
	var buf bytes.Buffer
	if err := html.Render(&buf, root); err != nil {
		return "", err
	}
	return strings.TrimSpace(policy.Sanitize(buf.String())), nil
}

// policy sanitizes the article HTML. A bluemonday Policy is safe for
// concurrent use once built.
var policy = newPolicy()

// newPolicy returns bluemonday's UGCPolicy, which allows no script, style,
// iframe, form, event handler or URL scheme other than http, https and
// mailto, and adds rel="nofollow" to links, extended to keep the
// rel="nofollow noopener" that prepare sets.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow noopener$`)).OnElements("a")
	return p
}

// hasAttr reports whether n has the attribute key.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// setAttr sets n's attribute key to val.
func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// textContent returns the text of n and its descendants, without the
// content of scripts and other non-text elements.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipped(n) {
				return
			}
			if !inline(n.DataAtom) {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && !inline(n.DataAtom) {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return b.String()
}
