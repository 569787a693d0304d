package summary

import "strings"

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
