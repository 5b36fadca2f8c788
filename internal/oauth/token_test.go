package oauth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

const graphScope = "https://graph.microsoft.com/.default"

func newTestClient(t testing.TB, maxRetries int) *Client {
	t.Helper()
	h, err := httpx.New(httpx.Options{MaxRetries: maxRetries, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(h)
}

func secretRequest(f *fakeentra.Tenant, auth ClientAuth) Request {
	return Request{TokenURL: f.TokenURL(), ClientID: f.ClientID, ClientSecret: f.SecretValue, Scopes: []string{graphScope}, ClientAuth: auth}
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
			f := fakeentra.StartTenant(t)
			token, err := newTestClient(t, 0).Token(context.Background(), secretRequest(f, tc.auth))
			if err != nil {
				t.Fatal(err)
			}
			if token.TokenType != "Bearer" || token.AccessToken == "" {
				t.Fatalf("token %+v", token)
			}
			if left := time.Until(token.ExpiresAt); left < 59*time.Minute || left > time.Hour {
				t.Fatalf("expires in %s, want about 3599s", left)
			}
			if got := f.Requests()[0].AuthMethod; got != tc.wantMethod {
				t.Fatalf("sent credentials by %q, want %q", got, tc.wantMethod)
			}
		})
	}
}

func TestCertificateCredentials(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(alg, func(t *testing.T) {
			f := fakeentra.StartTenant(t)
			cert, err := ParseCertificate(f.CertificatePEM, f.PrivateKeyPEM, alg)
			if err != nil {
				t.Fatal(err)
			}
			client := newTestClient(t, 0)
			req := Request{TokenURL: f.TokenURL(), ClientID: f.ClientID, Certificate: cert, Scopes: []string{graphScope}}
			if _, err := client.Token(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			// A second token needs a second assertion: Entra refuses a replayed jti.
			if _, err := client.fetch(context.Background(), req); err != nil {
				t.Fatalf("second token: %v", err)
			}
			if got := f.Requests()[1].AuthMethod; got != "private_key_jwt" {
				t.Fatalf("auth method %q", got)
			}
		})
	}
}

func TestParseCertificateErrors(t *testing.T) {
	_, certPEM, keyPEM := fakeentra.NewTestCertificate(t, "one")
	_, _, otherKeyPEM := fakeentra.NewTestCertificate(t, "two")
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
	f := fakeentra.StartTenant(t)
	for _, tc := range []struct {
		name       string
		mutate     func(*Request)
		wantStatus int
		wantCode   int
		wantAdvice string
	}{
		{"secret ID instead of value", func(r *Request) { r.ClientSecret = f.SecretID }, 401, 7000215, "secret's ID"},
		{"expired secret", func(r *Request) { r.ClientSecret = f.ExpiredSecretValue }, 401, 7000222, "has expired"},
		{"unknown app", func(r *Request) { r.ClientID = "99999999-2222-4333-8444-555555555555" }, 400, 700016, "single-tenant app"},
		{"unknown tenant", func(r *Request) { r.TokenURL = strings.Replace(r.TokenURL, f.TenantID, fakeserver.NewGUID(), 1) }, 400, 90002, "national cloud"},
		{"scope without .default", func(r *Request) { r.Scopes = []string{"https://graph.microsoft.com/User.Read.All"} }, 400, 1002012, "/.default scope"},
		{"no scope", func(r *Request) { r.Scopes = nil }, 400, 70011, "scope is missing"},
		{"no credential", func(r *Request) { r.ClientSecret = "" }, 400, 7000218, "no credential"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := secretRequest(f, ClientAuthPost)
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
	f := fakeentra.StartTenant(t)
	_, otherCertPEM, otherKeyPEM := fakeentra.NewTestCertificate(t, "not uploaded")
	cert, err := ParseCertificate(otherCertPEM, otherKeyPEM, AlgRS256)
	if err != nil {
		t.Fatal(err)
	}
	_, err = newTestClient(t, 0).Token(context.Background(), Request{TokenURL: f.TokenURL(), ClientID: f.ClientID, Certificate: cert, Scopes: []string{graphScope}})
	var tokenErr *TokenError
	if !errors.As(err, &tokenErr) || !tokenErr.HasAADSTS(700027) || !strings.Contains(tokenErr.Detail(), "upload this certificate") {
		t.Fatalf("got %v", err)
	}
}

func TestNonJSONErrorPagesAreQuoted(t *testing.T) {
	for _, tc := range []struct {
		name     string
		injected fakeentra.InjectedResponse
		want     []string
	}{
		{"plain-text throttling", fakeentra.InjectedResponse{Status: 429, RetryAfter: "60", ContentType: "text/plain", Body: "Too Many Requests"},
			[]string{"429 Too Many Requests", `"Too Many Requests"`}},
		{"proxy HTML page", fakeentra.InjectedResponse{Status: 503, ContentType: "text/html", Body: "<html><head><title>Service Unavailable</title><style>p{}</style></head><body><p>The proxy could not reach the &quot;upstream&quot;.</p></body></html>"},
			[]string{"503 Service Unavailable", `Service Unavailable The proxy could not reach the \"upstream\".`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakeentra.StartTenant(t)
			f.FailNext(1, tc.injected)
			_, err := newTestClient(t, 0).Token(context.Background(), secretRequest(f, ClientAuthAuto))
			for _, want := range tc.want {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v lacks %q", err, want)
				}
			}
			if strings.Contains(fmt.Sprint(err), "<") {
				t.Errorf("error quotes HTML tags: %v", err)
			}
			// auto must not spend a second request on a failure the other style cannot mend.
			if n := f.TokenRequests(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestThrottlingIsRetriedThenSucceeds(t *testing.T) {
	f := fakeentra.StartTenant(t)
	f.FailNext(2, fakeentra.InjectedResponse{Status: 429, RetryAfter: "0", ContentType: "text/plain", Body: "Too Many Requests"})
	if _, err := newTestClient(t, 4).Token(context.Background(), secretRequest(f, ClientAuthAuto)); err != nil {
		t.Fatal(err)
	}
	if n := f.TokenRequests(); n != 3 {
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
	f := fakeentra.StartTenant(t)
	f.SetLatency(50 * time.Millisecond) // so that the readers really overlap
	client := newTestClient(t, 0)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			_, err := client.Token(context.Background(), secretRequest(f, ClientAuthAuto))
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
	if n := f.TokenRequests(); n != 1 {
		t.Fatalf("%d token requests for 50 identical readers, want 1", n)
	}
	// Different scopes are a different token.
	other := secretRequest(f, ClientAuthAuto)
	other.EndpointParams = map[string]string{"x": "y"}
	if _, err := client.Token(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if n := f.TokenRequests(); n != 2 {
		t.Fatalf("%d token requests, want a second one for different parameters", n)
	}
}

func TestCacheRenewsTokensNearExpiry(t *testing.T) {
	f := fakeentra.StartTenant(t)
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
		if _, err := client.Token(context.Background(), secretRequest(f, ClientAuthPost)); err != nil {
			t.Fatal(err)
		}
		if n := f.TokenRequests(); n != step.wantTotal {
			t.Fatalf("after %s: %d requests, want %d", step.advance, n, step.wantTotal)
		}
	}
}

func TestRejectionsAreNotRepeatedButTransientFailuresAre(t *testing.T) {
	f := fakeentra.StartTenant(t)
	client := newTestClient(t, 0)
	bad := secretRequest(f, ClientAuthPost)
	bad.ClientSecret = f.SecretID
	for range 3 {
		if _, err := client.Token(context.Background(), bad); err == nil {
			t.Fatal("wrong secret accepted")
		}
	}
	if n := f.TokenRequests(); n != 1 {
		t.Fatalf("%d requests with the same wrong secret, want 1", n)
	}

	f.FailNext(1, fakeentra.InjectedResponse{Status: 503, ContentType: "text/plain", Body: "down"})
	good := secretRequest(f, ClientAuthPost)
	if _, err := client.Token(context.Background(), good); err == nil {
		t.Fatal("injected 503 not seen")
	}
	if _, err := client.Token(context.Background(), good); err != nil {
		t.Fatalf("a transient failure was cached: %v", err)
	}
}

func TestSecretsNeverAppearInErrors(t *testing.T) {
	// A secret that every encoding changes, echoed in every field of an error and in every form,
	// and at the 200-byte cut of an excerpt, where only a prefix of it would survive a late scrub.
	const secret = "hunter2+with/odd chars&more"
	basic := base64.StdEncoding.EncodeToString([]byte("c:" + url.QueryEscape(secret)))
	for name, answer := range map[string]func(w http.ResponseWriter, echoed string){
		"description": func(w http.ResponseWriter, echoed string) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			body, _ := json.Marshal(map[string]string{"error": "invalid_client " + echoed, "error_description": "bad secret " + echoed, "error_uri": "https://err.example/?s=" + echoed, "trace_id": echoed})
			_, _ = w.Write(body)
		},
		"excerpt cut": func(w http.ResponseWriter, echoed string) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><body>%s%s</body></html>", strings.Repeat("x", 190), echoed)
		},
	} {
		for _, auth := range []ClientAuth{ClientAuthPost, ClientAuthBasic} {
			// A server can echo only what it was sent: the Basic credential when it was sent.
			encoded := []string{secret, url.QueryEscape(secret)}
			if auth == ClientAuthBasic {
				encoded = append(encoded, basic)
			}
			for _, form := range encoded {
				echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { answer(w, form) }))
				_, err := newTestClient(t, 0).Token(context.Background(), Request{TokenURL: echo.URL, ClientID: "c", ClientSecret: secret, ClientAuth: auth})
				echo.Close()
				var tokenErr *TokenError
				if !errors.As(err, &tokenErr) {
					t.Fatalf("%s: %v", name, err)
				}
				shown := err.Error() + tokenErr.Detail()
				for _, leaked := range append(encoded, secret[:8], url.QueryEscape(secret)[:8]) {
					if strings.Contains(shown, leaked) {
						t.Errorf("%s, %v, echoed as %q: the error shows %q: %s", name, auth, form, leaked, shown)
					}
				}
			}
		}
	}
}
