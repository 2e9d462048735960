// Lifeboat's vSphere simulator: govmomi's vcsim model behind a reverse proxy that makes its SOAP XML
// look like a real vCenter's, so yavijava can parse it (see docs ARCHITECTURE §7).
// Prints "LIFEBOAT-VCSIM READY url=http://HOST:PORT/sdk" when ready; exits when stdin closes or on SIGTERM.
// Stdin commands: "down" closes the endpoint (connection refused, inventory kept), "up" reopens it on the same port.
// It also serves the same endpoint over HTTPS with a self-signed certificate (-tls-listen), printed before READY as
// "LIFEBOAT-VCSIM TLS url=https://HOST:PORT/sdk sha256=THUMBPRINT"; "newcert" restarts that endpoint with a new certificate and answers
// "LIFEBOAT-VCSIM CERT sha256=THUMBPRINT". "down" and "up" affect the plain endpoint only.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

var (
	xsiDecl  = regexp.MustCompile(` xmlns:XMLSchema-instance="[^"]*"`)
	xsiType  = []byte("XMLSchema-instance:type=")
	typeSwap = regexp.MustCompile(`xsi:type="([^"]*)" type="([^"]*)"`)
	envelope = regexp.MustCompile(`<(soapenv:Envelope|Envelope)\b`)
	// A snapshot whose description ends in "taken at <instant>" was taken then: the lab's replicas come with the
	// nightly restore points a real replica has, which a simulator started a minute ago cannot take in the past.
	takenAt = regexp.MustCompile(`(<description>[^<]*taken at (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)</description>\s*<id>\d+</id>\s*<createTime>)[^<]*(</createTime>)`)
)

// vcenterXML rewrites vcsim's response into the shape a real vCenter sends.
func vcenterXML(b []byte) []byte {
	b = xsiDecl.ReplaceAll(b, nil)
	b = bytes.ReplaceAll(b, xsiType, []byte("xsi:type="))
	b = typeSwap.ReplaceAll(b, []byte(`type="$2" xsi:type="$1"`))
	if !bytes.Contains(b, []byte(`xmlns:xsi=`)) {
		b = envelope.ReplaceAll(b, []byte(`<$1 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`))
	}
	if bytes.Contains(b, []byte(`<createTime>`)) {
		b = takenAt.ReplaceAll(b, []byte(`${1}${2}${3}`))
	}
	return b
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address the proxy (the SDK endpoint clients use) listens on")
	user := flag.String("username", "user", "login user name")
	pass := flag.String("password", "pass", "login password")
	dc := flag.Int("dc", 1, "datacenters")
	clusters := flag.Int("cluster", 1, "clusters per datacenter")
	clusterHosts := flag.Int("cluster-hosts", 2, "hosts per cluster")
	hosts := flag.Int("hosts", 0, "standalone hosts per datacenter")
	vms := flag.Int("vm", 0, "vcsim's default VMs per resource pool (DC0_C0_RP0_VM0...): not any tenant's, so 0 by default")
	benchVMs := flag.Int("bench-vms", 0, "pre-create this many replica-like VMs (benchmarks)")
	benchSnaps := flag.Int("bench-snapshots", 3, "snapshots per pre-created VM")
	tlsListen := flag.String("tls-listen", "127.0.0.1:0", "address of the HTTPS endpoint (self-signed certificate)")
	benchFolder := flag.String("bench-folder", "tenants/bench", "folder of the pre-created VMs")
	flag.Parse()

	model := simulator.VPX()
	model.Datacenter, model.Cluster, model.ClusterHost, model.Host = *dc, *clusters, *clusterHosts, *hosts
	model.Machine, model.Portgroup, model.Autostart = *vms, 0, false
	sc := &model.ServiceContent // fields newer than vSphere 6.0 break yavijava's deserializer
	sc.VStorageObjectManager, sc.HostProfileManager, sc.HostSpecManager, sc.CryptoManager = nil, nil, nil, nil
	sc.HealthUpdateManager, sc.FailoverClusterConfigurator, sc.FailoverClusterManager = nil, nil, nil
	if err := model.Create(); err != nil {
		log.Fatalf("create model: %v", err)
	}
	defer model.Remove() // the datastores' temporary directories

	if *benchVMs > 0 {
		if err := createBenchVMs(context.Background(), model, *benchFolder, *benchVMs, *benchSnaps); err != nil {
			log.Fatalf("bench VMs: %v", err)
		}
	}

	model.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword(*user, *pass)}
	backend := model.Service.NewServer()
	defer backend.Close()

	target := &url.URL{Scheme: "http", Host: backend.URL.Host}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	proxy.ModifyResponse = func(r *http.Response) error {
		if !strings.HasPrefix(r.Request.URL.Path, "/sdk") { // datastore files stream through untouched
			return nil
		}
		body, err := ioutil.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return err
		}
		body = vcenterXML(body)
		r.Body = ioutil.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Like vCenter, the datastore file interface wants credentials (basic auth or a session cookie).
		if strings.HasPrefix(r.URL.Path, "/folder") {
			u, p, ok := r.BasicAuth()
			if _, err := r.Cookie("vmware_soap_session"); !(ok && u == *user && p == *pass) && err != nil {
				w.Header().Set("WWW-Authenticate", `Basic realm="VMware HTTP server"`)
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			// Served here rather than proxied: datastore files need no XML rewriting, and a proxy hop costs a
			// user-space copy of every byte (failback moves whole disks through this).
			model.Service.ServeDatastore(w, r)
			return
		}
		proxy.ServeHTTP(w, r)
	})
	// The proxy's listener can be taken down and brought back ("down"/"up" on stdin) while the inventory and its
	// sessions live on: tests use it to simulate a vCenter that is unreachable for a while.
	addr := *listen
	var server *http.Server
	up := func() error {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return err
		}
		addr = ln.Addr().String() // keep the port for the next "up"
		server = &http.Server{Handler: handler}
		go func(s *http.Server) { _ = s.Serve(ln) }(server)
		return nil
	}
	if err := up(); err != nil {
		log.Fatalf("listen %s: %v", addr, err)
	}
	tlsEndpoint, thumbprint, err := startTLSEndpoint(*tlsListen, handler)
	if err != nil {
		log.Fatalf("https endpoint %s: %v", *tlsListen, err)
	}
	defer func() { tlsEndpoint.Close() }()
	fmt.Printf("LIFEBOAT-VCSIM TLS url=https://%s/sdk sha256=%s\n", tlsEndpoint.addr, thumbprint)
	fmt.Printf("LIFEBOAT-VCSIM READY url=http://%s/sdk\n", addr)

	done := make(chan os.Signal, 2)
	signal.Notify(done, syscall.SIGTERM, syscall.SIGINT)
	commands := make(chan string)
	go func() {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			commands <- strings.TrimSpace(in.Text())
		}
		close(commands) // stdin closed: our parent is gone or wants us to stop
	}()
	for {
		select {
		case <-done:
			_ = server.Close()
			return
		case cmd, ok := <-commands:
			switch {
			case !ok:
				_ = server.Close()
				return
			case cmd == "down":
				_ = server.Close() // closes the listener and every open connection
				fmt.Println("LIFEBOAT-VCSIM DOWN")
			case cmd == "newcert":
				// A reinstalled vCenter: another server on the same address, so no client can resume a TLS session
				// or reuse a connection made with the old certificate.
				tlsEndpoint.Close()
				renewed, thumbprint, err := startTLSEndpoint(tlsEndpoint.addr, handler)
				if err != nil {
					fmt.Printf("LIFEBOAT-VCSIM ERROR %v\n", err)
				} else {
					tlsEndpoint = renewed
					fmt.Printf("LIFEBOAT-VCSIM CERT sha256=%s\n", thumbprint)
				}
			case cmd == "up":
				if err := up(); err != nil {
					fmt.Printf("LIFEBOAT-VCSIM ERROR %v\n", err)
				} else {
					fmt.Println("LIFEBOAT-VCSIM UP")
				}
			}
		}
	}
}
