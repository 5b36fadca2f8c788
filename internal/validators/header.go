package validators

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// HeaderName validates a string attribute with checks.HeaderName.
func HeaderName() validator.String {
	return StringCheck("Invalid header name", "must be a valid HTTP header name", checks.HeaderName)
}

// HeaderValue validates a header value with checks.HeaderValue. The message names the attribute
// and never shows the value, which may be a secret.
func HeaderValue() validator.String {
	return AttributeCheck("Invalid header value", "must be one line of text, without control characters other than tab",
		func(attribute, value string) error {
			if err := checks.HeaderValue(value); err != nil {
				return fmt.Errorf("%s %v", attribute, err)
			}
			return nil
		})
}

// NotBlank validates a string attribute with checks.NotBlank.
func NotBlank() validator.String {
	return StringCheck("Empty value", "must not be empty or white space", checks.NotBlank)
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
