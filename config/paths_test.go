package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// feedIA is a feed that publishes ia.rss, ia.atom and ia.json.
const feedIA = "feeds:\n  - {slug: ia, title: IA, include: [IA]}\n"

func TestPathsRefused(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // "" for valid
	}{
		{
			name: "database is a feed file: the first publish replaces it",
			in:   "database: public/ia.json\noutput_dir: public\n" + minimal + feedIA,
			want: `config.yaml:1: database: must not be inside output_dir ("public"): ` +
				`publishing writes the JSON Feed of feeds[0] (ia) to "public/ia.json", replacing the database`,
		},
		{
			name: "a feed file in another case is the same file on macOS and Windows",
			in:   "database: Public/IA.RSS\noutput_dir: public\n" + minimal + feedIA,
			want: `config.yaml:1: database: must not be inside output_dir ("public"): ` +
				`publishing writes the RSS of feeds[0] (ia) to "Public/IA.RSS", replacing the database`,
		},
		{
			name: "database is the index page",
			in:   "database: ./public/x/../index.html\noutput_dir: public\n" + minimal,
			want: `config.yaml:1: database: must not be inside output_dir ("public"): ` +
				`publishing writes the index page to "./public/x/../index.html", replacing the database`,
		},
		{
			name: "database served by the web server",
			in:   "database: public/data/veille.db\noutput_dir: public\n" + minimal,
			want: `config.yaml:1: database: must not be inside output_dir ("public"): ` +
				`a web server serving the folder would hand out the database`,
		},
		{
			name: "database is output_dir itself",
			in:   "database: public\noutput_dir: public/\n" + minimal,
			want: `config.yaml:1: database: must not be inside output_dir ("public/"): ` +
				`a web server serving the folder would hand out the database`,
		},
		{
			name: "output_dir the configuration's folder",
			in:   "output_dir: .\n" + minimal,
			want: `config.yaml:1: output_dir: must not be the configuration file's folder or one above it, got ".": ` +
				`every publish writes there, and a web server would serve the configuration and the database`,
		},
		{
			name: "output_dir above the configuration's folder",
			in:   "output_dir: ..\n" + minimal,
			want: `config.yaml:1: output_dir: must not be the configuration file's folder or one above it, got "..": ` +
				`every publish writes there, and a web server would serve the configuration and the database`,
		},
		{
			name: "output_dir the root",
			in:   "output_dir: /\n" + minimal,
			want: `config.yaml:1: output_dir: must not be the root folder "/": ` +
				`every publish writes there, and a web server would serve the whole disk`,
		},
		{
			name: "each problem named",
			in:   "database: ia.json\noutput_dir: .\n" + minimal + feedIA,
			want: `config.yaml:1: database: must not be inside output_dir ("."): ` +
				`publishing writes the JSON Feed of feeds[0] (ia) to "ia.json", replacing the database` + "\n" +
				`config.yaml:2: output_dir: must not be the configuration file's folder or one above it, got ".": ` +
				`every publish writes there, and a web server would serve the configuration and the database`,
		},
		{
			// Slugs are lower case, so two feeds cannot write one file
			// even where case is ignored.
			name: "slugs in another case",
			in:   minimal + "feeds:\n  - {slug: ia, title: IA, include: [IA]}\n  - {slug: IA, title: IA, include: [IA]}\n",
			want: `config.yaml:6: feeds[1].slug: must match ^[a-z0-9][a-z0-9_-]*$ (it names files and URL paths), got "IA"`,
		},
		{
			name: "duplicate slugs",
			in:   minimal + "feeds:\n  - {slug: ia, title: IA, include: [IA]}\n  - {slug: ia, title: IA, include: [IA]}\n",
			want: `config.yaml:6: feeds[1].slug: duplicate slug "ia" (first at line 5)`,
		},
		{
			name: "database beside output_dir",
			in:   "database: data/public.db\noutput_dir: public\n" + minimal + feedIA,
		},
		{
			name: "a name that only starts like output_dir",
			in:   "database: public2/ia.json\noutput_dir: public\n" + minimal + feedIA,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in), "config.yaml")
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Parse: %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("Parse errors:\n got: %v\nwant: %s", err, tt.want)
			}
		})
	}
}

// TestPathsThroughLinks checks that a symbolic link does not hide the
// database inside output_dir, and that Load resolves paths from the
// configuration file's folder, not from the working folder.
func TestPathsThroughLinks(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "etc")
	for _, d := range []string{filepath.Join(dir, "public"), filepath.Join(root, "www")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("public", filepath.Join(dir, "site")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Join(dir, "public"), filepath.Join(root, "www", "out")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	tests := []struct {
		name, config, want string
	}{
		{
			name:   "database through a link to output_dir",
			config: "database: site/data/veille.db\n",
			want:   `database: must not be inside output_dir ("public")`,
		},
		{
			name:   "output_dir through a link",
			config: "database: public/ia.rss\noutput_dir: " + filepath.Join(root, "www", "out") + "\n" + feedIA,
			want:   "publishing writes the RSS of feeds[0] (ia)",
		},
		{
			name:   "relative to the file, not the working folder",
			config: "database: ../etc/public/veille.db\n",
			want:   `database: must not be inside output_dir ("public")`,
		},
		{name: "valid", config: "database: veille.db\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(path, []byte(tt.config+minimal), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Load: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Load error = %v, want it to contain %s", err, tt.want)
			}
		})
	}
}

// TestSitePaths checks the refusals about the site's pages: a templates
// folder that is missing, a file, or inside output_dir, a file where a
// feed's pages folder goes, and a database among a feed's pages.
func TestSitePaths(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"layout", "public"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"notes.txt", "public/ia"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, config, want string
	}{
		{name: "templates folder", config: "site: {templates: layout}\n"},
		{
			name:   "templates folder missing",
			config: "site:\n  templates: nowhere\n",
			want:   `config.yaml:2: site.templates: folder "nowhere" does not exist`,
		},
		{
			name:   "templates a file",
			config: "site: {templates: notes.txt}\n",
			want:   `config.yaml:1: site.templates: "notes.txt" is not a folder`,
		},
		{
			name:   "templates inside output_dir",
			config: "output_dir: .\nsite: {templates: layout}\n",
			want:   `config.yaml:2: site.templates: must not be inside output_dir (".")`,
		},
		{
			name:   "a file where the feed's pages go",
			config: "output_dir: public\n" + feedIA,
			want:   `config.yaml:3: feeds[0].slug: output_dir holds a file "ia" that is no folder`,
		},
		{
			name:   "database among a feed's pages",
			config: "output_dir: out\ndatabase: out/ia/db.sqlite\n" + feedIA,
			want:   `publishing writes the pages of feeds[0] (ia) in the folder ia to "out/ia/db.sqlite"`,
		},
		{
			name:   "site url relative",
			config: "site: {url: /home}\n",
			want:   `config.yaml:1: site.url: must be an absolute http(s) URL, got "/home"`,
		},
		{
			name:   "no latest items",
			config: "site: {latest: 0}\n",
			want:   `config.yaml:1: site.latest: must be between 1 and 100, got 0`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(path, []byte(tt.config+minimal), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Load: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Load error = %v, want it to contain %s", err, tt.want)
			}
		})
	}
}
