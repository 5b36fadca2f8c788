package oauth

import (
	"encoding/base64"
	"reflect"
	"testing"
)

func jwtWith(payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc([]byte(payload)) + ".c2ln"
}

func TestParseClaims(t *testing.T) {
	for _, tc := range []struct {
		name, token string
		want        *Claims
		wantConsent bool
	}{
		{"Entra app-only with roles", jwtWith(`{"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/t/","tid":"t","appid":"a","roles":["User.Read.All"],"exp":1790000000}`),
			&Claims{Audience: []string{"https://graph.microsoft.com"}, Issuer: "https://sts.windows.net/t/", TenantID: "t", AppID: "a", Roles: []string{"User.Read.All"}, ExpiresAt: 1790000000}, false},
		{"Entra app-only without roles", jwtWith(`{"aud":"https://graph.microsoft.com","tid":"t","appid":"a"}`),
			&Claims{Audience: []string{"https://graph.microsoft.com"}, TenantID: "t", AppID: "a"}, true},
		{"Entra delegated", jwtWith(`{"aud":"x","tid":"t","scp":"Mail.Read  offline_access"}`),
			&Claims{Audience: []string{"x"}, TenantID: "t", Scopes: []string{"Mail.Read", "offline_access"}}, false},
		{"other issuer, audience list", jwtWith(`{"aud":["a","b"],"azp":"c","exp":1.79e9}`),
			&Claims{Audience: []string{"a", "b"}, AZP: "c", ExpiresAt: 1790000000}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseClaims(tc.token)
			if !ok || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ParseClaims = %+v, %v; want %+v", got, ok, tc.want)
			}
			if got.MissingConsent() != tc.wantConsent {
				t.Fatalf("MissingConsent = %v, want %v", got.MissingConsent(), tc.wantConsent)
			}
		})
	}
	for _, opaque := range []string{"2YotnFZFEjr1zCsicMWpAA", "a.b", "a.!!!.c", jwtWith("not json")} {
		if _, ok := ParseClaims(opaque); ok {
			t.Errorf("ParseClaims(%q) took an opaque token for a JWT", opaque)
		}
	}
}
