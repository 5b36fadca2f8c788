// Package validators holds the plan-time checks the provider's schemas share, each also usable as
// a plain function where a value arrives from an environment variable instead of configuration.
package validators

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// MaxURLLength bounds every URL the provider takes where the services set no stricter limit
// (Jira's redirect URIs: 450). The services document none; 2048 characters is more than any real
// endpoint needs and what servers and proxies on the way reliably accept.
const MaxURLLength = 2048

// CheckURLLength returns an error when raw is longer than MaxURLLength characters. It does not
// show the URL.
func CheckURLLength(raw string) error {
	if n := utf8.RuneCountInString(raw); n > MaxURLLength {
		return fmt.Errorf("the URL is %d characters long; the provider accepts at most %d (its own bound, as the services set none, "+
			"and what servers and proxies reliably accept): shorten it", n, MaxURLLength)
	}
	return nil
}

// CheckHTTPSURL returns an error unless raw is an absolute https URL, or an http URL to a loopback
// address (a test server on the same machine), of at most MaxURLLength characters. Credentials
// must not cross a network in clear.
func CheckHTTPSURL(raw string) error {
	if err := CheckURLLength(raw); err != nil {
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

// HTTPSURL validates a string attribute with CheckHTTPSURL.
func HTTPSURL() validator.String { return URL(CheckHTTPSURL) }

// URL validates a URL attribute with check, a CheckHTTPSURL that may allow more; the message
// names the attribute.
func URL(check func(string) error) validator.String {
	return AttributeCheck("Invalid URL", fmt.Sprintf("must be an absolute https URL (http only for loopback addresses), at most %d characters", MaxURLLength),
		func(attribute, value string) error {
			if err := check(value); err != nil {
				return fmt.Errorf("%s: %w", attribute, err)
			}
			return nil
		})
}
