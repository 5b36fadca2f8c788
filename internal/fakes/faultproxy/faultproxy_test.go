package faultproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// backend is a tiny server that counts the requests it handled in full and tells what it saw.
type backend struct {
	URL string

	mu      sync.Mutex
	commits int
	last    *http.Request
	body    string
}

func startBackend(t *testing.T) *backend {
	t.Helper()
	b := &backend{}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		b.commits++
		n := b.commits
		b.last, b.body = r, string(body)
		b.mu.Unlock()
		w.Header().Set("ETag", `"v7"`)
		w.Header().Set("Location", "http://elsewhere.example/rest/x/7")
		w.Header().Set("Retry-After", "3")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"commit":%d}`, n)
	}))
	t.Cleanup(server.Close)
	b.URL = server.URL
	return b
}

func (b *backend) committed() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.commits
}

// client does not follow redirects, so that tests see them.
func client(t *testing.T) *http.Client {
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type result struct {
	status int
	header http.Header
	body   string
	err    error
}

func do(c *http.Client, method, url, body string, header http.Header) result {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return result{err: err}
	}
	for name, values := range header {
		req.Header[name] = values
	}
	resp, err := c.Do(req)
	if err != nil {
		return result{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return result{resp.StatusCode, resp.Header, string(b), err}
}

func TestForwardsUnchanged(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	header := http.Header{"Authorization": {"Bearer secret"}, "If-Match": {`"v6"`}, "Content-Type": {"application/json"}}
	got := do(client(t), http.MethodPut, p.URL+"/rest/x/7?expand=a%2Fb&x=1", `{"name":"n"}`, header)
	if got.err != nil || got.status != http.StatusCreated || got.body != `{"commit":1}` {
		t.Fatalf("got %d %q, %v; want the backend's answer", got.status, got.body, got.err)
	}
	for name, want := range map[string]string{"ETag": `"v7"`, "Location": "http://elsewhere.example/rest/x/7", "Retry-After": "3"} {
		if v := got.header.Get(name); v != want {
			t.Errorf("answer's %s = %q, want %q", name, v, want)
		}
	}
	seen := b.last
	if seen.Method != http.MethodPut || seen.URL.RawQuery != "expand=a%2Fb&x=1" || seen.URL.Path != "/rest/x/7" || b.body != `{"name":"n"}` {
		t.Errorf("backend saw %s %s %q", seen.Method, seen.URL, b.body)
	}
	if seen.Header.Get("Authorization") != "Bearer secret" || seen.Header.Get("If-Match") != `"v6"` || seen.Header.Get("X-Forwarded-For") != "" {
		t.Errorf("backend saw headers %v", seen.Header)
	}
	if seen.Host != strings.TrimPrefix(p.URL, "http://") {
		t.Errorf("backend saw Host %q, want the proxy's %q", seen.Host, p.URL)
	}
	reqs := p.Requests()
	if len(reqs) != 1 || reqs[0].Rule != "forwarded" || !reqs[0].Committed || reqs[0].Query != "expand=a%2Fb&x=1" ||
		reqs[0].Body != `{"name":"n"}` || reqs[0].Header.Get("Authorization") != "Bearer secret" {
		t.Errorf("Requests() = %+v", reqs)
	}
	if n := p.Committed(http.MethodPut, "/rest/x"); n != 1 {
		t.Errorf("Committed = %d, want 1", n)
	}
}

func TestRespond(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	c := client(t)
	for _, tc := range []struct {
		header      http.Header
		body        string
		contentType string
	}{
		{nil, `{}`, "application/json"},
		{nil, `null`, "application/json"},
		{nil, `[{"id":"wrong"}]`, "application/json"},
		{nil, ``, ""},
		{http.Header{"Content-Type": {"text/html"}, "Retry-After": {"120"}}, `<html>maintenance</html>`, "text/html"},
	} {
		p.On(http.MethodPost, "/rest").Respond(http.StatusServiceUnavailable, tc.header, tc.body)
		got := do(c, http.MethodPost, p.URL+"/rest/x", "{}", nil)
		if got.err != nil || got.status != http.StatusServiceUnavailable || got.body != tc.body || got.header.Get("Content-Type") != tc.contentType {
			t.Errorf("got %d %q %q, %v; want 503 %q %q", got.status, got.header.Get("Content-Type"), got.body, got.err, tc.contentType, tc.body)
		}
		if tc.header != nil && got.header.Get("Retry-After") != "120" {
			t.Errorf("Retry-After = %q", got.header.Get("Retry-After"))
		}
	}
	if n := b.committed(); n != 0 {
		t.Errorf("the backend handled %d requests, want 0", n)
	}
	if r := p.Requests()[0]; r.Rule != "Respond 503 for POST /rest" || r.Committed {
		t.Errorf("Requests()[0] = %+v", r)
	}
}

func TestAfterCommit(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	p.On(http.MethodPost, "/rest").AfterCommit(http.StatusBadGateway, nil, "")
	got := do(client(t), http.MethodPost, p.URL+"/rest/x", "{}", nil)
	if got.err != nil || got.status != http.StatusBadGateway || got.body != "" || got.header.Get("ETag") != "" {
		t.Errorf("got %d %v %q, %v; want 502 and nothing of the backend's answer", got.status, got.header, got.body, got.err)
	}
	if n, m := b.committed(), p.Committed("", "/"); n != 1 || m != 1 {
		t.Errorf("the backend handled %d requests and Committed = %d, want 1", n, m)
	}
}

func TestDropBeforeCommit(t *testing.T) {
	testDrop(t, (*Rule).DropBeforeCommit, "", "/", 0)
}

func TestDropAfterCommit(t *testing.T) {
	testDrop(t, (*Rule).DropAfterCommit, http.MethodPost, "/rest/x", 1)
}

// testDrop sets drop on a rule for POST /rest and checks that a POST to /rest/x gets no answer and
// that the backend handled, and Committed(method, pathPrefix) counts, want requests.
func testDrop(t *testing.T, drop func(*Rule), method, pathPrefix string, want int) {
	t.Helper()
	b := startBackend(t)
	p := Start(t, b.URL)
	drop(p.On(http.MethodPost, "/rest"))
	if got := do(client(t), http.MethodPost, p.URL+"/rest/x", "{}", nil); got.err == nil {
		t.Errorf("got %d %q, want no answer", got.status, got.body)
	}
	if n, m := b.committed(), p.Committed(method, pathPrefix); n != want || m != want {
		t.Errorf("the backend handled %d requests and Committed = %d, want %d", n, m, want)
	}
}

func TestDelay(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	c := client(t)
	p.On("", "/").Delay(200 * time.Millisecond)
	start := time.Now()
	got := do(c, http.MethodGet, p.URL+"/x", "", nil)
	if elapsed := time.Since(start); got.err != nil || got.body != `{"commit":1}` || elapsed < 200*time.Millisecond {
		t.Errorf("got %q, %v after %s; want the backend's answer after 200ms", got.body, got.err, elapsed)
	}

	// A client that gives up is not kept waiting.
	p.On("", "/").Delay(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/x", http.NoBody)
	if _, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the client's deadline", err)
	}
}

func TestHold(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	release := make(chan struct{})
	p.On(http.MethodPost, "/rest").Hold(release)
	answered := make(chan result)
	go func() { answered <- do(client(t), http.MethodPost, p.URL+"/rest/x", "{}", nil) }()
	for p.Committed("", "/") == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case got := <-answered:
		t.Fatalf("got %+v before the release", got)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if got := <-answered; got.err != nil || got.status != http.StatusCreated {
		t.Errorf("got %d, %v; want the backend's answer", got.status, got.err)
	}
}

func TestHoldReleasedWhenTestEnds(t *testing.T) {
	b := startBackend(t)
	answered := make(chan result, 1)
	t.Run("holding", func(t *testing.T) {
		p := Start(t, b.URL)
		p.On("", "/").Hold(make(chan struct{}))
		go func() { answered <- do(client(t), http.MethodGet, p.URL+"/x", "", nil) }()
		for p.Committed("", "/") == 0 {
			time.Sleep(5 * time.Millisecond)
		}
	})
	select {
	case <-answered:
	case <-time.After(5 * time.Second):
		t.Fatal("the held request is still waiting after the test ended")
	}
}

func TestRedirect(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	p.On(http.MethodGet, "/login").Redirect(http.StatusFound, "https://login.example/sso?next=/x")
	got := do(client(t), http.MethodGet, p.URL+"/login", "", nil)
	if got.err != nil || got.status != http.StatusFound || got.header.Get("Location") != "https://login.example/sso?next=/x" {
		t.Errorf("got %d Location %q, %v", got.status, got.header.Get("Location"), got.err)
	}
	if n := b.committed(); n != 0 {
		t.Errorf("the backend handled %d requests, want 0", n)
	}
	defer func() {
		if recover() == nil {
			t.Error("Redirect(200) did not panic")
		}
		p.Reset() // the rule was left without an action
	}()
	p.On("", "/").Redirect(http.StatusOK, "/")
}

func TestEcho(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	p.On("", "/").Echo(http.StatusBadRequest)
	header := http.Header{"Authorization": {"Basic dXNlcjpwYXNz"}, "X-Secret-Header": {"s3cr3t"}}
	got := do(client(t), http.MethodPost, p.URL+"/token?client_secret=q", "client_secret=b0dy", header)
	if got.err != nil || got.status != http.StatusBadRequest || got.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("got %d %v, %v", got.status, got.header, got.err)
	}
	for _, want := range []string{"POST /token?client_secret=q HTTP/1.1\r\n", "Authorization: Basic dXNlcjpwYXNz\r\n", "X-Secret-Header: s3cr3t\r\n", "\r\n\r\nclient_secret=b0dy"} {
		if !strings.Contains(got.body, want) {
			t.Errorf("echo %q lacks %q", got.body, want)
		}
	}
	if n := b.committed(); n != 0 {
		t.Errorf("the backend handled %d requests, want 0", n)
	}
}

func TestTimesAlwaysAndOrder(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	c := client(t)
	var mu sync.Mutex
	var matched []string
	p.On(http.MethodGet, "/a").Times(2).OnMatch(func(r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		matched = append(matched, r.URL.Path)
	}).Respond(500, nil, "")
	p.On("", "/a").Respond(501, nil, "")
	p.On(http.MethodDelete, "/").Always().Respond(503, nil, "")
	for i, tc := range []struct{ method, path string }{
		{http.MethodGet, "/a/1"}, {http.MethodPost, "/a"}, {http.MethodGet, "/a/2"}, {http.MethodGet, "/a"},
		{http.MethodGet, "/a"}, {http.MethodGet, "/b"},
		{http.MethodDelete, "/a"}, {http.MethodDelete, "/b"}, {http.MethodDelete, "/c"},
	} {
		want := []int{500, 501, 500, 201, 201, 201, 503, 503, 503}[i]
		if got := do(c, tc.method, p.URL+tc.path, "", nil); got.status != want {
			t.Errorf("%s %s: got %d, %v; want %d", tc.method, tc.path, got.status, got.err, want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(matched) != "[/a/1 /a/2]" {
		t.Errorf("OnMatch saw %v, want [/a/1 /a/2]", matched)
	}
	if n := p.Committed(http.MethodGet, "/"); n != 3 {
		t.Errorf("Committed = %d, want 3", n)
	}

	p.Reset()
	if got := do(c, http.MethodDelete, p.URL+"/a", "", nil); got.status != http.StatusCreated || len(p.Requests()) != 1 {
		t.Errorf("after Reset: got %d and %d requests, want 201 and 1", got.status, len(p.Requests()))
	}
}

func TestConcurrentRequestsAndRules(t *testing.T) {
	b := startBackend(t)
	p := Start(t, b.URL)
	c := client(t)
	p.On(http.MethodPost, "/rest").Times(10).Respond(http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}}, "")
	var wg sync.WaitGroup
	statuses := make(chan int, 50)
	for range 50 {
		wg.Go(func() { statuses <- do(c, http.MethodPost, p.URL+"/rest/x", "{}", nil).status })
	}
	for range 10 { // rules and assertions change while requests run
		wg.Go(func() {
			p.On(http.MethodGet, "/elsewhere").Always().Respond(500, nil, "")
			_ = p.Requests()
			_ = p.Committed("", "/")
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusTooManyRequests] != 10 || count[http.StatusCreated] != 40 {
		t.Errorf("statuses %v, want 10 × 429 and 40 × 201", count)
	}
	if n, m := b.committed(), p.Committed(http.MethodPost, "/rest"); n != 40 || m != 40 {
		t.Errorf("the backend handled %d requests and Committed = %d, want 40", n, m)
	}
}

// recordingTB runs cleanups when told and records errors instead of failing.
type recordingTB struct {
	testing.TB
	cleanups []func()
	errors   []string
}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestRuleWithoutActionFailsTheTest(t *testing.T) {
	b := startBackend(t)
	tb := &recordingTB{TB: t}
	p := Start(tb, b.URL)
	p.On(http.MethodPost, "/rest").Times(3)
	if got := do(client(t), http.MethodPost, p.URL+"/rest/x", "{}", nil); got.status != http.StatusCreated {
		t.Errorf("got %d, %v; want the request forwarded", got.status, got.err)
	}
	for i := len(tb.cleanups) - 1; i >= 0; i-- {
		tb.cleanups[i]()
	}
	if fmt.Sprint(tb.errors) != "[faultproxy: the rule for POST /rest was never given an action]" {
		t.Errorf("errors %q", tb.errors)
	}
}

func TestModifierAfterActionPanics(t *testing.T) {
	p := Start(t, startBackend(t).URL)
	r := p.On("", "/")
	r.DropBeforeCommit()
	defer func() {
		if msg := fmt.Sprint(recover()); !strings.Contains(msg, "already has its action, DropBeforeCommit") {
			t.Errorf("panic %q", msg)
		}
	}()
	r.Times(2)
}
