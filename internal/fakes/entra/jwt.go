package entra

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// jwtHeader is the JOSE header of the compact JWS tokens the fakes sign and
// read (RFC 7515 §4). Field order is the order Entra writes them in.
type jwtHeader struct {
	Typ     string `json:"typ,omitempty"`
	Alg     string `json:"alg"`
	Kid     string `json:"kid,omitempty"`
	X5t     string `json:"x5t,omitempty"`
	X5tS256 string `json:"x5t#S256,omitempty"`
}

// jws is a parsed but not yet verified compact JWS.
type jws struct {
	header       jwtHeader
	signingInput string // base64url(header) "." base64url(payload)
	payload      []byte
	signature    []byte
}

var b64 = base64.RawURLEncoding

// signRS256 returns the compact serialisation of claims signed with
// RSASSA-PKCS1-v1_5 SHA-256 (RFC 7518 §3.3).
func signRS256(key *rsa.PrivateKey, header jwtHeader, claims any) (string, error) {
	header.Alg = "RS256"
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	p, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(p)
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		return "", err
	}
	return input + "." + b64.EncodeToString(sig), nil
}

// parseJWS splits and decodes a compact JWS without verifying it.
func parseJWS(token string) (jws, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return jws{}, errors.New("not a compact JWS")
	}
	var t jws
	h, err := b64.DecodeString(parts[0])
	if err != nil {
		return jws{}, fmt.Errorf("header: %w", err)
	}
	if err := json.Unmarshal(h, &t.header); err != nil {
		return jws{}, fmt.Errorf("header: %w", err)
	}
	if t.payload, err = b64.DecodeString(parts[1]); err != nil {
		return jws{}, fmt.Errorf("payload: %w", err)
	}
	if t.signature, err = b64.DecodeString(parts[2]); err != nil {
		return jws{}, fmt.Errorf("signature: %w", err)
	}
	t.signingInput = parts[0] + "." + parts[1]
	return t, nil
}

// verifyRSA checks the signature for the two RSA algorithms Entra accepts in
// client assertions: RS256 (PKCS#1 v1.5) and PS256 (PSS, salt length equal to
// the hash length as RFC 7518 §3.5 requires).
func (t jws) verifyRSA(pub *rsa.PublicKey) error {
	digest := sha256.Sum256([]byte(t.signingInput))
	switch t.header.Alg {
	case "RS256":
		return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], t.signature)
	case "PS256":
		return rsa.VerifyPSS(pub, crypto.SHA256, digest[:], t.signature,
			&rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	default:
		return fmt.Errorf("unsupported alg %q", t.header.Alg)
	}
}
