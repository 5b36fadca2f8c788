// Package httpx builds the one HTTP client the whole provider uses: TLS with extra trusted CAs, a
// timeout per attempt, retries with backoff that honours Retry-After, redirects only to the same
// origin, answers scrubbed of the request's credentials, and request logging through tflog with
// secrets masked; and the one way the clients use it: Send reads an answer up to a bound, CallJSON
// sends a JSON request and decodes its answer, and the answer checks (DecodeJSON, CheckID) and
// CreateOnce trust no answer blindly.
package httpx

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Defaults match the provider's documented defaults.
const (
	DefaultTimeout    = 30 * time.Second
	DefaultMaxRetries = 4
	// TotalTimeoutFactor times the timeout of one attempt bounds all attempts of a request
	// together: a hung server fails a run after one minute with the defaults, not after
	// max_retries+1 timeouts (2m30s and the backoffs), and a first attempt that timed out
	// still leaves room for a retry. Who needs longer raises the timeout.
	TotalTimeoutFactor = 2
)

// Options configure New. The zero value is usable.
type Options struct {
	// CACertPEM holds extra certificate authorities, trusted in addition to the system pool
	// (e.g. a corporate TLS-inspecting proxy or a private Jira CA).
	CACertPEM string
	// Timeout bounds each attempt; all attempts together, with the waits between them, may take
	// TotalTimeoutFactor times as long. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxRetries is the number of retries after the first attempt. Negative means none.
	MaxRetries int
	// MinBackoff and MaxBackoff bound the exponential backoff between attempts when the server
	// gives no Retry-After. Zero means 1s and 30s.
	MinBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits for; a server asking for more gets
	// its response returned to the caller instead. Zero means 5 minutes.
	MaxRetryAfter time.Duration
	// UserAgent is sent with every request.
	UserAgent string
}

// New returns an *http.Client configured by opts.
func New(opts Options) (*http.Client, error) {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, errors.New("http.DefaultTransport is not an *http.Transport")
	}
	transport := base.Clone()
	if opts.CACertPEM != "" {
		pool, err := certPool(opts.CACertPEM)
		if err != nil {
			return nil, err
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}

	r := &retrier{
		next:          &logger{next: transport, userAgent: opts.UserAgent},
		timeout:       orDefault(opts.Timeout, DefaultTimeout),
		total:         TotalTimeoutFactor * orDefault(opts.Timeout, DefaultTimeout),
		maxRetries:    max(opts.MaxRetries, 0),
		minBackoff:    orDefault(opts.MinBackoff, time.Second),
		maxBackoff:    orDefault(opts.MaxBackoff, 30*time.Second),
		maxRetryAfter: orDefault(opts.MaxRetryAfter, 5*time.Minute),
	}
	// No Client.Timeout: the retrier bounds each attempt and all of them together, and tells which
	// bound a request hit.
	return &http.Client{Transport: r, CheckRedirect: checkRedirect}, nil
}

// certPool returns the system pool plus every certificate in pemData.
func certPool(pemData string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM([]byte(pemData)) {
		return nil, fmt.Errorf("ca_cert_pem holds no PEM-encoded certificate: expected one or more \"-----BEGIN CERTIFICATE-----\" blocks")
	}
	return pool, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
