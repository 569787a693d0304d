// Package text holds the text primitives that the packages reading news
// share, so that each has one implementation, tested once:
//
//   - sentence boundaries in French and English news text: [Sentences] and
//     [SentenceEnds];
//   - accent and ligature folding, which reads "Générative",
//     "GÉNÉRATIVE", "ge\u0301ne\u0301rative" and "ｇéｎéｒａｔｉｖｅ" as one
//     word: [Decompose] the text, drop the runes [IsMark] reports and spell
//     each letter with [AppendFolded], or [AppendFoldedLower] where case
//     does not matter;
//   - the character encoding of a document that may be mislabelled or not
//     labelled at all: [Encoding], [Decode] and [NewReader], with the
//     declarations a document makes itself, [XMLEncoding] and
//     [HTMLEncoding];
//   - the repair of text garbled by a charset mix-up upstream: [Repair].
//   - the language a news item is written in, French, English or another
//     language of the sources, leaning to the one its source declares:
//     [Language].
//
// The package is pure: it does no I/O beyond reading what it decodes, keeps
// no state, and its functions are safe for concurrent use.
package text
