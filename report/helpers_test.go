package report

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"simrun/scenarios"
)

// storeRun runs a catalogue scenario at its own seed, stores it as `simrun
// run --out` does and builds its report. A scenario not in the catalogue
// (yet) skips the test with a message.
func storeRun(t testing.TB, name string) (string, *Rendered) {
	t.Helper()
	s, err := scenarios.Find(name, nil)
	if err != nil {
		t.Skipf("%s is not in the catalogue yet: %v", name, err)
	}
	o, err := scenarios.Run(s, scenarios.RunOptions{Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), name)
	if err := o.WriteDir(dir, nil); err != nil {
		t.Fatal(err)
	}
	x, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, x
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkPNG fails unless path is a PNG that decodes to a sensible size.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(readFile(t, path)))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", path, err)
	}
	if cfg.Width < 300 || cfg.Height < 100 {
		t.Errorf("%s: %dx%d is too small to read", path, cfg.Width, cfg.Height)
	}
}

// svgElement is a generic XML element, enough to walk an SVG.
type svgElement struct {
	XMLName  xml.Name
	Attrs    []xml.Attr   `xml:",any,attr"`
	Children []svgElement `xml:",any"`
	Text     string       `xml:",chardata"`
}

func (e svgElement) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls fn on e and every descendant.
func (e svgElement) walk(fn func(svgElement)) {
	fn(e)
	for _, c := range e.Children {
		c.walk(fn)
	}
}

// parseSVG fails unless data is well-formed XML with an <svg> root.
func parseSVG(t *testing.T, name string, data []byte) svgElement {
	t.Helper()
	var root svgElement
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("%s: not well-formed XML: %v", name, err)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("%s: root is <%s>, not <svg>", name, root.XMLName.Local)
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if cd, ok := tok.(xml.CharData); err != nil || !ok || len(bytes.TrimSpace(cd)) > 0 {
			t.Fatalf("%s: content after the root element: %v %v", name, tok, err)
		}
	}
	return root
}

// withClass lists the elements whose class list holds class.
func withClass(root svgElement, class string) []svgElement {
	var out []svgElement
	root.walk(func(e svgElement) {
		for _, c := range strings.Fields(e.attr("class")) {
			if c == class {
				out = append(out, e)
			}
		}
	})
	return out
}
