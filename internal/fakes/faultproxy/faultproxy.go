// Package faultproxy puts a misbehaving server, proxy or network between a client and one of the
// faithful fakes in internal/fakes, so that tests can check how the provider's HTTP clients
// survive lost answers, dropped connections, slow or odd answers and redirects, which the fakes
// themselves never produce.
//
// A Proxy listens on 127.0.0.1 and forwards every request to its backend unchanged, unless a rule
// matching the request's method and path says otherwise. It is safe for concurrent use: an
// acceptance test can change rules while the CLI, a separate process, talks to the proxy.
//
//	jira := fakejira.Start(t)
//	proxy := faultproxy.Start(t, jira.URL)
//	// The first create reaches Jira, but its answer is lost on the way back.
//	proxy.On(http.MethodPost, "/rest/oauth2-client/latest/config").DropAfterCommit()
//	... point the provider at proxy.URL instead of jira.URL ...
//	if n := proxy.Committed(http.MethodPost, "/rest/oauth2-client/latest/config"); n != 1 { ... }
//
// Go's http.Transport silently repeats a replayable request (GET, HEAD, OPTIONS, or one with an
// Idempotency-Key) whose reused keep-alive connection was closed before any answer, so a drop can
// cost such a request two matches; Requests shows what really arrived.
package faultproxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Proxy is a started misbehaving proxy.
type Proxy struct {
	// URL replaces the backend's URL: http://127.0.0.1:port followed by the backend's path, if
	// any. Paths and queries are forwarded unchanged.
	URL string

	backend   *url.URL
	transport *http.Transport

	mu       sync.Mutex
	rules    []*Rule
	requests []*Request
}

// Request is a request the proxy received.
type Request struct {
	Method string
	Path   string
	Query  string // the raw query, without "?"
	Header http.Header
	Body   string
	// Rule is the rule that fired, as "Respond 503 for POST /rest/x", or "forwarded".
	Rule string
	// Committed tells that the backend handled the request and answered it in full.
	Committed bool
}

// Start starts a proxy in front of backend, an http:// URL such as a fake's; it stops when the
// test ends. Stopping releases held and delayed answers and cancels requests still at the backend.
//
// The backend sees the Host header the client sent (the proxy's address), so URLs a fake derives
// from it, such as the token endpoint a client assertion's aud must name, are the proxy's.
func Start(t testing.TB, backend string) *Proxy {
	t.Helper()
	u, err := url.Parse(backend)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		t.Fatalf("faultproxy: backend %q is not an http:// URL", backend)
	}
	// DisableCompression: the client's Accept-Encoding, or its absence, reaches the backend as is.
	p := &Proxy{backend: u, transport: &http.Transport{DisableCompression: true}}
	// Every request's context derives from ctx, so that cancelling it ends every wait.
	ctx, cancel := context.WithCancel(context.Background())
	server := httptest.NewUnstartedServer(http.HandlerFunc(p.serve))
	server.Config.BaseContext = func(net.Listener) context.Context { return ctx }
	server.Start()
	p.URL = server.URL + strings.TrimSuffix(u.Path, "/")
	t.Cleanup(func() {
		cancel()
		server.Close() // waits for the handlers, which cancel has released
		p.transport.CloseIdleConnections()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, r := range p.rules {
			if r.act == nil {
				t.Errorf("faultproxy: the rule for %s was never given an action", r.target())
			}
		}
	})
	return p
}

// Rule is a misbehaviour for matching requests. Set its modifiers first, then exactly one action:
// the action arms it. Until then it matches nothing, and a rule never armed fails the test when
// it ends. Setting a modifier or a second action on an armed rule panics.
type Rule struct {
	p              *Proxy
	method, prefix string
	left           int // matching requests it still applies to; -1 for every one
	onMatch        func(*http.Request)
	name           string // the action, as Requests reports it
	act            action
}

// action is what a rule does with a request it fires for, whose body has been read already.
type action func(w http.ResponseWriter, r *http.Request, body []byte, rec *Request)

// On adds a rule for requests whose method is method ("" for any) and whose path (without the
// query) starts with pathPrefix. Rules are tried in the order added; the first armed one that
// matches fires. A rule applies to its next matching request (see Times and Always), then is
// spent; requests no rule matches are forwarded.
func (p *Proxy) On(method, pathPrefix string) *Rule {
	r := &Rule{p: p, method: method, prefix: pathPrefix, left: 1}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = append(p.rules, r)
	return r
}

// Times makes the rule apply to its next n matching requests.
func (r *Rule) Times(n int) *Rule {
	if n < 1 {
		panic(fmt.Sprintf("faultproxy: Times(%d) for %s: n must be at least 1", n, r.target()))
	}
	return r.set(func() { r.left = n })
}

// Always makes the rule apply to every matching request.
func (r *Rule) Always() *Rule { return r.set(func() { r.left = -1 }) }

// OnMatch calls f, in the request's goroutine, each time the rule fires and before its action,
// e.g. to count creates in flight or to interrupt the client in the middle of an apply.
func (r *Rule) OnMatch(f func(*http.Request)) *Rule { return r.set(func() { r.onMatch = f }) }

// Respond answers status, header and body instead of the backend, which never sees the request.
// The body is sent as given; with a nil header, a body starting with '{', '[' or 'n' (null) is
// sent as application/json.
func (r *Rule) Respond(status int, header http.Header, body string) {
	r.arm(fmt.Sprintf("Respond %d", status), func(w http.ResponseWriter, _ *http.Request, _ []byte, _ *Request) {
		write(w, canned(status, header, body))
	})
}

// AfterCommit forwards the request and waits for the backend's whole answer (the backend has
// committed), then discards it and answers status, header and body as Respond does.
func (r *Rule) AfterCommit(status int, header http.Header, body string) {
	r.arm(fmt.Sprintf("AfterCommit %d", status), func(w http.ResponseWriter, req *http.Request, b []byte, rec *Request) {
		if _, ok := r.p.forward(w, req, b, rec); ok {
			write(w, canned(status, header, body))
		}
	})
}

// DropBeforeCommit closes the client's connection without an answer; the backend never sees the
// request.
func (r *Rule) DropBeforeCommit() {
	r.arm("DropBeforeCommit", func(w http.ResponseWriter, _ *http.Request, _ []byte, _ *Request) { drop(w) })
}

// DropAfterCommit forwards the request, waits for the backend's whole answer, then closes the
// client's connection without answering: the change is made but the client never learns it.
func (r *Rule) DropAfterCommit() {
	r.arm("DropAfterCommit", func(w http.ResponseWriter, req *http.Request, b []byte, rec *Request) {
		if _, ok := r.p.forward(w, req, b, rec); ok {
			drop(w)
		}
	})
}

// Delay forwards the request and holds the backend's answer for d before passing it on, or less
// if the client goes away or the test ends.
func (r *Rule) Delay(d time.Duration) {
	r.arm(fmt.Sprintf("Delay %s", d), func(w http.ResponseWriter, req *http.Request, b []byte, rec *Request) {
		if a, ok := r.p.forward(w, req, b, rec); ok {
			timer := time.NewTimer(d)
			defer timer.Stop()
			select {
			case <-timer.C:
			case <-req.Context().Done():
			}
			write(w, a)
		}
	})
}

// Hold forwards the request (the backend commits) and holds the answer until release is closed,
// the client goes away or the test ends.
func (r *Rule) Hold(release <-chan struct{}) {
	r.arm("Hold", func(w http.ResponseWriter, req *http.Request, b []byte, rec *Request) {
		if a, ok := r.p.forward(w, req, b, rec); ok {
			select {
			case <-release:
			case <-req.Context().Done():
			}
			write(w, a)
		}
	})
}

// Redirect answers a redirect to location, as given; the backend never sees the request.
func (r *Rule) Redirect(status int, location string) {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		panic(fmt.Sprintf("faultproxy: Redirect(%d) for %s: not a redirect status", status, r.target()))
	}
	r.arm(fmt.Sprintf("Redirect %d", status), func(w http.ResponseWriter, _ *http.Request, _ []byte, _ *Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	})
}

// Echo answers status with the whole request as text/plain: the request line with the query, the
// Host, every header (Authorization included) and the body, as a careless server might put them
// in an error page. Tests use it to check that a client scrubs what it shows of an answer.
func (r *Rule) Echo(status int) {
	r.arm(fmt.Sprintf("Echo %d", status), func(w http.ResponseWriter, req *http.Request, b []byte, _ *Request) {
		var text bytes.Buffer
		fmt.Fprintf(&text, "%s %s %s\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.Proto, req.Host)
		_ = req.Header.Write(&text)
		text.WriteString("\r\n")
		text.Write(b)
		write(w, &answer{status, http.Header{"Content-Type": {"text/plain; charset=utf-8"}}, text.Bytes()})
	})
}

// Requests returns every request received since the start or the last Reset, in arrival order,
// including those still in flight.
func (p *Proxy) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Request, len(p.requests))
	for i, rec := range p.requests {
		out[i] = *rec
		out[i].Header = rec.Header.Clone()
	}
	return out
}

// Committed counts the requests whose method is method ("" for any) and whose path starts with
// pathPrefix that the backend handled and answered in full, whatever the client got.
func (p *Proxy) Committed(method, pathPrefix string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, rec := range p.requests {
		if rec.Committed && matches(method, pathPrefix, rec.Method, rec.Path) {
			n++
		}
	}
	return n
}

// Reset removes every rule and forgets every request.
func (p *Proxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules, p.requests = nil, nil
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away
	}
	rule, rec := p.match(r, body)
	if rule == nil {
		if a, ok := p.forward(w, r, body, rec); ok {
			write(w, a)
		}
		return
	}
	if rule.onMatch != nil {
		rule.onMatch(r)
	}
	rule.act(w, r, body, rec)
}

// match records the request and returns the rule that fires for it, if any.
func (p *Proxy) match(r *http.Request, body []byte) (*Rule, *Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rec := &Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(),
		Body: string(body), Rule: "forwarded"}
	p.requests = append(p.requests, rec)
	for _, rule := range p.rules {
		if rule.act != nil && rule.left != 0 && matches(rule.method, rule.prefix, r.Method, r.URL.Path) {
			if rule.left > 0 {
				rule.left--
			}
			rec.Rule = rule.name + " for " + rule.target()
			return rule, rec
		}
	}
	return nil, rec
}

// answer is a whole HTTP answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// forward sends the request to the backend and reads its whole answer. When that fails, it
// answers 502 and returns false.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, body []byte, rec *Request) (*answer, bool) {
	a, err := p.roundTrip(r, body)
	if err != nil {
		http.Error(w, "faultproxy: "+err.Error(), http.StatusBadGateway)
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	rec.Committed = true
	return a, true
}

func (p *Proxy) roundTrip(r *http.Request, body []byte) (*answer, error) {
	target := *p.backend
	target.Path, target.RawPath, target.RawQuery = r.URL.Path, r.URL.RawPath, r.URL.RawQuery
	out, err := http.NewRequestWithContext(r.Context(), r.Method, target.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Host = r.Host
	out.Header = withoutHopHeaders(r.Header)
	resp, err := p.transport.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &answer{resp.StatusCode, withoutHopHeaders(resp.Header), b}, nil
}

func write(w http.ResponseWriter, a *answer) {
	for name, values := range a.header {
		w.Header()[name] = values
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body) // the client may have gone away
}

// canned is the answer Respond and AfterCommit send.
func canned(status int, header http.Header, body string) *answer {
	if header == nil && body != "" && strings.ContainsRune("{[n", rune(body[0])) {
		header = http.Header{"Content-Type": {"application/json"}}
	}
	return &answer{status, header.Clone(), []byte(body)}
}

// drop closes the client's connection without an answer.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // also closes the connection without an answer
	}
	_ = conn.Close()
}

func matches(method, prefix, reqMethod, reqPath string) bool {
	return (method == "" || method == reqMethod) && strings.HasPrefix(reqPath, prefix)
}

// hopHeaders concern one connection, not the request; a proxy does not pass them on.
var hopHeaders = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

func withoutHopHeaders(h http.Header) http.Header {
	h = h.Clone()
	for _, field := range h.Values("Connection") {
		for _, name := range strings.Split(field, ",") {
			h.Del(strings.TrimSpace(name))
		}
	}
	for _, name := range hopHeaders {
		h.Del(name)
	}
	return h
}

func (r *Rule) set(f func()) *Rule {
	r.p.mu.Lock()
	defer r.p.mu.Unlock()
	if r.act != nil {
		panic(fmt.Sprintf("faultproxy: the rule for %s already has its action, %s; set modifiers before it", r.target(), r.name))
	}
	f()
	return r
}

func (r *Rule) arm(name string, act action) {
	r.set(func() { r.name, r.act = name, act })
}

// target describes the requests the rule matches, as "POST /rest/x" or "any /rest/x".
func (r *Rule) target() string {
	if r.method == "" {
		return "any " + r.prefix
	}
	return r.method + " " + r.prefix
}
