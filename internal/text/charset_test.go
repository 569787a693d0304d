package text_test

import (
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html/charset"

	"github.com/veille-project/veille/internal/text"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		declared []string
		want     string // the text
		encoding string // Encoding's name
	}{
		{"ASCII", "L'IA", nil, "L'IA", "utf-8"},
		{"UTF-8", "été", nil, "été", "utf-8"},
		{"UTF-8 byte order mark", "\xef\xbb\xbfété", []string{"iso-8859-1"}, "été", "utf-8"},
		{"UTF-16LE byte order mark", "\xff\xfe\xe9\x00t\x00\xe9\x00", nil, "été", "utf-16le"},
		{"UTF-16BE byte order mark", "\xfe\xff\x00\xe9\x00t\x00\xe9", []string{"utf-8"}, "été", "utf-16be"},
		{"declared Latin-1", "\xe9t\xe9", []string{"ISO-8859-1"}, "été", "windows-1252"},
		{"first declaration wins", "\xe9t\xe9", []string{"iso-8859-15", "koi8-r"}, "été", "iso-8859-15"},
		{"empty and unknown labels are skipped", "\xe9t\xe9", []string{"", "x-klingon", "iso-8859-2"}, "été", "iso-8859-2"},
		{"undeclared legacy text", "l\x92\xe9t\xe9 \x80", nil, "l’été €", "windows-1252"},
		{"UTF-8 despite a legacy declaration", "été", []string{"iso-8859-1"}, "été", "utf-8"},
		{"ASCII follows the declaration", "$B$3(B", []string{"iso-2022-jp"}, "$B$3(B", "iso-2022-jp"},
		{"declared UTF-8, a stray byte", "été, caf\xe9", []string{"utf-8"}, "été, caf\uFFFD", "utf-8"},
		{"declared UTF-8, not UTF-8", "\xe9t\xe9", []string{"utf-8"}, "été", "windows-1252"},
		{"declared UTF-8 then Latin-1, not UTF-8", "\xe9t\xe9", []string{"utf-8", "iso-8859-1"}, "été", "windows-1252"},
		{"declared UTF-16, read as ASCII", "<p>\xe9</p>", []string{"utf-16"}, "<p>é</p>", "windows-1252"},
		{"declared UTF-16 without a byte order mark", "\xe9\x00t\x00", []string{"utf-16le"}, "ét", "utf-16le"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, name := text.Encoding([]byte(tt.body), tt.declared...); name != tt.encoding {
				t.Errorf("Encoding = %s, want %s", name, tt.encoding)
			}
			got, err := text.Decode([]byte(tt.body), tt.declared...)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Decode = %q, want %q", got, tt.want)
			}
			read, err := io.ReadAll(text.NewReader([]byte(tt.body), tt.declared...))
			if err != nil {
				t.Fatal(err)
			}
			if string(read) != tt.want {
				t.Errorf("NewReader reads %q, want %q", read, tt.want)
			}
		})
	}
}

func TestContentTypeCharset(t *testing.T) {
	for in, want := range map[string]string{
		"":                                     "",
		"text/html":                            "",
		"text/html; charset=ISO-8859-1":        "ISO-8859-1",
		`application/rss+xml; charset="utf-8"`: "utf-8",
		"text/html; charset = windows-1252; x": "windows-1252",
		"text/html; charset":                   "",
		"text/html;charset='latin1'":           "latin1",
	} {
		if got := text.ContentTypeCharset(in); got != want {
			t.Errorf("ContentTypeCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestXMLEncoding(t *testing.T) {
	for in, want := range map[string]string{
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss/>`:               "ISO-8859-1",
		"\xef\xbb\xbf<?xml version='1.0' encoding='windows-1252'?><rss/>": "windows-1252",
		"\n <?xml version=\"1.0\"?><rss/>":                                "",
		`<rss><?xml encoding="utf-8"?></rss>`:                             "",
		"":                                                                "",
	} {
		if got := text.XMLEncoding([]byte(in)); got != want {
			t.Errorf("XMLEncoding(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHTMLEncoding(t *testing.T) {
	for in, want := range map[string]string{
		`<html><head><meta charset="ISO-8859-1"><title>x</title>`:                                 "ISO-8859-1",
		`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`:              "windows-1252",
		`<meta content="text/html; charset=koi8-r">`:                                              "",
		`<meta charset="x-klingon"><meta charset="utf-8">`:                                        "utf-8",
		`<head><script>` + string(make([]byte, 2000)) + `</script><meta charset="latin1"></head>`: "latin1",
		`<head></head><body><meta charset="latin1">`:                                              "",
		"": "",
	} {
		if got := text.HTMLEncoding([]byte(in)); got != want {
			t.Errorf("HTMLEncoding(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEncodingWide(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"UTF-32LE byte order mark", "\xff\xfe\x00\x00<\x00\x00\x00a\x00\x00\x00", "utf-32le"},
		{"UTF-32BE byte order mark", "\x00\x00\xfe\xff\x00\x00\x00<\x00\x00\x00a", "utf-32be"},
		{"UTF-32LE without a mark", "<\x00\x00\x00?\x00\x00\x00", "utf-32le"},
		{"UTF-32BE without a mark", "\x00\x00\x00<\x00\x00\x00?", "utf-32be"},
		{"UTF-16LE without a mark", "<\x00?\x00x\x00", "utf-16le"},
		{"UTF-16BE without a mark", "\x00<\x00?\x00x", "utf-16be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, name := text.Encoding([]byte(tt.body), "utf-8"); name != tt.want {
				t.Errorf("Encoding = %s, want %s", name, tt.want)
			}
			got, err := text.Decode([]byte(tt.body))
			if err != nil || !strings.HasPrefix(string(got), "<") {
				t.Errorf("Decode = %q, %v", got, err)
			}
		})
	}
}

// TestEncodingDetected reads undeclared legacy text of scripts other than
// Latin by statistical detection, and leaves Latin text to windows-1252.
func TestEncodingDetected(t *testing.T) {
	tests := []struct {
		name, text, encoding, want string
	}{
		{"KOI8-R", "Новости искусственного интеллекта: компания представила новую языковую модель для русского языка.",
			"koi8-r", "koi8-r"},
		{"Windows-1251", "Новости искусственного интеллекта: компания представила новую языковую модель для русского языка.",
			"windows-1251", "windows-1251"},
		{"GB18030", "人工智能新闻：公司发布了新的中文语言模型，用于翻译和写作。研究人员表示，该模型的表现优于以前的版本。",
			"gb18030", "gb18030"},
		{"Shift_JIS", "人工知能のニュース：新しい日本語の言語モデルが発表されました。研究者によると、このモデルは以前の版より優れています。",
			"shift_jis", "shift_jis"},
		{"Latin-1 French", "L'été à Paris : la société française présente un modèle d'intelligence artificielle très économe.",
			"windows-1252", "windows-1252"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := charset.Lookup(tt.encoding)
			body, err := e.NewEncoder().Bytes([]byte("<rss><title>" + tt.text + "</title></rss>"))
			if err != nil {
				t.Fatal(err)
			}
			if _, name := text.Encoding(body); name != tt.want {
				t.Errorf("Encoding = %s, want %s", name, tt.want)
			}
		})
	}
}

func TestRepair(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ã©tÃ© Ã\u00a0 Paris", "été à Paris"},
		{"Lâ€™IA dit â€œbonjourâ€\u009d â€¦", "L’IA dit “bonjour” …"},
		{"l\u0092été \u0085 \u0096", "l’été … –"},
		{"Â« citation Â»", "« citation »"},
		{"São Paulo, Ã  côté, naïve, Ô±", "São Paulo, Ã  côté, naïve, Ô±"},
		{"€ 5, ½ × ¾", "€ 5, ½ × ¾"},
		{"plain", "plain"},
		{"enfant « doué\u00a0», « surdoué\u00a0»", "enfant « doué\u00a0», « surdoué\u00a0»"},
		{"emoji ðŸ˜€", "emoji 😀"},
	}
	for _, tt := range tests {
		if got := text.Repair(tt.in); got != tt.want {
			t.Errorf("Repair(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
