package summary_test

import (
	"strings"
	"testing"

	"github.com/veille-project/veille/summary"
)

// benchHTML is a feed description of about 1.5 KB, the size the aggregator
// sees for most items.
var benchHTML = `<p><img src="https://www.francetvinfo.fr/pictures/abc/800x450.jpg" alt="Emmanuel Macron" width="800" /></p>` +
	`<p>Le pr&eacute;sident de la R&eacute;publique, Emmanuel Macron, a annonc&eacute; dimanche 9&nbsp;f&eacute;vrier un ` +
	`investissement de 109&nbsp;milliards d&#039;euros dans l&rsquo;intelligence artificielle en France, &agrave; la veille ` +
	`du sommet pour l&#039;action sur l&#039;IA.</p><p>Ces montants, apport&eacute;s notamment par des fonds &eacute;miratis ` +
	`et canadiens, doivent financer des centres de donn&eacute;es. &laquo;&nbsp;C&#039;est l&#039;&eacute;quivalent pour la ` +
	`France de ce que les &Eacute;tats-Unis ont annonc&eacute; avec Stargate&nbsp;&raquo;, a d&eacute;clar&eacute; M. Macron.` +
	`</p><p>Plus de cent pays sont attendus lundi et mardi au Grand Palais.<br/>La start-up Mistral AI doit pr&eacute;senter ` +
	`ses nouveaut&eacute;s, tandis que les associations s&#039;inqui&egrave;tent de l&#039;empreinte &eacute;nerg&eacute;tique ` +
	`de ces infrastructures.</p><p><a href="https://www.francetvinfo.fr/internet/intelligence-artificielle/">Lire la suite</a></p>`

func BenchmarkText(b *testing.B) {
	b.SetBytes(int64(len(benchHTML)))
	b.ReportAllocs()
	for b.Loop() {
		summary.Text(benchHTML)
	}
}

func BenchmarkTruncate(b *testing.B) {
	text := summary.Text(benchHTML)
	if got := summary.Truncate(text, 300); !strings.HasSuffix(got, ".") {
		b.Fatalf("Truncate = %q, want whole sentences", got)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		summary.Truncate(text, 300)
	}
}

// BenchmarkClean measures what the aggregator does to every item's text
// after Text: the boilerplate removal and the teaser test, on a text that
// ends with a call to action and on one that does not.
func BenchmarkClean(b *testing.B) {
	withCall := summary.Text(benchHTML)
	for name, text := range map[string]string{
		"call":    withCall,
		"no-call": strings.TrimSuffix(withCall, " Lire la suite"),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				summary.IsTeaser(summary.Clean(text), "Sommet sur l'IA")
			}
		})
	}
}
