package summary

import (
	"strings"
	"testing"
)

// FuzzPlainText checks Text's shortcut for text without markup or entities
// against the whole path it skips.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{
		"Sommet de Paris sur l'IA : la France mise sur l'open source",
		"  deux\u00a0espaces\r\n et\ttabulations\x00\u200b  ",
		"invalide \xff\xfe UTF-8 \ufffd",
		"> plus grand",
		"\u2028séparateur\u0085NEL",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "<&") {
			return
		}
		if got, want := Text(s), Squeeze(decodeEntities(extract(s))); got != want {
			t.Errorf("Text(%q) = %q, want %q", s, got, want)
		}
	})
}
