package entra

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// aadError is an error Entra's STS reports as an OAuth 2.0 error response
// (RFC 6749 §5.2) extended with its AADSTS code.
type aadError struct {
	status int
	oauth  string // the "error" field
	code   int    // the AADSTS number
	msg    string
}

func (e *aadError) Error() string { return fmt.Sprintf("AADSTS%d: %s", e.code, e.msg) }

func aadErr(status int, oauth string, code int, format string, args ...any) error {
	return &aadError{status: status, oauth: oauth, code: code, msg: fmt.Sprintf(format, args...)}
}

// errTenantNotFound is reported as invalid_request by the token endpoint and
// as invalid_tenant by the discovery endpoints.
func errTenantNotFound(oauth, tenant string) error {
	return aadErr(http.StatusBadRequest, oauth, 90002,
		"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
		tenant)
}

func errMissingParameter(name string) error {
	return aadErr(http.StatusBadRequest, "invalid_request", 900144,
		"The request body must contain the following parameter: '%s'.", name)
}

// errMalformed stands for requests Entra rejects as malformed whose exact
// code and wording are not known: AADSTS9002313 is Entra's generic
// "malformed request" code, the detail after its message is the fake's.
func errMalformed(detail string) error {
	return aadErr(http.StatusBadRequest, "invalid_request", 9002313,
		"Invalid request. Request is malformed or invalid. %s", detail)
}

// errAssertion reports any client assertion failure: Entra answers them all
// with AADSTS700027, varying only the wording.
func errAssertion(format string, args ...any) error {
	return aadErr(http.StatusUnauthorized, "invalid_client", 700027, format, args...)
}

// errorBody is Entra's error response body, fields in Entra's order.
type errorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCodes       []int  `json:"error_codes"`
	Timestamp        string `json:"timestamp"`
	TraceID          string `json:"trace_id"`
	CorrelationID    string `json:"correlation_id"`
	ErrorURI         string `json:"error_uri"`
}

// writeAADError writes err as Entra does and returns the status written.
func writeAADError(w http.ResponseWriter, r *http.Request, err error) int {
	var ae *aadError
	if !errors.As(err, &ae) {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return http.StatusInternalServerError
	}
	traceID, correlationID := setSTSHeaders(w, r)
	ts := time.Now().UTC().Format(stsTimestamp)
	return fakeserver.WriteJSON(w, ae.status, errorBody{
		Error: ae.oauth,
		ErrorDescription: fmt.Sprintf("%s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
			ae, traceID, correlationID, ts),
		ErrorCodes:    []int{ae.code},
		Timestamp:     ts,
		TraceID:       traceID,
		CorrelationID: correlationID,
		ErrorURI:      "https://login.microsoftonline.com/error?code=" + strconv.Itoa(ae.code),
	})
}

// setSTSHeaders sets the headers of every token endpoint JSON reply: tokens
// and errors must not be cached, the trace id is announced in
// x-ms-request-id, and a client-request-id sent by the client becomes the
// correlation id and is echoed back.
func setSTSHeaders(w http.ResponseWriter, r *http.Request) (traceID, correlationID string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store, no-cache")
	h.Set("Pragma", "no-cache")
	traceID = fakeserver.NewGUID()
	h.Set("x-ms-request-id", traceID)
	correlationID = r.Header.Get("client-request-id")
	if correlationID == "" {
		correlationID = fakeserver.NewGUID()
	} else {
		h.Set("client-request-id", correlationID)
	}
	return traceID, correlationID
}
