package httpx

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxLoggedBody bounds how much of a body a trace log shows; maxPeekedBody how much is read to
// redact it (a JSON body must be whole to be redacted field by field).
const (
	maxLoggedBody = 4 << 10
	maxPeekedBody = 64 << 10
)

// logger logs every attempt through tflog: method, URL and status at debug level; headers and
// bodies, with credentials redacted, at trace level (TF_LOG=trace); nothing below debug.
type logger struct {
	next      http.RoundTripper
	userAgent string
}

func (l *logger) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if l.userAgent != "" && req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", l.userAgent)
	}
	// tflog masks a line's fields before it checks the level, and a trace line redacts whole
	// bodies: with the provider's logging off (main.go turns it off when no TF_LOG asks for it)
	// a request costs nothing here.
	if !tflog.IsDebug(ctx) {
		return l.next.RoundTrip(req)
	}
	trace := tflog.IsTrace(ctx)
	scrub := scrubberOf(req)
	fields := map[string]any{"method": req.Method, "url": redactURL(req.URL)}
	if trace {
		tflog.Trace(ctx, "HTTP request", merge(fields, map[string]any{
			"headers": redactHeaders(req.Header, scrub),
			"body":    scrub.Scrub(requestBodyForLog(req)),
		}))
	}

	start := time.Now()
	resp, err := l.next.RoundTrip(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		tflog.Debug(ctx, "HTTP request failed", merge(fields, map[string]any{"error": scrub.Scrub(err.Error())}))
		return nil, err
	}
	fields["status"] = resp.StatusCode
	if trace {
		body := peekBody(resp)
		tflog.Trace(ctx, "HTTP response", merge(fields, map[string]any{
			"headers": redactHeaders(resp.Header, scrub),
			"body":    scrub.Scrub(redactBody(resp.Header.Get("Content-Type"), body)),
		}))
	} else {
		tflog.Debug(ctx, "HTTP response", fields)
	}
	return resp, nil
}

func requestBodyForLog(req *http.Request) string {
	if req.GetBody == nil {
		return ""
	}
	body, err := req.GetBody()
	if err != nil {
		return ""
	}
	defer body.Close()
	data, _ := io.ReadAll(io.LimitReader(body, maxPeekedBody))
	return redactBody(req.Header.Get("Content-Type"), data)
}

// peekBody reads the start of a response body for the log and puts it back in front of the rest.
func peekBody(resp *http.Response) []byte {
	head, _ := io.ReadAll(io.LimitReader(resp.Body, maxPeekedBody))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return head
}

const redacted = "[redacted]"

// sensitiveHeaders carry credentials in full.
var sensitiveHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true,
	"X-Api-Key": true, "X-Auth-Token": true,
}

// redactHeaders returns headers fit for a log: credential headers by name, and any value the
// request's scrubber knows, whatever its header's name.
func redactHeaders(h http.Header, scrub *scrubber) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		value := strings.Join(values, ", ")
		if IsSensitiveHeader(name) {
			// Keep the scheme ("Bearer", "Basic"): it tells which client authentication was used.
			scheme, _, found := strings.Cut(value, " ")
			if found {
				value = scheme + " " + redacted
			} else {
				value = redacted
			}
		}
		out[name] = scrub.Scrub(value)
	}
	return out
}

// IsSensitiveHeader reports whether a request header named name carries a credential:
// Authorization, Cookie, a name such as X-Auth-Token or X-Client-Secret, or any key
// (X-API-Key, X-Functions-Key, Ocp-Apim-Subscription-Key).
func IsSensitiveHeader(name string) bool {
	return sensitiveHeaders[http.CanonicalHeaderKey(name)] || IsSensitiveKey(name) || strings.HasSuffix(normalizeKey(name), "key")
}

// isSensitiveQueryKey reports whether a URL query parameter carries a credential: what
// IsSensitiveKey says, any key (api_key, subscription-key) and a signature (sig, as in SAS URLs).
func isSensitiveQueryKey(key string) bool {
	k := normalizeKey(key)
	return IsSensitiveKey(key) || strings.HasSuffix(k, "key") || k == "sig" || k == "signature"
}

var keySeparators = strings.NewReplacer("_", "", "-", "")

// normalizeKey folds clientSecret, client_secret and Client-Secret into one form.
func normalizeKey(key string) string { return keySeparators.Replace(strings.ToLower(key)) }

// IsSensitiveKey reports whether a form, query or JSON field named key holds a credential:
// client_secret, clientSecret, password, access_token, refresh_token, client_assertion, api_token…
func IsSensitiveKey(key string) bool {
	k := normalizeKey(key)
	for _, suffix := range []string{"secret", "password", "token", "assertion", "privatekey", "clientkey"} {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return k == "code" || k == "codeverifier"
}

func redactURL(u *url.URL) string {
	if u.RawQuery == "" {
		return u.String()
	}
	c := *u
	query := u.Query()
	for key := range query {
		if isSensitiveQueryKey(key) {
			query[key] = []string{redacted}
		}
	}
	c.RawQuery = query.Encode()
	return c.String()
}

func redactValues(values url.Values) url.Values {
	for key := range values {
		if IsSensitiveKey(key) {
			values[key] = []string{redacted}
		}
	}
	return values
}

// redactBody returns a body fit for a log: credentials in form and JSON bodies replaced, and at
// most maxLoggedBody bytes.
func redactBody(contentType string, body []byte) string {
	if len(body) == 0 {
		return ""
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mediaType == "application/x-www-form-urlencoded":
		if values, err := url.ParseQuery(string(body)); err == nil {
			return truncate(redactValues(values).Encode())
		}
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		var doc any
		if err := json.Unmarshal(body, &doc); err == nil {
			out, _ := json.Marshal(redactJSON(doc))
			return truncate(string(out))
		}
		// A truncated or broken JSON body cannot be redacted field by field: show none of it.
		return "[unparsable JSON body withheld]"
	}
	return truncate(string(body))
}

func redactJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for key, child := range v {
			if IsSensitiveKey(key) && child != nil {
				v[key] = redacted
			} else {
				v[key] = redactJSON(child)
			}
		}
	case []any:
		for i, child := range v {
			v[i] = redactJSON(child)
		}
	}
	return v
}

func truncate(s string) string {
	if len(s) <= maxLoggedBody {
		return s
	}
	return s[:maxLoggedBody] + "…[truncated]"
}

func merge(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
