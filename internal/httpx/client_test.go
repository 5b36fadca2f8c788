package httpx

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// fastOptions keep backoffs short so that retry tests take milliseconds.
func fastOptions() Options {
	return Options{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
}

// scripted answers each request with the next status in statuses (the last one repeats) and counts
// requests.
func scripted(t *testing.T, header http.Header, statuses ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1))
		status := statuses[min(n, len(statuses))-1]
		for k, v := range header {
			w.Header()[k] = v
		}
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(status)
		_, _ = w.Write(body) // echo, so tests can check the body survived a retry
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func mustNew(t *testing.T, opts Options) *http.Client {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// send sends req with a client of opts and returns the answer and its body, read and closed.
func send(t *testing.T, opts Options, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := mustNew(t, opts).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// get is send of a GET of target.
func get(t *testing.T, opts Options, target string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	return send(t, opts, req)
}

func TestRetriesThrottlingAndResendsTheBody(t *testing.T) {
	srv, calls := scripted(t, http.Header{"Retry-After": {"0"}}, 429, 429, 200)
	resp, err := mustNew(t, fastOptions()).Post(srv.URL, "text/plain", strings.NewReader("payload"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "payload" || calls.Load() != 3 {
		t.Fatalf("got status %d body %q after %d calls, want 200 \"payload\" after 3", resp.StatusCode, body, calls.Load())
	}
}

func TestRetriesAreBoundedByMaxRetries(t *testing.T) {
	srv, calls := scripted(t, nil, 503)
	opts := fastOptions()
	opts.MaxRetries = 2
	resp, _ := get(t, opts, srv.URL)
	if resp.StatusCode != 503 || calls.Load() != 3 {
		t.Fatalf("got %d after %d calls, want the last 503 after 1+2 calls", resp.StatusCode, calls.Load())
	}
}

func TestTransientServerErrorsRetryOnlyIdempotentRequests(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ctx       context.Context
		method    string
		wantCalls int32
	}{
		{"GET", context.Background(), http.MethodGet, 2},
		{"PUT", context.Background(), http.MethodPut, 2},
		{"POST that may have created something", context.Background(), http.MethodPost, 1},
		{"POST marked idempotent", Idempotent(context.Background()), http.MethodPost, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, calls := scripted(t, nil, 502, 200)
			req, _ := http.NewRequestWithContext(tc.ctx, tc.method, srv.URL, strings.NewReader("x"))
			send(t, fastOptions(), req)
			if calls.Load() != tc.wantCalls {
				t.Fatalf("%d calls, want %d", calls.Load(), tc.wantCalls)
			}
		})
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	srv, calls := scripted(t, nil, 400, 200)
	resp, _ := get(t, fastOptions(), srv.URL)
	if resp.StatusCode != 400 || calls.Load() != 1 {
		t.Fatalf("got %d after %d calls, want 400 after 1", resp.StatusCode, calls.Load())
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv, calls := scripted(t, http.Header{"Retry-After": {"1"}}, 429, 200)
	start := time.Now()
	get(t, fastOptions(), srv.URL)
	// A lower bound only: the client must not come back sooner than the server asked.
	if waited := time.Since(start); waited < time.Second || calls.Load() != 2 {
		t.Fatalf("retried after %s with %d calls, want ≥ 1s and 2 calls", waited, calls.Load())
	}
}

func TestRetryAfterLongerThanTheLimitIsReportedNotWaited(t *testing.T) {
	for _, header := range []string{"3600", "9999999999", "99999999999999999999999", time.Now().Add(2 * time.Hour).UTC().Format(http.TimeFormat)} {
		srv, calls := scripted(t, http.Header{"Retry-After": {header}}, 429, 200)
		opts := fastOptions()
		opts.MaxRetryAfter = time.Minute
		start := time.Now()
		_, err := mustNew(t, opts).Get(srv.URL)
		var retryAfterErr *RetryAfterError
		if !errors.As(err, &retryAfterErr) || calls.Load() != 1 || time.Since(start) > 5*time.Second {
			t.Fatalf("Retry-After %s: got %v after %d calls, want a RetryAfterError at once", header, err, calls.Load())
		}
		for _, want := range []string{"429 Too Many Requests", "asked to be called again in", "nothing was retried"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Retry-After %s: %q lacks %q", header, err, want)
			}
		}
		if retryAfterErr.RetryAfter < time.Hour {
			t.Errorf("Retry-After %s read as %s", header, retryAfterErr.RetryAfter)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"60", time.Minute, true},
		{"0", 0, true},
		{"Sun, 22 Nov 2026 10:00:30 GMT", 30 * time.Second, true},
		{"Sun, 22 Nov 2026 09:00:00 GMT", 0, true}, // in the past: retry now
		{"", 0, false},
		{"soon", 0, false},
	} {
		got, ok := retryAfter(tc.value, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tc.value, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	r := &retrier{minBackoff: 100 * time.Millisecond, maxBackoff: time.Second}
	for attempt, want := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		want *= time.Millisecond
		for range 20 {
			if got := r.backoff(attempt); got < want/2 || got > want {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", attempt, got, want/2, want)
			}
		}
	}
}

func TestEachAttemptHasItsOwnTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			<-r.Context().Done() // hang until the client gives up on this attempt
			return
		}
		_, _ = io.WriteString(w, "second attempt")
	}))
	t.Cleanup(srv.Close)
	opts := fastOptions()
	opts.Timeout = 200 * time.Millisecond
	resp, err := mustNew(t, opts).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// The body is read after RoundTrip returned: the attempt's timeout must not cut it off.
	body, err := io.ReadAll(resp.Body)
	if err != nil || string(body) != "second attempt" {
		t.Fatalf("body %q, err %v", body, err)
	}
}

func TestTimeoutErrorNamesTheSetting(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(srv.Close)
	opts := fastOptions()
	opts.Timeout, opts.MaxRetries = 50*time.Millisecond, 1
	_, err := mustNew(t, opts).Get(srv.URL)
	if err == nil || !strings.Contains(err.Error(), "request_timeout") || !strings.Contains(err.Error(), "and 2 attempts") {
		t.Fatalf("error %v should name request_timeout and the attempts", err)
	}
}

// hung is a server that never answers, until the client gives up, and counts requests.
func hung(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestAllAttemptsTogetherAreBoundedByTwiceTheTimeout(t *testing.T) {
	srv, calls := hung(t)
	opts := fastOptions()
	opts.Timeout, opts.MaxRetries = 100*time.Millisecond, 10
	start := time.Now()
	_, err := mustNew(t, opts).Get(srv.URL)
	elapsed := time.Since(start)
	// Without the total bound, 11 attempts of 100ms would take over a second.
	if elapsed > 500*time.Millisecond || calls.Load() > 3 {
		t.Fatalf("gave up after %s and %d calls, want about 200ms and 2 calls", elapsed, calls.Load())
	}
	var gaveUp *GaveUpError
	if !errors.As(err, &gaveUp) || gaveUp.Attempts != int(calls.Load()) || gaveUp.Elapsed < 200*time.Millisecond {
		t.Fatalf("got %v, want a GaveUpError after 200ms and %d attempts", err, calls.Load())
	}
	want := regexp.MustCompile(`gave up after 2\d\dms and 2 attempts: no response within \d+ms, what was left of the 200ms that all attempts may take together \(twice the provider's request_timeout\)`)
	if !want.MatchString(err.Error()) {
		t.Errorf("error %q does not match %q", err, want)
	}
}

func TestNoRetryStartsAfterTheTotalDeadline(t *testing.T) {
	// A server asking for a pause that would end after the deadline gets a RetryAfterError at
	// once, as one asking for more than the provider ever waits.
	srv, calls := scripted(t, http.Header{"Retry-After": {"1"}}, 503, 200)
	opts := fastOptions()
	opts.Timeout = 200 * time.Millisecond
	start := time.Now()
	_, err := mustNew(t, opts).Get(srv.URL)
	var retryAfterErr *RetryAfterError
	if !errors.As(err, &retryAfterErr) || calls.Load() != 1 || time.Since(start) > 300*time.Millisecond {
		t.Fatalf("got %v after %d calls and %s, want a RetryAfterError at once", err, calls.Load(), time.Since(start))
	}
}

func TestExtraCertificateAuthorities(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))

	if _, err := mustNew(t, fastOptions()).Get(srv.URL); err == nil {
		t.Fatal("a server signed by an unknown CA was trusted")
	}
	opts := fastOptions()
	opts.CACertPEM = caPEM
	resp, err := mustNew(t, opts).Get(srv.URL)
	if err != nil {
		t.Fatalf("with ca_cert_pem: %v", err)
	}
	resp.Body.Close()

	if _, err := New(Options{CACertPEM: "not a certificate"}); err == nil || !strings.Contains(err.Error(), "BEGIN CERTIFICATE") {
		t.Fatalf("bad ca_cert_pem: %v", err)
	}
}

func TestTraceLogsRedactCredentials(t *testing.T) {
	const secret, assertion, token = "s3cr3t-value", "eyJ.client.assertion", "eyJ.access.token"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"`+token+`","token_type":"Bearer","nested":{"clientSecret":"`+secret+`"}}`)
	}))
	t.Cleanup(srv.Close)

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	form := url.Values{"grant_type": {"client_credentials"}, "client_secret": {secret}, "client_assertion": {assertion}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"?password="+secret, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("client", secret)
	if _, body := send(t, fastOptions(), req); !strings.Contains(body, token) {
		t.Fatalf("logging altered the body the caller reads: %s", body)
	}

	out := logs.String()
	for _, leaked := range []string{secret, assertion, token} {
		if strings.Contains(out, leaked) {
			t.Errorf("log shows %q:\n%s", leaked, out)
		}
	}
	for _, want := range []string{"Basic [redacted]", "grant_type=client_credentials", `\"token_type\":\"Bearer\"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestIsSensitiveKey(t *testing.T) {
	for key, want := range map[string]bool{
		"client_secret": true, "clientSecret": true, "password": true, "access_token": true,
		"refresh_token": true, "client_assertion": true, "api_token": true, "code": true,
		"token_type": false, "token_url": false, "expires_in": false, "name": false, "client_id": false,
	} {
		if got := IsSensitiveKey(key); got != want {
			t.Errorf("IsSensitiveKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestIsSensitiveHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization": true, "authorization": true, "Cookie": true, "X-API-Key": true, "x-api-key": true,
		"X-Auth-Token": true, "X-Client-Secret": true, "Ocp-Apim-Subscription-Key": true, "X-Functions-Key": true,
		"ConsistencyLevel": false, "Accept": false, "Content-Type": false,
	} {
		if got := IsSensitiveHeader(name); got != want {
			t.Errorf("IsSensitiveHeader(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestUntrustedCertificatesAreNotRetried(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	var connections atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	_, err := mustNew(t, fastOptions()).Get(srv.URL)
	if err == nil || !IsTLSVerification(err) {
		t.Fatalf("got %v, want a certificate verification error", err)
	}
	if n := connections.Load(); n != 1 {
		t.Fatalf("%d connections, want 1: a certificate that is not trusted was retried", n)
	}
}

// The tests of request.go: Send and CallJSON.

// statusError is a client's own error type, as CallJSON's ErrorOf makes it.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return "answered " + strconv.Itoa(e.status) + ": " + e.body }

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
	_, err = CallJSON(context.Background(), srv.Client(), JSONCall{Service: "External Data", Method: "GET", URL: srv.URL + "/x", Path: "/x"}, nil)
	var callErr *CallError
	if !errors.As(err, &callErr) || callErr.Service != "External Data" || !strings.HasPrefix(err.Error(), "GET /x: ") {
		t.Errorf("no server: %v", err)
	}
}

func TestUnknownHostsAreNotRetried(t *testing.T) {
	opts := fastOptions()
	opts.MinBackoff, opts.MaxBackoff = time.Second, time.Second
	start := time.Now()
	_, err := mustNew(t, opts).Get("https://jira.invalid/rest/api/2/myself")
	var dnsErr *net.DNSError
	var gaveUp *GaveUpError
	if !errors.As(err, &dnsErr) || errors.As(err, &gaveUp) || time.Since(start) > 900*time.Millisecond {
		t.Fatalf("got %v after %s, want a DNS error at once", err, time.Since(start))
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
