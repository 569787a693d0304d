package summary

import (
	"html"
	"regexp"
	"strings"
)

// Title returns the plain text of an item's title given as HTML (an Atom
// title of type "html" or "xhtml", an RSS title that looks like HTML), read
// as [Text] reads it: decoded once, so that "&lt;marquee&gt; still scrolls"
// is shown as "<marquee> still scrolls", as feedparser and every reader show
// it. What the decoding gives is text, held to [PlainTitle]'s rule: a tag
// that would run or load something if a reader took the title as HTML once
// more ("<svg onload=…>", escaped by its publisher) is removed, any other
// stays as the words it is.
func Title(s string) string {
	return PlainTitle(Text(s))
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
