package stories

import (
	"slices"
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

// TestNearNames: the capitalized word that starts a headline, or a clause
// of it, is a name for items near in time when it is no common word
// ("Truss quits…"), and only then: the texts alone, a Title Case
// headline, a common word of news ("Retraites :") and a word the text
// writes as a name anyway add nothing.
func TestNearNames(t *testing.T) {
	truss := hash("truss")
	for _, tt := range []struct {
		title    string
		near     bool // whether nearNames holds "truss"
		names    bool // whether names holds it
		onlyName bool // whether nearNames is names itself
	}{
		{"Truss quits, becoming shortest-serving PM in British history", true, false, false},
		{"Royaume-Uni : Truss démissionne après 45 jours", true, false, false},
		{"Liz Truss resigns as prime minister", true, true, false}, // "Liz" starts it
		{"Truss Quits As Prime Minister After Forty-Five Days", false, false, true},
		{"Retraites : le report à 64 ans jugé conforme", false, false, true},
	} {
		f := featuresOf(Doc{Title: tt.title, Summary: "The prime minister spoke outside No 10 on Thursday."})
		_, near := slices.BinarySearch(f.nearNames, truss)
		_, name := slices.BinarySearch(f.names, truss)
		if near != tt.near || name != tt.names || (len(f.nearNames) == len(f.names)) != tt.onlyName {
			t.Errorf("%q: truss in nearNames %v, in names %v, nearNames %d, names %d; want %v, %v, same %v",
				tt.title, near, name, len(f.nearNames), len(f.names), tt.near, tt.names, tt.onlyName)
		}
	}
}
