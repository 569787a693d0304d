package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// nodeBudget bounds the values decoded from one document. Anchors let a
// small file name the same list many times over; a real configuration
// stays far below this.
const nodeBudget = 1 << 20

// readDocument parses the single YAML document in r and returns its root
// node, or nil when the input holds no document at all.
func readDocument(r io.Reader, file string) (*yaml.Node, *Error) {
	lr := &lineReader{r: r}
	dec := yaml.NewDecoder(lr)
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		e := syntaxError(file, err)
		// A problem found at the end of the input (an unclosed [) is
		// placed after the last newline, on a line the editor does not
		// show: the last line is where to look.
		e.Line = min(e.Line, lr.last())
		return nil, e
	}
	// A second document would be silently ignored by a plain Decode; it is
	// more likely a stray "---" than intended.
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxError(file, err)
	default:
		return nil, &Error{File: file, Line: extra.Line, Msg: "yaml: only one document is allowed"}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// decoder fills a Go value from a YAML node tree, walking both together.
//
// yaml's own Decode knows the line of a problem but not the field path, stops
// checking keys at the first unknown one only when asked to (KnownFields),
// and turns "8.5" into the integer 8. Walking the tree ourselves lets every
// problem carry its path and line, and records the line of every field for
// the checks of Validate. Leaf values are still converted by yaml.
type decoder struct {
	file      string
	lines     map[string]int      // field path → line of its key or list item
	failed    map[string]bool     // paths whose value could not be decoded
	expanding map[*yaml.Node]bool // aliases being followed, to stop cycles
	budget    int
	errs      Errors
}

func newDecoder(file string) *decoder {
	return &decoder{
		file:      file,
		lines:     map[string]int{},
		failed:    map[string]bool{},
		expanding: map[*yaml.Node]bool{},
		budget:    nodeBudget,
	}
}

// errorf records a problem that leaves the value at path as it was.
func (d *decoder) errorf(line int, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// fail records that the value at path could not be decoded.
func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	d.failed[path] = true
	d.errorf(n.Line, path, format, args...)
}

// failedUnder reports whether the value at path, or one holding it, could
// not be decoded.
func (d *decoder) failedUnder(path string) bool {
	for p := path; ; p = parent(p) {
		if d.failed[p] {
			return true
		}
		if p == "" {
			return false
		}
	}
}

// shorthand is a struct that may also be written as one scalar, such as a
// Term given as its text alone.
type shorthand interface{ setScalar(string) }

// value decodes n into v, the field at path.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if d.budget--; d.budget < 0 {
		if d.budget == -1 {
			d.fail(n, path, "too many values (anchors expand to more than %d)", nodeBudget)
		}
		return
	}
	if n.Kind == yaml.AliasNode {
		d.alias(n, path, func(target *yaml.Node) { d.value(target, v, path) })
		return
	}
	if isNull(n) {
		return // an empty value keeps the default, like an omitted key
	}
	switch v.Kind() {
	case reflect.Struct:
		if sh, ok := v.Addr().Interface().(shorthand); ok && n.Kind == yaml.ScalarNode {
			sh.setScalar(n.Value)
			return
		}
		d.mapping(n, v, path)
	case reflect.Slice:
		d.sequence(n, v, path)
	default:
		d.scalar(n, v, path)
	}
}

// alias calls f with the node that the alias n refers to, unless that node
// contains n itself, which would never end.
func (d *decoder) alias(n *yaml.Node, path string, f func(*yaml.Node)) {
	if d.expanding[n] || n.Alias == nil {
		d.fail(n, path, "alias *%s refers to a value that contains it", n.Value)
		return
	}
	d.expanding[n] = true
	defer delete(d.expanding, n)
	f(n.Alias)
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "must be a mapping, got %s", describe(n))
		return
	}
	// Merged mappings ("<<: *defaults") go first so that the keys written
	// here override them, as yaml's Decode does.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMerge(n.Content[i]) {
			d.merge(n.Content[i+1], v, path)
		}
	}
	fields := yamlFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if isMerge(k) {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k.Line, path, "keys must be plain names, got %s", describe(k))
			continue
		}
		p := join(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.errorf(k.Line, p, "duplicate key (first at line %d)", first)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields.find(k.Value)
		if !ok {
			d.errorf(k.Line, p, "unknown field%s", fields.suggest(k.Value))
			continue
		}
		d.lines[p] = k.Line
		d.value(val, v.Field(f.index), p)
	}
}

// merge decodes the value of a "<<" key: a mapping, or a list of mappings
// of which the earlier ones win.
func (d *decoder) merge(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode {
		d.alias(n, path, func(target *yaml.Node) { d.merge(target, v, path) })
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.value(n, v, path)
		return
	}
	for i := len(n.Content) - 1; i >= 0; i-- {
		d.value(n.Content[i], v, path)
	}
}

func (d *decoder) sequence(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, path, "must be a list, got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		d.lines[p] = item.Line
		// Each feed starts from the defaults, so that omitted keys get
		// them while an explicit "limit: 0" is still caught by Validate.
		if f, ok := s.Index(i).Addr().Interface().(*Feed); ok {
			*f = defaultFeed()
		}
		d.value(item, s.Index(i), p)
	}
	v.Set(s)
}

func (d *decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, "must be a single value, got %s", describe(n))
		return
	}
	ptr := v.Addr().Interface()
	if _, ok := ptr.(yaml.Unmarshaler); ok {
		// Our own types say what they expect.
		if err := n.Decode(ptr); err != nil {
			d.fail(n, path, "%s", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		// yaml would truncate a float into an int; only take integers.
		if n.ShortTag() != "!!int" || n.Decode(ptr) != nil {
			d.fail(n, path, "must be an integer, got %q", n.Value)
		}
	default:
		if err := n.Decode(ptr); err != nil {
			d.fail(n, path, "must be a %s, got %q", v.Kind(), n.Value)
		}
	}
}

// describe names what n holds, for "must be a list, got ..." messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func isMerge(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Value == "<<" && n.ShortTag() == "!!merge"
}

// join returns the path of the field key inside the value at path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// parent returns the path of the value holding the one at path:
// "feeds[0].include[3]" → "feeds[0].include" → "feeds[0]" → "feeds" → "".
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// field is a struct field as YAML names it.
type field struct {
	name  string
	index int
}

// fieldList holds the YAML fields of a struct type in declaration order.
type fieldList []field

// yamlFields lists the fields of struct type t by their yaml tag, so that a
// field added to Config is known to the decoder without further ado.
func yamlFields(t reflect.Type) fieldList {
	var fields fieldList
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = strings.ToLower(f.Name) // yaml's own default
		}
		fields = append(fields, field{name: name, index: i})
	}
	return fields
}

func (fields fieldList) find(name string) (field, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// suggest returns the end of an "unknown field" message: the closest known
// name when it is likely a typo, else the list of known names.
func (fields fieldList) suggest(name string) string {
	best, bestDist := "", 3 // more than two edits is no longer a typo
	for _, f := range fields {
		if d := distance(strings.ToLower(name), f.name); d < bestDist && d < len(name) {
			best, bestDist = f.name, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return " (known fields: " + strings.Join(names, ", ") + ")"
}

// distance returns the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// lineReader counts the lines read through it, for syntax errors at the
// end of the input.
type lineReader struct {
	r        io.Reader
	newlines int
	end      byte // the last byte read
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		l.newlines += bytes.Count(p[:n], []byte{'\n'})
		l.end = p[n-1]
	}
	return n, err
}

// last returns the number of the last line read, which the final newline
// ends rather than starts.
func (l *lineReader) last() int {
	if l.end == '\n' {
		return l.newlines
	}
	return l.newlines + 1
}
