package jira

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// script is a server that answers each "METHOD path" with the next canned reply and records the
// requests it saw.
type script struct {
	mu      sync.Mutex
	replies map[string][]reply
	seen    []string
}

type reply struct {
	status int
	body   string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := r.Method + " " + r.URL.EscapedPath()
	s.seen = append(s.seen, key)
	queue := s.replies[key]
	if len(queue) == 0 {
		w.WriteHeader(http.StatusTeapot)
		return
	}
	next := queue[0]
	if len(queue) > 1 {
		s.replies[key] = queue[1:]
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(next.status)
	_, _ = w.Write([]byte(next.body))
}

func (s *script) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range s.seen {
		if k == key {
			n++
		}
	}
	return n
}

func newScriptedClient(t *testing.T, replies map[string][]reply) (*Client, *script) {
	t.Helper()
	s := &script{replies: replies}
	server := httptest.NewServer(s)
	t.Cleanup(server.Close)
	h, err := httpx.New(httpx.Options{MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(h, server.URL+"/", Credentials{Token: "pat"}), s
}

const link = `{"id":"L1","name":"Exchange","type":"MICROSOFT","clientId":"c","clientSecret":null,` +
	`"authorizationEndpoint":"https://login.microsoftonline.com/common/oauth2/v2.0/authorize",` +
	`"tokenEndpoint":"https://login.microsoftonline.com/common/oauth2/v2.0/token","scopes":["offline_access"],` +
	`"redirectUriSuffix":"FC8GQRj7OZO_j1_b6A-Eig","aFieldFromANewerJira":true}`

func TestCreateThatMayHaveBeenAppliedIsLookedUpNotRepeated(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2-client/latest/config":              {{500, `{"errors":["proxy timeout"]}`}},
		"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, link}},
		"PUT /rest/oauth2-client/latest/config/L1":            {{204, ""}},
		"GET /rest/oauth2-client/latest/config/L1":            {{200, link}},
	})
	got, err := client.CreateOutgoingLink(context.Background(), OutgoingLink{Name: "Exchange", Type: "microsoft"})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "L1" || got.Type != ProviderMicrosoft {
		t.Fatalf("got %+v", got)
	}
	if n := s.count("POST /rest/oauth2-client/latest/config"); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
	// The link found is made to match what was asked for.
	if n := s.count("PUT /rest/oauth2-client/latest/config/L1"); n != 1 {
		t.Fatalf("%d updates of the link found, want 1", n)
	}
}

func TestCreateIsRepeatedOnlyWhenTheLookupFindsNothing(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2-client/latest/config":              {{502, ""}, {200, link}},
		"GET /rest/oauth2-client/latest/config/name/Exchange": {{404, ""}},
	})
	if _, err := client.CreateOutgoingLink(context.Background(), OutgoingLink{Name: "Exchange"}); err != nil {
		t.Fatal(err)
	}
	if n := s.count("POST /rest/oauth2-client/latest/config"); n != 2 {
		t.Fatalf("%d creates sent, want 2", n)
	}
}

func TestRefusedCreateIsNeitherLookedUpNorRepeated(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2-client/latest/config": {{400, `{"errors":[],"fieldErrors":{"name":["a configuration with this name already exists"]}}`}},
	})
	_, err := client.CreateOutgoingLink(context.Background(), OutgoingLink{Name: "Exchange"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.FieldErrors["name"][0] != "a configuration with this name already exists" {
		t.Fatalf("got %v", err)
	}
	if want := "Jira answered 400 Bad Request: name: a configuration with this name already exists"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if len(s.seen) != 1 {
		t.Fatalf("requests %v, want the create only", s.seen)
	}
}

func TestIncomingCreateLooksUpByName(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2/latest/client":  {{503, "<html><body>Service Unavailable</body></html>"}},
		"GET /rest/oauth2/latest/client":   {{200, `[{"id":"7","name":"Other"},{"id":"9","name":"Reports","clientId":"cid"}]`}},
		"PUT /rest/oauth2/latest/client/9": {{204, ""}},
		"GET /rest/oauth2/latest/client/9": {{200, `{"id":"9","name":"Reports","clientId":"cid","clientSecret":"s","scope":"READ","redirects":["https://r"]}`}},
	})
	got, err := client.CreateIncomingLink(context.Background(), IncomingLink{Name: "Reports", Scope: "READ", Redirects: []string{"https://r"}})
	if err != nil || got.ID != "9" || got.ClientSecret != "s" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if n := s.count("POST /rest/oauth2/latest/client"); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
}

func TestErrorsAreExplained(t *testing.T) {
	client, _ := newScriptedClient(t, map[string][]reply{
		"GET /rest/oauth2-client/latest/config/L1": {{401, `{"errors":["Client must be authenticated as a system administrator to access this resource."]}`}},
		"GET /rest/oauth2-client/latest/config/L2": {{404, `{"errors":["Configuration L2 does not exist"],"fieldErrors":{}}`}},
		"GET /rest/oauth2-client/latest/config/L3": {{500, "<html><head><title>Oops</title></head><body><p>It broke</p></body></html>"}},
		"PUT /rest/oauth2/latest/client/reset/c":   {{400, `{"error":"invalid scope","error_description":"scope must be one of READ, WRITE"}`}},
	})
	ctx := context.Background()
	_, err := client.GetOutgoingLink(ctx, "L1")
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "needs a Jira system administrator") {
		t.Errorf("401: %v", err)
	}
	_, err = client.GetOutgoingLink(ctx, "L2")
	if !IsNotFound(err) || !strings.Contains(err.Error(), "Configuration L2 does not exist") {
		t.Errorf("404: %v", err)
	}
	_, err = client.GetOutgoingLink(ctx, "L3")
	if err == nil || IsNotFound(err) || !strings.Contains(err.Error(), "Oops It broke") {
		t.Errorf("500 page: %v", err)
	}
	_, err = client.ResetIncomingSecret(ctx, "c")
	if err == nil || !strings.Contains(err.Error(), "invalid scope: scope must be one of READ, WRITE") {
		t.Errorf("OAuth-style error: %v", err)
	}
}

func TestOutgoingTypeIsNormalisedAndNamesEscaped(t *testing.T) {
	// A slash in a name must not become a path separator.
	client, _ := newScriptedClient(t, map[string][]reply{
		"GET /rest/oauth2-client/latest/config/name/Mail%20handler%2FIMAP": {{200, link}},
	})
	got, err := client.GetOutgoingLinkByName(context.Background(), "Mail handler/IMAP")
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != ProviderMicrosoft {
		t.Fatalf("type %q, want Jira's MICROSOFT as %q", got.Type, ProviderMicrosoft)
	}
}
