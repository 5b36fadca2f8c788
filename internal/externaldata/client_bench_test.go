package externaldata

import (
	"context"
	"fmt"
	"net/http"
	"strings"
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
	items := make([]string, 100)
	for i := range items {
		items[i] = strings.Replace(benchDataSource, `"id":"ds-0001"`, fmt.Sprintf(`"id":"ds-%04d"`, i), 1)
	}
	page := `{"items":[` + strings.Join(items, ",") + `],"next_cursor":""}`
	c := NewClient(&http.Client{Transport: httpxtest.Always(http.StatusOK, page)}, "https://ed.example.com", StaticToken("api-token"))
	for b.Loop() {
		if _, err := c.List(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
