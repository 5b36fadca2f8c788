// Package fakes holds in-process test doubles of the remote services the
// provider talks to. They mimic the real services' observable behaviour
// (status codes, headers, error bodies) so that unit tests (httptest) and
// acceptance tests exercise the provider against what it will really meet.
package fakes
