package apirequest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDo(t *testing.T) {
	var got *http.Request
	var gotBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ := io.ReadAll(r.Body)
		gotBody = string(body)
		w.Header().Add("Vary", "Accept")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"itemNotFound"}`))
	}))
	defer srv.Close()
	ctx := context.Background()

	body := `{"name":"x"}`
	answer, err := Do(ctx, srv.Client(), Request{Method: http.MethodPost, URL: srv.URL + "/things?a=1", Body: &body,
		Header: map[string]string{"consistencylevel": "eventual"}, TokenType: "bearer", AccessToken: "t0ken"}, 1<<20)
	if err != nil || answer.StatusCode != http.StatusNotFound || string(answer.Body) != `{"error":"itemNotFound"}` || answer.Truncated {
		t.Fatalf("a 404 is an answer: %v %+v", err, answer)
	}
	if got.Method != http.MethodPost || got.URL.RequestURI() != "/things?a=1" || gotBody != body ||
		got.Header.Get("ConsistencyLevel") != "eventual" || got.Header.Get("Authorization") != "Bearer t0ken" {
		t.Errorf("sent %s %s %q with %v", got.Method, got.URL, gotBody, got.Header)
	}

	if _, err := Do(ctx, srv.Client(), Request{URL: srv.URL, TokenType: "MAC", AccessToken: "m"}, 1<<20); err != nil ||
		got.Method != http.MethodGet || gotBody != "" || got.Header.Get("Authorization") != "MAC m" {
		t.Errorf("a GET by default, other token types as given: %v, %s %q %q", err, got.Method, gotBody, got.Header.Get("Authorization"))
	}

	answer, err = Do(ctx, srv.Client(), Request{URL: srv.URL}, 4)
	if err != nil || !answer.Truncated || string(answer.Body) != `{"er` {
		t.Errorf("the bound: %v %+v", err, answer)
	}

	var invalid *InvalidRequestError
	if _, err := Do(ctx, srv.Client(), Request{Method: "BAD METHOD", URL: srv.URL}, 1<<20); !errors.As(err, &invalid) ||
		!strings.Contains(err.Error(), "invalid method") {
		t.Errorf("an invalid method: %v", err)
	}
}
