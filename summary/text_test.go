package summary_test

import (
	"testing"

	"github.com/veille-project/veille/summary"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "France Info description with entities",
			in: `<p>Le pr&eacute;sident de la R&eacute;publique, Emmanuel Macron, a annonc&eacute; lundi 10&nbsp;f&eacute;vrier ` +
				`un investissement de 109&nbsp;milliards d&#039;euros dans l&rsquo;IA.</p><p>Le sommet pour l'action sur l'IA s'ouvre &agrave; Paris.</p>`,
			want: "Le président de la République, Emmanuel Macron, a annoncé lundi 10 février un investissement de 109 milliards " +
				"d'euros dans l’IA. Le sommet pour l'action sur l'IA s'ouvre à Paris.",
		},
		{
			name: "image and link",
			in: `<img src="https://www.francetvinfo.fr/image/abc.jpg" alt="Emmanuel Macron au Grand Palais" width="800" />` +
				`Le sommet s'ouvre. <a href="https://www.francetvinfo.fr/internet/intelligence-artificielle/">Lire la suite</a>`,
			want: "Le sommet s'ouvre. Lire la suite",
		},
		{
			name: "paragraphs separate words",
			in:   "<p>a</p><p>b</p>",
			want: "a b",
		},
		{
			name: "br joins lines with a space",
			in:   "Première ligne<br/>Deuxième ligne<br>Troisième<BR />fin",
			want: "Première ligne Deuxième ligne Troisième fin",
		},
		{
			name: "block elements",
			in:   "<h2>Titre</h2><ul><li>un</li><li>deux</li></ul><blockquote>cité</blockquote><table><tr><td>a</td><td>b</td></tr></table><div>c</div>",
			want: "Titre un deux cité a b c",
		},
		{
			name: "inline elements do not split words",
			in:   "<em>Intel</em>ligence <strong>artifi<span>cielle</span></strong> <a href=x>générative</a>",
			want: "Intelligence artificielle générative",
		},
		{
			name: "nbsp, narrow nbsp and other spaces collapse",
			in:   "10\u00a0000\u202feuros\t\n  :\u2009fin&nbsp;&nbsp; !",
			want: "10 000 euros : fin !",
		},
		{
			name: "double escaped entities",
			in:   "L&amp;#039;IA g&amp;eacute;n&amp;eacute;rative&amp;nbsp;: un tournant &amp;quot;historique&amp;quot;",
			want: `L'IA générative : un tournant "historique"`,
		},
		{
			name: "double escaped hex entity",
			in:   "l&amp;#x2019;IA",
			want: "l’IA",
		},
		{
			name: "entity-escaped HTML description",
			in:   "&lt;p&gt;OpenAI a pr&amp;eacute;sent&amp;eacute; GPT-5.&lt;/p&gt;&lt;p&gt;&lt;img src=&quot;x.jpg&quot;&gt;La suite.&lt;/p&gt;",
			want: "OpenAI a présenté GPT-5. La suite.",
		},
		{
			name: "escaped angle brackets in prose stay",
			in:   "si a &lt; b et b &gt; c, alors &lt;title&gt; reste",
			want: "si a < b et b > c, alors <title> reste",
		},
		{
			name: "single decode keeps a non-entity",
			in:   "AT&amp;T et R&amp;D, &amp;copy sans point-virgule",
			want: "AT&T et R&D, &copy sans point-virgule",
		},
		{
			name: "plain text passes",
			in:   "AT&T et R&D : 3 < 5, l'IA",
			want: "AT&T et R&D : 3 < 5, l'IA",
		},
		{
			name: "script, style, noscript, iframe dropped",
			in: `<script>var s = "<p>faux</p>";</script><style>p { color: red }</style><noscript>Activez JS</noscript>` +
				`<iframe src="https://www.youtube.com/embed/x">Vidéo</iframe>Texte`,
			want: "Texte",
		},
		{
			name: "svg, object, template dropped",
			in:   `A<svg viewBox="0 0 1 1"><title>icône</title><text>x</text></svg>B<object data="x.swf">Flash</object>C<template><p>modèle</p></template>D`,
			want: "A B C D",
		},
		{
			name: "self-closing svg drops nothing",
			in:   `<svg/>Texte`,
			want: "Texte",
		},
		{
			name: "nested svg",
			in:   `<svg><svg><text>x</text></svg><text>y</text></svg>Texte`,
			want: "Texte",
		},
		{
			name: "head dropped",
			in:   "<html><head><title>Page</title><meta charset=utf-8></head><body><p>Corps</p></body></html>",
			want: "Corps",
		},
		{
			name: "unclosed head ends where the body starts",
			in:   "<head><title>Page</title><p>Corps",
			want: "Corps",
		},
		{
			name: "unclosed head with void elements",
			in:   "<head><meta charset=utf-8><link rel=stylesheet href=x.css><base href=/>Corps",
			want: "Corps",
		},
		{
			name: "unclosed head ends at text",
			in:   "<head><title>Page</title>Corps",
			want: "Corps",
		},
		{
			name: "unclosed script drops the rest",
			in:   "Avant<script>alert(1)",
			want: "Avant",
		},
		{
			name: "broken markup",
			in:   "<p>Texte <b>gras <i>non fermé</p></div></span>",
			want: "Texte gras non fermé",
		},
		{
			name: "comments dropped, CDATA kept",
			in:   "a<!-- commentaire -->b <![CDATA[Texte brut]]>",
			want: "ab Texte brut",
		},
		{
			name: "control characters and replacement character removed",
			in:   "a\x00b\x07c\u0085d\u009fe\ufffdf&#0;g",
			want: "abc defg",
		},
		{
			name: "invisible characters removed",
			in:   "intel\u00adligence\u200b arti\u2060ficielle\ufeff",
			want: "intelligence artificielle",
		},
		{
			name: "invalid UTF-8 removed",
			in:   "caf\xe9 cr\xe8me",
			want: "caf crme",
		},
		{name: "empty", in: "", want: ""},
		{name: "only markup", in: "<p> <br/> </p>", want: ""},
		{name: "trimmed", in: "  \n<p>  texte  </p>\n ", want: "texte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summary.Text(tt.in); got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTextUnclosed keeps the words after an element whose content is
// dropped when that element is never closed (issue 16).
func TestTextUnclosed(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Avant</p><iframe src=x><p>Après la vidéo.</p>", "Avant Après la vidéo."},
		{"Avant <object data=x>Après", "Avant Après"},
		{"Avant <iframe>dedans</iframe> après", "Avant après"},
		{"A <iframe>x</iframe> B <iframe> C", "A B C"},
		{"A <IFRAME>x</Iframe> B", "A B"},
	}
	for _, tt := range tests {
		if got := summary.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
