package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a time.Duration written in YAML as time.ParseDuration reads
// it: "20s", "1m30s". A plain number is refused, since its unit would be a
// guess.
type Duration time.Duration

// UnmarshalYAML decodes a duration such as "20s".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if v, ok := parseDuration(n.Value); ok {
			*d = Duration(v)
			return nil
		}
	}
	return fmt.Errorf(`must be a duration like "20s", "1m30s" or "90d", got %s`, describe(n))
}

// parseDuration reads Go durations and whole days ("90d"), which Go's
// syntax lacks and retention periods need.
func parseDuration(s string) (time.Duration, bool) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, false
		}
		return time.Duration(n) * 24 * time.Hour, true
	}
	v, err := time.ParseDuration(s)
	return v, err == nil
}

// MarshalYAML encodes d as UnmarshalYAML reads it.
func (d Duration) MarshalYAML() (any, error) {
	return d.String(), nil
}

// String returns d as time.Duration formats it, e.g. "1m30s", or in days
// ("90d") when it is a whole number of days.
func (d Duration) String() string {
	const day = 24 * time.Hour
	if v := time.Duration(d); v >= day && v%day == 0 {
		return strconv.Itoa(int(v/day)) + "d"
	}
	return time.Duration(d).String()
}

// ByteSize is a number of bytes written in YAML as a plain integer or with
// a unit: "10MiB", "512KiB" (powers of 1024), "1MB", "2GB" (powers of 1000).
// Units ignore case and may follow a space.
type ByteSize int64

const (
	kibibyte ByteSize = 1 << (10 * (iota + 1))
	mebibyte
	gibibyte
	tebibyte
)

// byteUnits lists the units from the largest, the order in which String
// tries them.
var byteUnits = []struct {
	name string
	size ByteSize
}{
	{"TiB", tebibyte}, {"TB", 1e12}, {"GiB", gibibyte}, {"GB", 1e9},
	{"MiB", mebibyte}, {"MB", 1e6}, {"KiB", kibibyte}, {"KB", 1e3},
	{"B", 1},
}

// UnmarshalYAML decodes a size such as "10MiB" or "1048576".
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf(`must be a size like "10MiB", "512KiB" or "1048576", got %s`, describe(n))
	}
	v, err := parseByteSize(n.Value)
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// parseByteSize reads an unsigned integer followed by an optional unit.
func parseByteSize(s string) (ByteSize, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(s)
	}
	num, unit := s[:i], strings.TrimSpace(s[i:])
	size, ok := unitSize(unit)
	if num == "" || !ok {
		return 0, fmt.Errorf(`must be a size like "10MiB", "512KiB" or "1048576", got %q`, s)
	}
	// num holds only digits, so ParseInt can fail only by overflowing.
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n > math.MaxInt64/int64(size) {
		return 0, fmt.Errorf("too large, got %q", s)
	}
	return ByteSize(n) * size, nil
}

// unitSize returns the size of the named unit; no unit means bytes.
func unitSize(unit string) (ByteSize, bool) {
	if unit == "" {
		return 1, true
	}
	for _, u := range byteUnits {
		if strings.EqualFold(unit, u.name) {
			return u.size, true
		}
	}
	return 0, false
}

// MarshalYAML encodes b as UnmarshalYAML reads it.
func (b ByteSize) MarshalYAML() (any, error) {
	return b.String(), nil
}

// String returns b with the largest unit that divides it exactly, such as
// "10MiB", "1MB", or a plain number of bytes.
func (b ByteSize) String() string {
	for _, u := range byteUnits {
		if b != 0 && b%u.size == 0 && u.size > 1 {
			return strconv.FormatInt(int64(b/u.size), 10) + u.name
		}
	}
	return strconv.FormatInt(int64(b), 10)
}
