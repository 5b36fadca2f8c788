package fakeserver

import "sync"

// CopyOf returns a copy, made by clone, of the entry id of entries, which mu guards, and whether
// it exists: a test gets what a fake stores without sharing it with the fake's handlers.
func CopyOf[T any](mu *sync.Mutex, entries map[string]*T, id string, clone func(*T) T) (T, bool) {
	mu.Lock()
	defer mu.Unlock()
	entry, ok := entries[id]
	if !ok {
		var none T
		return none, false
	}
	return clone(entry), true
}

// EditStored changes the entry id of entries, which mu guards, in place with edit and reports
// whether it exists: a test changes what a fake stores as an administrator could in its UI.
func EditStored[T any](mu *sync.Mutex, entries map[string]*T, id string, edit func(*T)) bool {
	mu.Lock()
	defer mu.Unlock()
	entry, ok := entries[id]
	if ok {
		edit(entry)
	}
	return ok
}
