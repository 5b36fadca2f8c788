package externaldata

import (
	"context"
	"net/http"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx/httpxtest"
)

const benchDataSource = `{"id":"ds-0001","app":"jira","name":"Customer lookup","type":"url","version":7,` +
	`"url":{"url":"https://crm.example.com/api/customers?q={query}","method":"GET","content_type":null,"body":null,` +
	`"response_type":"json","headers":{"Accept":"application/json"}},"database":null,` +
	`"auth":{"type":"none"}}`

// BenchmarkGet is the request of one refresh of an External Data source.
func BenchmarkGet(b *testing.B) {
	c := NewClient(&http.Client{Transport: httpxtest.Always(http.StatusOK, benchDataSource)}, "https://ed.example.com", StaticToken("api-token"))
	for b.Loop() {
		if _, err := c.Get(context.Background(), "ds-0001"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList lists one page of 100 data sources, as an import or a lookup by name does.
func BenchmarkList(b *testing.B) {
	page := `{"items":[` + httpxtest.Numbered(100, benchDataSource, `"id":"ds-0001"`, `"id":"ds-%04d"`) + `],"next_cursor":""}`
	c := NewClient(&http.Client{Transport: httpxtest.Always(http.StatusOK, page)}, "https://ed.example.com", StaticToken("api-token"))
	for b.Loop() {
		if _, err := c.List(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
