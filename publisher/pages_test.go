package publisher_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"
)

// seedItem is the case veille was made for: France Info's article on the
// Paris AI summit, with its lead, republished by a French feed.
func seedItem() veille.Item {
	date := time.Date(2025, 2, 10, 8, 30, 0, 0, time.UTC)
	return veille.Item{
		ID: 1, UID: "urn:uuid:6f1c2a9e-5b7d-4c1e-9a3f-2d8e7c6b5a41",
		Title:      "Sommet de Paris sur l'IA : la France mise sur l'open source",
		Summary:    "Emmanuel Macron a annoncé lundi 10 février 109 milliards d’euros d'investissements. Le sommet pour l’action sur l’IA réunit une centaine de pays au Grand Palais.",
		Link:       "https://www.francetvinfo.fr/internet/intelligence-artificielle/sommet-ia-open-source_7000001.html",
		SourceName: "France Info", SourceURL: "https://www.francetvinfo.fr/titres.rss",
		Published: date, Fetched: date.Add(time.Hour),
	}
}

func seedFeed() publisher.Feed {
	return publisher.Feed{Slug: "ia", Title: "Intelligence artificielle", Description: "L’IA dans l’actualité",
		Language: "fr", BaseURL: "https://veille.example/", SummaryLength: 400}
}

func TestDumpPages(t *testing.T) {
	entries := []veille.Item{seedItem()}
	pages, err := publisher.RenderPages(publisher.Site{Title: "Le Collège"}, seedFeed(), entries, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("DUMP")
	if dir == "" {
		t.Skip()
	}
	for name, b := range pages {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
}
