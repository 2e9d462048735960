package main

// The simulator's HTTPS endpoint: a self-signed certificate made at start (a vCenter's usual out-of-the-box state).
// The "newcert" command replaces the whole endpoint (certificate, session ticket keys, connections) on the same
// address, as a reinstalled vCenter would, so tests can show that a changed certificate is noticed.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"time"
)

// tlsEndpoint is one HTTPS server with one certificate. Each has its own tls.Config, hence its own session ticket
// keys: a session from an earlier endpoint cannot be resumed here.
type tlsEndpoint struct {
	addr   string
	server *http.Server
}

func (e *tlsEndpoint) Close() {
	_ = e.server.Close() // closes the listener and every open connection
}

func startTLSEndpoint(addr string, handler http.Handler) (*tlsEndpoint, string, error) {
	certificate, thumbprint, err := selfSignedCertificate()
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	server := &http.Server{Handler: handler, TLSConfig: &tls.Config{Certificates: []tls.Certificate{*certificate}}}
	go func() { _ = server.ServeTLS(ln, "", "") }()
	return &tlsEndpoint{addr: ln.Addr().String(), server: server}, thumbprint, nil
}

// selfSignedCertificate makes a new self-signed certificate for 127.0.0.1 and localhost and returns it with its SHA-256
// thumbprint in vSphere's notation (upper-case hex pairs joined by colons).
func selfSignedCertificate() (*tls.Certificate, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, "", err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, "", err
	}
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "vcsim.lifeboat.lab", Organization: []string{"Lifeboat lab simulator"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(der)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = fmt.Sprintf("%02X", b)
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, strings.Join(pairs, ":"), nil
}
