package oauth

import (
	"context"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// cache holds one token per request key. Concurrent callers with the same key wait for a single
// fetch, so that Terraform reading fifty data sources in parallel costs one token request.
type cache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

type cacheEntry struct {
	mu    sync.Mutex // held while fetching, so that the others wait for its result
	token *Token
	// rejection is a definitive answer (wrong secret, unknown client, bad scope): credentials do
	// not mend themselves within one Terraform command, so the other readers get the same answer
	// instead of sending the same bad credentials again.
	rejection error
}

func newCache() *cache { return &cache{entries: map[string]*cacheEntry{}} }

func (c *cache) get(ctx context.Context, key string, now func() time.Time, fetch func(context.Context) (*Token, error)) (*Token, error) {
	c.mu.Lock()
	entry, ok := c.entries[key]
	if !ok {
		entry = &cacheEntry{}
		c.entries[key] = entry
	}
	c.mu.Unlock()

	entry.mu.Lock()
	defer entry.mu.Unlock()
	if entry.rejection != nil {
		return nil, entry.rejection
	}
	if entry.token != nil && fresh(entry.token, now()) {
		return entry.token, nil
	}
	token, err := fetch(ctx)
	if err != nil {
		if isRejection(err) {
			entry.rejection = err
		}
		// Transient failures are not kept: the next reader tries again.
		return nil, err
	}
	entry.token = token
	return token, nil
}

// maxExpiryMargin is how long before its expiry a cached token is replaced, so that a token
// handed to Terraform still has time to be used. Short-lived tokens are replaced when a quarter of
// their lifetime is left.
const maxExpiryMargin = 2 * time.Minute

func fresh(t *Token, now time.Time) bool {
	if t.ExpiresAt.IsZero() {
		return true // the server said nothing of expiry; the provider process is short-lived
	}
	margin := min(maxExpiryMargin, t.ExpiresAt.Sub(t.ObtainedAt)/4)
	return now.Before(t.ExpiresAt.Add(-margin))
}

// styleMemory remembers which client authentication style an endpoint accepted when auto-detected.
type styleMemory struct {
	m sync.Map
}

// get returns the style that worked for key, or HTTP Basic, which every server must support
// (RFC 6749 §2.3.1).
func (s *styleMemory) get(key string) oauth2.AuthStyle {
	if v, ok := s.m.Load(key); ok {
		return v.(oauth2.AuthStyle)
	}
	return oauth2.AuthStyleInHeader
}

func (s *styleMemory) set(key string, style oauth2.AuthStyle) { s.m.Store(key, style) }
