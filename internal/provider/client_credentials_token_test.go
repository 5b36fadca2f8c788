package provider

import (
	"bytes"
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/oauth"
)

// secretTokenValues are the arguments of a token data source or ephemeral resource (or an
// oauth2 block) that asks tokenURL for a Graph token with a client secret, as the plugin
// protocol carries them.
func secretTokenValues(tokenURL, clientID, secret string) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"token_url":     tftypes.NewValue(tftypes.String, tokenURL),
		"client_id":     tftypes.NewValue(tftypes.String, clientID),
		"client_secret": tftypes.NewValue(tftypes.String, secret),
		"scopes":        tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, graphScope)}),
	}
}

// The CLIs print warnings but terraform-plugin-testing does not expose them, so these tests speak
// the plugin protocol to the provider directly, as the CLI would.

// TestSecretIDWarnsOncePerRead gives the token data source and ephemeral resource, and
// oauthlink_api_request, the Entra secret's ID where its Value belongs, and speaks to the provider
// as the CLI does in one plan: it validates the configuration twice, then reads it (a data source)
// or opens it (an ephemeral resource) once. The warning shows once, beside the token endpoint's
// error that it explains, and never shows the value.
func TestSecretIDWarnsOncePerRead(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	p := newProtocolHarness(t)
	ctx := context.Background()
	token := secretTokenValues(entra.TokenURL(), entra.ClientID, entra.SecretID)
	apiRequest := func(typ tftypes.Type) map[string]tftypes.Value {
		return map[string]tftypes.Value{
			"url":    tftypes.NewValue(tftypes.String, "https://graph.microsoft.com/v1.0/sites/root"),
			"oauth2": objectValue(typ.(tftypes.Object).AttributeTypes["oauth2"], token),
		}
	}
	for _, tc := range []struct {
		kind, typeName, attribute string
		config                    func(tftypes.Type) map[string]tftypes.Value
	}{
		{"data", tokenTypeName, "client_secret", func(tftypes.Type) map[string]tftypes.Value { return token }},
		{"ephemeral", tokenTypeName, "client_secret", func(tftypes.Type) map[string]tftypes.Value { return token }},
		{"data", "oauthlink_api_request", "oauth2.client_secret", apiRequest},
		{"ephemeral", "oauthlink_api_request", "oauth2.client_secret", apiRequest},
	} {
		t.Run(tc.kind+" "+tc.typeName, func(t *testing.T) {
			schemas := p.schema.DataSourceSchemas
			if tc.kind == "ephemeral" {
				schemas = p.schema.EphemeralResourceSchemas
			}
			typ := schemas[tc.typeName].ValueType()
			config := dynamicValue(t, typ, tc.config(typ))
			var diags []*tfprotov6.Diagnostic
			if tc.kind == "data" {
				diags = onePlan(t, func() (any, error) {
					return p.server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: tc.typeName, Config: config})
				}, func() (any, error) {
					return p.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: tc.typeName, Config: config})
				})
			} else {
				diags = onePlan(t, func() (any, error) {
					return p.server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: tc.typeName, Config: config})
				}, func() (any, error) {
					return p.server.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{TypeName: tc.typeName, Config: config})
				})
			}
			if n := countWarnings(diags, "Client secret looks like a secret ID", tc.attribute+" is shaped like a GUID."); n != 1 {
				t.Errorf("%d secret ID warnings on %s, want 1: %s", n, tc.attribute, describe(diags))
			}
			if len(diags) != 2 || diags[1].Severity != tfprotov6.DiagnosticSeverityError || !strings.Contains(diags[1].Detail, "AADSTS7000215") {
				t.Errorf("want the warning, then the token endpoint's error; got %s", describe(diags))
			}
			for _, d := range diags {
				if strings.Contains(d.Detail+d.Summary, entra.SecretID) {
					t.Errorf("the diagnostic shows the secret: %+v", d)
				}
			}
		})
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
		token := secretTokenValues(entra.TokenURL(), entra.ClientID, entra.SecretValue)
		token["client_auth"] = tftypes.NewValue(tftypes.String, auth)
		resp, err := p.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: tokenTypeName, Config: p.tokenConfigWith(t, token)})
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

// A token endpoint that nothing answers at is reported with what to check about token_url; one
// that answers keeps its own explanation.
func TestTokenErrorNamesTokenURLWhenNothingAnswers(t *testing.T) {
	client, err := httpx.New(httpx.Options{MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	tokens := oauth.NewClient(client)
	for _, tc := range []struct{ url, want string }{
		{"http://" + closedPort(t) + "/token", "connection refused.*Nothing accepted the connection at the host and port of token_url: .*that the token endpoint is running"},
		{"https://login.invalid/token", "no such host.*The host name in token_url was not found"},
		{quietTLSServer(t).URL + "/token", "does not trust the certificate of the server at token_url: .*ca_cert_pem"},
	} {
		_, err := tokens.Token(context.Background(), oauth.Request{TokenURL: tc.url, ClientID: "c", ClientSecret: "s"})
		detail := tokenErrorDiagnostic("token_url", tc.url, err).Detail()
		if !regexp.MustCompile(tc.want).MatchString(detail) || strings.Contains(detail, "..") {
			t.Errorf("%s: %q, want %q", tc.url, detail, tc.want)
		}
	}
}

// The provider's own token for the External Data API names external_data.oauth2.token_url when
// nothing answers there.
func TestManagementTokenNamesItsTokenURLWhenNothingAnswers(t *testing.T) {
	client, err := httpx.New(httpx.Options{MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	token := managementToken(oauth.NewClient(client), oauth.Request{TokenURL: "https://login.invalid/token", ClientID: "c", ClientSecret: "s"})
	_, err = token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "The host name in external_data.oauth2.token_url was not found") {
		t.Errorf("got %v", err)
	}
}
