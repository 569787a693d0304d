package config

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// example is the configuration documented for veille; it must parse as is.
const example = `database: veille.db
output_dir: public
base_url: http://localhost:8080/
listen: 127.0.0.1:8080
schedule: "*/15 * * * *"
fetch:
  timeout: 20s
  concurrency: 8
  user_agent: "veille/1.0 (+https://github.com/veille-project/veille)"
  max_body: 10MiB
sources:
  - name: France Info
    url: https://www.francetvinfo.fr/titres.rss
feeds:
  - slug: ia
    title: "Veille IA"
    description: "L'actualité de l'intelligence artificielle"
    language: fr
    limit: 50
    summary_length: 400
    include: ["intelligence artificielle", "IA", "AI"]
    exclude: ["Amnesty International"]
`

// minimal is the smallest valid configuration.
const minimal = `sources:
  - name: A
    url: https://a.example/feed
`

// exported returns the exported fields of c, for comparisons that should
// not depend on the line index.
func exported(c *Config) Config {
	x := *c
	x.file, x.lines = "", nil
	return x
}

// withSources returns Default() with the given sources.
func withSources(sources ...Source) Config {
	c := Default()
	c.Sources = sources
	return *c
}

func TestParseValid(t *testing.T) {
	sourceA := Source{Name: "A", URL: "https://a.example/feed"}
	tests := []struct {
		name string
		in   string
		want func() Config
	}{
		{
			name: "minimal gets every default",
			in:   minimal,
			want: func() Config { return withSources(sourceA) },
		},
		{
			name: "documented example",
			in:   example,
			want: func() Config {
				c := withSources(Source{Name: "France Info", URL: "https://www.francetvinfo.fr/titres.rss"})
				c.Fetch.UserAgent = "veille/1.0 (+https://github.com/veille-project/veille)"
				c.Feeds = []Feed{{
					Slug:          "ia",
					Title:         "Veille IA",
					Description:   "L'actualité de l'intelligence artificielle",
					Language:      "fr",
					Limit:         50,
					SummaryLength: 400,
					Include:       terms("intelligence artificielle", "IA", "AI"),
					Exclude:       terms("Amnesty International"),
					Threshold:     2,
					FetchArticles: true,
				}}
				return c
			},
		},
		{
			name: "feed defaults apply to omitted keys",
			in: minimal + `feeds:
  - slug: a
    title: A
    include: [x]
  - slug: b
    title: B
    limit: 5
    include: [y]
`,
			want: func() Config {
				c := withSources(sourceA)
				c.Feeds = []Feed{
					{Slug: "a", Title: "A", Limit: 50, SummaryLength: 400, Threshold: 2, FetchArticles: true, Include: terms("x")},
					{Slug: "b", Title: "B", Limit: 5, SummaryLength: 400, Threshold: 2, FetchArticles: true, Include: terms("y")},
				}
				return c
			},
		},
		{
			name: "every key set",
			in: `database: /var/lib/veille/v.db
output_dir: out
base_url: https://news.example/veille
listen: ":9000"
schedule: "CRON_TZ=UTC 0 6 * * 1-5"
fetch:
  timeout: 1m30s
  concurrency: 256
  user_agent: bot
  max_body: 512KiB
  allow_private_networks: true
  follow_moves: never
  max_new_per_source: 2000
` + minimal,
			want: func() Config {
				c := withSources(sourceA)
				c.Database, c.OutputDir, c.Listen = "/var/lib/veille/v.db", "out", ":9000"
				c.BaseURL = "https://news.example/veille/" // normalized
				c.Schedule = "CRON_TZ=UTC 0 6 * * 1-5"
				c.Fetch = Fetch{Timeout: Duration(90 * time.Second), Concurrency: 256, UserAgent: "bot", MaxBody: 512 * kibibyte,
					AllowPrivateNetworks: true, FollowMoves: FollowNever,
					MaxNewPerSource: 2000}
				return c
			},
		},
		{
			name: "empty values keep defaults",
			in:   "fetch:\nschedule: ~\nfeeds:\n" + minimal,
			want: func() Config { return withSources(sourceA) },
		},
		{
			name: "descriptor schedule and plain byte count",
			in:   "schedule: \"@every 10m\"\nfetch:\n  max_body: 1048576\n" + minimal,
			want: func() Config {
				c := withSources(sourceA)
				c.Schedule = "@every 10m"
				c.Fetch.MaxBody = mebibyte
				return c
			},
		},
		{
			name: "anchors and merge keys",
			in: minimal + `feeds:
  - &base
    slug: a
    title: A
    limit: 10
    include: &terms [x, y]
  - <<: *base
    slug: b
    exclude: *terms
`,
			want: func() Config {
				c := withSources(sourceA)
				c.Feeds = []Feed{
					{Slug: "a", Title: "A", Limit: 10, SummaryLength: 400, Threshold: 2, FetchArticles: true, Include: terms("x", "y")},
					{Slug: "b", Title: "A", Limit: 10, SummaryLength: 400, Threshold: 2, FetchArticles: true, Include: terms("x", "y"), Exclude: terms("x", "y")},
				}
				return c
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(strings.NewReader(tt.in), "config.yaml")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got, want := exported(c), tt.want(); !reflect.DeepEqual(got, want) {
				t.Errorf("Parse:\n got %+v\nwant %+v", got, want)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("Validate after Parse: %v", err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // every line of the error, in order
	}{
		{
			name: "empty file",
			in:   "",
			want: []string{"config.yaml: sources: at least one source is required"},
		},
		{
			name: "comments only",
			in:   "# nothing yet\n",
			want: []string{"config.yaml: sources: at least one source is required"},
		},
		{
			name: "no sources key",
			in:   "listen: \":8080\"\n",
			want: []string{"config.yaml: sources: at least one source is required"},
		},
		{
			name: "empty sources list",
			in:   "listen: \":8080\"\nsources: []\n",
			want: []string{"config.yaml:2: sources: at least one source is required"},
		},
		{
			name: "typo at top level",
			in:   "databse: x.db\n" + minimal,
			want: []string{`config.yaml:1: databse: unknown field (did you mean "database"?)`},
		},
		{
			name: "typo in nested mapping",
			in:   minimal + "fetch:\n  concurrency: 4\n  timout: 5s\n",
			want: []string{`config.yaml:6: fetch.timout: unknown field (did you mean "timeout"?)`},
		},
		{
			name: "no new entry allowed per source",
			in:   minimal + "fetch:\n  max_new_per_source: 0\n",
			want: []string{"config.yaml:5: fetch.max_new_per_source: must be between 1 and 100000, got 0"},
		},
		{
			name: "typo in list item",
			in:   minimal + "  - name: B\n    uri: https://b.example/feed\n",
			want: []string{
				"config.yaml:4: sources[1].url: required",
				`config.yaml:5: sources[1].uri: unknown field (did you mean "url"?)`,
			},
		},
		{
			name: "wrong case suggests the key",
			in:   minimal + "feeds:\n  - slug: a\n    title: A\n    include: [x]\n    Summary_Length: 100\n",
			want: []string{`config.yaml:8: feeds[0].Summary_Length: unknown field (did you mean "summary_length"?)`},
		},
		{
			name: "unknown field far from any",
			in:   "colour: red\n" + minimal,
			want: []string{"config.yaml:1: colour: unknown field (known fields: database, output_dir, base_url, listen, schedule, retention, fetch, sources, feeds, websub, site)"},
		},
		{
			name: "duplicate key",
			in:   "listen: \":1\"\nlisten: \":2\"\n" + minimal,
			want: []string{"config.yaml:2: listen: duplicate key (first at line 1)"},
		},
		{
			name: "cron with too few fields",
			in:   "schedule: \"*/15 * *\"\n" + minimal,
			want: []string{`config.yaml:1: schedule: invalid cron spec "*/15 * *": expected exactly 5 fields, found 3`},
		},
		{
			name: "cron time zone without schedule",
			in:   "schedule: TZ=UTC\n" + minimal,
			want: []string{`config.yaml:1: schedule: invalid cron spec "TZ=UTC": the time zone must be followed by a space and a schedule`},
		},
		{
			name: "cron that never fires",
			in:   "schedule: \"0 0 31 2 *\"\n" + minimal,
			want: []string{`config.yaml:1: schedule: invalid cron spec "0 0 31 2 *": never fires`},
		},
		{
			name: "cron out of range",
			in:   "schedule: \"0 25 * * *\"\n" + minimal,
			want: []string{`config.yaml:1: schedule: invalid cron spec "0 25 * * *": end of range (25) above maximum (23): 25`},
		},
		{
			name: "websub hubs: not http, relative, blank, fragment, duplicate",
			in: minimal + `websub:
  hubs:
    - ftp://hub.example/
    - /hub
    - ""
    - https://hub.example/#x
    - https://pubsubhubbub.appspot.com/
    - https://pubsubhubbub.appspot.com/
`,
			want: []string{
				`config.yaml:6: websub.hubs[0]: must be an absolute http(s) URL, got "ftp://hub.example/"`,
				`config.yaml:7: websub.hubs[1]: must be an absolute http(s) URL, got "/hub"`,
				`config.yaml:8: websub.hubs[2]: required`,
				`config.yaml:9: websub.hubs[3]: must not have a fragment, got "https://hub.example/#x"`,
				`config.yaml:11: websub.hubs[5]: duplicate hub "https://pubsubhubbub.appspot.com/" (first at line 10)`,
			},
		},
		{
			name: "source tags: blank, comma",
			in:   "sources:\n  - name: A\n    url: https://a.example/feed\n    tags: [tech, \" \", \"a,b\"]\n",
			want: []string{
				`config.yaml:4: sources[0].tags[1]: must not be blank`,
				`config.yaml:4: sources[0].tags[2]: must not contain a comma, got "a,b"`,
			},
		},
		{
			name: "websub hubs not a list",
			in:   minimal + "websub:\n  hubs: https://hub.example/\n",
			want: []string{`config.yaml:5: websub.hubs: must be a list, got "https://hub.example/"`},
		},
		{
			name: "websub typo",
			in:   minimal + "websub:\n  hub: [https://hub.example/]\n",
			want: []string{`config.yaml:5: websub.hub: unknown field (did you mean "hubs"?)`},
		},
		{
			name: "non-http source URL",
			in:   "sources:\n  - name: A\n    url: ftp://x\n",
			want: []string{`config.yaml:3: sources[0].url: must be an absolute http(s) URL, got "ftp://x"`},
		},
		{
			name: "relative source URL",
			in:   "sources:\n  - name: A\n    url: /feed.xml\n",
			want: []string{`config.yaml:3: sources[0].url: must be an absolute http(s) URL, got "/feed.xml"`},
		},
		{
			name: "source URL without host",
			in:   "sources:\n  - name: A\n    url: \"https:///feed.xml\"\n",
			want: []string{`config.yaml:3: sources[0].url: must be an absolute http(s) URL, got "https:///feed.xml"`},
		},
		{
			name: "missing source keys",
			in:   minimal + "  - name: B\n  - url: https://c.example/feed\n  - {}\n",
			want: []string{
				"config.yaml:4: sources[1].url: required",
				"config.yaml:5: sources[2].name: required",
				"config.yaml:6: sources[3].name: required",
				"config.yaml:6: sources[3].url: required",
			},
		},
		{
			name: "missing feed keys",
			in:   minimal + "feeds:\n  - description: nothing else\n",
			want: []string{
				"config.yaml:5: feeds[0].slug: required",
				"config.yaml:5: feeds[0].title: required",
				"config.yaml:5: feeds[0].include: at least one term is required",
			},
		},
		{
			name: "duplicate source names ignoring case, and URLs",
			in:   minimal + "  - name: a\n    url: https://a.example/feed\n",
			want: []string{
				`config.yaml:4: sources[1].name: duplicate name "a" (first at line 2)`,
				`config.yaml:5: sources[1].url: duplicate URL "https://a.example/feed" (first at line 3)`,
			},
		},
		{
			name: "duplicate slugs",
			in: minimal + `feeds:
  - slug: ia
    title: A
    include: [x]
  - slug: ia
    title: B
    include: [y]
`,
			want: []string{`config.yaml:8: feeds[1].slug: duplicate slug "ia" (first at line 5)`},
		},
		{
			name: "bad duration",
			in:   "fetch:\n  timeout: 20\n" + minimal,
			want: []string{`config.yaml:2: fetch.timeout: must be a duration like "20s", "1m30s" or "90d", got "20"`},
		},
		{
			name: "negative duration",
			in:   "fetch:\n  timeout: -5s\n" + minimal,
			want: []string{"config.yaml:2: fetch.timeout: must be positive, got -5s"},
		},
		{
			name: "bad byte size",
			in:   "fetch:\n  max_body: 10 megabytes\n" + minimal,
			want: []string{`config.yaml:2: fetch.max_body: must be a size like "10MiB", "512KiB" or "1048576", got "10 megabytes"`},
		},
		{
			name: "byte size too large",
			in:   "fetch:\n  max_body: 9000000TiB\n" + minimal,
			want: []string{`config.yaml:2: fetch.max_body: too large, got "9000000TiB"`},
		},
		{
			name: "zero byte size",
			in:   "fetch:\n  max_body: 0\n" + minimal,
			want: []string{"config.yaml:2: fetch.max_body: must be positive, got 0"},
		},
		{
			name: "unknown follow_moves",
			in:   "fetch:\n  follow_moves: always\n" + minimal,
			want: []string{`config.yaml:2: fetch.follow_moves: must be "same-host", "any" or "never", got "always"`},
		},
		{
			name: "word for an integer",
			in:   "fetch:\n  concurrency: eight\n" + minimal,
			want: []string{`config.yaml:2: fetch.concurrency: must be an integer, got "eight"`},
		},
		{
			name: "float for an integer",
			in:   "fetch:\n  concurrency: 8.5\n" + minimal,
			want: []string{`config.yaml:2: fetch.concurrency: must be an integer, got "8.5"`},
		},
		{
			name: "integer out of range",
			in:   "fetch:\n  concurrency: 0\n" + minimal,
			want: []string{"config.yaml:2: fetch.concurrency: must be between 1 and 256, got 0"},
		},
		{
			name: "scalar where a list is expected",
			in:   "sources: https://a.example/feed\n",
			want: []string{`config.yaml:1: sources: must be a list, got "https://a.example/feed"`},
		},
		{
			name: "scalar where a mapping is expected",
			in:   "fetch: fast\n" + minimal,
			want: []string{`config.yaml:1: fetch: must be a mapping, got "fast"`},
		},
		{
			name: "list where a scalar is expected",
			in:   "sources:\n  - name: [A]\n    url: https://a.example/feed\n",
			want: []string{"config.yaml:2: sources[0].name: must be a single value, got a list"},
		},
		{
			name: "list item of the wrong kind",
			in:   "sources:\n  - https://a.example/feed\n",
			want: []string{`config.yaml:2: sources[0]: must be a mapping, got "https://a.example/feed"`},
		},
		{
			name: "document that is not a mapping",
			in:   "- a\n- b\n",
			want: []string{"config.yaml:1: must be a mapping, got a list"},
		},
		{
			name: "non-scalar key",
			in:   minimal + "? [a, b]\n: c\n",
			want: []string{"config.yaml:4: keys must be plain names, got a list"},
		},
		{
			name: "yaml syntax error",
			in:   "listen: \":8080\"\nsources: [\n",
			want: []string{"config.yaml:2: yaml: did not find expected node content"},
		},
		{
			// yaml.v3 counts its parser's lines from 0: the unclosed [ of
			// line 13 was reported at 12.
			name: "unclosed flow sequence",
			in: "# 1\n# 2\n# 3\n# 4\n# 5\n# 6\n# 7\n# 8\n# 9\nsources:\n  - name: a\n    url: https://a.example/\n" +
				"    tags: [a, b\n  - {name: b, url: https://b.example/}\n",
			want: []string{"config.yaml:13: yaml: did not find expected ',' or ']'"},
		},
		{
			name: "unclosed flow mapping on the first line",
			in:   "sources: {a: 1\n",
			want: []string{"config.yaml:1: yaml: did not find expected ',' or '}'"},
		},
		{
			name: "yaml tab indentation",
			in:   "sources:\n\t- name: A\n",
			want: []string{"config.yaml:2: yaml: found character that cannot start any token"},
		},
		{
			name: "two documents",
			in:   minimal + "---\n" + minimal,
			want: []string{"config.yaml:4: yaml: only one document is allowed"},
		},
		{
			name: "alias that contains itself",
			in:   "sources: &s\n  - <<: *s\n",
			want: []string{"config.yaml:2: sources[0]: alias *s refers to a value that contains it"},
		},
		{
			name: "general values",
			in:   "database: \"\"\noutput_dir: \" \"\nbase_url: /feeds/\nlisten: localhost\n" + minimal,
			want: []string{
				"config.yaml:1: database: required",
				"config.yaml:2: output_dir: required",
				`config.yaml:3: base_url: must be an absolute http(s) URL, got "/feeds/"`,
				`config.yaml:4: listen: must be host:port such as "127.0.0.1:8080" or ":8080", got "localhost"`,
			},
		},
		{
			name: "base URL with a query",
			in:   "base_url: https://x.example/?a=b\n" + minimal,
			want: []string{`config.yaml:1: base_url: must not have a query or fragment, got "https://x.example/?a=b"`},
		},
		{
			name: "feed values",
			in: minimal + `feeds:
  - slug: Veille IA
    title: " "
    language: fr_FR
    limit: 0
    summary_length: 10
    include: ["IA", " "]
    exclude: [""]
`,
			want: []string{
				`config.yaml:5: feeds[0].slug: must match ^[a-z0-9][a-z0-9_-]*$ (it names files and URL paths), got "Veille IA"`,
				"config.yaml:6: feeds[0].title: required",
				`config.yaml:7: feeds[0].language: must be a language tag like "fr" or "en-US", got "fr_FR"`,
				"config.yaml:8: feeds[0].limit: must be between 1 and 10000, got 0",
				"config.yaml:9: feeds[0].summary_length: must be between 40 and 100000, got 10",
				"config.yaml:10: feeds[0].include[1]: must not be blank",
				"config.yaml:11: feeds[0].exclude[0]: must not be blank",
			},
		},
		{
			name: "empty include list",
			in:   minimal + "feeds:\n  - slug: a\n    title: A\n    include: []\n",
			want: []string{"config.yaml:7: feeds[0].include: at least one term is required"},
		},
		{
			name: "include given as a single term",
			in:   minimal + "feeds:\n  - slug: a\n    title: A\n    include: IA\n",
			want: []string{`config.yaml:7: feeds[0].include: must be a list, got "IA"`},
		},
		{
			name: "every problem at once, in file order",
			in: `schedule: "* *"
fetch:
  timout: 5s
  concurrency: many
sources:
  - name: A
    url: ftp://a
feeds:
  - slug: a
`,
			want: []string{
				`config.yaml:1: schedule: invalid cron spec "* *": expected exactly 5 fields, found 2`,
				`config.yaml:3: fetch.timout: unknown field (did you mean "timeout"?)`,
				`config.yaml:4: fetch.concurrency: must be an integer, got "many"`,
				`config.yaml:7: sources[0].url: must be an absolute http(s) URL, got "ftp://a"`,
				"config.yaml:9: feeds[0].title: required",
				"config.yaml:9: feeds[0].include: at least one term is required",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(strings.NewReader(tt.in), "config.yaml")
			if err == nil {
				t.Fatalf("Parse succeeded, want errors:\n%s", strings.Join(tt.want, "\n"))
			}
			if c != nil {
				t.Errorf("Parse returned a Config with an error")
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Parse errors:\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestErrorsAs(t *testing.T) {
	_, err := Parse(strings.NewReader("fetch:\n  timout: 5s\n"), "veille.yaml")
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %T is not Errors", err)
	}
	want := Errors{
		{File: "veille.yaml", Line: 0, Path: "sources", Msg: "at least one source is required"},
		{File: "veille.yaml", Line: 2, Path: "fetch.timout", Msg: `unknown field (did you mean "timeout"?)`},
	}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("errors:\n got %+v\nwant %+v", errs, want)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{File: "c.yaml", Line: 3, Path: "a.b", Msg: "bad"}, "c.yaml:3: a.b: bad"},
		{Error{File: "c.yaml", Path: "a.b", Msg: "bad"}, "c.yaml: a.b: bad"},
		{Error{File: "c.yaml", Line: 2, Msg: "yaml: oops"}, "c.yaml:2: yaml: oops"},
		{Error{Line: 2, Path: "a", Msg: "bad"}, "line 2: a: bad"},
		{Error{Path: "a", Msg: "bad"}, "a: bad"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		config func() *Config
		want   string // "" for valid
	}{
		{
			name:   "default alone lacks a source",
			config: Default,
			want:   "sources: at least one source is required",
		},
		{
			name: "default with a source",
			config: func() *Config {
				c := Default()
				c.Sources = []Source{{Name: "A", URL: "https://a.example/feed"}}
				return c
			},
		},
		{
			name: "duplicates without a line index name the first path",
			config: func() *Config {
				c := Default()
				c.Sources = []Source{{Name: "A", URL: "https://a.example/1"}, {Name: "a", URL: "https://a.example/2"}}
				c.Feeds = []Feed{{Slug: "x", Title: "X", Include: terms("x")}}
				return c
			},
			want: `sources[1].name: duplicate name "a" (first at sources[0].name)` + "\n" +
				"feeds[0].limit: must be between 1 and 10000, got 0\n" +
				"feeds[0].summary_length: must be between 40 and 100000, got 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.config().Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("Validate:\n got %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestSource(t *testing.T) {
	c, err := Parse(strings.NewReader(example), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"France Info", true},
		{"france info", false}, // exact lookup
		{"Le Monde", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := c.Source(tt.name)
			if ok != tt.ok || ok && s.Name != tt.name {
				t.Errorf("Source(%q) = %+v, %v; want ok %v", tt.name, s, ok, tt.ok)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	root := t.TempDir()
	abs := filepath.Join(root, "elsewhere", "out")
	dir := filepath.Join(root, "etc")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("relative.yaml", "database: data/v.db\n"+minimal)
	write("absolute.yaml", "output_dir: "+abs+"\n"+minimal)
	write("bad.yaml", minimal+"feeds: x\n")
	t.Chdir(root) // so that a relative path to the file can be tested

	tests := []struct {
		name          string
		path          string
		wantDatabase  string
		wantOutputDir string
		wantErr       string
	}{
		{
			name:          "relative values against the file's folder",
			path:          filepath.Join("etc", "relative.yaml"),
			wantDatabase:  filepath.Join(dir, "data", "v.db"),
			wantOutputDir: filepath.Join(dir, "public"),
		},
		{
			name:          "absolute values unchanged",
			path:          filepath.Join(dir, "absolute.yaml"),
			wantDatabase:  filepath.Join(dir, "veille.db"),
			wantOutputDir: abs,
		},
		{
			name:    "errors name the path as given",
			path:    filepath.Join("etc", "bad.yaml"),
			wantErr: filepath.Join("etc", "bad.yaml") + `:4: feeds: must be a list, got "x"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.path)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Load error = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if c.Database != tt.wantDatabase || c.OutputDir != tt.wantOutputDir {
				t.Errorf("Load: database %q, output_dir %q; want %q, %q",
					c.Database, c.OutputDir, tt.wantDatabase, tt.wantOutputDir)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load error = %v, want one wrapping fs.ErrNotExist", err)
	}
}

// TestMarshalRoundTrip checks that Duration and ByteSize are written back
// the way they are read, so that a Config can be printed as YAML.
func TestMarshalRoundTrip(t *testing.T) {
	c, err := Parse(strings.NewReader(example), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("max_body: 10MiB")) || !bytes.Contains(out, []byte("timeout: 20s")) {
		t.Errorf("Marshal wrote:\n%s", out)
	}
	again, err := Parse(bytes.NewReader(out), "out.yaml")
	if err != nil {
		t.Fatalf("Parse of marshaled config: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(exported(again), exported(c)) {
		t.Errorf("round trip:\n got %+v\nwant %+v", exported(again), exported(c))
	}
}

func TestWebSubHubs(t *testing.T) {
	in := minimal + "websub:\n  hubs: [https://hub.example/, \"http://127.0.0.1:9/websub?x=1\"]\n"
	c, err := Parse(strings.NewReader(in), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://hub.example/", "http://127.0.0.1:9/websub?x=1"}
	if !reflect.DeepEqual(c.WebSub.Hubs, want) {
		t.Errorf("hubs = %q, want %q", c.WebSub.Hubs, want)
	}
	// Hubs survive a round trip through YAML, and no hubs write no key.
	out, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(bytes.NewReader(out), "out.yaml")
	if err != nil || !reflect.DeepEqual(again.WebSub.Hubs, want) {
		t.Errorf("round trip: %v, %+v\n%s", err, again, out)
	}
	plain, err := Parse(strings.NewReader(minimal), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if plain.WebSub.Hubs != nil {
		t.Errorf("default hubs = %q, want none", plain.WebSub.Hubs)
	}
	if out, _ := yaml.Marshal(plain); bytes.Contains(out, []byte("websub")) {
		t.Errorf("a config without hubs marshals a websub key:\n%s", out)
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", example, minimal,
		"schedule: TZ=UTC\n" + minimal,
		"sources: &s\n  - <<: *s\n",
		"feeds: &f [*f]\n",
		"fetch: {max_body: 1TiB, timeout: 1h}\n",
		"a: b: c",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(bytes.NewReader(data), "fuzz.yaml")
		if err != nil {
			var errs Errors
			if c != nil || !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("Parse returned %v, %T %v", c, err, err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse accepted a config that Validate rejects: %v", err)
		}
	})
}

// terms returns plain terms, as a YAML list of strings decodes.
func terms(texts ...string) []Term {
	out := make([]Term, len(texts))
	for i, t := range texts {
		out[i] = Term{Text: t}
	}
	return out
}

func TestTerms(t *testing.T) {
	src := `sources:
  - {name: a, url: https://example.org/feed}
feeds:
  - slug: ia
    title: IA
    threshold: 1.5
    include:
      - IA
      - {term: Claude, with: [Anthropic, chatbot]}
      - term: mistral
        unless: [vent, rafales]
      - {term: modèle, field: title}
`
	cfg, err := Parse(strings.NewReader(src), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.Feeds[0]
	want := []Term{{Text: "IA"}, {Text: "Claude", With: []string{"Anthropic", "chatbot"}},
		{Text: "mistral", Unless: []string{"vent", "rafales"}}, {Text: "modèle", Field: "title"}}
	if !reflect.DeepEqual(f.Include, want) || f.Threshold != 1.5 {
		t.Errorf("include = %+v, threshold %v", f.Include, f.Threshold)
	}

	bad := strings.Replace(src, "field: title", "field: body", 1)
	bad = strings.Replace(bad, "{term: Claude, with:", "{term: Claude, whith:", 1)
	_, err = Parse(strings.NewReader(bad), "config.yaml")
	for _, want := range []string{
		`config.yaml:9: feeds[0].include[1].whith: unknown field (did you mean "with"?)`,
		`config.yaml:12: feeds[0].include[3].field: must be "title" or empty, got "body"`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
