package main

// The simulator's HTTPS endpoint: a self-signed certificate made at start (a vCenter's usual out-of-the-box state),
// which the "newcert" command replaces while the server runs, so tests can show that a changed certificate is noticed.

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
	"strings"
	"sync/atomic"
	"time"
)

type rotatingCertificate struct {
	current atomic.Value // *tls.Certificate
}

// renew makes a new self-signed certificate for 127.0.0.1 and localhost and serves it from the next handshake on.
// It returns the certificate's SHA-256 thumbprint in vSphere's notation (upper-case hex pairs joined by colons).
func (r *rotatingCertificate) renew() (string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return "", err
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
		return "", err
	}
	r.current.Store(&tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key})
	sum := sha256.Sum256(der)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(pairs, ":"), nil
}

func (r *rotatingCertificate) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return r.current.Load().(*tls.Certificate), nil
}

func newTicketKey() [32]byte {
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		panic(err)
	}
	return key
}
