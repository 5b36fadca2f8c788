// Package validators holds the plan-time checks the provider's schemas share, each also usable as
// a plain function where a value arrives from an environment variable instead of configuration.
package validators

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// CheckHTTPSURL returns an error unless raw is an absolute https URL, or an http URL to a loopback
// address (a test server on the same machine). Credentials must not cross a network in clear.
func CheckHTTPSURL(raw string) error {
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
func HTTPSURL() validator.String {
	return StringCheck("Invalid URL", "must be an absolute https URL (http only for loopback addresses)", CheckHTTPSURL)
}
