package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium finds Debian's headless-capable browser, or skips the test with
// a message saying how to get it (.ci/run installs it where it can).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("chromium is not installed (apt-get install -y chromium); cannot load the pages in a browser")
	return ""
}

// loadPage opens path in headless Chromium, takes a screenshot and returns
// the console messages it logged (Chromium prints each as a
// "...:CONSOLE..." line on stderr; it gives no level, so any message
// counts: our pages have no script of their own).
func loadPage(t *testing.T, browser, path, shot string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--screenshot="+shot, "--window-size=1400,3000",
		"--enable-logging=stderr", "--v=0", "file://"+abs)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", path, err, out)
	}
	var console []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			console = append(console, line)
		}
	}
	checkPNG(t, shot)
	return console
}

// TestPagesLoadInChromium loads report.html of split-brain and
// failover-manual and their comparison in headless Chromium: each must log
// no console message, and a screenshot is taken of each (kept in
// $SIMRUN_SCREENSHOTS when set, to look at). A page with a script error
// first proves the console check can fail.
func TestPagesLoadInChromium(t *testing.T) {
	browser := chromium(t)
	shots := os.Getenv("SIMRUN_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	bad := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(bad, []byte(`<html><body><script>throw new Error("boom")</script></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if msgs := loadPage(t, browser, bad, filepath.Join(shots, "bad.png")); len(msgs) == 0 {
		t.Fatal("a page that throws logged no console message: the console check is blind")
	}
	sbDir, _ := storeRun(t, "split-brain")
	fmDir, _ := storeRun(t, "failover-manual")
	cmp := filepath.Join(t.TempDir(), "cmp")
	if _, err := Compare(sbDir, fmDir, cmp); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"split-brain.png":     filepath.Join(sbDir, FileReport),
		"failover-manual.png": filepath.Join(fmDir, FileReport),
		"compare.png":         filepath.Join(cmp, FileCompare),
	}
	for shot, page := range pages {
		if msgs := loadPage(t, browser, page, filepath.Join(shots, shot)); len(msgs) > 0 {
			t.Errorf("%s logged to the console:\n%s", page, strings.Join(msgs, "\n"))
		}
	}
}
