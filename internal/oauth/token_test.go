package oauth

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

const (
	tenantID   = "6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c"
	graphScope = "https://graph.microsoft.com/.default"
	appID      = "11111111-2222-4333-8444-555555555555"
	secretID   = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
	secret     = "Xy8Q~s3cr%t+value/with:odd=chars"
)

// entraFixture is a fake Entra tenant with one app that holds a secret, an expired secret and a
// certificate, and has Graph's User.Read.All granted.
type entraFixture struct {
	entra    *fakes.Entra
	server   *httptest.Server
	tokenURL string
	certPEM  string
	keyPEM   string
}

func newEntraFixture(t *testing.T) *entraFixture {
	t.Helper()
	cert, certPEM, keyPEM := fakes.NewTestCertificate(t, "oauthlink test")
	entra := fakes.NewEntra()
	entra.AddTenant(tenantID, "contoso.onmicrosoft.com")
	entra.AddApp(tenantID, fakes.EntraApp{
		ClientID:     appID,
		Secrets:      []fakes.EntraSecret{{ID: secretID, Value: secret}, {ID: fakes.NewGUID(), Value: "expired-value", Expired: true}},
		Certificates: []*x509.Certificate{cert},
		Roles:        map[string][]string{"https://graph.microsoft.com": {"User.Read.All"}},
	})
	server := httptest.NewServer(entra)
	t.Cleanup(server.Close)
	return &entraFixture{entra: entra, server: server, tokenURL: server.URL + "/" + tenantID + "/oauth2/v2.0/token", certPEM: certPEM, keyPEM: keyPEM}
}

func newTestClient(t *testing.T, maxRetries int) *Client {
	t.Helper()
	h, err := httpx.New(httpx.Options{MaxRetries: maxRetries, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(h)
}

func (f *entraFixture) secretRequest(auth ClientAuth) Request {
	return Request{TokenURL: f.tokenURL, ClientID: appID, ClientSecret: secret, Scopes: []string{graphScope}, ClientAuth: auth}
}

func TestClientSecretEachWay(t *testing.T) {
	for _, tc := range []struct {
		auth       ClientAuth
		wantMethod string
	}{
		{ClientAuthBasic, "basic"},
		{ClientAuthPost, "post"},
		{ClientAuthAuto, "basic"},
		{"", "basic"},
	} {
		t.Run(string(tc.auth), func(t *testing.T) {
			f := newEntraFixture(t)
			token, err := newTestClient(t, 0).Token(context.Background(), f.secretRequest(tc.auth))
			if err != nil {
				t.Fatal(err)
			}
			if token.TokenType != "Bearer" || token.AccessToken == "" {
				t.Fatalf("token %+v", token)
			}
			if left := time.Until(token.ExpiresAt); left < 59*time.Minute || left > time.Hour {
				t.Fatalf("expires in %s, want about 3599s", left)
			}
			if got := f.entra.Requests()[0].AuthMethod; got != tc.wantMethod {
				t.Fatalf("sent credentials by %q, want %q", got, tc.wantMethod)
			}
		})
	}
}

func TestCertificateCredentials(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(alg, func(t *testing.T) {
			f := newEntraFixture(t)
			cert, err := ParseCertificate(f.certPEM, f.keyPEM, alg)
			if err != nil {
				t.Fatal(err)
			}
			client := newTestClient(t, 0)
			req := Request{TokenURL: f.tokenURL, ClientID: appID, Certificate: cert, Scopes: []string{graphScope}}
			if _, err := client.Token(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			// A second token needs a second assertion: Entra refuses a replayed jti.
			if _, err := client.fetch(context.Background(), req); err != nil {
				t.Fatalf("second token: %v", err)
			}
			if got := f.entra.Requests()[1].AuthMethod; got != "private_key_jwt" {
				t.Fatalf("auth method %q", got)
			}
		})
	}
}

func TestParseCertificateErrors(t *testing.T) {
	_, certPEM, keyPEM := fakes.NewTestCertificate(t, "one")
	_, _, otherKeyPEM := fakes.NewTestCertificate(t, "two")
	for _, tc := range []struct {
		name, cert, key, alg, want string
	}{
		{"no certificate", "junk", keyPEM, "", "BEGIN CERTIFICATE"},
		{"no key", certPEM, "junk", "", "BEGIN PRIVATE KEY"},
		{"other key", certPEM, otherKeyPEM, "", "does not belong"},
		{"encrypted key", certPEM, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "", "encrypted"},
		{"algorithm", certPEM, keyPEM, "ES256", "not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCertificate(tc.cert, tc.key, tc.alg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestEntraErrorsAreExplained(t *testing.T) {
	f := newEntraFixture(t)
	otherTenant := "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
	for _, tc := range []struct {
		name       string
		mutate     func(*Request)
		wantStatus int
		wantCode   int
		wantAdvice string
	}{
		{"secret ID instead of value", func(r *Request) { r.ClientSecret = secretID }, 401, 7000215, "secret's ID"},
		{"expired secret", func(r *Request) { r.ClientSecret = "expired-value" }, 401, 7000222, "has expired"},
		{"unknown app", func(r *Request) { r.ClientID = "99999999-2222-4333-8444-555555555555" }, 400, 700016, "single-tenant app"},
		{"unknown tenant", func(r *Request) { r.TokenURL = strings.Replace(r.TokenURL, tenantID, otherTenant, 1) }, 400, 90002, "national cloud"},
		{"scope without .default", func(r *Request) { r.Scopes = []string{"https://graph.microsoft.com/User.Read.All"} }, 400, 1002012, "/.default scope"},
		{"no scope", func(r *Request) { r.Scopes = nil }, 400, 70011, "scope is missing"},
		{"no credential", func(r *Request) { r.ClientSecret = "" }, 400, 7000218, "no credential"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := f.secretRequest(ClientAuthPost)
			tc.mutate(&req)
			_, err := newTestClient(t, 0).Token(context.Background(), req)
			var tokenErr *TokenError
			if !errors.As(err, &tokenErr) {
				t.Fatalf("error %v is not a TokenError", err)
			}
			if tokenErr.StatusCode != tc.wantStatus || !tokenErr.HasAADSTS(tc.wantCode) {
				t.Fatalf("got %d %v, want %d AADSTS%d", tokenErr.StatusCode, tokenErr.ErrorCodes, tc.wantStatus, tc.wantCode)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("AADSTS%d", tc.wantCode)) || strings.Contains(err.Error(), "Trace ID") {
				t.Errorf("message %q should quote the first line of error_description", err)
			}
			if detail := tokenErr.Detail(); !strings.Contains(detail, tc.wantAdvice) || !strings.Contains(detail, tokenErr.TraceID) || tokenErr.TraceID == "" {
				t.Errorf("detail %q lacks %q or the trace ID", detail, tc.wantAdvice)
			}
		})
	}
}

func TestBadAssertionIsExplained(t *testing.T) {
	f := newEntraFixture(t)
	_, otherCertPEM, otherKeyPEM := fakes.NewTestCertificate(t, "not uploaded")
	cert, err := ParseCertificate(otherCertPEM, otherKeyPEM, AlgRS256)
	if err != nil {
		t.Fatal(err)
	}
	_, err = newTestClient(t, 0).Token(context.Background(), Request{TokenURL: f.tokenURL, ClientID: appID, Certificate: cert, Scopes: []string{graphScope}})
	var tokenErr *TokenError
	if !errors.As(err, &tokenErr) || !tokenErr.HasAADSTS(700027) || !strings.Contains(tokenErr.Detail(), "upload this certificate") {
		t.Fatalf("got %v", err)
	}
}

func TestNonJSONErrorPagesAreQuoted(t *testing.T) {
	for _, tc := range []struct {
		name     string
		injected fakes.InjectedResponse
		want     []string
	}{
		{"plain-text throttling", fakes.InjectedResponse{Status: 429, RetryAfter: "60", ContentType: "text/plain", Body: "Too Many Requests"},
			[]string{"429 Too Many Requests", `"Too Many Requests"`}},
		{"proxy HTML page", fakes.InjectedResponse{Status: 503, ContentType: "text/html", Body: "<html><head><title>Service Unavailable</title><style>p{}</style></head><body><p>The proxy could not reach the &quot;upstream&quot;.</p></body></html>"},
			[]string{"503 Service Unavailable", `Service Unavailable The proxy could not reach the \"upstream\".`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newEntraFixture(t)
			f.entra.FailNext(1, tc.injected)
			_, err := newTestClient(t, 0).Token(context.Background(), f.secretRequest(ClientAuthAuto))
			for _, want := range tc.want {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v lacks %q", err, want)
				}
			}
			if strings.Contains(fmt.Sprint(err), "<") {
				t.Errorf("error quotes HTML tags: %v", err)
			}
			// auto must not spend a second request on a failure the other style cannot mend.
			if n := f.entra.TokenRequests(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestThrottlingIsRetriedThenSucceeds(t *testing.T) {
	f := newEntraFixture(t)
	f.entra.FailNext(2, fakes.InjectedResponse{Status: 429, RetryAfter: "0", ContentType: "text/plain", Body: "Too Many Requests"})
	if _, err := newTestClient(t, 4).Token(context.Background(), f.secretRequest(ClientAuthAuto)); err != nil {
		t.Fatal(err)
	}
	if n := f.entra.TokenRequests(); n != 3 {
		t.Fatalf("%d requests, want 2 throttled + 1", n)
	}
}

func TestAutoFallsBackToPostAndRemembersIt(t *testing.T) {
	// A server that accepts only client_secret_post, as some do.
	var methods []string
	var mu sync.Mutex
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		mu.Lock()
		defer mu.Unlock()
		if _, _, basic := r.BasicAuth(); basic {
			methods = append(methods, "basic")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		methods = append(methods, "post")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"opaque","token_type":"bearer","expires_in":"60"}`))
	}))
	t.Cleanup(server.Close)

	client := newTestClient(t, 0)
	req := Request{TokenURL: server.URL, ClientID: "c", ClientSecret: "s"}
	for range 2 {
		if _, err := client.fetch(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
	if got := strings.Join(methods, ","); got != "basic,post,post" {
		t.Fatalf("methods %s, want basic,post then post only", got)
	}
}

func TestCacheServesConcurrentReadersWithOneRequest(t *testing.T) {
	f := newEntraFixture(t)
	f.entra.SetLatency(50 * time.Millisecond) // so that the readers really overlap
	client := newTestClient(t, 0)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			_, err := client.Token(context.Background(), f.secretRequest(ClientAuthAuto))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := f.entra.TokenRequests(); n != 1 {
		t.Fatalf("%d token requests for 50 identical readers, want 1", n)
	}
	// Different scopes are a different token.
	other := f.secretRequest(ClientAuthAuto)
	other.EndpointParams = map[string]string{"x": "y"}
	if _, err := client.Token(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if n := f.entra.TokenRequests(); n != 2 {
		t.Fatalf("%d token requests, want a second one for different parameters", n)
	}
}

func TestCacheRenewsTokensNearExpiry(t *testing.T) {
	f := newEntraFixture(t)
	client := newTestClient(t, 0)
	now := time.Now()
	client.now = func() time.Time { return now }
	for _, step := range []struct {
		advance   time.Duration
		wantTotal int
	}{
		{0, 1},
		{50 * time.Minute, 1}, // about 10 minutes left: still fresh
		{8 * time.Minute, 2},  // under 2 minutes left: renewed
	} {
		now = now.Add(step.advance)
		if _, err := client.Token(context.Background(), f.secretRequest(ClientAuthPost)); err != nil {
			t.Fatal(err)
		}
		if n := f.entra.TokenRequests(); n != step.wantTotal {
			t.Fatalf("after %s: %d requests, want %d", step.advance, n, step.wantTotal)
		}
	}
}

func TestRejectionsAreNotRepeatedButTransientFailuresAre(t *testing.T) {
	f := newEntraFixture(t)
	client := newTestClient(t, 0)
	bad := f.secretRequest(ClientAuthPost)
	bad.ClientSecret = secretID
	for range 3 {
		if _, err := client.Token(context.Background(), bad); err == nil {
			t.Fatal("wrong secret accepted")
		}
	}
	if n := f.entra.TokenRequests(); n != 1 {
		t.Fatalf("%d requests with the same wrong secret, want 1", n)
	}

	f.entra.FailNext(1, fakes.InjectedResponse{Status: 503, ContentType: "text/plain", Body: "down"})
	good := f.secretRequest(ClientAuthPost)
	if _, err := client.Token(context.Background(), good); err == nil {
		t.Fatal("injected 503 not seen")
	}
	if _, err := client.Token(context.Background(), good); err != nil {
		t.Fatalf("a transient failure was cached: %v", err)
	}
}

func TestSecretsNeverAppearInErrors(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"error":"invalid_request","error_description":"bad secret %s"}`, r.PostForm.Get("client_secret"))
	}))
	t.Cleanup(echo.Close)
	_, err := newTestClient(t, 0).Token(context.Background(), Request{TokenURL: echo.URL, ClientID: "c", ClientSecret: "hunter2", ClientAuth: ClientAuthPost})
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("error %v", err)
	}
}

func TestParseToken(t *testing.T) {
	issued := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, contentType, body string
		wantExpiry              time.Time
		wantErr                 string
	}{
		{"number", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":3599}`, issued.Add(3599 * time.Second), ""},
		{"string", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":"3599"}`, issued.Add(3599 * time.Second), ""},
		{"float", "application/json", `{"access_token":"a","token_type":"Bearer","expires_in":3599.0}`, issued.Add(3599 * time.Second), ""},
		{"no expiry", "application/json", `{"access_token":"a","token_type":"Bearer"}`, time.Time{}, ""},
		{"form-encoded", "application/x-www-form-urlencoded", `access_token=a&token_type=bearer&expires_in=60`, issued.Add(time.Minute), ""},
		{"no token", "application/json", `{"token_type":"Bearer"}`, time.Time{}, "without an access_token"},
		{"not JSON", "text/html", `<html>login</html>`, time.Time{}, "not with a JSON token response"},
		{"bad expiry", "application/json", `{"access_token":"a","expires_in":"soon"}`, time.Time{}, "expires_in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, err := parseToken(tc.contentType, []byte(tc.body), issued)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !token.ExpiresAt.Equal(tc.wantExpiry) {
				t.Fatalf("token %+v, err %v; want expiry %s", token, err, tc.wantExpiry)
			}
		})
	}
}
