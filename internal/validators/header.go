package validators

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// CheckHeaderName returns an error unless name is a valid HTTP field name (an RFC 9110 token).
func CheckHeaderName(name string) error {
	if name == "" {
		return fmt.Errorf("a header name cannot be empty")
	}
	for _, r := range name {
		if !isTokenChar(r) {
			return fmt.Errorf("%q is not a valid header name: use letters, digits and - (no spaces or colons), e.g. X-API-Key", name)
		}
	}
	return nil
}

// isTokenChar reports whether r may appear in an RFC 9110 token.
func isTokenChar(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}

// HeaderName validates a string attribute with CheckHeaderName.
func HeaderName() validator.String {
	return StringCheck("Invalid header name", "must be a valid HTTP header name", CheckHeaderName)
}

// CheckNotBlank returns an error when s holds only white space.
func CheckNotBlank(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("the value is empty or only white space: write a value, or leave the attribute out")
	}
	return nil
}

// NotBlank validates a string attribute with CheckNotBlank.
func NotBlank() validator.String {
	return StringCheck("Empty value", "must not be empty or white space", CheckNotBlank)
}

// HTTPStatus validates an HTTP status code: 100 to 599 (RFC 9110 §15).
func HTTPStatus() validator.Int64 {
	return Int64Check("Invalid HTTP status", "must be an HTTP status code, 100 to 599", func(attribute string, status int64) error {
		if status < 100 || status > 599 {
			return fmt.Errorf("%s is %d, which is not an HTTP status: list status codes from 100 to 599, e.g. 404", attribute, status)
		}
		return nil
	})
}
