package opml

import (
	"encoding/xml"
	"fmt"
	"io"
)

// The shapes encoding/xml writes; attributes are written in this order.
type (
	xmlDocument struct {
		XMLName xml.Name `xml:"opml"`
		Version string   `xml:"version,attr"`
		Head    xmlHead  `xml:"head"`
		Body    xmlBody  `xml:"body"`
	}
	xmlBody struct {
		Outlines []xmlOutline `xml:"outline"`
	}
	xmlHead struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated,omitempty"`
	}
	xmlOutline struct {
		Text        string       `xml:"text,attr"`
		Title       string       `xml:"title,attr,omitempty"`
		Type        string       `xml:"type,attr,omitempty"`
		XMLURL      string       `xml:"xmlUrl,attr,omitempty"`
		HTMLURL     string       `xml:"htmlUrl,attr,omitempty"`
		Description string       `xml:"description,attr,omitempty"`
		Category    string       `xml:"category,attr,omitempty"`
		Outlines    []xmlOutline `xml:"outline"`
	}
)

// Write writes d to w as an indented OPML 2.0 document in UTF-8.
//
// OPML 2.0 requires the text attribute on every outline; an outline without
// text is given its title.
func Write(w io.Writer, d *Document) error {
	doc := xmlDocument{Version: "2.0", Head: xmlHead{Title: d.Title, DateCreated: d.DateCreated},
		Body: xmlBody{Outlines: xmlOutlines(d.Outlines)}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	return nil
}

func xmlOutlines(outlines []Outline) []xmlOutline {
	out := make([]xmlOutline, len(outlines))
	for i, o := range outlines {
		text := o.Text
		if text == "" {
			text = o.Title
		}
		out[i] = xmlOutline{Text: text, Title: o.Title, Type: o.Type, XMLURL: o.XMLURL, HTMLURL: o.HTMLURL,
			Description: o.Description, Category: o.Category, Outlines: xmlOutlines(o.Outlines)}
	}
	return out
}
