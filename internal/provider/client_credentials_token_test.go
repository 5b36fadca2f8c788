package provider

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
)

// The CLIs print warnings but terraform-plugin-testing does not expose them, so these tests speak
// the plugin protocol to the provider directly, as the CLI would.

func TestWarnsWhenTheSecretLooksLikeASecretID(t *testing.T) {
	p := newProtocolHarness(t)
	resp, err := p.server.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: tokenTypeName,
		Config:   p.tokenConfig(t, "https://login.example.com/t/oauth2/v2.0/token", "app", "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"),
	})
	if err != nil {
		t.Fatal(err)
	}
	expectOnlyWarning(t, resp.Diagnostics, "Client secret looks like a secret ID", "AADSTS7000215")
	for _, d := range resp.Diagnostics {
		if strings.Contains(d.Detail+d.Summary, "0a9b8c7d") {
			t.Errorf("the diagnostic shows the secret: %+v", d)
		}
	}
}

func TestWarnsWhenAdminConsentIsMissing(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	p := newProtocolHarness(t)
	read := func(clientID string) []*tfprotov6.Diagnostic {
		resp, err := p.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
			TypeName: tokenTypeName,
			Config:   p.tokenConfig(t, entra.TokenURL(), clientID, entra.SecretValue),
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}
	expectOnlyWarning(t, read(entra.UnconsentedClientID), "The token carries no application permissions", "Grant admin consent")
	if diags := read(entra.ClientID); len(diags) != 0 {
		t.Errorf("a token with roles got diagnostics: %+v", diags)
	}
}

// TestTraceLogsHoldNoSecrets reads tokens with the provider's logger at trace level, as
// TF_LOG=trace would, and looks for the secrets and tokens in everything it wrote.
func TestTraceLogsHoldNoSecrets(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	p := newProtocolHarness(t)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	for _, auth := range []string{"basic", "post"} {
		config := p.tokenConfigWith(t, map[string]tftypes.Value{
			"token_url":     tftypes.NewValue(tftypes.String, entra.TokenURL()),
			"client_id":     tftypes.NewValue(tftypes.String, entra.ClientID),
			"client_secret": tftypes.NewValue(tftypes.String, entra.SecretValue),
			"client_auth":   tftypes.NewValue(tftypes.String, auth),
			"scopes":        tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, graphScope)}),
		})
		resp, err := p.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: tokenTypeName, Config: config})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("read: %v %+v", err, resp.Diagnostics)
		}
	}
	out := logs.String()
	if !strings.Contains(out, "HTTP response") || !strings.Contains(out, `Basic [redacted]`) {
		t.Fatalf("the trace log lacks the token requests, so this test proves nothing:\n%s", out)
	}
	for _, secret := range []string{entra.SecretValue, url.QueryEscape(entra.SecretValue), "eyJ"} {
		if strings.Contains(out, secret) {
			t.Errorf("the trace log shows %q", secret)
		}
	}
}

// TestFiftyDataSourcesCostOneTokenRequest reads fifty identical data sources concurrently from
// one provider process, as one plan does (Terraform reads up to ten at a time).
func TestFiftyDataSourcesCostOneTokenRequest(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	entra.SetLatency(20 * time.Millisecond) // so that the reads overlap
	p := newProtocolHarness(t)
	config := p.tokenConfig(t, entra.TokenURL(), entra.ClientID, entra.SecretValue)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			resp, err := p.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: tokenTypeName, Config: config})
			if err != nil || len(resp.Diagnostics) > 0 {
				t.Errorf("read: %v %+v", err, resp.Diagnostics)
			}
		})
	}
	wg.Wait()
	if n := entra.TokenRequests(); n != 1 {
		t.Fatalf("50 data sources cost %d token requests, want 1", n)
	}
}
