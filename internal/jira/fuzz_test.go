package jira

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx/httpxtest"
)

// answeringClient talks to a Jira that answers every request with status and body, without a
// network: a misbehaving Jira, as fast as a fuzz target needs it.
func answeringClient(status int, body string) *Client {
	return NewClient(&http.Client{Transport: httpxtest.Always(status, body)}, "https://jira.example.com", Credentials{Token: "pat"})
}

// answerSeeds are the shapes a misbehaving server or proxy answers with.
var answerSeeds = []string{
	"", "{}", "null", "[]", "[null]", "[{}]", `"L1"`, "0", "<html>OK</html>", link, "[" + link + "]",
	`{"id":"L1","scopes":null,"type":null}`, `{"id":"L1","scopes":[null,1]}`, `{"id":"L2"}`,
	`{"id":"9","name":"Reports","clientId":"cid","clientSecret":"s","redirects":null,"scope":7}`,
	`[{"id":"9","name":"Reports"},{"id":"","name":"Reports"}]`,
}

// fuzzAnswers runs check against a client that Jira answers with 200 and the fuzzed body, seeded
// with answerSeeds.
func fuzzAnswers(f *testing.F, check func(t *testing.T, ctx context.Context, client *Client)) {
	for _, seed := range answerSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		check(t, context.Background(), answeringClient(http.StatusOK, body))
	})
}

// FuzzOutgoingLinkAnswer: whatever Jira answers to the outgoing-link calls, the client neither
// panics nor returns a link other than the one asked for.
func FuzzOutgoingLinkAnswer(f *testing.F) {
	fuzzAnswers(f, func(t *testing.T, ctx context.Context, client *Client) {
		if got, err := client.GetOutgoingLink(ctx, "L1"); err == nil && got.ID != "L1" {
			t.Errorf("GetOutgoingLink(L1) = %+v", got)
		}
		if got, err := client.GetOutgoingLinkByName(ctx, "Exchange"); err == nil && (got.ID == "" || got.Name != "Exchange") {
			t.Errorf("GetOutgoingLinkByName(Exchange) = %+v", got)
		}
		if got, err := client.CreateOutgoingLink(ctx, exchange); err == nil && got.ID == "" {
			t.Errorf("CreateOutgoingLink = %+v", got)
		}
		if links, err := client.ListOutgoingLinks(ctx); err == nil {
			httpxtest.CheckIDs(t, "ListOutgoingLinks", links, func(l OutgoingLink) string { return l.ID })
		}
	})
}

// FuzzIncomingLinkAnswer is FuzzOutgoingLinkAnswer for incoming links and secret resets.
func FuzzIncomingLinkAnswer(f *testing.F) {
	fuzzAnswers(f, func(t *testing.T, ctx context.Context, client *Client) {
		if got, err := client.GetIncomingLink(ctx, "9"); err == nil && got.ID != "9" {
			t.Errorf("GetIncomingLink(9) = %+v", got)
		}
		if got, err := client.CreateIncomingLink(ctx, IncomingLink{Name: "Reports", Scope: "READ"}); err == nil && got.ID == "" {
			t.Errorf("CreateIncomingLink = %+v", got)
		}
		if got, err := client.ResetIncomingSecret(ctx, "cid"); err == nil && (got.ClientID != "cid" || got.ClientSecret == "") {
			t.Errorf("ResetIncomingSecret(cid) = %+v", got)
		}
		if links, err := client.ListIncomingLinks(ctx); err == nil {
			httpxtest.CheckIDs(t, "ListIncomingLinks", links, func(l IncomingLink) string { return l.ID })
		}
	})
}

// FuzzErrorAnswer: whatever error body Jira (or a proxy) sends, it becomes an *APIError that
// prints, without a panic.
func FuzzErrorAnswer(f *testing.F) {
	for _, seed := range []string{
		"", "null", "{}", "[]", `{"errors":null,"fieldErrors":null}`, `{"errors":["Configuration L1 does not exist"],"fieldErrors":{}}`,
		`{"errors":[],"fieldErrors":{"name":null,"":[""]}}`, `{"errors":[1],"fieldErrors":{"name":"x"}}`,
		`{"error":"invalid scope","error_description":null}`, "<html><title>Oops</title></html>", "\xff\xfe",
	} {
		f.Add(400, seed)
	}
	f.Add(409, `{"errors":[],"fieldErrors":{"name":["already exists"]}}`)
	f.Add(503, "")
	f.Fuzz(func(t *testing.T, status int, body string) {
		status = 400 + int(uint(status)%200)
		_, err := answeringClient(status, body).GetOutgoingLink(context.Background(), "L1")
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || err.Error() == "" {
			t.Errorf("status %d, body %q: %v, want an APIError", status, body, err)
		}
		_ = isNameTaken(err)
	})
}
