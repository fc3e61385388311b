package scenarios

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func FuzzSlow(f *testing.F) {
	for _, name := range catalogNames() {
		data, _ := catalogFS.ReadFile(catalogDir + "/" + name + ".yaml")
		f.Add(data)
	}
	f.Add([]byte(goodYAML))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				os.WriteFile(fmt.Sprintf("/tmp/slow-%d.yaml", time.Now().UnixNano()), data, 0o644)
			}
		}()
		Load("fuzz.yaml", data, nil)
		Load("fuzz.yaml", data, []string{"seed=5"})
		close(done)
		_ = start
	})
}
