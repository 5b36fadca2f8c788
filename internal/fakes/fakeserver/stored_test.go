package fakeserver

import (
	"slices"
	"sync"
	"testing"
)

func TestCopyOfAndEditStored(t *testing.T) {
	type entry struct{ names []string }
	var mu sync.Mutex
	entries := map[string]*entry{"a": {names: []string{"x"}}}
	clone := func(e *entry) entry { return entry{names: slices.Clone(e.names)} }

	got, ok := CopyOf(&mu, entries, "a", clone)
	if !ok || !slices.Equal(got.names, []string{"x"}) {
		t.Fatalf("CopyOf(a) = %v, %v", got, ok)
	}
	got.names[0] = "changed by the test"
	if entries["a"].names[0] != "x" {
		t.Error("changing the copy changed the stored entry")
	}
	if got, ok := CopyOf(&mu, entries, "b", clone); ok || got.names != nil {
		t.Errorf("CopyOf(b) = %v, %v; want none", got, ok)
	}

	if !EditStored(&mu, entries, "a", func(e *entry) { e.names = append(e.names, "y") }) ||
		!slices.Equal(entries["a"].names, []string{"x", "y"}) {
		t.Errorf("EditStored(a) left %v", entries["a"].names)
	}
	if EditStored(&mu, entries, "b", func(*entry) { t.Error("edit ran for a missing entry") }) {
		t.Error("EditStored(b) reported a missing entry as found")
	}
}
