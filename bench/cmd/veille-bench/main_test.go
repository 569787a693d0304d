package main

import (
	"slices"
	"testing"
)

func TestParseSizes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
		ok   bool
	}{
		{"100000,1000000", []int{100_000, 1_000_000}, true},
		{" 10_000 , 100000 ", []int{10_000, 100_000}, true},
		{"", []int{}, true},
		{"100000,10000", nil, false},
		{"0", nil, false},
		{"1e6", nil, false},
	} {
		got, err := parseSizes(c.in)
		if (err == nil) != c.ok || (c.ok && !slices.Equal(got, c.want)) {
			t.Errorf("parseSizes(%q) = %v, %v; want %v, ok %t", c.in, got, err, c.want, c.ok)
		}
	}
}
