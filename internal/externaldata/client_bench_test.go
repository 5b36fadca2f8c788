package externaldata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// replay answers every request with one canned JSON body, in memory: the benchmarks measure
// building the request and decoding the answer, not a network.
type replay string

func (r replay) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}, "Etag": {`"7"`}},
		Body: io.NopCloser(strings.NewReader(string(r))), Request: req}, nil
}

const benchDataSource = `{"id":"ds-0001","app":"jira","name":"Customer lookup","type":"url","version":7,` +
	`"url":{"url":"https://crm.example.com/api/customers?q={query}","method":"GET","content_type":null,"body":null,` +
	`"response_type":"json","headers":{"Accept":"application/json"}},"database":null,` +
	`"auth":{"type":"none"}}`

// BenchmarkGet is the request of one refresh of an External Data source.
func BenchmarkGet(b *testing.B) {
	c := NewClient(&http.Client{Transport: replay(benchDataSource)}, "https://ed.example.com", StaticToken("api-token"))
	for b.Loop() {
		if _, err := c.Get(context.Background(), "ds-0001"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList lists one page of 100 data sources, as an import or a lookup by name does.
func BenchmarkList(b *testing.B) {
	items := make([]string, 100)
	for i := range items {
		items[i] = strings.Replace(benchDataSource, `"id":"ds-0001"`, fmt.Sprintf(`"id":"ds-%04d"`, i), 1)
	}
	page := `{"items":[` + strings.Join(items, ",") + `],"next_cursor":""}`
	c := NewClient(&http.Client{Transport: replay(page)}, "https://ed.example.com", StaticToken("api-token"))
	for b.Loop() {
		if _, err := c.List(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
