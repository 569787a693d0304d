package article_test

import (
	"testing"

	"github.com/veille-project/veille/article"
)

// BenchmarkExtractLead measures the whole summary path on the test pages:
// charset decoding, parsing, readability, sanitizing and the lead.
func BenchmarkExtractLead(b *testing.B) {
	var pages []*article.Page
	size := 0
	for _, tp := range readPages(b) {
		p := tp.load(b)
		pages = append(pages, p)
		size += len(p.Body)
	}
	b.SetBytes(int64(size / len(pages)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		p := pages[n%len(pages)]
		a, err := article.Extract(p)
		if err != nil {
			b.Fatal(err)
		}
		article.Lead(a, leadMax)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "summaries/s")
}
