package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// parallelism is the CLIs' default -parallelism, which the ideal time assumes.
const parallelism = 10

// result is every sample of one step of one kind at one N.
type result struct {
	n       int
	kind    kind
	step    string
	samples []sample
}

// median of the values; 0 for none.
func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(values))
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// medianOf is the median of one measure over the samples.
func medianOf(samples []sample, measure func(sample) float64) float64 {
	values := make([]float64, len(samples))
	for i, s := range samples {
		values[i] = measure(s)
	}
	return median(values)
}

// ideal is the backends' share of a run of n instances: n requests of latency, parallelism at
// a time.
func ideal(n int, latency time.Duration) float64 {
	return float64(n) * latency.Seconds() / parallelism
}

// ratio is a/b to two decimals, or "–" when b is unknown.
func ratio(a, b float64) string {
	if b <= 0 || math.IsNaN(b) {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

const tableHeader = `| N | kind | step | wall s | × terraform_data | × no-network plugin | × ideal | provider CPU s | CPU ms / instance | CPU × no-network plugin | CPU × same schema, no network | CLI + provider CPU s | peak RSS MiB | provider processes | token requests | requests |
|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|
`

// markdown is the table of results: one row per N, kind and step, in the order given, with the
// medians of the samples, the wall time's ratios to the baselines' at the same N and step and to
// the ideal, and the provider CPU's ratios to the no-network plugin's and, for the resources that
// have one, to that of the no-network resource with the same schema. The requests are those of
// the run with the median wall time (the counts do not vary between runs unless something is
// wrong).
func markdown(results []result, latency time.Duration) string {
	type key struct {
		n             int
		step, baseKey string
	}
	// cpu is keyed by kind name, baselines by baseline name.
	baselines, cpu := map[key]float64{}, map[key]float64{}
	for _, r := range results {
		if r.kind.baseline != "" {
			baselines[key{r.n, r.step, r.kind.baseline}] = medianOf(r.samples, wallSeconds)
		}
		cpu[key{r.n, r.step, r.kind.name}] = medianOf(r.samples, cpuSeconds)
	}
	var b strings.Builder
	b.WriteString(tableHeader)
	for _, r := range results {
		wall := medianOf(r.samples, wallSeconds)
		providerCPU := cpu[key{r.n, r.step, r.kind.name}]
		sameSchema := "–"
		if r.kind.sameSchema != "" {
			sameSchema = ratio(providerCPU, cpu[key{r.n, r.step, r.kind.sameSchema}])
		}
		label := r.kind.label
		if slices.ContainsFunc(r.samples, func(s sample) bool { return s.changes }) {
			label += " **(plan not empty)**"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %.2f | %s | %s | %s | %.2f | %.1f | %s | %s | %.2f | %.0f | %.0f | %.0f | %s |\n",
			r.n, label, r.step, wall,
			ratio(wall, baselines[key{r.n, r.step, baselineData}]),
			ratio(wall, baselines[key{r.n, r.step, baselineNoop}]),
			ratio(wall, ideal(r.n, latency)),
			providerCPU, 1000*providerCPU/float64(r.n), ratio(providerCPU, cpu[key{r.n, r.step, baselineNoop}]), sameSchema,
			medianOf(r.samples, func(s sample) float64 { return s.treeCPU.Seconds() }),
			medianOf(r.samples, func(s sample) float64 { return float64(s.peakRSSKiB) / 1024 }),
			medianOf(r.samples, func(s sample) float64 { return float64(s.processes) }),
			medianOf(r.samples, func(s sample) float64 { return float64(s.tokens) }),
			formatRequests(medianSample(r.samples).requests))
	}
	return b.String()
}

func wallSeconds(s sample) float64 { return s.wall.Seconds() }

func cpuSeconds(s sample) float64 { return s.providerCPU.Seconds() }

// medianSample is the sample with the median wall time (the lower one of an even count).
func medianSample(samples []sample) sample {
	if len(samples) == 0 {
		return sample{}
	}
	s := slices.SortedFunc(slices.Values(samples), func(a, b sample) int { return int(a.wall - b.wall) })
	return s[(len(s)-1)/2]
}

// formatRequests writes counts by backend and method as "jira 50 GET, 1 POST; entra 1 POST", the
// backends in their fixed order, GET first, then the other methods alphabetically.
func formatRequests(requests map[string]map[string]int) string {
	var parts []string
	for _, backend := range backends {
		methods := requests[backend]
		if len(methods) == 0 {
			continue
		}
		names := slices.SortedFunc(maps.Keys(methods), func(a, b string) int {
			if (a == "GET") != (b == "GET") {
				if a == "GET" {
					return -1
				}
				return 1
			}
			return strings.Compare(a, b)
		})
		counts := make([]string, len(names))
		for i, m := range names {
			counts[i] = fmt.Sprintf("%d %s", methods[m], m)
		}
		parts = append(parts, backend+" "+strings.Join(counts, ", "))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}
