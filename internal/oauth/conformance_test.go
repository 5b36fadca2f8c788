package oauth

import (
	"context"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/oidcprovidertest"
)

// These tests check the token client against oidc-provider, an independent and strict
// implementation, rather than against fakes we wrote ourselves.

// oddSecret holds the characters that client_secret_basic must form-encode (RFC 6749 §2.3.1);
// oidc-provider refuses Basic credentials that are not encoded.
const oddSecret = "s3cr%t+with/odd:chars="

func TestConformanceWithOIDCProvider(t *testing.T) {
	cert, certPEM, keyPEM := fakeentra.NewTestCertificate(t, "conformance")
	server := oidcprovidertest.Start(t,
		oidcprovidertest.Client{ID: "basic-client", Secret: oddSecret, AuthMethod: "client_secret_basic"},
		oidcprovidertest.Client{ID: "post-client", Secret: oddSecret, AuthMethod: "client_secret_post"},
		oidcprovidertest.Client{ID: "rs256-client", AuthMethod: "private_key_jwt", SigningAlg: AlgRS256, PublicKey: cert.PublicKey.(*rsa.PublicKey), Certificate: cert},
		oidcprovidertest.Client{ID: "ps256-client", AuthMethod: "private_key_jwt", SigningAlg: AlgPS256, PublicKey: cert.PublicKey.(*rsa.PublicKey), Certificate: cert},
	)
	secretRequest := func(clientID string, auth ClientAuth) Request {
		return Request{TokenURL: server.TokenURL, ClientID: clientID, ClientSecret: oddSecret, ClientAuth: auth, Scopes: strings.Fields(oidcprovidertest.Scope)}
	}

	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"client_secret_basic", secretRequest("basic-client", ClientAuthBasic)},
		{"client_secret_post", secretRequest("post-client", ClientAuthPost)},
		{"auto with a Basic client", secretRequest("basic-client", ClientAuthAuto)},
		{"auto with a post-only client", secretRequest("post-client", ClientAuthAuto)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, err := newTestClient(t, 0).fetch(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.EqualFold(token.TokenType, "Bearer") || token.ExpiresAt.IsZero() {
				t.Fatalf("token %+v", token)
			}
			if _, isJWT := ParseClaims(token.AccessToken); isJWT {
				t.Fatal("without a resource oidc-provider issues opaque tokens; the client took one for a JWT")
			}
		})
	}

	for _, alg := range Algorithms {
		t.Run("private_key_jwt "+alg, func(t *testing.T) {
			credential, err := ParseCertificate(certPEM, keyPEM, alg)
			if err != nil {
				t.Fatal(err)
			}
			req := Request{TokenURL: server.TokenURL, ClientID: strings.ToLower(alg) + "-client", Certificate: credential,
				Scopes: strings.Fields(oidcprovidertest.Scope), EndpointParams: map[string]string{"resource": oidcprovidertest.Resource}}
			client := newTestClient(t, 0)
			// Twice: oidc-provider refuses a replayed assertion, so each request needs its own.
			for range 2 {
				token, err := client.fetch(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				claims, isJWT := ParseClaims(token.AccessToken)
				if !isJWT || len(claims.Audience) != 1 || claims.Audience[0] != oidcprovidertest.Resource || claims.Issuer != server.Issuer {
					t.Fatalf("claims %+v of a token for resource %s", claims, oidcprovidertest.Resource)
				}
			}
		})
	}

	t.Run("wrong secret", func(t *testing.T) {
		req := secretRequest("basic-client", ClientAuthBasic)
		req.ClientSecret = "wrong"
		_, err := newTestClient(t, 0).fetch(context.Background(), req)
		var tokenErr *TokenError
		if !errors.As(err, &tokenErr) || tokenErr.StatusCode != 401 || tokenErr.Code != "invalid_client" {
			t.Fatalf("got %v, want 401 invalid_client", err)
		}
		if !strings.Contains(tokenErr.Detail(), "did not accept the client's credentials") {
			t.Errorf("detail %q", tokenErr.Detail())
		}
	})
}
