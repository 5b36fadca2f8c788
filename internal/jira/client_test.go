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

// exchange is what a create of link sends.
var exchange = OutgoingLink{
	Name: "Exchange", Type: ProviderMicrosoft, ClientID: "c",
	AuthorizationEndpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
	TokenEndpoint:         "https://login.microsoftonline.com/common/oauth2/v2.0/token",
	Scopes:                []string{"offline_access", " ", "offline_access"}, RedirectURISuffix: "FC8GQRj7OZO_j1_b6A-Eig",
}

func TestCreateThatMayHaveBeenAppliedIsLookedUpNotRepeated(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2-client/latest/config":              {{500, `{"errors":["proxy timeout"]}`}},
		"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, link}},
	})
	got, err := client.CreateOutgoingLink(context.Background(), exchange)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "L1" || got.Type != ProviderMicrosoft {
		t.Fatalf("got %+v", got)
	}
	if n := s.count("POST /rest/oauth2-client/latest/config"); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
	// The link found is the one sent: nothing to update.
	if n := s.count("PUT /rest/oauth2-client/latest/config/L1"); n != 0 {
		t.Fatalf("%d updates of the link found, want none", n)
	}
}

// TestCreateLeavesSomeoneElsesLinkAlone: after a create whose answer was lost, the link found
// under the name is not the one sent (a person made it earlier): it is neither adopted nor
// overwritten, and the error names it.
func TestCreateLeavesSomeoneElsesLinkAlone(t *testing.T) {
	theirs := strings.Replace(link, `"clientId":"c"`, `"clientId":"someone-elses"`, 1)
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2-client/latest/config":              {{503, ""}},
		"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, theirs}},
	})
	_, err := client.CreateOutgoingLink(context.Background(), exchange)
	var taken *httpx.NameTakenError
	if !errors.As(err, &taken) || taken.ID != "L1" || strings.Join(taken.Differences, ",") != FieldClientID {
		t.Fatalf("got %v, want the link L1 named, differing in clientId", err)
	}
	if want := `differs from what was sent in clientId`; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not say %q", err, want)
	}
	if len(s.seen) != 2 {
		t.Errorf("requests %v, want the create and the lookup only", s.seen)
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

func TestRefusedCreateIsNotRepeatedAndNamesTheHolder(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2-client/latest/config":              {{400, `{"errors":[],"fieldErrors":{"name":["a configuration with this name already exists"]}}`}},
		"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, link}},
	})
	_, err := client.CreateOutgoingLink(context.Background(), exchange)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.FieldErrors["name"][0] != "a configuration with this name already exists" {
		t.Fatalf("got %v", err)
	}
	var taken *httpx.NameTakenError
	if !errors.As(err, &taken) || taken.ID != "L1" || len(taken.Differences) != 0 {
		t.Fatalf("got %#v, want a refused name held by L1", err)
	}
	if want := `Jira answered 400 Bad Request: name: a configuration with this name already exists; the object with id "L1" holds this name`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if n := s.count("POST /rest/oauth2-client/latest/config"); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
}

func TestRefusedCreateIsNeitherLookedUpNorRepeated(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2-client/latest/config": {{400, `{"errors":[],"fieldErrors":{"clientId":["required"]}}`}},
	})
	_, err := client.CreateOutgoingLink(context.Background(), OutgoingLink{Name: "Exchange"})
	if want := "Jira answered 400 Bad Request: clientId: required"; err == nil || err.Error() != want {
		t.Errorf("message %v, want %q", err, want)
	}
	if len(s.seen) != 1 {
		t.Fatalf("requests %v, want the create only", s.seen)
	}
}

// TestUnusableAnswersAreErrors: a success whose body is not the object asked for (a proxy's empty
// 200, a null, another link) is an error, never an object with an empty id.
func TestUnusableAnswersAreErrors(t *testing.T) {
	other := strings.Replace(link, `"id":"L1"`, `"id":"L2"`, 1)
	unnamed := strings.Replace(link, `"name":"Exchange"`, `"name":"Other"`, 1)
	ctx := context.Background()
	for _, body := range []string{"", "{}", "null", "[]", `{"id":""}`, `{"id":7}`, other} {
		client, _ := newScriptedClient(t, map[string][]reply{
			"GET /rest/oauth2-client/latest/config/L1":            {{200, body}},
			"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, strings.ReplaceAll(body, `"L2"`, `""`)}},
			"GET /rest/oauth2/latest/client/9":                    {{200, body}},
			"PUT /rest/oauth2/latest/client/reset/cid":            {{200, body}},
		})
		for what, call := range map[string]func() (any, error){
			"GetOutgoingLink":       func() (any, error) { return client.GetOutgoingLink(ctx, "L1") },
			"GetOutgoingLinkByName": func() (any, error) { return client.GetOutgoingLinkByName(ctx, "Exchange") },
			"GetIncomingLink":       func() (any, error) { return client.GetIncomingLink(ctx, "9") },
			"ResetIncomingSecret":   func() (any, error) { return client.ResetIncomingSecret(ctx, "cid") },
		} {
			got, err := call()
			var unusable *httpx.UnusableAnswerError
			if !errors.As(err, &unusable) {
				t.Errorf("%s answered %q: %v, %v; want an unusable answer", what, body, got, err)
			}
		}
	}
	client, _ := newScriptedClient(t, map[string][]reply{"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, unnamed}}})
	if _, err := client.GetOutgoingLinkByName(ctx, "Exchange"); err == nil || !strings.Contains(err.Error(), `the link named "Other"`) {
		t.Errorf("a link with another name: %v", err)
	}
	for _, body := range []string{"", "null", "{}", `[{"id":"L1"},{"name":"no id"}]`} {
		client, _ := newScriptedClient(t, map[string][]reply{
			"GET /rest/oauth2-client/latest/config": {{200, body}},
			"GET /rest/oauth2/latest/client":        {{200, body}},
		})
		if links, err := client.ListOutgoingLinks(ctx); err == nil {
			t.Errorf("ListOutgoingLinks answered %q: %+v, want an error", body, links)
		}
		if links, err := client.ListIncomingLinks(ctx); err == nil {
			t.Errorf("ListIncomingLinks answered %q: %+v, want an error", body, links)
		}
	}
}

// TestCreateWithAnUnusableAnswerIsLookedUp: a create answered 200 with an empty body may well
// have made the link; it is found by name and adopted, not taken for a link without an id.
func TestCreateWithAnUnusableAnswerIsLookedUp(t *testing.T) {
	for _, body := range []string{"", "{}", "null", "<html>OK</html>"} {
		client, s := newScriptedClient(t, map[string][]reply{
			"POST /rest/oauth2-client/latest/config":              {{200, body}},
			"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, link}},
			"POST /rest/oauth2/latest/client":                     {{200, body}},
			"GET /rest/oauth2/latest/client":                      {{200, `[{"id":"9","name":"Reports","clientId":"cid"}]`}},
			"GET /rest/oauth2/latest/client/9":                    {{200, `{"id":"9","name":"Reports","clientId":"cid","clientSecret":"s","scope":"READ","redirects":["https://r"]}`}},
		})
		out, err := client.CreateOutgoingLink(context.Background(), exchange)
		if err != nil || out.ID != "L1" {
			t.Errorf("outgoing create answered %q: %+v, %v; want L1 adopted", body, out, err)
		}
		in, err := client.CreateIncomingLink(context.Background(), IncomingLink{Name: "Reports", Scope: "READ", Redirects: []string{"https://r"}})
		if err != nil || in.ID != "9" || in.ClientSecret != "s" {
			t.Errorf("incoming create answered %q: %+v, %v; want 9 adopted", body, in, err)
		}
		if n := s.count("POST /rest/oauth2-client/latest/config") + s.count("POST /rest/oauth2/latest/client"); n != 2 {
			t.Errorf("%d creates sent, want one of each", n)
		}
	}
}

// TestInterruptedCreateIsLookedUpAndReturned: the apply is interrupted while Jira commits the
// create; the link is still looked up, and returned with the error, so that Terraform records it.
func TestInterruptedCreateIsLookedUpAndReturned(t *testing.T) {
	ctx, interrupt := context.WithCancel(context.Background())
	committed := make(chan struct{})
	s := &script{replies: map[string][]reply{"GET /rest/oauth2-client/latest/config/name/Exchange": {{200, link}}}}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			interrupt() // SIGINT after Jira saved the link, before it answered
			<-committed
			return
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	t.Cleanup(func() { close(committed) })
	h, err := httpx.New(httpx.Options{MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	client := NewClient(h, server.URL, Credentials{Token: "pat"})
	got, err := client.CreateOutgoingLink(ctx, exchange)
	if !errors.Is(err, context.Canceled) || got == nil || got.ID != "L1" {
		t.Fatalf("got %+v, %v; want L1 with the interruption", got, err)
	}
}

func TestIncomingCreateLooksUpByName(t *testing.T) {
	client, s := newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2/latest/client":  {{503, "<html><body>Service Unavailable</body></html>"}},
		"GET /rest/oauth2/latest/client":   {{200, `[{"id":"7","name":"Other"},{"id":"9","name":"Reports","clientId":"cid"}]`}},
		"GET /rest/oauth2/latest/client/9": {{200, `{"id":"9","name":"Reports","clientId":"cid","clientSecret":"s","scope":"READ","redirects":["https://r"]}`}},
	})
	got, err := client.CreateIncomingLink(context.Background(), IncomingLink{Name: "Reports", Scope: "READ", Redirects: []string{"https://r", "https://r"}})
	if err != nil || got.ID != "9" || got.ClientSecret != "s" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if n := s.count("POST /rest/oauth2/latest/client"); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
	if n := s.count("PUT /rest/oauth2/latest/client/9"); n != 0 {
		t.Fatalf("%d updates of the link found, want none", n)
	}

	// A link of that name with other settings is someone else's.
	client, s = newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2/latest/client":  {{503, ""}},
		"GET /rest/oauth2/latest/client":   {{200, `[{"id":"9","name":"Reports"}]`}},
		"GET /rest/oauth2/latest/client/9": {{200, `{"id":"9","name":"Reports","clientId":"cid","clientSecret":"s","scope":"ADMIN","redirects":["https://r"]}`}},
	})
	_, err = client.CreateIncomingLink(context.Background(), IncomingLink{Name: "Reports", Scope: "READ", Redirects: []string{"https://r"}})
	var taken *httpx.NameTakenError
	if !errors.As(err, &taken) || taken.ID != "9" || strings.Join(taken.Differences, ",") != FieldScope {
		t.Fatalf("got %v, want link 9 named, differing in scope", err)
	}
	if len(s.seen) != 3 {
		t.Errorf("requests %v, want the create and the lookup only", s.seen)
	}

	// A refused name names its holder.
	client, _ = newScriptedClient(t, map[string][]reply{
		"POST /rest/oauth2/latest/client":  {{400, `{"errors":[],"fieldErrors":{"name":["name must be unique"]}}`}},
		"GET /rest/oauth2/latest/client":   {{200, `[{"id":"9","name":"Reports"}]`}},
		"GET /rest/oauth2/latest/client/9": {{200, `{"id":"9","name":"Reports","clientId":"cid","clientSecret":"s","scope":"ADMIN"}`}},
	})
	_, err = client.CreateIncomingLink(context.Background(), IncomingLink{Name: "Reports", Scope: "READ", Redirects: []string{"https://r"}})
	if !errors.As(err, &taken) || taken.ID != "9" || len(taken.Differences) != 0 {
		t.Fatalf("got %v, want a refused name held by 9", err)
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
		"GET /rest/oauth2-client/latest/config/name/Mail%20handler%2FIMAP": {{200, strings.Replace(link, `"Exchange"`, `"Mail handler/IMAP"`, 1)}},
	})
	got, err := client.GetOutgoingLinkByName(context.Background(), "Mail handler/IMAP")
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != ProviderMicrosoft {
		t.Fatalf("type %q, want Jira's MICROSOFT as %q", got.Type, ProviderMicrosoft)
	}
}
