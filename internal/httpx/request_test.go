package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// statusError is a client's own error type, as CallJSON's ErrorOf makes it.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("answered %d: %s", e.status, e.body) }

func TestCallJSON(t *testing.T) {
	var got *http.Request
	var gotBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ := io.ReadAll(r.Body)
		gotBody = string(body)
		w.Header().Set("ETag", `"7"`)
		switch r.URL.Path {
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":"no such thing"}`))
		case "/empty":
		default:
			_, _ = w.Write([]byte(`{"id":"L1"}`))
		}
	}))
	defer srv.Close()
	call := func(path string, in, out any) (*Answer, error) {
		return CallJSON(context.Background(), srv.Client(), JSONCall{
			Service: "Jira", Method: http.MethodPost, URL: srv.URL + path, Path: path, In: in,
			Header:  http.Header{"Authorization": {"Bearer t0ken"}},
			ErrorOf: func(a *Answer) error { return &statusError{a.StatusCode, string(a.Body)} },
		}, out)
	}

	var out struct{ ID string }
	answer, err := call("/config", map[string]string{"name": "L"}, &out)
	if err != nil || out.ID != "L1" || answer.Header.Get("ETag") != `"7"` {
		t.Fatalf("a good answer: %v, %+v, %v", err, out, answer)
	}
	for name, want := range map[string]string{"Accept": "application/json", "Content-Type": "application/json", "Authorization": "Bearer t0ken"} {
		if got.Header.Get(name) != want {
			t.Errorf("%s: %q, want %q", name, got.Header.Get(name), want)
		}
	}
	if gotBody != `{"name":"L"}` {
		t.Errorf("body %q", gotBody)
	}

	if _, err := call("/config", nil, nil); err != nil || got.Header.Get("Content-Type") != "" || gotBody != "" {
		t.Errorf("without a body: %v, Content-Type %q, body %q", err, got.Header.Get("Content-Type"), gotBody)
	}
	var statusErr *statusError
	if _, err := call("/missing", nil, &out); !errors.As(err, &statusErr) || statusErr.status != 404 || !strings.Contains(statusErr.body, "no such thing") {
		t.Errorf("a 404: %v, want the client's own error", err)
	}
	var unusable *UnusableAnswerError
	if _, err := call("/empty", nil, &out); !errors.As(err, &unusable) || unusable.Answer != "an empty body" || unusable.Path != "/empty" {
		t.Errorf("an empty answer: %v", err)
	}
	if _, err := call("/empty", nil, nil); err != nil {
		t.Errorf("an empty answer where none is wanted: %v", err)
	}
}

func TestCallJSONNamesTheCallInErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte(`{"id"`)) // and the connection ends early
	}))
	defer srv.Close()
	_, err := CallJSON(context.Background(), srv.Client(), JSONCall{Service: "Jira", Method: "GET", URL: srv.URL + "/x", Path: "/x"}, nil)
	var readErr *ReadError
	if !errors.As(err, &readErr) || !strings.HasPrefix(err.Error(), "GET /x: reading the answer: ") {
		t.Errorf("a broken answer: %v", err)
	}
	srv.Close()
	if _, err := CallJSON(context.Background(), srv.Client(), JSONCall{Method: "GET", URL: srv.URL + "/x", Path: "/x"}, nil); err == nil || !strings.HasPrefix(err.Error(), "GET /x: ") {
		t.Errorf("no server: %v", err)
	}
}

func TestSendBoundsTheBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", 10)))
	}))
	defer srv.Close()
	for bound, want := range map[int64]struct {
		body      string
		truncated bool
	}{10: {strings.Repeat("x", 10), false}, 4: {"xxxx", true}, 0: {strings.Repeat("x", 10), false}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		answer, err := Send(srv.Client(), req, bound)
		if err != nil || string(answer.Body) != want.body || answer.Truncated != want.truncated || !answer.OK() || answer.Status != "200 OK" {
			t.Errorf("bound %d: %v %+v", bound, err, answer)
		}
	}
}
