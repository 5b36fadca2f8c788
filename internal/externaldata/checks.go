package externaldata

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// placeholder is a {variable} in a URL, body, header or query, filled in when a field reads the
// data source (e.g. {issueKey}).
var placeholder = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_.]*)\}`)

// Variables returns the names of the {variables} in s, each once, in order of appearance.
func Variables(s string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// withSampleValues replaces each {variable} with a value that is valid in any part of a URL, so
// that a templated URL can be checked like a plain one.
func withSampleValues(raw string) string { return placeholder.ReplaceAllString(raw, "x") }

// CheckURL returns an error unless raw, its {variables} aside, is an absolute https URL (http
// only for loopback addresses), as the service requires.
func CheckURL(raw string) error {
	err := checks.HTTPSURL(raw)
	if err != nil && checks.HTTPSURL(withSampleValues(raw)) == nil {
		return nil // only a {variable} (in the host, say) made it unparsable
	}
	return err
}

// CheckPort returns an error when raw names a port the product does not connect to. The list is
// the product's documented one, which a deployment might extend, so the provider only warns.
func CheckPort(raw string) error {
	u, err := url.Parse(withSampleValues(raw))
	if err != nil || u.Port() == "" {
		return nil // CheckURL reports malformed URLs; without a port the scheme's default is allowed
	}
	port, err := strconv.Atoi(u.Port())
	if err == nil && slices.Contains(AllowedPorts, port) {
		return nil
	}
	ports := make([]string, len(AllowedPorts))
	for i, p := range AllowedPorts {
		ports[i] = strconv.Itoa(p)
	}
	return fmt.Errorf("port %s is not one the product connects to, so the service will probably refuse this URL. "+
		"Allowed ports: %s (or none, for the scheme's default)", u.Port(), strings.Join(ports, ", "))
}
