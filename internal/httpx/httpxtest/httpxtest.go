// Package httpxtest answers HTTP requests in memory, for the tests, fuzz targets and benchmarks
// of the API clients: they exercise or measure the client, not a network or a fake server.
package httpxtest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Answering is a transport that answers every request with the status and JSON body it returns
// for that request. Every answer carries the ETag "1", as External Data answers do; the clients
// of the other services ignore it.
type Answering func(r *http.Request) (status int, body string)

// RoundTrip answers r without a network.
func (a Answering) RoundTrip(r *http.Request) (*http.Response, error) {
	status, body := a(r)
	return &http.Response{
		StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}, "Etag": {`"1"`}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r,
	}, nil
}

// Always answers every request with status and body.
func Always(status int, body string) Answering {
	return func(*http.Request) (int, string) { return status, body }
}

// CheckIDs fails t for each element of list, which the client's call returned, whose id is empty:
// a client must not pass on an object it could not address again.
func CheckIDs[T any](t testing.TB, call string, list []T, id func(T) string) {
	t.Helper()
	for _, element := range list {
		if id(element) == "" {
			t.Errorf("%s holds an element without an id: %+v", call, list)
		}
	}
}

// Numbered is n copies of the JSON object item, joined by commas, in the i-th of which id (the
// item's "id" member, as it is written in item) becomes fmt.Sprintf(format, i): the elements of a
// list answer of n distinct objects.
func Numbered(n int, item, id, format string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = strings.Replace(item, id, fmt.Sprintf(format, i), 1)
	}
	return strings.Join(items, ",")
}
