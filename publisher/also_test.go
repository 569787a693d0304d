package publisher

import (
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille"
)

func TestRelatedOutletsCredited(t *testing.T) {
	when := time.Date(2025, 2, 10, 9, 0, 0, 0, time.UTC)
	e := veille.Item{UID: "urn:uuid:1", Title: "Sommet de l'IA", Summary: "Le sommet s'ouvre.",
		Link: "https://www.francetvinfo.fr/a", SourceName: "France Info", Published: when, Fetched: when,
		Related: []veille.Item{
			{SourceName: "Le Monde", Link: "https://www.lemonde.fr/b"},
			{SourceName: "France Info", Link: "https://www.francetvinfo.fr/c"}, // its own outlet again
			{SourceName: "Libé & Co", Link: "javascript:alert(1)"},
			{SourceName: "Le Monde", Link: "https://www.lemonde.fr/d"}, // credited once
		}}
	for _, c := range []struct{ lang, want string }{
		{"fr", `<p>Aussi : <a href="https://www.lemonde.fr/b">Le Monde</a>, Libé &amp; Co</p>`},
		{"en", `<p>Also: <a href="https://www.lemonde.fr/b">Le Monde</a>, Libé &amp; Co</p>`},
	} {
		out, err := Render(Feed{Slug: "ia", Title: "IA", Language: c.lang, BaseURL: "https://v.example/",
			SummaryLength: 200}, []veille.Item{e}, when)
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().ParseString(string(out.RSS))
		if err != nil {
			t.Fatal(err)
		}
		if got := feed.Items[0].Content; !strings.HasSuffix(got, c.want) {
			t.Errorf("%s content = %q, want it to end with %q", c.lang, got, c.want)
		}
	}
}
