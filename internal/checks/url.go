// Package checks holds the provider's rules for plain values: each check takes a value (a URL, a
// name, a header, a duration) and returns an error that says what is wrong and how to fix it. It
// does not use the plugin framework, so that wire clients (internal/externaldata, internal/entra)
// and settings read from the environment share the rules of plan-time validation;
// internal/validators turns them into schema validators.
package checks

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxURLLength bounds every URL the provider takes where the services set no stricter limit
// (Jira's redirect URIs: 450). The services document none; 2048 characters is more than any real
// endpoint needs and what servers and proxies on the way reliably accept.
const MaxURLLength = 2048

// URLLength returns an error when raw is longer than MaxURLLength characters. It does not show
// the URL.
func URLLength(raw string) error {
	if n := utf8.RuneCountInString(raw); n > MaxURLLength {
		return fmt.Errorf("the URL is %d characters long; the provider accepts at most %d (its own bound, as the services set none, "+
			"and what servers and proxies reliably accept): shorten it", n, MaxURLLength)
	}
	return nil
}

// HTTPSURL returns an error unless raw is an absolute https URL, or an http URL to a loopback
// address (a test server on the same machine), of at most MaxURLLength characters. Credentials
// must not cross a network in clear.
func HTTPSURL(raw string) error {
	if err := URLLength(raw); err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a valid URL: %v", raw, err)
	}
	if !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL: write it with its scheme and host, e.g. https://login.example.com/path", raw)
	}
	if u.User != nil {
		return fmt.Errorf("%q carries credentials in the URL: configure them in their own attributes instead", redactUserinfo(u))
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q uses http: use https (http is accepted only for loopback addresses such as 127.0.0.1 or localhost)", raw)
	default:
		return fmt.Errorf("%q has scheme %q: use https", raw, u.Scheme)
	}
}

// IsLoopback reports whether host names this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func redactUserinfo(u *url.URL) string {
	c := *u
	c.User = url.User("…")
	return c.String()
}

// maxRedirectURI is the longest redirect URI Jira stores.
const maxRedirectURI = 450

// RedirectURI returns an error unless raw can be an OAuth redirect URI: an absolute https URL
// (http only for loopback), without a fragment (RFC 6749 §3.1.2), at most 450 characters as Jira
// counts them.
func RedirectURI(raw string) error {
	if n := JavaLength(raw); n > maxRedirectURI {
		return fmt.Errorf("the redirect URI is %d characters long%s; Jira accepts at most %d: shorten it", n, JiraCharacters.How, maxRedirectURI)
	}
	if err := HTTPSURL(raw); err != nil {
		return err
	}
	if u, _ := url.Parse(raw); u.Fragment != "" || u.RawFragment != "" {
		return fmt.Errorf("%q has a fragment (#%s): redirect URIs must not have one (RFC 6749 §3.1.2)", raw, u.Fragment)
	}
	return nil
}
