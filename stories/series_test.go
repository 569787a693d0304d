package stories_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/veille-project/veille/stories"
)

// seriesFiles list the items of templated series (a column under one
// title, numbered episodes, the updates of a live page, items sharing a
// paywall notice), each series of one source, each file written blind by a
// writer who saw neither the code nor other sets, and measured once: v4 (0
// of 68 merged), v5 at commit f092bfe (0 of 68), v6 at c2561cf (0 of 69),
// v7 at 4feb696 (0 of 73), v8 at fb4b0ae (0 of 73), v9 at 1277791 (0
// of 70). Every item is distinct.
var seriesFiles = []string{
	"../curation/testdata/series_v4.tsv",
	"../curation/testdata/series_v5.tsv",
	"../curation/testdata/series_v6.tsv",
	"../curation/testdata/series_v7.tsv",
	"../curation/testdata/series_v8.tsv",
	"../curation/testdata/series_v9.tsv",
	"../curation/testdata/series_v10.tsv",
	"../curation/testdata/series_v11.tsv",
	"../curation/testdata/series_v12.tsv",
	"../curation/testdata/series_v13.tsv",
}

func TestSeriesNeverMerged(t *testing.T) {
	for _, file := range seriesFiles {
		t.Run(filepath.Base(file), func(t *testing.T) { testSeries(t, file) })
	}
}

// testSeries places the items of the series file seriesFile in an Index
// and fails for every item merged with another of its source.
func testSeries(t *testing.T, seriesFile string) {
	f, err := os.Open(seriesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("read %s: %v", seriesFile, err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"series", "source", "title", "summary"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("%s: no column %q", seriesFile, name)
		}
	}
	get := func(row []string, name string) string {
		if i := col[name]; i < len(row) {
			return row[i]
		}
		return ""
	}
	docs := make([]stories.Doc, 0, len(rows)-1)
	series := make([]string, 0, len(rows)-1)
	b := stories.NewBoilerplate()
	for i, row := range rows[1:] {
		d := stories.Doc{Title: get(row, "title"), Summary: get(row, "summary"), Source: get(row, "source")}
		docs, series = append(docs, d), append(series, get(row, "series"))
		b.Learn(strconv.Itoa(i), d)
	}
	x := stories.NewIndex(stories.Options{Boilerplate: b})
	merged := 0
	for i, d := range docs {
		p := x.Place(int64(i+1), d)
		if p.Link != 0 && docs[p.Link-1].Source == d.Source {
			merged++
			t.Errorf("series %s: %q merged with %q (%.3f)", series[i], d.Title, docs[p.Link-1].Title, p.Score)
		}
	}
	t.Logf("%d items of %s: %d merged with another of their source", len(docs), seriesFile, merged)
}
