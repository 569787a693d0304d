package summary

import (
	"html"
	"regexp"
	"strings"
)

// Title returns the plain text of an item's title, read as HTML as [Text]
// reads it, except that decoding never produces markup: when Text's result
// holds a tag ("<svg onload=…>") that the title did not hold as written, the
// tag was escaped by its publisher to be shown, and came out of a second
// decoding ("&amp;lt;svg…" in the XML). Readers that take a title as HTML
// would decode it once more and run it. Such a title is then given with its
// tags removed and its entities as written ("&lt;svg onload=…&gt;"), which
// every reader shows as text.
//
// A tag written as such, which Text keeps as text, stays: Title removes
// nothing that looks like a tag, it only declines to make one.
func Title(s string) string {
	t := Text(s)
	if !decodedMarkup(t, s) {
		return t
	}
	// Escaping every "&" lets the tokenizer remove the tags while its
	// decoding gives back the entities as written.
	t, ok := extractSimple(strings.ReplaceAll(s, "&", "&amp;"))
	if !ok {
		t = extract(strings.ReplaceAll(s, "&", "&amp;"))
	}
	t = Squeeze(t)
	if decodedMarkup(t, s) {
		// Removing a tag or an invalid byte joined a "<" to a letter
		// ("<<b>x" gives "<x"): escaping it is all that is left.
		t = strings.ReplaceAll(t, "<", "&lt;")
	}
	return t
}

// decodedMarkup reports whether text holds the start of a tag ("<" then a
// letter, "/", "!" or "?", as HTML tokenizers read it) that raw, the HTML it
// was decoded from, does not hold as written.
func decodedMarkup(text, raw string) bool {
	for i := strings.IndexByte(text, '<'); i >= 0; {
		j := i + 1
		for j < len(text) && (isASCIILetter(text[j]) || text[j] == '/' || text[j] == '!' || text[j] == '?' ||
			j > i+1 && '0' <= text[j] && text[j] <= '9') {
			j++
		}
		if j > i+1 && !strings.Contains(strings.ToLower(raw), strings.ToLower(text[i:j])) {
			return true
		}
		next := strings.IndexByte(text[i+1:], '<')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// PlainTitle returns a title given as plain text (an Atom type="text"
// title, a JSON Feed title, an RSS title that does not look like HTML),
// its whitespace squeezed: it is never read as markup, so "Using the
// <canvas> element" keeps its "<canvas>" and "std::vector<int>" its
// "<int>". Only a tag that would run or load something if a reader took
// the title as HTML is removed (script, style, iframe, object, embed,
// svg, math, img, link, meta, base, form, or any tag with an "on…="
// event handler attribute): such text is no reader's title, and
// feedparser's sanitizer strips it too.
func PlainTitle(s string) string {
	t := Squeeze(s)
	for i := strings.IndexByte(t, '<'); i >= 0; {
		end := strings.IndexByte(t[i:], '>')
		if end < 0 {
			end = len(t) - i - 1
		}
		tag := t[i : i+end+1]
		if activeTag(tag) {
			t = t[:i] + t[i+end+1:]
		} else {
			i++
		}
		next := strings.IndexByte(t[i:], '<')
		if next < 0 {
			break
		}
		i += next
	}
	return Squeeze(t)
}

// eventHandler finds an event handler attribute in a tag.
var eventHandler = regexp.MustCompile(`(?i)[\s/"']on[a-z]+\s*=`)

// activeTag reports whether tag, "<" to ">", is a tag of an element that
// runs or loads something, or carries an event handler.
func activeTag(tag string) bool {
	name := strings.TrimPrefix(tag[1:], "/")
	n := 0
	for n < len(name) && (isASCIILetter(name[n]) || n > 0 && '0' <= name[n] && name[n] <= '9') {
		n++
	}
	if n == 0 {
		return false
	}
	switch strings.ToLower(name[:n]) {
	case "script", "style", "iframe", "object", "embed", "svg", "math", "img", "link", "meta", "base", "form",
		"frame", "frameset", "applet", "video", "audio", "source":
		return true
	}
	return eventHandler.MatchString(name[n:])
}

// LooksLikeHTML reports whether an RSS title, text that the format does
// not say is HTML, is HTML all the same, by feedparser's rule (its
// looks_like_html): it holds an end tag ("</b>") or a character
// reference ("&amp;", "&#39;"), every tag in it is one of an HTML element
// feedparser accepts, and every named reference is one HTML defines.
// "AT&T <b>bold</b>" is HTML; "Using the <canvas> element" and
// "std::vector<int>" are text.
func LooksLikeHTML(s string) bool {
	if !endTag.MatchString(s) && !charRef.MatchString(s) {
		return false
	}
	for _, m := range tagName.FindAllStringSubmatch(s, -1) {
		if !htmlElements[strings.ToLower(m[1])] {
			return false
		}
	}
	for _, m := range namedRef.FindAllStringSubmatch(s, -1) {
		if html.UnescapeString(m[0]) == m[0] {
			return false
		}
	}
	return true
}

var (
	endTag   = regexp.MustCompile(`</\w+>`)
	charRef  = regexp.MustCompile(`&#?\w+;`)
	tagName  = regexp.MustCompile(`</?(\w+)`)
	namedRef = regexp.MustCompile(`&(\w+);`)
)

// htmlElements are the elements feedparser's sanitizer accepts
// (_HTMLSanitizer.acceptable_elements of feedparser 6).
var htmlElements = func() map[string]bool {
	m := make(map[string]bool)
	for _, e := range strings.Fields(`a abbr acronym address area article aside audio b big blockquote br button
		canvas caption center cite code col colgroup command datagrid datalist dd del details dfn dialog dir div
		dl dt em event-source fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hr i img input
		ins kbd keygen label legend li m map menu meter multicol nav nextid noscript ol optgroup option output p
		pre progress q s samp section select small sound source spacer span strike strong sub sup table tbody td
		textarea tfoot th thead time tr tt u ul var video`) {
		m[e] = true
	}
	return m
}()
