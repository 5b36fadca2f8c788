package oauth

import (
	"context"
	"testing"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
)

// BenchmarkToken compares a token served from the cache with one fetched from the fake Entra
// token endpoint on loopback, the floor of what a real endpoint costs.
func BenchmarkToken(b *testing.B) {
	f := fakeentra.StartTenant(b)
	req := secretRequest(f, ClientAuthBasic)
	client := newTestClient(b, 0)
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := client.Token(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Many data sources refresh at once (the CLI's parallelism is 10): the cache must not
	// serialise them.
	b.Run("cached-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := client.Token(context.Background(), req); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("fetched", func(b *testing.B) {
		for b.Loop() {
			if _, err := client.fetch(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
