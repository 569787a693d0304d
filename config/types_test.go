package config

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// scalar returns a YAML node holding s as a plain scalar.
func scalar(s string) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("v: "+s), &doc); err != nil {
		panic(err)
	}
	return doc.Content[0].Content[1]
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    ByteSize
		wantErr string
	}{
		{in: "10MiB", want: 10 << 20},
		{in: "512KiB", want: 512 << 10},
		{in: "1MB", want: 1_000_000},
		{in: "2GB", want: 2_000_000_000},
		{in: "3GiB", want: 3 << 30},
		{in: "1TiB", want: 1 << 40},
		{in: "1048576", want: 1 << 20},
		{in: "100B", want: 100},
		{in: "10 mib", want: 10 << 20},
		{in: "0", want: 0},
		{in: "MiB", wantErr: `must be a size like "10MiB", "512KiB" or "1048576", got "MiB"`},
		{in: "1.5GB", wantErr: `must be a size like "10MiB", "512KiB" or "1048576", got "1.5GB"`},
		{in: "-1", wantErr: `must be a size like "10MiB", "512KiB" or "1048576", got "-1"`},
		{in: "10M", wantErr: `must be a size like "10MiB", "512KiB" or "1048576", got "10M"`},
		{in: "[1]", wantErr: `must be a size like "10MiB", "512KiB" or "1048576", got a list`},
		{in: "8388608TiB", wantErr: `too large, got "8388608TiB"`},
		{in: "99999999999999999999", wantErr: `too large, got "99999999999999999999"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got ByteSize
			err := got.UnmarshalYAML(scalar(tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func TestByteSizeString(t *testing.T) {
	tests := []struct {
		in   ByteSize
		want string
	}{
		{10 << 20, "10MiB"},
		{512 << 10, "512KiB"},
		{1 << 40, "1TiB"},
		{1536 << 20, "1536MiB"},
		{1_000_000, "1MB"},
		{2_000_000_000, "2GB"},
		{1000, "1KB"},
		{1023, "1023"},
		{0, "0"},
		{-2048, "-2KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("ByteSize(%d).String() = %q, want %q", int64(tt.in), got, tt.want)
			}
			if tt.in < 0 {
				return
			}
			var back ByteSize
			if err := back.UnmarshalYAML(scalar(tt.want)); err != nil || back != tt.in {
				t.Errorf("String does not read back: %d, %v", back, err)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: "20s", want: 20 * time.Second},
		{in: "1m30s", want: 90 * time.Second},
		{in: "250ms", want: 250 * time.Millisecond},
		{in: "0", want: 0},
		{in: "20", wantErr: `must be a duration like "20s", "1m30s" or "90d", got "20"`},
		{in: "soon", wantErr: `must be a duration like "20s", "1m30s" or "90d", got "soon"`},
		{in: "{a: 1}", wantErr: `must be a duration like "20s", "1m30s" or "90d", got a mapping`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got Duration
			err := got.UnmarshalYAML(scalar(tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || time.Duration(got) != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestParseSchedule(t *testing.T) {
	from := time.Date(2025, time.March, 10, 12, 7, 0, 0, time.UTC) // a Monday
	tests := []struct {
		spec     string
		wantNext time.Time
		wantErr  string
	}{
		{spec: "CRON_TZ=UTC */15 * * * *", wantNext: time.Date(2025, time.March, 10, 12, 15, 0, 0, time.UTC)},
		{spec: "TZ=UTC 0 6 * * 1-5", wantNext: time.Date(2025, time.March, 11, 6, 0, 0, 0, time.UTC)},
		{spec: "CRON_TZ=UTC @hourly", wantNext: time.Date(2025, time.March, 10, 13, 0, 0, 0, time.UTC)},
		{spec: "@every 10m", wantNext: from.Add(10 * time.Minute)},
		{spec: "CRON_TZ=UTC 0 0 29 2 *", wantNext: time.Date(2028, time.February, 29, 0, 0, 0, 0, time.UTC)},
		{spec: "", wantErr: `invalid cron spec "": empty spec string`},
		{spec: "*/15 * *", wantErr: `invalid cron spec "*/15 * *": expected exactly 5 fields, found 3`},
		{spec: "0 0 * * * *", wantErr: `invalid cron spec "0 0 * * * *": expected exactly 5 fields, found 6`},
		{spec: "TZ=UTC", wantErr: `invalid cron spec "TZ=UTC": the time zone must be followed by a space and a schedule`},
		{spec: "CRON_TZ=UTC ", wantErr: `invalid cron spec "CRON_TZ=UTC ": expected exactly 5 fields, found 0`},
		{spec: "TZ=Nowhere/City * * * * *", wantErr: `invalid cron spec "TZ=Nowhere/City * * * * *": provided bad location Nowhere/City: unknown time zone Nowhere/City`},
		{spec: "0 0 31 2 *", wantErr: `invalid cron spec "0 0 31 2 *": never fires`},
		{spec: "0 0 30 2 *", wantErr: `invalid cron spec "0 0 30 2 *": never fires`},
		{spec: "@fortnightly", wantErr: `invalid cron spec "@fortnightly": unrecognized descriptor: @fortnightly`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := ParseSchedule(tt.spec)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSchedule: %v", err)
			}
			if got := s.Next(from); !got.Equal(tt.wantNext) {
				t.Errorf("Next(%v) = %v, want %v", from, got, tt.wantNext)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	fields := yamlFields(reflect.TypeFor[Feed]())
	tests := []struct {
		key  string
		want string
	}{
		{"slg", ` (did you mean "slug"?)`},
		{"tilte", ` (did you mean "title"?)`},
		{"summary-length", ` (did you mean "summary_length"?)`},
		{"Include", ` (did you mean "include"?)`},
		{"x", " (known fields: slug, title, description, language, limit, summary_length, include, exclude, fetch_articles, threshold, from, always, languages)"},
		{"keywords", " (known fields: slug, title, description, language, limit, summary_length, include, exclude, fetch_articles, threshold, from, always, languages)"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := fields.suggest(tt.key); got != tt.want {
				t.Errorf("suggest(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestValidLanguage(t *testing.T) {
	for _, s := range []string{"fr", "en-US", "zh-Hant-TW", "es-419"} {
		if !validLanguage(s) {
			t.Errorf("validLanguage(%q) = false", s)
		}
	}
	for _, s := range []string{"fr_FR", "-fr", "fr-", "en--US", "français", "en US", "abcdefghi"} {
		if validLanguage(s) {
			t.Errorf("validLanguage(%q) = true", s)
		}
	}
}

func TestRetentionInDays(t *testing.T) {
	cfg, err := Parse(strings.NewReader("retention: 90d\nsources:\n  - {name: a, url: 'https://example.org/'}\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if time.Duration(cfg.Retention) != 90*24*time.Hour || cfg.Retention.String() != "90d" {
		t.Errorf("retention = %v", cfg.Retention)
	}
	_, err = Parse(strings.NewReader("retention: 30m\nsources:\n  - {name: a, url: 'https://example.org/'}\n"), "c.yaml")
	if err == nil || !strings.Contains(err.Error(), "c.yaml:1: retention: must be 0 (keep forever) or at least 1h") {
		t.Errorf("err = %v", err)
	}
}
