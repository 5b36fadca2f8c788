package externaldata_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx/httpxtest"
)

// answeringClient talks to a server that answers every request with what a returns for it, without
// a network: the answers of a misbehaving server, as fast as a fuzz target needs them.
func answeringClient(a httpxtest.Answering) *externaldata.Client {
	return externaldata.NewClient(&http.Client{Transport: a}, "https://ed.example.com", externaldata.StaticToken("t"))
}

// source is a good answer for the data source ds_1; auth replaces its auth block.
func source(auth string) string {
	return `{"id":"ds_1","app":"jira","name":"Inventory","type":"url",` +
		`"url":{"url":"https://inventory.example.com/items","method":"GET","response_type":"json"},"auth":` + auth + `,"version":1}`
}

// TestUnusableAnswersAreErrors: a success whose body is not the data source asked for (empty,
// null, another source, a type without its block) is an error that names what came, never an
// object a caller could take for the data source.
func TestUnusableAnswersAreErrors(t *testing.T) {
	ctx := context.Background()
	for body, want := range map[string]string{
		"":     "an empty body",
		"{}":   "a data source without an id",
		"null": "null",
		`{"id":"ds_2","app":"jira","name":"x","type":"url","url":{}}`:           `the object "ds_2" instead of the data source "ds_1"`,
		`{"id":"ds_1","type":"url"}`:                                            `a data source whose type is "url" but without its url block`,
		`{"id":"ds_1","type":"database","database":null}`:                       `a data source whose type is "database" but without its database block`,
		source(`{"type":"basic"}`):                                              `auth.type is "basic" but without its auth.basic block`,
		source(`{"type":"bearer"}`):                                             `auth.type is "bearer" but without its auth.bearer block`,
		source(`{"type":"custom_header","custom_header":null}`):                 `auth.type is "custom_header" but without its auth.custom_header block`,
		source(`{"type":"oauth2"}`):                                             `auth.type is "oauth2" but without its auth.oauth2 block`,
		`{"id":"ds_1","type":"url","url":{"url":1}}`:                            "a body that does not decode",
		`{"id":"ds_1","type":"url","url":{"headers":{"a":null}},"auth":null}`:   "", // null fields are absent values, not errors
		source(`{"type":"oauth2","oauth2":{"scopes":null,"auth_url":null}}`):    "",
		source(`{"type":"a_newer_type","basic":null}`):                          "",
		`{"id":"ds_1","app":"jira","name":"x","type":"file","newer_field":[1]}`: "",
	} {
		client := answeringClient(func(*http.Request) (int, string) { return http.StatusOK, body })
		got, err := client.Get(ctx, "ds_1")
		if want == "" {
			if err != nil || got == nil {
				t.Errorf("Get answered %s: %v, want it taken", body, err)
			}
			continue
		}
		var unusable *httpx.UnusableAnswerError
		if !errors.As(err, &unusable) || !strings.Contains(err.Error(), want) {
			t.Errorf("Get answered %s: %v, %v; want an unusable answer saying %q", body, got, err, want)
		}
	}

	for _, body := range []string{`{"items":[{"name":"no id"}]}`, "null", ""} {
		client := answeringClient(func(*http.Request) (int, string) { return http.StatusOK, body })
		if all, err := client.List(ctx); err == nil {
			t.Errorf("List answered %s: %+v, want an error", body, all)
		}
	}

	// An update answered with another source, or none, is not taken for the source updated.
	for _, body := range []string{"", `{"id":"ds_2","type":"url","url":{}}`} {
		client := answeringClient(func(*http.Request) (int, string) { return http.StatusOK, body })
		ds := graphUsers(externaldata.Keep())
		ds.ID, ds.ETag = "ds_1", `"1"`
		if updated, err := client.Update(ctx, ds); err == nil {
			t.Errorf("Update answered %s: %+v, want an error", body, updated)
		}
	}
}

// replacing serves ed, but answers the requests that match with status and body after ed handled
// them: a gateway that mangles the answer of a create the service committed.
func replacing(t *testing.T, ed *fakeexternaldata.Server, method string, status int, body string) *externaldata.Client {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			ed.ServeHTTP(w, r)
			return
		}
		ed.ServeHTTP(httptest.NewRecorder(), r)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(server.Close)
	return externaldata.NewClient(httpClient(t), server.URL, externaldata.StaticToken(ed.APIToken))
}

// TestCreateWithAnUnusableAnswerIsAdopted: the service created the source but its answer is
// empty, or {}: the source is found by name and adopted, not repeated nor taken for one without
// an id.
func TestCreateWithAnUnusableAnswerIsAdopted(t *testing.T) {
	for _, body := range []string{"", "{}", "null", "created"} {
		ed := fakeexternaldata.Start(t)
		client := replacing(t, ed, http.MethodPost, http.StatusCreated, body)
		created, err := client.Create(context.Background(), graphUsers(externaldata.Set("s3cret")))
		if err != nil {
			t.Fatalf("answer %q: %v", body, err)
		}
		if stored := ed.List(); len(stored) != 1 || created.ID != stored[0].ID || created.ETag == "" {
			t.Errorf("answer %q: created %+v, stored %+v; want the one stored, with its ETag", body, created, stored)
		}
	}
}

// TestCreateLeavesSomeoneElsesSourceAlone: after a create whose answer was lost, the source found
// under the name was made by someone else (it differs from what was sent): it is neither adopted
// nor overwritten, and the error names it.
func TestCreateLeavesSomeoneElsesSourceAlone(t *testing.T) {
	client, server := newClient(t)
	theirs := graphUsersInFake()
	theirs.Auth.OAuth2.ClientID = "someone-elses"
	existing := server.Add(theirs)
	server.FailNextMatching(1, http.StatusServiceUnavailable, http.MethodPost, "/api/v1/data-sources")

	_, err := client.Create(context.Background(), graphUsers(externaldata.Set("s3cret")))
	var taken *httpx.NameTakenError
	if !errors.As(err, &taken) || taken.ID != existing.ID || strings.Join(taken.Differences, ",") != "auth.oauth2.client_id" {
		t.Fatalf("Create: %v, want %s named, differing in auth.oauth2.client_id", err, existing.ID)
	}
	if stored, _ := server.Get(existing.ID); stored.Version != existing.Version || stored.Auth.OAuth2.ClientID != "someone-elses" {
		t.Errorf("the existing source was changed: %+v", stored)
	}
	if n := server.CountRequests(http.MethodPut, "/api/v1/data-sources"); n != 0 {
		t.Errorf("%d updates, want none", n)
	}

	// Without the lost answer the service refuses the name, and the error names the holder too.
	_, err = client.Create(context.Background(), graphUsers(externaldata.Set("s3cret")))
	if !errors.As(err, &taken) || taken.ID != existing.ID || len(taken.Differences) != 0 || !externaldata.IsConflict(err) {
		t.Fatalf("Create of a taken name: %v, want a 409 naming %s", err, existing.ID)
	}
}

// graphUsersInFake is graphUsers as the fake stores it.
func graphUsersInFake() fakeexternaldata.Source {
	ds := graphUsers(externaldata.Keep())
	return fakeexternaldata.Source{
		App: ds.App, Name: ds.Name, Type: ds.Type,
		URL: &fakeexternaldata.URL{URL: ds.URL.URL, Method: ds.URL.Method, ResponseType: ds.URL.ResponseType, Headers: ds.URL.Headers},
		Auth: &fakeexternaldata.Auth{Type: "oauth2", OAuth2: &fakeexternaldata.OAuth2{
			GrantType: ds.Auth.OAuth2.GrantType, ClientID: ds.Auth.OAuth2.ClientID, TokenURL: ds.Auth.OAuth2.TokenURL, Scopes: ds.Auth.OAuth2.Scopes,
		}},
	}
}

// TestUpdateWhoseAnswerWasLostIsRecognised: the service applies an update but the answer is
// lost; the retry carries the old If-Match and gets 412. The source now holds what was sent, so
// the update is done, not a conflict with the app's UI.
func TestUpdateWhoseAnswerWasLostIsRecognised(t *testing.T) {
	ctx := context.Background()
	client, server := newClient(t)
	created := createGraphUsers(t, client)
	server.FailNextAfterHandling(1, http.MethodPut, http.StatusBadGateway)

	update := graphUsersUpdate(created)
	update.Name = "Graph users (renamed)"
	updated, err := client.Update(ctx, update)
	if err != nil {
		t.Fatalf("Update whose answer was lost: %v", err)
	}
	stored, _ := server.Get(created.ID)
	if updated.Name != update.Name || updated.Version != stored.Version || updated.ETag == created.ETag || updated.ETag == "" {
		t.Errorf("Update = %+v, want the stored source (version %d) with its new ETag", updated, stored.Version)
	}
	if n := server.CountRequests(http.MethodPut, "/api/v1/data-sources"); n != 2 {
		t.Errorf("%d PUTs, want the lost one and its retry", n)
	}
}

// TestListStopsAtCyclingCursors: a service whose cursors go round in a circle, or never end, is
// not followed forever.
func TestListStopsAtCyclingCursors(t *testing.T) {
	for name, next := range map[string]func(cursor string, page int) string{
		"the same cursor again": func(string, int) string { return "a" },
		"a circle": func(cursor string, _ int) string {
			return map[string]string{"": "a", "a": "b", "b": "c", "c": "a"}[cursor]
		},
		"cursors without end": func(_ string, page int) string { return fmt.Sprint("p", page) },
	} {
		pages := 0
		client := answeringClient(func(r *http.Request) (int, string) {
			pages++
			return http.StatusOK, fmt.Sprintf(`{"items":[{"id":"ds_%d"}],"next_cursor":%q}`, pages, next(r.URL.Query().Get("cursor"), pages))
		})
		all, err := client.List(context.Background())
		if err == nil || all != nil || !strings.Contains(err.Error(), "so the listing was stopped") {
			t.Errorf("%s: %d data sources, %v; want an error", name, len(all), err)
		}
		if pages > 10000 {
			t.Errorf("%s: %d pages fetched", name, pages)
		}
	}
}
