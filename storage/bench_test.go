package storage

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/veille-project/veille"
)

// BenchmarkSaveFetch saves fetches of 50 new entries, one in ten selected,
// as a first pass does; b.N counts entries.
func BenchmarkSaveFetch(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "veille.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	src, err := s.EnsureSource(b.Context(), "s", "https://s.example/feed")
	if err != nil {
		b.Fatal(err)
	}
	summary := "Le président de la République a annoncé dimanche un investissement de 109 milliards d'euros " +
		"dans l'intelligence artificielle, à la veille du sommet pour l'action sur l'IA. Ces montants doivent " +
		"financer des centres de données."
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		entries := make([]veille.Item, 50)
		for i := range entries {
			uid := fmt.Sprintf("urn:uuid:%08x-0000-5000-8000-%012d", n*7919%1_000_003, n)
			entries[i] = veille.Item{UID: uid, GUID: uid, Link: fmt.Sprintf("https://s.example/%d", n), Title: "Titre",
				Summary: summary, Categories: []string{"tech"}, Published: t0, Fetched: t0.Add(time.Hour)}
			if n%10 == 0 {
				entries[i].Matches = []veille.Match{{Feed: "ia", Terms: []string{"IA"}}}
			}
			n++
		}
		if _, err := s.SaveFetch(b.Context(), src.ID, Fetch{Time: t0, Status: StatusOK}, entries); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/entry")
}
