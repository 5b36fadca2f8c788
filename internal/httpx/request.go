package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
)

// MaxAnswer is how much of an answer's body Send reads when the caller sets no bound: far more
// than any answer of the admin APIs, and little enough that no server can exhaust the memory.
const MaxAnswer = 8 << 20

// Answer is a server's answer as Send read it.
type Answer struct {
	StatusCode int
	Status     string // e.g. "404 Not Found"
	Header     http.Header
	// Body is the body, at most the bound Send was given.
	Body []byte
	// Truncated says that the body was longer than the bound, and Body holds its start.
	Truncated bool
}

// OK reports a 2xx status.
func (a *Answer) OK() bool { return a.StatusCode >= 200 && a.StatusCode <= 299 }

// ReadError is a failure to read the body of an answer that had begun: the request reached the
// server.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "reading the answer: " + e.Err.Error() }

func (e *ReadError) Unwrap() error { return e.Err }

// Send sends req with client and reads the answer's body, at most maxBody bytes of it (MaxAnswer
// when maxBody is 0). A failure to send is client.Do's error; a failure to read is a *ReadError.
func Send(client *http.Client, req *http.Request, maxBody int64) (*Answer, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if maxBody <= 0 {
		maxBody = MaxAnswer
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, &ReadError{Err: err}
	}
	answer := &Answer{StatusCode: resp.StatusCode, Status: resp.Status, Header: resp.Header, Body: data}
	if int64(len(data)) > maxBody {
		answer.Body, answer.Truncated = data[:maxBody], true
	}
	return answer, nil
}

// CallError is a call of CallJSON that got no answer to read: the connection, the name lookup,
// TLS or the timeout failed, or the answer broke off (a *ReadError). Service tells which API it
// was for, so that a diagnostic can name the setting that holds the API's URL.
type CallError struct {
	Service, Method, Path string
	Err                   error
}

func (e *CallError) Error() string { return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err) }

func (e *CallError) Unwrap() error { return e.Err }

// JSONCall is one request to a JSON API, for CallJSON.
type JSONCall struct {
	// Service names the API in errors about its answers, e.g. "Jira".
	Service string
	Method  string
	// URL is where the request goes; Path names it in errors, e.g. "GET /rest/…: …".
	URL, Path string
	// In is the request's JSON body; nil sends none.
	In any
	// Header holds further headers, such as Authorization or If-Match.
	Header http.Header
	// ErrorOf turns an answer other than 2xx into the client's own error type.
	ErrorOf func(*Answer) error
}

// CallJSON sends call with client, In as a JSON body, asking for JSON, and reads at most
// MaxAnswer bytes of the answer. An answer other than 2xx is the error call.ErrorOf makes of it;
// the body of a 2xx answer is decoded into out (unless out is nil) with DecodeJSON, so that an
// empty or unusable body is an *UnusableAnswerError. The answer is returned for its headers, such
// as an ETag.
func CallJSON(ctx context.Context, client *http.Client, call JSONCall, out any) (*Answer, error) {
	var body io.Reader
	if call.In != nil {
		data, err := json.Marshal(call.In)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, call.Method, call.URL, body)
	if err != nil {
		return nil, err
	}
	maps.Copy(req.Header, call.Header)
	req.Header.Set("Accept", "application/json")
	if call.In != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	answer, err := Send(client, req, 0)
	if err != nil {
		return nil, &CallError{Service: call.Service, Method: call.Method, Path: call.Path, Err: err}
	}
	if !answer.OK() {
		return nil, call.ErrorOf(answer)
	}
	if out != nil {
		if err := DecodeJSON(call.Service, call.Method, call.Path, answer.Body, out); err != nil {
			return nil, err
		}
	}
	return answer, nil
}
