// Package oidcprovidertest runs the real oidc-provider OAuth 2.0
// authorization server (the npm package, pinned in testdata/package.json) on
// 127.0.0.1 so that tests can check our token client against an independent
// implementation instead of against fakes we wrote ourselves.
//
// It needs node on PATH and the npm dependencies installed:
//
//	npm ci --prefix internal/oidcprovidertest/testdata
//
// (which `make node-deps` does). Without them, tests that start the server skip, so that a plain
// `go test ./...` passes on a machine without Node.js; with OAUTHLINK_REQUIRE_OIDC_PROVIDER set
// (scripts/test.sh, that is `make test`, sets it) they fail instead, so that the conformance
// tests cannot silently stop running in CI.
package oidcprovidertest

import (
	"bufio"
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Scope is the scope every client is registered with.
const Scope = "api:read api:write"

// Resource is the resource indicator for which the server issues JWT access
// tokens (audience Resource, scope Scope). Requests without a resource
// parameter get oidc-provider's default opaque access token.
const Resource = "urn:oauthlink:test-api"

// RequireEnv is the environment variable that turns a missing node or oidc-provider from a
// skipped test into a failed one. Any value but "", "0" and "false" sets it.
const RequireEnv = "OAUTHLINK_REQUIRE_OIDC_PROVIDER"

// startTimeout bounds how long Start waits for the server to announce itself.
// Startup normally takes well under a second; the margin is for loaded CI
// machines.
const startTimeout = 30 * time.Second

// Client is one OAuth client registered at the server.
type Client struct {
	ID, Secret string // Secret is empty for private_key_jwt.
	// AuthMethod is the token endpoint authentication method:
	// "client_secret_basic", "client_secret_post" or "private_key_jwt".
	AuthMethod string
	// SigningAlg is the client assertion algorithm for private_key_jwt:
	// "RS256" or "PS256". The server rejects assertions signed with any other.
	SigningAlg string
	// PublicKey verifies the client assertions of a private_key_jwt client.
	PublicKey *rsa.PublicKey
	// KeyID is the optional "kid" of the client's JWK. oidc-provider selects
	// the verification key by kid when the assertion header has one.
	KeyID string
	// Certificate is optional; when set, the JWK carries it as "x5c" so that
	// assertions whose header names the key by x5t / x5t#S256 refer to a
	// certificate the server knows. (oidc-provider itself selects keys by
	// kid and alg only.)
	Certificate *x509.Certificate
}

// Server is a running oidc-provider.
type Server struct {
	// Issuer is the issuer identifier, "http://127.0.0.1:<port>".
	Issuer string
	// TokenURL is the token endpoint from the server's discovery document.
	TokenURL string
}

// Start starts oidc-provider with the given clients and stops it when the
// test ends (t.Cleanup). When node or the npm dependencies are missing it
// skips the test, or fails it when RequireEnv is set; it fails the test when
// the server does not come up.
func Start(t testing.TB, clients ...Client) *Server {
	t.Helper()

	dir, err := testdataDir()
	if err != nil {
		t.Fatalf("oidcprovidertest: %v", err)
	}
	node, missing := findInstall(dir, exec.LookPath)
	if missing != "" {
		skipOrFail(t, missing, required(os.Getenv(RequireEnv)))
		return nil // only a test double of t gets here
	}

	config, err := serverConfig(clients)
	if err != nil {
		t.Fatalf("oidcprovidertest: %v", err)
	}

	cmd := exec.Command(node, "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OIDC_TEST_CONFIG="+string(config))
	// The server exits when its stdin closes. Keeping the write end open here
	// ties its lifetime to this process even if the test binary is killed
	// before Cleanup runs.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatalf("oidcprovidertest: %v", err)
	}
	// An io.Pipe rather than cmd.StdoutPipe: Wait may then run concurrently
	// with the reader below (it waits for exec's copying goroutine instead
	// of closing the pipe under the reader).
	stdout, stdoutW := io.Pipe()
	cmd.Stdout = stdoutW
	stderr := new(syncBuffer)
	cmd.Stderr = stderr

	begin := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("oidcprovidertest: starting node: %v", err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		// Ends the line reader below if the server dies before announcing
		// itself.
		stdoutW.Close()
		close(exited)
	}()
	stop := func() {
		stdin.Close()
		select {
		case <-exited:
			return
		case <-time.After(5 * time.Second):
		}
		// Closing stdin normally suffices; SIGTERM and then SIGKILL are for
		// a server that is stuck.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}

	type result struct {
		line []byte
		err  error
	}
	lines := make(chan result, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, err := r.ReadBytes('\n')
		lines <- result{line, err}
		// Drain anything else so the server can never block on a full pipe.
		_, _ = io.Copy(io.Discard, r)
	}()

	var res result
	select {
	case res = <-lines:
	case <-time.After(startTimeout):
		res.err = fmt.Errorf("no announcement within %v", startTimeout)
	}
	var announce struct {
		Issuer        string `json:"issuer"`
		TokenEndpoint string `json:"token_endpoint"`
	}
	if errors.Is(res.err, io.EOF) {
		res.err = errors.New("node exited before announcing the server")
	} else if res.err == nil {
		if err := json.Unmarshal(res.line, &announce); err != nil {
			res.err = fmt.Errorf("reading the announcement %q: %v", res.line, err)
		} else if announce.Issuer == "" || announce.TokenEndpoint == "" {
			res.err = fmt.Errorf("incomplete announcement %q", res.line)
		}
	}
	if res.err != nil {
		stop()
		t.Fatalf("oidcprovidertest: oidc-provider did not start: %v (node exit: %v)\nserver stderr:\n%s", res.err, waitErr, stderr)
	}
	srv := &Server{Issuer: announce.Issuer, TokenURL: announce.TokenEndpoint}
	t.Logf("oidcprovidertest: oidc-provider %s started in %v", srv.Issuer, time.Since(begin).Round(time.Millisecond))

	t.Cleanup(func() {
		stop()
		// The server logs why it rejected a request (bad aud, replayed jti,
		// ...), which the HTTP response does not say: show it when it may
		// explain a failure.
		if t.Failed() {
			t.Logf("oidcprovidertest: server stderr:\n%s", stderr)
		}
	})
	return srv
}

// findInstall returns the node binary that runs the server, or what is missing
// to run it (node, or oidc-provider in dir/node_modules) and how to install it.
func findInstall(dir string, lookPath func(string) (string, error)) (node, missing string) {
	node, err := lookPath("node")
	if err != nil {
		return "", "node (Node.js 20 or later) is not on PATH: install it, then run `make node-deps`"
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "oidc-provider", "package.json")); err != nil {
		return "", fmt.Sprintf("the npm package oidc-provider is not installed in %s: run `make node-deps` "+
			"(npm ci --prefix internal/oidcprovidertest/testdata)", dir)
	}
	return node, ""
}

// required reports whether a value of RequireEnv asks for the server.
func required(value string) bool {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "", "0", "false":
		return false
	}
	return true
}

// skipOrFail ends a test that cannot start the server: a skip that says what to
// install, or a failure when the server is required (make test).
func skipOrFail(t testing.TB, missing string, require bool) {
	t.Helper()
	if require {
		t.Fatalf("oidcprovidertest: %s is set (make test sets it), so the oidc-provider conformance tests must run, but %s.", RequireEnv, missing)
		return
	}
	t.Skipf("oidcprovidertest: skipping the oidc-provider conformance test: %s. `make test` runs it (and fails without it).", missing)
}

// testdataDir returns the directory with server.mjs. It is found from this
// source file's location so that Start works from any package's tests, whose
// working directory is their own package directory.
func testdataDir() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("cannot locate the package source to find testdata")
	}
	dir := filepath.Join(filepath.Dir(file), "testdata")
	if _, err := os.Stat(filepath.Join(dir, "server.mjs")); err != nil {
		return "", fmt.Errorf("testdata not found next to the package source: %v", err)
	}
	return dir, nil
}

// clientMetadata is the part of a client's registration metadata (RFC 7591
// names) that server.mjs passes to oidc-provider.
type clientMetadata struct {
	ClientID                    string `json:"client_id"`
	ClientSecret                string `json:"client_secret,omitempty"`
	TokenEndpointAuthMethod     string `json:"token_endpoint_auth_method"`
	TokenEndpointAuthSigningAlg string `json:"token_endpoint_auth_signing_alg,omitempty"`
	JWKS                        *jwks  `json:"jwks,omitempty"`
	Scope                       string `json:"scope"`
}

type jwks struct {
	Keys []jwk `json:"keys"`
}

// jwk is an RSA public JSON Web Key (RFC 7517, RFC 7518 §6.3.1).
type jwk struct {
	Kty string   `json:"kty"`
	N   string   `json:"n"`
	E   string   `json:"e"`
	Use string   `json:"use"`
	Alg string   `json:"alg,omitempty"`
	Kid string   `json:"kid,omitempty"`
	X5c []string `json:"x5c,omitempty"`
}

// serverConfig builds the OIDC_TEST_CONFIG JSON for server.mjs.
func serverConfig(clients []Client) ([]byte, error) {
	var config struct {
		Clients []clientMetadata `json:"clients"`
	}
	config.Clients = []clientMetadata{}
	for _, c := range clients {
		if c.ID == "" {
			return nil, errors.New("client without ID")
		}
		m := clientMetadata{
			ClientID:                c.ID,
			ClientSecret:            c.Secret,
			TokenEndpointAuthMethod: c.AuthMethod,
			Scope:                   Scope,
		}
		switch c.AuthMethod {
		case "client_secret_basic", "client_secret_post":
			if c.Secret == "" {
				return nil, fmt.Errorf("client %q: %s needs a Secret", c.ID, c.AuthMethod)
			}
		case "private_key_jwt":
			if c.PublicKey == nil {
				return nil, fmt.Errorf("client %q: private_key_jwt needs a PublicKey", c.ID)
			}
			m.TokenEndpointAuthSigningAlg = c.SigningAlg
			key := jwk{
				Kty: "RSA",
				N:   base64.RawURLEncoding.EncodeToString(c.PublicKey.N.Bytes()),
				E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(c.PublicKey.E)).Bytes()),
				Use: "sig",
				// A JWK with "alg" only verifies that algorithm, which is
				// what the client's registered SigningAlg demands anyway.
				Alg: c.SigningAlg,
				Kid: c.KeyID,
			}
			if c.Certificate != nil {
				// RFC 7517 §4.7: x5c holds standard (not URL-safe) base64 DER.
				key.X5c = []string{base64.StdEncoding.EncodeToString(c.Certificate.Raw)}
			}
			m.JWKS = &jwks{Keys: []jwk{key}}
		default:
			return nil, fmt.Errorf("client %q: unsupported AuthMethod %q", c.ID, c.AuthMethod)
		}
		config.Clients = append(config.Clients, m)
	}
	return json.Marshal(config)
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of the process
// plumbing and the reads of the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimRight(b.buf.String(), "\n")
}
