package stories

import (
	"testing"
	"time"
)

// TestNearLink: the threshold of items near in time rises from
// soonThreshold, for items published together, to nearThreshold, for
// items soonWindow apart, and from followUpAfter to the threshold of
// items further apart, for items a day apart; headlines naming different
// people and no one in common get nearThreshold at once, and items apart
// by a negative duration are as far apart as by a positive one.
func TestNearLink(t *testing.T) {
	eruption := featuresOf(Doc{Title: "Volcano erupts again near Grindavik, town evacuated"})
	iceland := featuresOf(Doc{Title: "Iceland: new eruption threatens Grindavik"})
	unnamed := featuresOf(Doc{Title: "New eruption threatens a fishing town"})
	women := featuresOf(Doc{Title: "Keys beats Sabalenka in the final"})
	men := featuresOf(Doc{Title: "Sinner beats Zverev to keep his title"})
	halfRise := followUpAfter + (nearWindow-followUpAfter)/2
	for _, tt := range []struct {
		name  string
		a, b  *features
		apart time.Duration
		far   float64
		want  float64
	}{
		{"published together", &eruption, &iceland, 0, DefaultThreshold, soonThreshold},
		{"half the rise", &eruption, &iceland, soonWindow / 2, DefaultThreshold, (soonThreshold + nearThreshold) / 2},
		{"half the rise, b first", &eruption, &iceland, -soonWindow / 2, DefaultThreshold, (soonThreshold + nearThreshold) / 2},
		{"at the end of the rise", &eruption, &iceland, soonWindow, DefaultThreshold, nearThreshold},
		{"until follow-ups", &eruption, &iceland, followUpAfter, DefaultThreshold, nearThreshold},
		{"half the second rise", &eruption, &iceland, halfRise, DefaultThreshold, (nearThreshold + DefaultThreshold) / 2},
		{"half the second rise, b first", &eruption, &iceland, -halfRise, DefaultThreshold, (nearThreshold + DefaultThreshold) / 2},
		{"a day apart", &eruption, &iceland, nearWindow, DefaultThreshold, DefaultThreshold},
		{"a day apart, the threshold of texts lower", &eruption, &iceland, nearWindow, 0.3, nearThreshold},
		{"one headline naming no one", &eruption, &unnamed, 0, DefaultThreshold, soonThreshold},
		{"headlines naming different people", &women, &men, 0, DefaultThreshold, nearThreshold},
		{"headlines naming different people, the next day", &women, &men, nearWindow, DefaultThreshold, DefaultThreshold},
	} {
		if got := nearLink(tt.a, tt.b, tt.apart, tt.far); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("%s: nearLink = %.4f, want %.4f", tt.name, got, tt.want)
		}
	}
}
