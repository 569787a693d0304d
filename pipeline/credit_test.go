package pipeline

import "testing"

func TestOwns(t *testing.T) {
	for _, c := range []struct {
		feed, link string
		want       bool
	}{
		{"https://www.lemonde.fr/rss/une.xml", "https://www.lemonde.fr/pixels/article/1.html", true},
		{"https://feeds.lemonde.fr/une.xml", "https://www.lemonde.fr/pixels/article/1.html", true},
		{"https://www.francetvinfo.fr/titres.rss", "https://www.lemonde.fr/pixels/article/1.html", false},
		{"https://feeds.bbci.co.uk/news/rss.xml", "https://www.bbc.co.uk/news/1", false},
		{"https://feeds.bbc.co.uk/news/rss.xml", "https://www.bbc.co.uk/news/1", true},
		{"https://attacker.github.io/feed.xml", "https://lemonde.github.io/a", false}, // a public suffix
		{"http://127.0.0.1:8080/feed", "http://127.0.0.1/a", true},
		{"http://localhost:8080/feed", "http://127.0.0.1/a", false},
		{"::not a url", "https://www.lemonde.fr/a", false},
	} {
		if got := owns(c.feed, c.link); got != c.want {
			t.Errorf("owns(%q, %q) = %v, want %v", c.feed, c.link, got, c.want)
		}
	}
}
