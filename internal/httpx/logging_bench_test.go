package httpx

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx/httpxtest"
)

const benchAnswer = `{"id":"10001","name":"Exchange","type":"MICROSOFT","clientId":"client-Exchange",` +
	`"authorizationEndpoint":"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",` +
	`"tokenEndpoint":"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",` +
	`"scopes":["offline_access","https://outlook.office.com/IMAP.AccessAsUser.All"],"redirectUriSuffix":"abc123"}`

// BenchmarkTransport sends one authenticated GET through the provider's transport (retrier,
// scrubber, logger) to an in-memory answer: with the provider's logger off, as main.go sets it
// when no TF_LOG asks for logs, and at trace, writing to nowhere.
func BenchmarkTransport(b *testing.B) {
	b.Setenv("OAUTHLINK_BENCH_LOG_LEVEL", "off")
	for _, level := range []struct {
		name string
		ctx  context.Context
	}{
		{"off", tfsdklog.NewRootProviderLogger(context.Background(), tfsdklog.WithLevelFromEnv("OAUTHLINK_BENCH_LOG_LEVEL"))},
		{"trace", tflogtest.RootLogger(context.Background(), io.Discard)},
	} {
		b.Run(level.name, func(b *testing.B) {
			client := &http.Client{Transport: &retrier{next: &logger{next: httpxtest.Always(http.StatusOK, benchAnswer), userAgent: "bench"}, timeout: time.Minute}}
			for b.Loop() {
				req, _ := http.NewRequestWithContext(level.ctx, http.MethodGet, "https://jira.example.com/rest/oauth2-client/latest/config/10001", nil)
				req.Header.Set("Authorization", "Bearer personal-access-token-0123456789")
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			}
		})
	}
}

// BenchmarkScrubber collects a request's credentials and scrubs its successful answer with them,
// as every request does.
func BenchmarkScrubber(b *testing.B) {
	req, _ := http.NewRequest(http.MethodGet, "https://jira.example.com/rest/oauth2-client/latest/config/10001", nil)
	req.Header.Set("Authorization", "Bearer personal-access-token-0123456789")
	for b.Loop() {
		resp, _ := httpxtest.Always(http.StatusOK, benchAnswer).RoundTrip(req)
		newScrubber(req, nil).response(resp)
		_, _ = io.Copy(io.Discard, resp.Body)
	}
}
