package stories

import (
	"testing"
	"time"
)

// TestNearLink: the threshold of items near in time rises from
// soonThreshold, for items published together, to nearThreshold, for
// items soonWindow apart or more; headlines naming different people and
// no one in common get nearThreshold at once, and so do items apart by a
// negative duration as by a positive one.
func TestNearLink(t *testing.T) {
	eruption := featuresOf(Doc{Title: "Volcano erupts again near Grindavik, town evacuated"})
	iceland := featuresOf(Doc{Title: "Iceland: new eruption threatens Grindavik"})
	unnamed := featuresOf(Doc{Title: "New eruption threatens a fishing town"})
	women := featuresOf(Doc{Title: "Keys beats Sabalenka in the final"})
	men := featuresOf(Doc{Title: "Sinner beats Zverev to keep his title"})
	for _, tt := range []struct {
		name  string
		a, b  *features
		apart time.Duration
		want  float64
	}{
		{"published together", &eruption, &iceland, 0, soonThreshold},
		{"half the rise", &eruption, &iceland, soonWindow / 2, (soonThreshold + nearThreshold) / 2},
		{"half the rise, b first", &eruption, &iceland, -soonWindow / 2, (soonThreshold + nearThreshold) / 2},
		{"at the end of the rise", &eruption, &iceland, soonWindow, nearThreshold},
		{"further apart", &eruption, &iceland, 20 * time.Hour, nearThreshold},
		{"one headline naming no one", &eruption, &unnamed, 0, soonThreshold},
		{"headlines naming different people", &women, &men, 0, nearThreshold},
	} {
		if got := nearLink(tt.a, tt.b, tt.apart); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("%s: nearLink = %.4f, want %.4f", tt.name, got, tt.want)
		}
	}
}
