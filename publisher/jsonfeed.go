package publisher

import (
	"bytes"
	"encoding/json"

	"github.com/gorilla/feeds"
)

// jsonFeed is gorilla's JSON feed with an items list that is written even
// when empty: JSON Feed requires the key, and gorilla omits it. encoding/json
// lets the shallower Items replace the embedded one.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem is gorilla's item with JSON Feed 1.1's language, the item's own.
type jsonItem struct {
	*feeds.JSONItem
	Language string `json:"language,omitempty"`
}

// renderJSON encodes src as JSON Feed 1.1, with the corrections items need.
func renderJSON(f Feed, src *feeds.Feed, items []item) ([]byte, error) {
	jf := (&feeds.JSON{Feed: src}).JSONFeed()
	jf.Language = f.Language
	jf.FeedUrl = f.selfURL("json")
	// JSON Feed 1.1 replaced author by authors; the feed's curator is its
	// author, as in the Atom feed.
	if f.Title != "" {
		jf.Authors = []*feeds.JSONAuthor{{Name: f.Title}}
	}
	for _, h := range f.Hubs {
		jf.Hubs = append(jf.Hubs, &feeds.JSONHub{Type: "WebSub", Url: h})
	}
	x := &jsonFeed{JSONFeed: jf, Items: make([]*jsonItem, len(items))}
	for i, it := range items {
		ji := jf.Items[i]
		ji.Tags = it.terms
		x.Items[i] = &jsonItem{JSONItem: ji, Language: it.language}
	}
	jf.Items = nil

	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// The content is HTML: escaping <, > and & as \u003c makes it larger
	// and harder to read, for no gain outside a <script> element.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(x); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
