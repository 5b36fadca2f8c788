package httpx

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A server may echo what it was sent: a token endpoint quotes the client_secret in its
// error_description, a proxy's error page shows the Authorization header, an API repeats the body
// it refused. The scrubber removes every credential of a request, in every encoding it may come
// back in, from what the request's answer holds (its body and any error), before any client reads
// or cuts it. Because it works on the answer as a whole, no excerpt can end in half a secret.

// minScrubbed is the length below which a value is not scrubbed: replacing every "a" or "1" in an
// answer would make the answer unreadable and protect nothing a guess would not find.
const minScrubbed = 4

type (
	secretsKey   struct{}
	sensitiveKey struct{}
)

// WithSecrets returns a context whose requests also scrub the given values (the write-only fields
// of a body, a token) from their answers and trace logs. The credentials the request itself shows
// by name (Authorization, a client_secret field…) need no registering.
func WithSecrets(ctx context.Context, secrets ...string) context.Context {
	return appendValues(ctx, secretsKey{}, secrets)
}

// WithSensitive returns a context whose requests hide the given values in trace logs and in the
// answers of failures, which become diagnostics, but leave them in successful answers, which are
// data: values the user marked sensitive without their being credentials, such as every value of
// a sensitive map of headers (whose Accept = "application/json" must survive in a Content-Type).
func WithSensitive(ctx context.Context, values ...string) context.Context {
	return appendValues(ctx, sensitiveKey{}, values)
}

func appendValues(ctx context.Context, key any, values []string) context.Context {
	existing, _ := ctx.Value(key).([]string)
	return context.WithValue(ctx, key, append(existing[:len(existing):len(existing)], values...))
}

type scrubberKey struct{}

// scrubberOf returns the scrubber the retrier made for req, or one that changes nothing.
func scrubberOf(req *http.Request) *scrubber {
	if s, ok := req.Context().Value(scrubberKey{}).(*scrubber); ok {
		return s
	}
	return &scrubber{}
}

// scrubber replaces the credentials of one request, and the values marked sensitive.
type scrubber struct {
	masked []string // as sent, for tflog masking
	// all replaces credentials and sensitive values (logs, errors, failed answers); secrets
	// replaces credentials only (successful answers).
	all, secrets lazyReplacer
}

// newScrubber collects the credentials of req, whose body is body, in every encoding.
func newScrubber(req *http.Request, body []byte) *scrubber {
	secrets, _ := req.Context().Value(secretsKey{}).([]string)
	secrets = append(secrets[:len(secrets):len(secrets)], headerSecrets(req.Header)...)
	for key, values := range req.URL.Query() {
		if isSensitiveQueryKey(key) {
			secrets = append(secrets, values...)
		}
	}
	if password, ok := req.URL.User.Password(); ok {
		secrets = append(secrets, password)
	}
	secrets = append(secrets, bodySecrets(req.Header.Get("Content-Type"), body)...)
	sensitive, _ := req.Context().Value(sensitiveKey{}).([]string)
	masked := slices.Concat(secrets, sensitive)
	return &scrubber{masked: masked, all: lazyReplacer{values: masked}, secrets: lazyReplacer{values: secrets}}
}

// lazyReplacer is the replacer of values, made when first needed: a request whose answer is not
// scrubbed with it, or is not logged, never pays for it.
type lazyReplacer struct {
	values []string
	once   sync.Once
	r      *strings.Replacer
}

func (l *lazyReplacer) get() *strings.Replacer {
	l.once.Do(func() { l.r = replacers.get(l.values) })
	return l.r
}

// replacers keeps the replacers of the sets of values seen last: every request of a run sends
// the same token or credentials, and building a replacer (eight encodings of each value, sorted,
// then a trie) costs far more than looking one up.
var replacers = replacerCache{byValues: map[string]*strings.Replacer{}}

// maxCachedReplacers bounds the cache: far more credentials than one run uses, so that a run
// with many write-only values per request still finds its token's replacer.
const maxCachedReplacers = 256

type replacerCache struct {
	mu       sync.Mutex
	byValues map[string]*strings.Replacer
}

func (c *replacerCache) get(values []string) *strings.Replacer {
	if len(values) == 0 {
		return nil
	}
	// Each value after its length: no two different sets share a key, whatever bytes they hold.
	var key strings.Builder
	for _, v := range values {
		key.WriteString(strconv.Itoa(len(v)))
		key.WriteByte(':')
		key.WriteString(v)
	}
	c.mu.Lock()
	r, ok := c.byValues[key.String()]
	c.mu.Unlock()
	if ok {
		return r
	}
	r = replacer(values)
	c.mu.Lock()
	if len(c.byValues) >= maxCachedReplacers {
		clear(c.byValues)
	}
	c.byValues[key.String()] = r
	c.mu.Unlock()
	return r
}

// replacer replaces every encoding of values, or is nil when there is nothing to replace.
func replacer(values []string) *strings.Replacer {
	var patterns []string
	for _, value := range values {
		for _, encoded := range encodings(value) {
			if len(encoded) >= minScrubbed {
				patterns = append(patterns, encoded)
			}
		}
	}
	if len(patterns) == 0 {
		return nil
	}
	// Longest first: strings.Replacer tries patterns in argument order at each position, and a
	// secret must not be half replaced through a shorter one that is its prefix.
	slices.SortFunc(patterns, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	patterns = slices.Compact(patterns)
	pairs := make([]string, 0, 2*len(patterns))
	for _, p := range patterns {
		pairs = append(pairs, p, redacted)
	}
	return strings.NewReplacer(pairs...)
}

// Scrub returns text without any of the request's credentials or sensitive values.
func (s *scrubber) Scrub(text string) string { return replace(s.all.get(), text) }

func replace(r *strings.Replacer, text string) string {
	if r == nil {
		return text
	}
	return r.Replace(text)
}

// encodings lists the forms a value may come back in: as sent, form- or path-escaped, in a JSON
// or HTML string, and Base64 (a Basic credential, a token echoed in a header).
func encodings(secret string) []string {
	if len(secret) < minScrubbed {
		return nil
	}
	jsonString, _ := json.Marshal(secret)
	return []string{
		secret,
		url.QueryEscape(secret),
		url.PathEscape(secret),
		strings.ReplaceAll(url.QueryEscape(secret), "+", "%20"),
		string(jsonString[1 : len(jsonString)-1]),
		html.EscapeString(secret),
		base64.StdEncoding.EncodeToString([]byte(secret)),
		base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
}

// headerSecrets returns the credentials in headers: the whole value of a sensitive header, the
// part after its scheme, and the password of a Basic credential (form-decoded, since RFC 6749
// §2.3.1 form-encodes a client secret before it is joined and base64-encoded).
func headerSecrets(h http.Header) []string {
	var out []string
	for name, values := range h {
		if !IsSensitiveHeader(name) {
			continue
		}
		for _, value := range values {
			out = append(out, value)
			scheme, credential, found := strings.Cut(value, " ")
			if !found {
				continue
			}
			out = append(out, credential)
			if !strings.EqualFold(scheme, "Basic") {
				continue
			}
			decoded, err := base64.StdEncoding.DecodeString(credential)
			if err != nil {
				continue
			}
			_, password, _ := strings.Cut(string(decoded), ":")
			out = append(out, password)
			if unescaped, err := url.QueryUnescape(password); err == nil {
				out = append(out, unescaped)
			}
		}
	}
	return out
}

// valueSecrets returns the values of the credential fields of a form or query.
func valueSecrets(values url.Values) []string {
	var out []string
	for key, vs := range values {
		if IsSensitiveKey(key) {
			out = append(out, vs...)
		}
	}
	return out
}

// bodySecrets returns the values of the credential fields of a form or JSON body.
func bodySecrets(contentType string, body []byte) []string {
	if len(body) == 0 {
		return nil
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mediaType == "application/x-www-form-urlencoded":
		values, _ := url.ParseQuery(string(body))
		return valueSecrets(values)
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		var doc any
		if json.Unmarshal(body, &doc) != nil {
			return nil
		}
		return jsonSecrets(doc, nil)
	}
	return nil
}

func jsonSecrets(v any, out []string) []string {
	switch v := v.(type) {
	case map[string]any:
		for key, child := range v {
			if s, ok := child.(string); ok && IsSensitiveKey(key) {
				out = append(out, s)
			} else {
				out = jsonSecrets(child, out)
			}
		}
	case []any:
		for _, child := range v {
			out = jsonSecrets(child, out)
		}
	}
	return out
}

// scrubbedError is an error whose message holds none of the request's credentials; it still
// unwraps to the original, so that errors.Is and errors.As see the cause.
type scrubbedError struct {
	err error
	msg string
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

func (s *scrubber) scrubError(err error) error {
	if err == nil || s.all.get() == nil {
		return err
	}
	msg := s.Scrub(err.Error())
	if msg == err.Error() {
		return err
	}
	return &scrubbedError{err: err, msg: msg}
}

// maxScrubbedBody is how much of an answer is scrubbed: more than any client reads of an answer
// it shows (the rest, if any, passes unread).
const maxScrubbedBody = 16 << 20

// response scrubs an answer's headers and body in place: of everything when the request failed,
// since a failure's answer becomes a diagnostic; of credentials only when it succeeded.
func (s *scrubber) response(resp *http.Response) {
	r := s.all.get()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		r = s.secrets.get()
	}
	if r == nil {
		return
	}
	for _, values := range resp.Header {
		for i, v := range values {
			values[i] = r.Replace(v)
		}
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, maxScrubbedBody))
	scrubbed := strings.NewReader(r.Replace(string(head)))
	rest := resp.Body
	if err != nil {
		// Let the client see the read error where it reads.
		rest = struct {
			io.Reader
			io.Closer
		}{errReader{err}, resp.Body}
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(scrubbed, rest), resp.Body}
	resp.ContentLength = -1
	resp.Header.Del("Content-Length")
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
