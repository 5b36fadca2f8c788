package entra

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"testing"
	"time"
)

// NewTestCertificate returns a self-signed RSA 2048 certificate valid from an
// hour ago for a year, its PEM ("CERTIFICATE") and the PKCS#8 PEM
// ("PRIVATE KEY") of its key, as an app registration's certificate credential
// and the client holding it would use.
func NewTestCertificate(t testing.TB, commonName string) (cert *x509.Certificate, certPEM, keyPEM string) {
	t.Helper()
	cert, certPEM, keyPEM, err := NewCertificate(commonName)
	if err != nil {
		t.Fatal(err)
	}
	return cert, certPEM, keyPEM
}

// NewCertificate is NewTestCertificate for callers outside tests.
func NewCertificate(commonName string) (cert *x509.Certificate, certPEM, keyPEM string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, "", "", fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, "", "", fmt.Errorf("serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, "", "", fmt.Errorf("create certificate: %w", err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		return nil, "", "", fmt.Errorf("parse certificate: %w", err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, "", "", fmt.Errorf("marshal key: %w", err)
	}
	certPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	keyPEM = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
	return cert, certPEM, keyPEM, nil
}
