package httpx

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// mark is a flag that the context of a request carries: NoRedirects, Idempotent.
type mark int

const (
	noRedirects mark = iota
	idempotent
)

// marked reports whether req's context carries m.
func marked(req *http.Request, m mark) bool {
	set, _ := req.Context().Value(m).(bool)
	return set
}

// Idempotent marks requests made with ctx as safe to repeat (a token request, say), so that they are
// retried after network errors and 502/503/504 like a GET. Other POSTs are retried only on 429,
// which tells that the server did not act on them: a create that may have reached the server must
// be looked up by its caller before it is sent again.
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotent, true)
}

func isIdempotent(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return marked(req, idempotent)
}

// retrier repeats a request on throttling and transient failures. It bounds every attempt by a
// timeout of its own, and all attempts together, with the waits between them, by a total: a hung
// server must not hold a run for max_retries+1 timeouts.
type retrier struct {
	next          http.RoundTripper
	timeout       time.Duration
	total         time.Duration
	maxRetries    int
	minBackoff    time.Duration
	maxBackoff    time.Duration
	maxRetryAfter time.Duration
}

func (r *retrier) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := bufferBody(req)
	if err != nil {
		return nil, err
	}
	scrub := newScrubber(req, body)
	// Every log line of this request, at any level, masks its credentials whatever their names.
	ctx := tflog.MaskAllFieldValuesStrings(req.Context(), scrub.masked...)
	ctx = tflog.MaskMessageStrings(ctx, scrub.masked...)
	req = req.WithContext(context.WithValue(ctx, scrubberKey{}, scrub))
	idempotent := isIdempotent(req)
	start := time.Now()
	deadline := start.Add(r.total)

	for attempt := 0; ; attempt++ {
		resp, err := r.attempt(req, body, deadline)
		retry, wait := r.decide(req, resp, err, idempotent, attempt)
		if retry && time.Now().Add(wait).After(deadline) {
			// The next attempt would start after the total deadline: stop, and report the last
			// outcome. A server that asked for that wait gets the same answer as one asking for
			// more than the provider ever waits.
			retry = false
			if resp == nil {
				wait = 0
			} else if _, given := retryAfter(resp.Header.Get("Retry-After"), time.Now()); !given {
				wait = 0
			}
		}
		if !retry {
			if err != nil && attempt > 0 {
				err = &GaveUpError{Elapsed: time.Since(start), Attempts: attempt + 1, Err: err}
			}
			if resp != nil && wait > 0 {
				// The server asked for a pause longer than the provider waits: say so rather
				// than pass on a bare 429 or 503.
				err = newRetryAfterError(req, resp, wait, attempt+1)
				drain(resp)
				resp = nil
			}
			if resp != nil {
				scrub.response(resp)
			}
			return resp, scrub.scrubError(err)
		}
		tflog.Debug(ctx, "Retrying HTTP request", map[string]any{
			"method": req.Method, "url": redactURL(req.URL), "attempt": attempt + 1, "wait": wait.String(), "reason": reason(resp, err),
		})
		if resp != nil {
			drain(resp)
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// attempt sends one copy of req with its own timeout, cut short by the deadline of all attempts.
// The timeout's context is released when the response body is closed, so callers can still read
// the body after RoundTrip returns.
func (r *retrier) attempt(req *http.Request, body []byte, deadline time.Time) (*http.Response, error) {
	limit := r.timeout
	if rest := time.Until(deadline); rest < limit {
		limit = rest
	}
	ctx, cancel := context.WithTimeout(req.Context(), limit)
	clone := req.Clone(ctx)
	if body != nil {
		clone.Body = io.NopCloser(bytes.NewReader(body))
		clone.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := r.next.RoundTrip(clone)
	if err != nil {
		cancel()
		if ctx.Err() == context.DeadlineExceeded && req.Context().Err() == nil {
			if limit < r.timeout {
				err = fmt.Errorf("no response within %s, what was left of the %s that all attempts may take together (twice the provider's request_timeout): %w",
					roundDuration(limit), r.total, err)
			} else {
				err = fmt.Errorf("no response within %s (the provider's request_timeout): %w", r.timeout, err)
			}
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// decide tells whether the outcome of an attempt should be retried, and after how long. When it
// does not retry an answer only because its Retry-After asks for more than the provider waits, it
// returns that wait.
func (r *retrier) decide(req *http.Request, resp *http.Response, err error, idempotent bool, attempt int) (bool, time.Duration) {
	if req.Context().Err() != nil {
		return false, 0
	}
	if err != nil {
		return attempt < r.maxRetries && idempotent && !errors.Is(err, context.Canceled) && !IsTLSVerification(err) && !isUnknownHost(err),
			r.backoff(attempt)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !idempotent {
			return false, 0
		}
	default:
		return false, 0
	}
	wait, given := retryAfter(resp.Header.Get("Retry-After"), time.Now())
	switch {
	case given && wait > r.maxRetryAfter:
		return false, wait
	case attempt >= r.maxRetries:
		return false, 0
	case given:
		return true, wait
	}
	return true, r.backoff(attempt)
}

// IsTLSVerification reports whether err is a certificate the client does not trust: asking
// again cannot change that, and the fix (ca_cert_pem, or the server's certificate) is the user's.
func IsTLSVerification(err error) bool {
	var verification *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verification) || errors.As(err, &unknownAuthority) ||
		errors.As(err, &hostname) || errors.As(err, &invalid)
}

// isUnknownHost reports whether err is a name lookup that found no such host: a typo in a URL,
// which asking again does not fix. A lookup that failed for want of an answer is retried.
func isUnknownHost(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

// backoff is exponential with jitter: a random duration in [d/2, d] where d doubles each attempt.
func (r *retrier) backoff(attempt int) time.Duration {
	d := r.minBackoff << min(attempt, 30)
	if d <= 0 || d > r.maxBackoff {
		d = r.maxBackoff
	}
	half := d / 2
	return half + rand.N(half+1)
}

// maxRetryAfterSeconds bounds a parsed Retry-After: longer than any wait the provider accepts, and
// far from overflowing a time.Duration.
const maxRetryAfterSeconds = 366 * 24 * 60 * 60

// retryAfter parses a Retry-After header: delay seconds or an HTTP date (RFC 9110 §10.2.3).
func retryAfter(value string, now time.Time) (time.Duration, bool) {
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseUint(value, 10, 64); err == nil {
		return time.Duration(min(seconds, maxRetryAfterSeconds)) * time.Second, true
	} else if errors.Is(err, strconv.ErrRange) {
		return maxRetryAfterSeconds * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return min(max(at.Sub(now), 0), maxRetryAfterSeconds*time.Second), true
	}
	return 0, false
}

// GaveUpError is the failure of the last of several attempts, with how long they took together.
type GaveUpError struct {
	Elapsed  time.Duration
	Attempts int
	Err      error // the last attempt's
}

func (e *GaveUpError) Error() string {
	return fmt.Sprintf("gave up after %s and %d attempts: %v", roundDuration(e.Elapsed), e.Attempts, e.Err)
}

func (e *GaveUpError) Unwrap() error { return e.Err }

// roundDuration rounds d for a message: to the second from a second on ("1m0s"), else to the
// millisecond.
func roundDuration(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// RetryAfterError is a 429 or 503 that was not retried because the server asked to be called
// again later than the provider waits.
type RetryAfterError struct {
	Method, URL string
	StatusCode  int
	Attempts    int
	RetryAfter  time.Duration
	At          time.Time // when the server asked to be called again
}

func newRetryAfterError(req *http.Request, resp *http.Response, wait time.Duration, attempts int) *RetryAfterError {
	return &RetryAfterError{
		Method: req.Method, URL: redactURL(req.URL), StatusCode: resp.StatusCode, Attempts: attempts,
		RetryAfter: wait, At: time.Now().Add(wait).UTC().Truncate(time.Second),
	}
}

func (e *RetryAfterError) Error() string {
	retried := "nothing was retried"
	if e.Attempts > 1 {
		retried = fmt.Sprintf("after %d attempts, it was not retried again", e.Attempts)
	}
	return fmt.Sprintf("%s %s: the server answered %d %s and asked to be called again in %s (at %s), "+
		"longer than the provider waits, so %s: run again after that time",
		e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode), e.RetryAfter, e.At.Format(time.RFC3339), retried)
}

// HTTPStatus is the status the server answered; it did not act on the request.
func (e *RetryAfterError) HTTPStatus() int { return e.StatusCode }

func bufferBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("reading request body: %w", err)
	}
	return body, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// drain reads a little of a discarded response so that its connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

func reason(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
