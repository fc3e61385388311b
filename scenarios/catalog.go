package scenarios

import (
	"embed"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
)

// catalogFS holds the catalogue described in SCENARIOS.md, shipped inside
// the binary so `simrun run split-brain` works from anywhere.
//
//go:embed catalog/*.yaml
var catalogFS embed.FS

// catalogDir is where the embedded files live, named in error messages
// as their path in the repository so a developer can find them.
const catalogDir = "catalog"

// Catalogue loads every embedded scenario, sorted by name. The files ship
// with the binary, so a broken one is a programming error: Catalogue panics
// (a test loads them all). Each call loads afresh, so callers may change
// what they get.
func Catalogue() []*Scenario {
	var out []*Scenario
	for _, name := range catalogNames() {
		s, err := loadEmbedded(name, nil)
		if err != nil {
			panic(fmt.Sprintf("scenarios: embedded scenario %s is broken: %v", name, err))
		}
		if s.Name != name {
			panic(fmt.Sprintf("scenarios: embedded file %s.yaml is named %q inside", name, s.Name))
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *Scenario) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// catalogNames lists the embedded scenario names (file names without
// .yaml), sorted.
func catalogNames() []string {
	entries, err := catalogFS.ReadDir(catalogDir)
	if err != nil {
		panic("scenarios: embedded catalogue missing: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// loadEmbedded loads one catalogue scenario by name.
func loadEmbedded(name string, overrides []string) (*Scenario, error) {
	file := path.Join(catalogDir, name+".yaml")
	data, err := catalogFS.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Load("scenarios/"+file, data, overrides)
}

// Find loads a scenario named by the user: a catalogue name, or else a file
// path. Anything that contains a slash or ends in .yaml/.yml is a path.
func Find(nameOrPath string, overrides []string) (*Scenario, error) {
	isPath := strings.ContainsAny(nameOrPath, `/\`) ||
		strings.HasSuffix(nameOrPath, ".yaml") || strings.HasSuffix(nameOrPath, ".yml")
	if !isPath && slices.Contains(catalogNames(), nameOrPath) {
		return loadEmbedded(nameOrPath, overrides)
	}
	if _, err := os.Stat(nameOrPath); err != nil && !isPath {
		return nil, &Error{File: nameOrPath,
			Msg: "no such scenario in the catalogue (see simrun list) and no such file"}
	}
	return LoadFile(nameOrPath, overrides)
}
