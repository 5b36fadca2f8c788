package oauth

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // x5t is defined as a SHA-1 thumbprint (RFC 7515 §4.1.7); it identifies, it does not protect.
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"time"
)

// Signing algorithms for client assertions.
const (
	// AlgRS256 signs with RSASSA-PKCS1-v1_5 and names the certificate by its SHA-1 thumbprint (x5t),
	// as older Entra documents and most servers expect.
	AlgRS256 = "RS256"
	// AlgPS256 signs with RSASSA-PSS and names the certificate by its SHA-256 thumbprint (x5t#S256),
	// as current Entra documents describe.
	AlgPS256 = "PS256"
)

// Algorithms lists the accepted signing algorithms.
var Algorithms = []string{AlgRS256, AlgPS256}

// assertionLifetime keeps nbf and exp well inside the ~10 minutes Entra allows.
const assertionLifetime = 5 * time.Minute

// Certificate is a certificate credential: the certificate registered at the server and its
// private key, which signs a client assertion for every token request.
type Certificate struct {
	cert      *x509.Certificate
	key       *rsa.PrivateKey
	Algorithm string
}

// ParseCertificate reads a PEM certificate and its PEM private key (PKCS#8 or PKCS#1, RSA) and
// checks that they belong together. An empty algorithm means RS256.
func ParseCertificate(certificatePEM, privateKeyPEM, algorithm string) (*Certificate, error) {
	if algorithm == "" {
		algorithm = AlgRS256
	}
	if algorithm != AlgRS256 && algorithm != AlgPS256 {
		return nil, fmt.Errorf("signing algorithm %q is not supported: use %q or %q", algorithm, AlgRS256, AlgPS256)
	}
	cert, err := parseCertificatePEM(certificatePEM)
	if err != nil {
		return nil, err
	}
	key, err := parsePrivateKeyPEM(privateKeyPEM)
	if err != nil {
		return nil, err
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		return nil, errors.New("private_key_pem does not belong to certificate_pem: their public keys differ")
	}
	return &Certificate{cert: cert, key: key, Algorithm: algorithm}, nil
}

func parseCertificatePEM(data string) (*x509.Certificate, error) {
	for rest := []byte(data); ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errors.New(`certificate_pem holds no "-----BEGIN CERTIFICATE-----" block`)
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate_pem: %w", err)
		}
		return cert, nil
	}
}

func parsePrivateKeyPEM(data string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(data))
	if block == nil {
		return nil, errors.New(`private_key_pem holds no PEM block: expected "-----BEGIN PRIVATE KEY-----" (PKCS#8) or "-----BEGIN RSA PRIVATE KEY-----" (PKCS#1)`)
	}
	if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] != "" {
		return nil, errors.New("private_key_pem is encrypted: provide the key without a passphrase (e.g. openssl pkey -in key.pem -out plain.pem)")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("private_key_pem: %w", err)
	}
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private_key_pem holds a %T key: certificate credentials need an RSA key", key)
	}
	return rsaKey, nil
}

// fingerprint identifies the credential in the token cache.
func (c *Certificate) fingerprint() string {
	sum := sha256.Sum256(c.cert.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// assertion returns a signed JWT that authenticates clientID at the token endpoint audience
// (RFC 7523 §3): iss = sub = client id, aud = token URL, a unique jti, and a short lifetime.
func (c *Certificate) assertion(clientID, audience string, now time.Time) (string, error) {
	header := map[string]string{"alg": c.Algorithm, "typ": "JWT"}
	if c.Algorithm == AlgPS256 {
		sum := sha256.Sum256(c.cert.Raw)
		header["x5t#S256"] = base64.RawURLEncoding.EncodeToString(sum[:])
	} else {
		sum := sha1.Sum(c.cert.Raw) //nolint:gosec // see the import
		header["x5t"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	jti, err := newGUID()
	if err != nil {
		return "", err
	}
	claims := map[string]any{
		"iss": clientID, "sub": clientID, "aud": audience, "jti": jti,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(assertionLifetime).Unix(),
	}
	signingInput, err := encodeSegments(header, claims)
	if err != nil {
		return "", err
	}
	digest := sha256.Sum256([]byte(signingInput))
	var signature []byte
	if c.Algorithm == AlgPS256 {
		signature, err = rsa.SignPSS(rand.Reader, c.key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	} else {
		signature, err = rsa.SignPKCS1v15(rand.Reader, c.key, crypto.SHA256, digest[:])
	}
	if err != nil {
		return "", fmt.Errorf("signing the client assertion: %w", err)
	}
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(signature), nil
}

func encodeSegments(header, claims any) (string, error) {
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c), nil
}

// newGUID returns a random (version 4) GUID, the jti form Entra documents.
func newGUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:]), nil
}
