package oauth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// answering serves every token request with the given status, Content-Type and body, and counts
// the requests.
func answering(t *testing.T, status int, contentType, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(server.Close)
	return server, &requests
}

// TestTokenAnswers covers what servers answer, through x/oauth2 and the provider's transport: the
// forms of expires_in (x/oauth2 alone refuses 3599.0, and ignores a fractional form-encoded one),
// form-encoded answers, and answers that are no token.
func TestTokenAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		wantLifetime            time.Duration // zero: no expiry
		wantScope               string
		wantErr                 string
	}{
		{"number", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":3599}`, 3599 * time.Second, "", ""},
		{"string", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":"3599"}`, 3599 * time.Second, "", ""},
		{"float", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":3599.0}`, 3599 * time.Second, "", ""},
		{"float in a string", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":"3599.0"}`, 3599 * time.Second, "", ""},
		{"fraction", "application/json; charset=utf-8", `{"access_token":"a","token_type":"Bearer","expires_in":59.9,"scope":"api:read"}`, 59 * time.Second, "api:read", ""},
		{"no expiry", "application/json", `{"access_token":"a","token_type":"Bearer"}`, 0, "", ""},
		{"null expiry", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":null}`, 0, "", ""},
		{"form-encoded", "application/x-www-form-urlencoded", `access_token=a&token_type=bearer&expires_in=60&scope=repo`, time.Minute, "repo", ""},
		{"form-encoded float", "application/x-www-form-urlencoded", `access_token=a&token_type=bearer&expires_in=60.0`, time.Minute, "", ""},
		{"no token", "application/json", `{"token_type":"Bearer"}`, 0, "", "answered 200 with a token response the provider cannot read: oauth2: server response missing access_token"},
		{"not JSON", "text/html", `<html><body><h1>Sign in</h1></body></html>`, 0, "", `answered 200 but not with a JSON token response: "Sign in"`},
		{"bad expiry", "application/json", `{"access_token":"a","expires_in":"soon"}`, 0, "", "cannot read"},
		{"cut short", "application/json", `{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0`, 0, "", "cannot read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			server, _ := answering(t, http.StatusOK, tc.contentType, tc.body)
			client := newTestClient(t, 0)
			obtained := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
			client.now = func() time.Time { return obtained }
			token, err := client.fetch(context.Background(), Request{TokenURL: server.URL, ClientID: "c", ClientSecret: "s", ClientAuth: ClientAuthPost})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "eyJ") {
					t.Fatalf("the error quotes the access token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if token.AccessToken != "a" || token.Scope != tc.wantScope || !token.ObtainedAt.Equal(obtained) {
				t.Fatalf("token %+v", token)
			}
			if tc.wantLifetime == 0 {
				if !token.ExpiresAt.IsZero() {
					t.Fatalf("expires at %s, want no expiry", token.ExpiresAt)
				}
				return
			}
			// x/oauth2 dates its expiry when it read the answer, a moment after the request.
			if lifetime := token.ExpiresAt.Sub(obtained); lifetime > tc.wantLifetime || lifetime < tc.wantLifetime-time.Second {
				t.Fatalf("lifetime %s, want %s", lifetime, tc.wantLifetime)
			}
		})
	}
}

func TestRefusalsAreReadInEveryForm(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		wantCode, wantDesc      string
	}{
		{"RFC 6749 JSON", "application/json", `{"error":"invalid_scope","error_description":"no such scope","error_uri":"https://e.example/s"}`, 400, "invalid_scope", "no such scope"},
		{"form-encoded", "application/x-www-form-urlencoded", `error=invalid_client&error_description=unknown+client`, 401, "invalid_client", "unknown client"},
		{"an error in a 200", "application/json", `{"error":"invalid_request"}`, 200, "invalid_request", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			server, _ := answering(t, tc.status, tc.contentType, tc.body)
			_, err := newTestClient(t, 0).fetch(context.Background(), Request{TokenURL: server.URL, ClientID: "c", ClientSecret: "s", ClientAuth: ClientAuthBasic})
			var tokenErr *TokenError
			if !errors.As(err, &tokenErr) || tokenErr.StatusCode != tc.status || tokenErr.Code != tc.wantCode || tokenErr.Description != tc.wantDesc {
				t.Fatalf("got %#v (%v), want %d %s %q", tokenErr, err, tc.status, tc.wantCode, tc.wantDesc)
			}
		})
	}
}

// TestTokenRequestMarks checks that x/oauth2 sends the request with the context the provider
// marked: a token request is retried on 503 like a GET, and never follows a redirect.
func TestTokenRequestMarks(t *testing.T) {
	t.Run("retried on 503", func(t *testing.T) {
		var requests atomic.Int32
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if requests.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			_, _ = w.Write([]byte(`{"access_token":"a","token_type":"Bearer","expires_in":60}`))
		}))
		t.Cleanup(server.Close)
		if _, err := newTestClient(t, 1).fetch(context.Background(), Request{TokenURL: server.URL, ClientID: "c", ClientSecret: "s"}); err != nil {
			t.Fatal(err)
		}
		if n := requests.Load(); n != 2 {
			t.Fatalf("%d requests, want 503 then 200", n)
		}
	})
	t.Run("not redirected", func(t *testing.T) {
		target, reached := answering(t, http.StatusOK, "application/json", `{"access_token":"a"}`)
		server := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
		t.Cleanup(server.Close)
		_, err := newTestClient(t, 0).fetch(context.Background(), Request{TokenURL: server.URL, ClientID: "c", ClientSecret: "s", ClientAuth: ClientAuthPost})
		if err == nil || !strings.Contains(err.Error(), "requesting a token from "+server.URL) || !strings.Contains(err.Error(), "never redirected") {
			t.Fatalf("error %v, want a refused redirect", err)
		}
		if reached.Load() != 0 {
			t.Fatal("the token request followed the redirect")
		}
	})
}

// TestStylesArePinned checks that a refusal costs one request when the style is given, whatever
// x/oauth2's auto-detection would do.
func TestStylesArePinned(t *testing.T) {
	for _, auth := range []ClientAuth{ClientAuthBasic, ClientAuthPost} {
		server, requests := answering(t, http.StatusUnauthorized, "application/json", `{"error":"invalid_client"}`)
		if _, err := newTestClient(t, 0).fetch(context.Background(), Request{TokenURL: server.URL, ClientID: "c", ClientSecret: "s", ClientAuth: auth}); err == nil {
			t.Fatal("refusal not seen")
		}
		if n := requests.Load(); n != 1 {
			t.Errorf("%s: %d requests, want 1", auth, n)
		}
	}
}

func TestEndpointParamsCannotReplaceStandardFields(t *testing.T) {
	var form url.Values
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		form = r.PostForm
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"a"}`))
	}))
	t.Cleanup(server.Close)
	req := Request{TokenURL: server.URL, ClientID: "c", ClientSecret: "s", ClientAuth: ClientAuthPost, Scopes: []string{"a", "b"},
		EndpointParams: map[string]string{"grant_type": "password", "client_id": "other", "scope": "x", "resource": "urn:r"}}
	if _, err := newTestClient(t, 0).fetch(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	want := url.Values{"grant_type": {"client_credentials"}, "client_id": {"c"}, "client_secret": {"s"}, "scope": {"a b"}, "resource": {"urn:r"}}
	if form.Encode() != want.Encode() {
		t.Fatalf("form %v, want %v", form, want)
	}
}
