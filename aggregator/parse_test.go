package aggregator

import (
	"testing"
)

func TestToUTF8(t *testing.T) {
	const decl = `<?xml version="1.0" encoding="utf-8"?>`
	tests := []struct {
		name, contentType, body, want string
	}{
		{"valid UTF-8 is left alone", "application/rss+xml; charset=iso-8859-1", "<rss>café</rss>", "<rss>café</rss>"},
		// Decoded here, the declaration then says UTF-8, so that gofeed
		// does not decode it twice.
		{"declared legacy encoding", "", `<?xml version="1.0" encoding="iso-8859-1"?><rss>caf` + "\xe9</rss>",
			`<?xml version="1.0" encoding="utf-8"?><rss>café</rss>`},
		{"UTF-16 without a byte order mark", "", "<\x00r\x00s\x00s\x00>\x00\xe9\x00<\x00/\x00r\x00s\x00s\x00>\x00",
			"<rss>é</rss>"},
		{"HTTP charset", "application/rss+xml; charset=iso-8859-1", "<rss>caf\xe9</rss>", "<rss>café</rss>"},
		{"undeclared Latin-1", "application/rss+xml", "<rss>caf\xe9</rss>", "<rss>café</rss>"},
		{"Windows-1252 quotes", "", "<rss>l\x92IA</rss>", "<rss>l’IA</rss>"},
		// One stray Latin-1 byte in a UTF-8 feed used to turn every
		// accent of the feed into mojibake ("Ã©").
		{"stray byte in a feed declared UTF-8", "", decl + "<rss>été, caf\xe9</rss>", decl + "<rss>été, caf\uFFFD</rss>"},
		{"stray byte in a feed served as UTF-8", "text/xml; charset=UTF-8", "<rss>été, caf\xe9</rss>", "<rss>été, caf\uFFFD</rss>"},
		{"Latin-1 feed declared UTF-8", "", decl + "<rss>\xe9t\xe9</rss>", decl + "<rss>été</rss>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := toUTF8([]byte(tt.body), tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("toUTF8(%q, %q) = %q, want %q", tt.body, tt.contentType, got, tt.want)
			}
		})
	}
}
