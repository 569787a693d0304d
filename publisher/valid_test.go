package publisher_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"
)

// These tests hold the outputs to the rules of RSS 2.0, Atom 1.0 (RFC 4287)
// and JSON Feed 1.1 as the W3C Feed Validation Service checks them, each
// read back from the rendered bytes. The warnings the service may still give
// for some content, and why they stay:
//
//   - SelfDoesntMatchLocation: the self links name base_url; a copy
//     validated from another address (or pasted) does not match it.
//   - DuplicateUpdated (Atom): two entries with the same <updated>. Undated
//     items take the time they were fetched, which a pass shares; inventing
//     distinct times would be false.
//   - ContainsHTML / ContainsUndeclaredHTML, and the RSS profile's
//     CharacterData: a title or summary that quotes markup ("<script>" in a
//     news title about XSS). Ours are plain text, escaped once more where
//     readers take HTML (RSS <description>), so nothing is lost; the
//     validator's heuristics cannot tell quoted markup from markup.
//   - ImplausibleDate: a source that dates an item in the future; dates are
//     republished as the source gave them.
//   - NotHtml / SecurityRisk in content: an article page's markup that the
//     service's HTML 4 list does not know (<figure>, <picture>); the article
//     HTML is sanitized (package article) before it is published.

// rfc2396Full is the pattern the validator holds RSS links and URL
// attributes to (validators.py, rfc2396_full): ASCII URI characters only.
var rfc2396Full = regexp.MustCompile(`^[a-zA-Z][0-9a-zA-Z+\-.]*:(//)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$`)

// rfc3339 is the validator's pattern for Atom dates.
var rfc3339 = regexp.MustCompile(`^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|[+-]\d\d:\d\d)$`)

// hubs are the WebSub hubs of the realistic feed.
var hubs = []string{"https://pubsubhubbub.appspot.com/", "https://websub.example.net/hub"}

// realisticFeed is a feed as veille publishes it in production: French,
// with hubs and a schedule of 15 minutes, and entries as sources give them:
// dated or not, with or without link, an accented URL, related stories,
// fetched article HTML.
func realisticFeed() (publisher.Feed, []veille.Item) {
	f := publisher.Feed{
		Slug: "ia", Title: "Veille IA", Description: "L’actualité de l’intelligence artificielle",
		Language: "fr", BaseURL: "https://veille.example.org/", SummaryLength: 300,
		TTL: 15 * time.Minute, Hubs: hubs,
	}
	cet := time.FixedZone("CET", 3600)
	es := []veille.Item{
		{
			ID: 1, UID: "urn:uuid:8183de1b-ea2a-56b7-be7b-c8ea0760276a",
			SourceName: "France Info", SourceURL: "https://www.francetvinfo.fr/titres.rss",
			Link:  "https://www.francetvinfo.fr/internet/intelligence-artificielle/sommet-ia-open-source_7000001.html",
			Title: "Sommet de Paris sur l'IA : la France mise sur l'open source",
			Summary: "Emmanuel Macron a annoncé lundi 10 février 109 milliards d’euros d'investissements. " +
				"Le sommet pour l’action sur l’IA réunit une centaine de pays au Grand Palais.",
			Published: time.Date(2025, 2, 10, 9, 30, 0, 0, cet), Fetched: time.Date(2025, 2, 10, 9, 45, 0, 0, time.UTC),
			Matches: []veille.Match{{Feed: "ia", Terms: []string{"intelligence artificielle", "IA", "Mistral AI"}}},
			Related: []veille.Item{{SourceName: "Le Monde", SourceURL: "https://www.lemonde.fr/rss/une.xml",
				Link: "https://www.lemonde.fr/pixels/article/2025/02/10/sommet-ia_1.html"}},
		},
		{
			ID: 2, UID: "urn:uuid:0b6f3c1e-8d2a-5f4b-9c1d-2e3f4a5b6c7d",
			SourceName: "The Verge AI", SourceURL: "https://www.theverge.com/rss/ai-artificial-intelligence/index.xml",
			Link:      "https://www.theverge.com/2025/2/9/openai-agents",
			Title:     "OpenAI’s new agents can browse the web for you",
			Summary:   "OpenAI is rolling out agents that book tables & fill forms. They are slow, for now.",
			Published: time.Date(2025, 2, 9, 18, 0, 0, 0, time.UTC), Updated: time.Date(2025, 2, 9, 20, 15, 0, 0, time.UTC),
			Fetched: time.Date(2025, 2, 9, 21, 0, 0, 0, time.UTC),
			Matches: []veille.Match{{Feed: "ia", Terms: []string{"OpenAI", "AI"}}},
			ArticleHTML: `<p>The agents run in a <a href="https://www.theverge.com/ai" rel="nofollow">sandboxed browser</a>.</p>` +
				`<ul><li>Booking</li><li>Shopping</li></ul>`,
		},
		{
			// A dateless item without link, from a source known by its URL.
			ID: 3, UID: "urn:uuid:3c2b1a09-8f7e-5d6c-ab4b-3a2918070605",
			SourceURL: "https://Blog.Example.COM:443/feed", Title: "Les modèles de langage expliqués",
			Summary: "Un billet sans date ni lien sur les grands modèles de langage.",
			Fetched: time.Date(2025, 2, 8, 7, 0, 0, 0, time.UTC),
			Matches: []veille.Match{{Feed: "ia", Terms: []string{"modèles de langage"}}},
		},
		{
			// An accented link, as some French sites write them.
			ID: 4, UID: "urn:uuid:4d3c2b1a-0f9e-5d8c-bb6a-594837261504",
			SourceName: "Libération", SourceURL: "https://www.liberation.fr/arc/outboundfeeds/rss/",
			Link:  "https://www.liberation.fr/économie/l-ia-et-l-emploi 2025/?a=b c#été",
			Title: "L’IA et l’emploi : « ni apocalypse, ni miracle »",
			Summary: "Une étude de l’OCDE nuance l’effet de l’intelligence artificielle sur l’emploi. " +
				"Les métiers changent plus qu’ils ne disparaissent.",
			Published: time.Date(2025, 2, 7, 6, 0, 0, 0, cet), Fetched: time.Date(2025, 2, 7, 6, 10, 0, 0, time.UTC),
			Matches: []veille.Match{{Feed: "ia", Terms: []string{"IA", "intelligence artificielle"}}},
		},
	}
	return f, es
}

func renderRealistic(t testing.TB) *publisher.Output {
	t.Helper()
	f, es := realisticFeed()
	out, err := publisher.Render(f, es, now)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// xmlLink is an atom:link as both RSS and Atom carry it.
type xmlLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

func TestRSSValidity(t *testing.T) {
	out := renderRealistic(t)
	var doc struct {
		Version string `xml:"version,attr"`
		Channel struct {
			// Links go first: encoding/xml gives an element to the first
			// field that matches, and "link" matches in any namespace.
			Links         []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
			Title         string    `xml:"title"`
			Link          string    `xml:"link"`
			Description   string    `xml:"description"`
			Language      string    `xml:"language"`
			PubDate       string    `xml:"pubDate"`
			LastBuildDate string    `xml:"lastBuildDate"`
			TTL           string    `xml:"ttl"`
			Items         []struct {
				Title       []string `xml:"title"`
				Link        []string `xml:"link"`
				Description []string `xml:"description"`
				PubDate     []string `xml:"pubDate"`
				Author      []string `xml:"author"`
				Creator     []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
				Category    []string `xml:"category"`
				GUID        struct {
					ID          string `xml:",chardata"`
					IsPermaLink string `xml:"isPermaLink,attr"`
				} `xml:"guid"`
				Source []struct {
					URL  string `xml:"url,attr"`
					Name string `xml:",chardata"`
				} `xml:"source"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(out.RSS, &doc); err != nil {
		t.Fatal(err)
	}
	ch := doc.Channel
	if doc.Version != "2.0" || ch.Title == "" || ch.Description == "" || !rfc2396Full.MatchString(ch.Link) {
		t.Errorf("version %q, title %q, description %q, link %q: all required", doc.Version, ch.Title, ch.Description, ch.Link)
	}
	if ch.Language != "fr" {
		t.Errorf("language = %q, want fr", ch.Language)
	}
	if ch.TTL != "15" {
		t.Errorf("ttl = %q, want 15 (minutes of the schedule)", ch.TTL)
	}
	wantLinks := []xmlLink{{baseURL + "ia.rss", "self", "application/rss+xml"}, {hubs[0], "hub", ""}, {hubs[1], "hub", ""}}
	if !slices.Equal(ch.Links, wantLinks) {
		t.Errorf("atom:link = %+v, want %+v", ch.Links, wantLinks)
	}
	for _, d := range []string{ch.PubDate, ch.LastBuildDate} {
		checkRFC822(t, d)
	}
	_, es := realisticFeed()
	guids := map[string]bool{}
	for i, it := range ch.Items {
		e := es[i]
		if len(it.Title) != 1 || strings.TrimSpace(it.Title[0]) == "" || len(it.Description) != 1 {
			t.Errorf("item %d: title %q, description %q: want one of each, title not blank", i, it.Title, it.Description)
		}
		if it.GUID.IsPermaLink != "false" || !strings.HasPrefix(it.GUID.ID, "urn:uuid:") || guids[it.GUID.ID] {
			t.Errorf("item %d: guid %+v: want a unique urn:uuid, not a permalink", i, it.GUID)
		}
		guids[it.GUID.ID] = true
		for _, l := range it.Link {
			if !rfc2396Full.MatchString(l) {
				t.Errorf("item %d: link %q is not an ASCII URI", i, l)
			}
		}
		if (len(it.Link) == 1) != (e.Link != "") {
			t.Errorf("item %d: links %q for entry link %q", i, it.Link, e.Link)
		}
		if len(it.Source) != 1 || !rfc2396Full.MatchString(it.Source[0].URL) || it.Source[0].Name == "" {
			t.Errorf("item %d: source %+v: want one, with the source feed's URL and a name", i, it.Source)
		}
		if len(it.Author) != 0 {
			t.Errorf("item %d: author %q: RSS wants an e-mail address there", i, it.Author)
		}
		if len(it.Creator) != 1 || len(it.Source) != 1 || it.Creator[0] != it.Source[0].Name {
			t.Errorf("item %d: dc:creator %q: want one, in Dublin Core's namespace, naming the source", i, it.Creator)
		}
		want, _ := e.MatchFor("ia")
		if !slices.Equal(it.Category, want) {
			t.Errorf("item %d: categories %q, want %q", i, it.Category, want)
		}
		if len(it.PubDate) != 1 {
			t.Errorf("item %d: pubDate %q, want one: the date, else when veille first saw the item", i, it.PubDate)
		}
		for _, d := range it.PubDate {
			checkRFC822(t, d)
		}
	}
	if got := ch.Items[2].Source[0]; got.URL != "https://blog.example.com/feed" || got.Name != "blog.example.com" {
		t.Errorf("source of an unnamed source = %+v, want its canonical URL and host", got)
	}
	if got, want := ch.Items[3].Link[0], "https://www.liberation.fr/%C3%A9conomie/l-ia-et-l-emploi%202025/?a=b%20c#%C3%A9t%C3%A9"; got != want {
		t.Errorf("accented link = %q, want %q", got, want)
	}
	checkElementOrder(t, out.RSS, "description", "encoded")
}

// checkRFC822 fails t unless d is an RFC 822 date as the validator wants
// it: four-digit year, numeric zone, the right day of the week.
func checkRFC822(t *testing.T, d string) {
	t.Helper()
	p, err := time.Parse(time.RFC1123Z, d)
	if err != nil || p.Format(time.RFC1123Z) != d {
		t.Errorf("date %q is not RFC 822 with a numeric zone: %v", d, err)
	}
}

// checkElementOrder fails t unless, in every element holding both, first
// comes before second: the validator wants an RSS <description> before
// <content:encoded> (NeedDescriptionBeforeContent).
func checkElementOrder(t *testing.T, doc []byte, first, second string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	seenFirst := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "item":
				seenFirst = false
			case first:
				seenFirst = true
			case second:
				if !seenFirst {
					t.Errorf("<%s> before <%s>", second, first)
				}
			}
		}
	}
}

func TestAtomValidity(t *testing.T) {
	out := renderRealistic(t)
	type person struct {
		Name string `xml:"name"`
	}
	var doc struct {
		XMLName xml.Name  `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID      string    `xml:"id"`
		Title   string    `xml:"title"`
		Updated string    `xml:"updated"`
		Author  []person  `xml:"author"`
		Links   []xmlLink `xml:"link"`
		Entries []struct {
			ID        []string  `xml:"id"`
			Title     string    `xml:"title"`
			Updated   []string  `xml:"updated"`
			Published []string  `xml:"published"`
			Author    []person  `xml:"author"`
			Links     []xmlLink `xml:"link"`
			Summary   []string  `xml:"summary"`
			Content   []struct {
				Type string `xml:"type,attr"`
				Text string `xml:",chardata"`
			} `xml:"content"`
			Category []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
			Source []struct {
				ID      []string  `xml:"id"`
				Title   []string  `xml:"title"`
				Updated []string  `xml:"updated"`
				Links   []xmlLink `xml:"link"`
			} `xml:"source"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out.Atom, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Lang != "fr" || doc.ID != baseURL+"ia.atom" || doc.Title == "" || !rfc3339.MatchString(doc.Updated) {
		t.Errorf("xml:lang %q, id %q, title %q, updated %q", doc.Lang, doc.ID, doc.Title, doc.Updated)
	}
	if len(doc.Author) != 1 || doc.Author[0].Name == "" {
		t.Errorf("feed author = %+v, want one: entries without their own need it", doc.Author)
	}
	wantLinks := []xmlLink{
		{baseURL + "ia.atom", "self", "application/atom+xml"}, {baseURL, "alternate", "text/html"},
		{hubs[0], "hub", ""}, {hubs[1], "hub", ""},
	}
	if !slices.Equal(doc.Links, wantLinks) {
		t.Errorf("links = %+v, want %+v", doc.Links, wantLinks)
	}
	_, es := realisticFeed()
	ids := map[string]bool{}
	for i, e := range doc.Entries {
		if len(e.ID) != 1 || ids[e.ID[0]] || !regexp.MustCompile(`^urn:uuid:[0-9a-f-]{36}$`).MatchString(e.ID[0]) {
			t.Errorf("entry %d: id %q: want one unique canonical urn:uuid", i, e.ID)
			continue
		}
		ids[e.ID[0]] = true
		if e.Title == "" || len(e.Updated) != 1 || !rfc3339.MatchString(e.Updated[0]) {
			t.Errorf("entry %d: title %q, updated %q: both required, RFC 3339", i, e.Title, e.Updated)
		}
		for _, p := range e.Published {
			if !rfc3339.MatchString(p) {
				t.Errorf("entry %d: published %q is not RFC 3339", i, p)
			}
		}
		if len(e.Author) != 1 || e.Author[0].Name == "" {
			t.Errorf("entry %d: author %+v", i, e.Author)
		}
		if len(e.Content) != 1 || e.Content[0].Text == "" || e.Content[0].Type != "html" || len(e.Summary) != 1 {
			t.Errorf("entry %d: content %+v, summary %q: want both", i, e.Content, e.Summary)
		}
		for _, l := range e.Links {
			if l.Rel != "alternate" || !rfc2396Full.MatchString(l.Href) {
				t.Errorf("entry %d: link %+v", i, l)
			}
		}
		var terms []string
		for _, c := range e.Category {
			terms = append(terms, c.Term)
		}
		if want, _ := es[i].MatchFor("ia"); !slices.Equal(terms, want) {
			t.Errorf("entry %d: categories %q, want %q", i, terms, want)
		}
		// The validator wants id, title and updated in a source
		// (MissingSourceElement), and its self link.
		if len(e.Source) != 1 {
			t.Errorf("entry %d: %d sources", i, len(e.Source))
			continue
		}
		s := e.Source[0]
		if len(s.ID) != 1 || len(s.Title) != 1 || len(s.Updated) != 1 || !rfc3339.MatchString(s.Updated[0]) ||
			len(s.Links) != 1 || s.Links[0].Rel != "self" || s.Links[0].Href != s.ID[0] {
			t.Errorf("entry %d: source %+v", i, s)
		}
	}
	if got := doc.Entries[2].Source[0].ID[0]; got != "https://blog.example.com/feed" {
		t.Errorf("source id = %q, want the canonical form of https://Blog.Example.COM:443/feed", got)
	}
}

func TestJSONFeedValidity(t *testing.T) {
	out := renderRealistic(t)
	type author struct {
		Name string `json:"name"`
	}
	var doc struct {
		Version  string   `json:"version"`
		Title    string   `json:"title"`
		Home     string   `json:"home_page_url"`
		FeedURL  string   `json:"feed_url"`
		Language string   `json:"language"`
		Authors  []author `json:"authors"`
		Hubs     []struct {
			Type string `json:"type"`
			URL  string `json:"url"`
		} `json:"hubs"`
		Items []struct {
			ID        string   `json:"id"`
			URL       string   `json:"url"`
			Title     string   `json:"title"`
			HTML      string   `json:"content_html"`
			Summary   string   `json:"summary"`
			Published string   `json:"date_published"`
			Modified  string   `json:"date_modified"`
			Authors   []author `json:"authors"`
			Tags      []string `json:"tags"`
		} `json:"items"`
	}
	dec := json.NewDecoder(bytes.NewReader(out.JSON))
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.Title == "" || doc.Home != baseURL ||
		doc.FeedURL != baseURL+"ia.json" || doc.Language != "fr" {
		t.Errorf("version %q, title %q, home %q, feed_url %q, language %q", doc.Version, doc.Title, doc.Home, doc.FeedURL, doc.Language)
	}
	if len(doc.Authors) != 1 || doc.Authors[0].Name != "Veille IA" {
		t.Errorf("authors = %+v", doc.Authors)
	}
	if len(doc.Hubs) != 2 || doc.Hubs[0].Type != "WebSub" || doc.Hubs[0].URL != hubs[0] || doc.Hubs[1].URL != hubs[1] {
		t.Errorf("hubs = %+v", doc.Hubs)
	}
	_, es := realisticFeed()
	for i, it := range doc.Items {
		if it.ID == "" || it.HTML == "" || it.Title == "" || it.Summary == "" {
			t.Errorf("item %d: id %q, content_html %q, title %q, summary %q", i, it.ID, it.HTML, it.Title, it.Summary)
		}
		if (it.URL != "") != (es[i].Link != "") || (it.URL != "" && !rfc2396Full.MatchString(it.URL)) {
			t.Errorf("item %d: url %q", i, it.URL)
		}
		for _, d := range []string{it.Published, it.Modified} {
			if _, err := time.Parse(time.RFC3339, d); d != "" && err != nil {
				t.Errorf("item %d: date %q is not RFC 3339", i, d)
			}
		}
		if it.Published == "" {
			t.Errorf("item %d: no date_published: an undated item has the time veille first saw it", i)
		}
		if len(it.Authors) != 1 || it.Authors[0].Name == "" {
			t.Errorf("item %d: authors %+v", i, it.Authors)
		}
		if want, _ := es[i].MatchFor("ia"); !slices.Equal(it.Tags, want) {
			t.Errorf("item %d: tags %q, want %q", i, it.Tags, want)
		}
	}
}

func TestTTLAndNoHubs(t *testing.T) {
	for _, tt := range []struct {
		ttl  time.Duration
		want string
	}{{0, ""}, {90 * time.Second, "2"}, {time.Hour, "60"}, {24 * time.Hour, "1440"}} {
		f, es := realisticFeed()
		f.TTL, f.Hubs = tt.ttl, nil
		out, err := publisher.Render(f, es, now)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			TTL []string `xml:"channel>ttl"`
		}
		if err := xml.Unmarshal(out.RSS, &doc); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(doc.TTL, ","); got != tt.want {
			t.Errorf("ttl %v: <ttl> = %q, want %q", tt.ttl, got, tt.want)
		}
		for _, doc := range [][]byte{out.RSS, out.Atom, out.JSON} {
			if bytes.Contains(doc, []byte(`"hub"`)) || bytes.Contains(doc, []byte(`"hubs"`)) {
				t.Errorf("a feed without hubs names one:\n%s", doc)
			}
		}
	}
}

func TestRenderRejectsBadHub(t *testing.T) {
	f, es := realisticFeed()
	f.Hubs = []string{"ftp://hub.example/"}
	if _, err := publisher.Render(f, es, now); err == nil || !strings.Contains(err.Error(), "hub") {
		t.Errorf("err = %v, want one about the hub", err)
	}
}

func TestHandlerLinkHeaders(t *testing.T) {
	out := renderRealistic(t)
	f, es := realisticFeed()
	f.Slug, f.Hubs = "tech", nil
	plain, err := publisher.Render(f, es, now)
	if err != nil {
		t.Fatal(err)
	}
	h := publisher.NewHandler(time.Minute)
	h.Update([]byte("index"), map[string]*publisher.Output{"ia": out, "tech": plain})
	for _, ext := range []string{"rss", "atom", "json"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ia."+ext, nil))
		want := []string{
			fmt.Sprintf("<%s>; rel=\"hub\"", hubs[0]),
			fmt.Sprintf("<%s>; rel=\"hub\"", hubs[1]),
			fmt.Sprintf("<%sia.%s>; rel=\"self\"", baseURL, ext),
		}
		if got := rec.Result().Header.Values("Link"); !slices.Equal(got, want) {
			t.Errorf("/ia.%s Link = %q, want %q", ext, got, want)
		}
		if got := out.URL(ext); got != baseURL+"ia."+ext {
			t.Errorf("URL(%q) = %q", ext, got)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/tech."+ext, nil))
		if got := rec.Result().Header.Values("Link"); got != nil {
			t.Errorf("/tech.%s without hubs: Link = %q", ext, got)
		}
	}
}
