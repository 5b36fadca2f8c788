package apirequest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestDo(t *testing.T) {
	// The server answers 404 with what it got.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "%s %s|%s|%s|%s", r.Method, r.URL.RequestURI(), r.Header.Get("Authorization"), r.Header.Get("ConsistencyLevel"), body)
	}))
	defer srv.Close()
	do := func(r Request, maxBody int64) string {
		t.Helper()
		answer, err := Do(context.Background(), srv.Client(), r, maxBody)
		if err != nil || answer.StatusCode != http.StatusNotFound {
			t.Fatalf("%+v: a 404 is an answer: %v %+v", r, err, answer)
		}
		return fmt.Sprintf("%s truncated=%v", answer.Body, answer.Truncated)
	}

	body := `{"name":"x"}`
	sent := Request{Method: http.MethodPost, URL: srv.URL + "/things?a=1", Body: &body,
		Header: map[string]string{"consistencylevel": "eventual"}, TokenType: "bearer", AccessToken: "t0ken"}
	if got, want := do(sent, 1<<20), `POST /things?a=1|Bearer t0ken|eventual|{"name":"x"} truncated=false`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := do(Request{URL: srv.URL, TokenType: "MAC", AccessToken: "m"}, 1<<20), "GET /|MAC m|| truncated=false"; got != want {
		t.Errorf("a GET by default, other token types as given: got %s, want %s", got, want)
	}
	if got, want := do(Request{Method: "patch", URL: srv.URL, AccessToken: "t"}, 1<<20), "PATCH /|Bearer t|| truncated=false"; got != want {
		t.Errorf("a method in any case is sent in upper case: got %s, want %s", got, want)
	}
	if got, want := do(Request{URL: srv.URL}, 5), "GET / truncated=true"; got != want {
		t.Errorf("the bound: got %s, want %s", got, want)
	}

	_, err := Do(context.Background(), srv.Client(), Request{Method: "BAD METHOD", URL: srv.URL}, 1<<20)
	if _, ok := err.(*InvalidRequestError); !ok {
		t.Errorf("an invalid method: %v", err)
	}
}
