package publisher

import (
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille"
)

// TestRelatedOutletsCredited: the published item credits every item of its
// story, its own outlet's too, so that none is hidden without a trace.
func TestRelatedOutletsCredited(t *testing.T) {
	when := time.Date(2025, 2, 10, 9, 0, 0, 0, time.UTC)
	e := veille.Item{UID: "urn:uuid:1", Title: "Sommet de l'IA", Summary: "Le sommet s'ouvre.",
		Link: "https://www.francetvinfo.fr/a", SourceName: "France Info", Published: when, Fetched: when,
		Related: []veille.Item{
			{SourceName: "Le Monde", Link: "https://www.lemonde.fr/b"},
			{SourceName: "France Info", Link: "https://www.francetvinfo.fr/c"}, // its own outlet's other article
			{SourceName: "Libé & Co", Link: "javascript:alert(1)"},
			{SourceName: "Le Monde", Link: "https://www.lemonde.fr/d"}, // another article of Le Monde
			{SourceName: "Le Monde", Link: "https://www.lemonde.fr/b"}, // credited once
		}}
	for _, c := range []struct{ lang, want string }{
		{"fr", `<p>Aussi : <a href="https://www.lemonde.fr/b">Le Monde</a>, <a href="https://www.francetvinfo.fr/c">France Info</a>, Libé &amp; Co, <a href="https://www.lemonde.fr/d">Le Monde</a></p>`},
		{"en", `<p>Also: <a href="https://www.lemonde.fr/b">Le Monde</a>, <a href="https://www.francetvinfo.fr/c">France Info</a>, Libé &amp; Co, <a href="https://www.lemonde.fr/d">Le Monde</a></p>`},
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
