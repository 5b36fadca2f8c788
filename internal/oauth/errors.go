package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/oauth2"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// TokenError is a token endpoint's refusal (RFC 6749 §5.2), with Microsoft Entra ID's extra fields
// when present, or the status and an excerpt of a body that was not an OAuth error at all (a proxy's
// HTML page, a plain-text 429).
type TokenError struct {
	StatusCode  int
	Code        string // RFC 6749 "error"
	Description string // "error_description", first line only (Entra appends trace lines)
	URI         string // "error_uri"
	// Entra's AADSTS codes and the identifiers its support asks for.
	ErrorCodes    []int
	TraceID       string
	CorrelationID string
	// RetryAfter is the Retry-After header of a throttled answer.
	RetryAfter string
	// Excerpt is the start of a body that held no OAuth error.
	Excerpt string
}

// newTokenError builds a TokenError from what x/oauth2 read of a refusal: the status, the RFC 6749
// fields and the body, where Entra's own fields are. httpx has scrubbed the body of the request's
// credentials, in every encoding, before x/oauth2 read it.
func newTokenError(refused *oauth2.RetrieveError) *TokenError {
	header := refused.Response.Header
	e := &TokenError{StatusCode: refused.Response.StatusCode, Code: refused.ErrorCode, URI: refused.ErrorURI, RetryAfter: header.Get("Retry-After")}
	if e.Code == "" {
		e.Excerpt = httpx.Excerpt(header.Get("Content-Type"), refused.Body)
		return e
	}
	e.Description, _, _ = strings.Cut(strings.ReplaceAll(refused.ErrorDescription, "\r\n", "\n"), "\n")
	var entra struct {
		ErrorCodes    []int  `json:"error_codes"`
		TraceID       string `json:"trace_id"`
		CorrelationID string `json:"correlation_id"`
	}
	_ = json.Unmarshal(refused.Body, &entra) // a form-encoded refusal has none of them
	e.ErrorCodes, e.TraceID, e.CorrelationID = entra.ErrorCodes, entra.TraceID, entra.CorrelationID
	return e
}

// Error is one line: status, code and description.
func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the token endpoint answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	switch {
	case e.Code != "" && e.Description != "":
		fmt.Fprintf(&b, ": %s: %s", e.Code, e.Description)
	case e.Code != "":
		fmt.Fprintf(&b, ": %s", e.Code)
	case e.Excerpt != "":
		fmt.Fprintf(&b, " with a body that is not an OAuth error: %q", e.Excerpt)
	}
	return b.String()
}

// Detail explains the error for a diagnostic: the likely cause and the fix, then the identifiers
// to quote to the server's support.
func (e *TokenError) Detail() string {
	var parts []string
	if advice := e.advice(); advice != "" {
		parts = append(parts, advice)
	}
	if e.TraceID != "" || e.CorrelationID != "" {
		parts = append(parts, fmt.Sprintf("Trace ID: %s, correlation ID: %s.", e.TraceID, e.CorrelationID))
	}
	if e.URI != "" {
		parts = append(parts, "More: "+e.URI)
	}
	return strings.Join(parts, "\n\n")
}

// HasAADSTS reports whether Entra answered with the given AADSTS code.
func (e *TokenError) HasAADSTS(code int) bool {
	for _, c := range e.ErrorCodes {
		if c == code {
			return true
		}
	}
	return strings.HasPrefix(e.Description, fmt.Sprintf("AADSTS%d:", code))
}

// entraAdvice translates the AADSTS codes administrators hit most into cause and fix.
var entraAdvice = []struct {
	code   int
	advice string
}{
	{7000215, "Likely cause: the client secret is wrong, and most often it is the secret's ID (a GUID) that was copied instead of its Value. Fix: in the Entra admin center open the app registration, Certificates & secrets, create a new client secret and copy its Value (shown only once) into client_secret."},
	{7000222, "Likely cause: the client secret has expired. Fix: create a new client secret in the app registration (Certificates & secrets), put its Value in client_secret (or client_secret_wo and bump client_secret_wo_version), then delete the expired secret."},
	{700016, "Likely cause: no application with this client_id exists in the tenant named in token_url. Fix: use the app registration's Application (client) ID, and the tenant where the app is registered: a single-tenant app needs /{tenant-id}/ in token_url, not /common/ or /organizations/."},
	{90002, "Likely cause: the tenant in token_url does not exist in this cloud: a wrong tenant ID or domain, or the wrong national cloud. Fix: check the tenant, and sign in where it lives: US Government (GCC High, DoD) tenants use login.microsoftonline.us, China uses login.partner.microsoftonline.cn; the entra_endpoints function builds these URLs."},
	{70011, "Likely cause: the scope is missing or malformed. Fix: client credentials take exactly one resource's /.default scope, e.g. https://graph.microsoft.com/.default."},
	{1002012, "Likely cause: client credentials need the resource's /.default scope, not individual permissions such as User.Read.All. Fix: request e.g. https://graph.microsoft.com/.default; the application permissions that admin consent granted then appear in the token's roles claim."},
	{7000218, "Likely cause: the request carried no credential. Fix: set client_secret, or client_certificate for certificate credentials."},
	{700027, "Likely cause: Entra could not verify the client assertion signed with client_certificate. Fix: upload this certificate's public part to the app registration (Certificates & secrets), check that it has not expired and that private_key_pem belongs to it."},
	{500011, "Likely cause: the resource in scope is not known in this tenant. Fix: check the resource URI in scope; national clouds use their own Microsoft Graph (graph.microsoft.us, dod-graph.microsoft.us, microsoftgraph.chinacloudapi.cn)."},
}

// oauthAdvice covers RFC 6749 error codes from any server.
var oauthAdvice = map[string]string{
	"invalid_client":         "The server did not accept the client's credentials. Check client_id and client_secret (or client_certificate); if the server accepts only one way of sending a secret, set client_auth to \"basic\" or \"post\".",
	"unauthorized_client":    "The client may not use the client credentials grant. Enable it for this client at the authorization server.",
	"invalid_scope":          "The server refused the requested scopes. Check scopes against what the client is allowed to request.",
	"invalid_target":         "The server refused the requested resource (RFC 8707). Check resource or audience in endpoint_params.",
	"unsupported_grant_type": "The server does not support the client credentials grant at this token_url.",
}

func (e *TokenError) advice() string {
	for _, a := range entraAdvice {
		if e.HasAADSTS(a.code) {
			return a.advice
		}
	}
	if advice, ok := oauthAdvice[e.Code]; ok {
		return advice
	}
	switch {
	case e.StatusCode == http.StatusTooManyRequests && e.RetryAfter != "":
		return fmt.Sprintf("The server is throttling requests and asked to wait %s seconds; the provider retried up to max_retries times. Run again later, or raise max_retries.", e.RetryAfter)
	case e.StatusCode == http.StatusTooManyRequests:
		return "The server is throttling requests; the provider retried up to max_retries times. Run again later, or raise max_retries."
	case e.StatusCode >= 500:
		return "The server failed; the provider retried up to max_retries times. Run again later."
	case e.Excerpt != "":
		return "The answer did not come from an OAuth token endpoint (a proxy or a login page?). Check token_url."
	}
	return ""
}

// rejectsClientAuth reports whether the server may have refused the way the client
// authenticated, so that auto-detection should try the other way.
func (e *TokenError) rejectsClientAuth() bool {
	if e.StatusCode != http.StatusBadRequest && e.StatusCode != http.StatusUnauthorized {
		return false
	}
	switch e.Code {
	case "invalid_client", "unauthorized_client", "invalid_request":
		return true
	}
	return false
}

// isRejection reports whether err is a definitive refusal of the credentials or the request, one
// that asking again with the same input cannot change.
func isRejection(err error) bool {
	var e *TokenError
	return errors.As(err, &e) && e.Code != "" && (e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnauthorized)
}
