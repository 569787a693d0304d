package pipeline

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/veille-project/veille"
)

// credit makes each story stand for the outlet that published its article:
// when other sources list the same link as the story's lead, the item of
// the source whose own site serves that link (its feed is on the same
// registrable domain, such as lemonde.fr) represents the story, with its
// own title and text, and the lead joins the others. Else the earliest
// report stays: a source cannot take over another's article by listing
// its link first.
func credit(items []veille.Item) {
	for i := range items {
		lead := &items[i]
		if lead.Link == "" || owns(lead.SourceURL, lead.Link) {
			continue
		}
		for j, r := range lead.Related {
			if r.Link != lead.Link || !owns(r.SourceURL, r.Link) {
				continue
			}
			owner := r
			owner.Related = append(append(append([]veille.Item{}, lead.Related[:j]...), lead.Related[j+1:]...),
				withoutRelated(*lead))
			*lead = owner
			break
		}
	}
}

func withoutRelated(e veille.Item) veille.Item {
	e.Related = nil
	return e
}

// owns reports whether the feed at feedURL belongs to the site that serves
// link: both hosts have the same registrable domain.
func owns(feedURL, link string) bool {
	a, b := domain(feedURL), domain(link)
	return a != "" && a == b
}

// domain returns the registrable domain of the host of rawURL ("lemonde.fr"
// for https://www.lemonde.fr/…), the host itself when it has none (an IP
// address, localhost), or "" for an invalid URL.
func domain(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}
