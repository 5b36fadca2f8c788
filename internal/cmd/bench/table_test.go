package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		values []float64
		want   float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(c.values); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.values, got, c.want)
		}
	}
	samples := []sample{{wall: 3 * time.Second}, {wall: time.Second}, {wall: 2 * time.Second}}
	if got := medianSample(samples).wall; got != 2*time.Second {
		t.Errorf("medianSample: wall %v, want 2s", got)
	}
}

// TestMarkdown checks the ratios to each baseline at the same N and step and to the ideal, the
// medians of every column, the CPU's ratio to the same-schema baseline, the requests of the median
// run, and the flag on a plan that was not empty.
func TestMarkdown(t *testing.T) {
	data := kind{name: "terraform_data", label: "terraform_data", baseline: baselineData}
	noop := kind{name: "noop", label: "noop", baseline: baselineNoop}
	links := kind{name: "outgoing", label: "links", sameSchema: "noop_outgoing"}
	linkSchema := kind{name: "noop_outgoing", label: "link schema", sameSchemaOf: "outgoing"}
	wall := func(seconds ...float64) []sample {
		var s []sample
		for _, v := range seconds {
			d := time.Duration(v * float64(time.Second))
			s = append(s, sample{wall: d, providerCPU: d / 2})
		}
		return s
	}
	linkSamples := []sample{
		{wall: 9 * time.Second, providerCPU: 5 * time.Second, treeCPU: 9 * time.Second, peakRSSKiB: 90 << 10, processes: 3, tokens: 2,
			requests: map[string]map[string]int{"jira": {"GET": 99}}},
		{wall: 4 * time.Second, providerCPU: 2 * time.Second, treeCPU: 3 * time.Second, peakRSSKiB: 40 << 10, processes: 2, tokens: 1,
			requests: map[string]map[string]int{"jira": {"GET": 100, "PUT": 1}, "entra": {"POST": 1}}, changes: true},
		{wall: 2 * time.Second, providerCPU: time.Second, treeCPU: time.Second, peakRSSKiB: 30 << 10, processes: 2, tokens: 1,
			requests: map[string]map[string]int{"jira": {"GET": 1}}},
	}
	results := []result{
		{n: 100, kind: data, step: "plan (no change)", samples: []sample{{wall: 500 * time.Millisecond}, {wall: 400 * time.Millisecond}, {wall: 600 * time.Millisecond}}},
		{n: 100, kind: noop, step: "plan (no change)", samples: wall(1, 2)},
		{n: 100, kind: linkSchema, step: "plan (no change)", samples: wall(1)},
		{n: 100, kind: links, step: "plan (no change)", samples: linkSamples},
		{n: 100, kind: links, step: "apply", samples: wall(1)},
		{n: 200, kind: links, step: "plan (no change)", samples: wall(3)},
	}
	table := markdown(results, 20*time.Millisecond)
	lines := strings.Split(strings.TrimSpace(table), "\n")
	want := []string{
		"| 100 | terraform_data | plan (no change) | 0.50 | 1.00 | 0.33 | 2.50 | 0.00 | 0.0 | 0.00 | – | 0.00 | 0 | 0 | 0 | none |",
		"| 100 | noop | plan (no change) | 1.50 | 3.00 | 1.00 | 7.50 | 0.75 | 7.5 | 1.00 | – | 0.00 | 0 | 0 | 0 | none |",
		"| 100 | link schema | plan (no change) | 1.00 | 2.00 | 0.67 | 5.00 | 0.50 | 5.0 | 0.67 | – | 0.00 | 0 | 0 | 0 | none |",
		// wall 4 s: 8 × terraform_data's 0.5 s, 2.67 × the plugin's 1.5 s, 20 × the ideal 100 × 20 ms / 10;
		// CPU 2 s: 2.67 × the plugin's 0.75 s, 4 × the same schema's 0.5 s.
		"| 100 | links **(plan not empty)** | plan (no change) | 4.00 | 8.00 | 2.67 | 20.00 | 2.00 | 20.0 | 2.67 | 4.00 | 3.00 | 40 | 2 | 1 | entra 1 POST; jira 100 GET, 1 PUT |",
		"| 100 | links | apply | 1.00 | – | – | 5.00 | 0.50 | 5.0 | – | – | 0.00 | 0 | 0 | 0 | none |",
		"| 200 | links | plan (no change) | 3.00 | – | – | 7.50 | 1.50 | 7.5 | – | – | 0.00 | 0 | 0 | 0 | none |",
	}
	if len(lines) != 2+len(want) || !strings.HasPrefix(lines[0], "| N | kind | step | wall s | × terraform_data |") {
		t.Fatalf("table:\n%s", table)
	}
	for i, w := range want {
		if lines[2+i] != w {
			t.Errorf("row %d:\n got %s\nwant %s", i+1, lines[2+i], w)
		}
	}
}

func TestReadRusage(t *testing.T) {
	path := t.TempDir() + "/rusage"
	if cpu, rss, n, err := readRusage(path); cpu != 0 || rss != 0 || n != 0 || err != nil {
		t.Errorf("no file: %v %v %v %v, want nothing", cpu, rss, n, err)
	}
	writeFile(t, path, "1000 500 2048\n250 250 4096\n")
	if cpu, rss, n, err := readRusage(path); cpu != 2*time.Millisecond || rss != 4096 || n != 2 || err != nil {
		t.Errorf("got CPU %v, peak RSS %d KiB, %d processes, %v; want 2ms, 4096, 2", cpu, rss, n, err)
	}
	writeFile(t, path, "1000 500\n")
	if _, _, _, err := readRusage(path); err == nil || !strings.Contains(err.Error(), `line "1000 500" is not`) {
		t.Errorf("short line: %v", err)
	}
}

func TestDiffCounts(t *testing.T) {
	before := map[string]map[string]int{"jira": {"GET": 5, "POST": 1}}
	after := map[string]map[string]int{"jira": {"GET": 8, "POST": 1}, "entra": {"POST": 1}, "graph": {}}
	if got := formatRequests(diffCounts(before, after)); got != "entra 1 POST; jira 3 GET" {
		t.Errorf("got %q", got)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
