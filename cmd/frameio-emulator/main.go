// Command frameio-emulator serves the in-memory Frame.io V4 API and pre-signed S3 emulator of
// internal/emulator on a TCP address, for demos and manual testing.
//
//	frameio-emulator -addr 127.0.0.1:8089 -token secret -v
//
// It also serves an Adobe IMS token endpoint at /ims/token/v3 (point the provider's ims_url at the
// same address); -token-lifetime makes its tokens expire quickly, to watch the provider renew them:
//
//	frameio-emulator -token-lifetime 30s -client-id my-id -client-secret my-secret
//
// It prints "frameio-emulator listening on http://ADDR" once ready and stops cleanly on SIGINT/SIGTERM.
// Content goes to -storage-dir (default: a temporary directory removed on exit), never to memory.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "frameio-emulator:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx is done, then shuts down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("frameio-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o emulator.Options
	addr := fs.String("addr", "127.0.0.1:8089", "listen address (port 0 picks a free port)")
	fs.StringVar(&o.Token, "token", emulator.DefaultToken, "bearer token every API call must carry")
	fs.StringVar(&o.AccountID, "account-id", emulator.DefaultAccountID, "account id")
	fs.StringVar(&o.WorkspaceID, "workspace-id", emulator.DefaultWorkspaceID, "workspace id")
	fs.StringVar(&o.ProjectID, "project-id", emulator.DefaultProjectID, "project id")
	fs.StringVar(&o.ProjectName, "project-name", "Emulated Project", "project name")
	fs.StringVar(&o.RootFolderID, "root-folder-id", emulator.DefaultRootFolderID, "root folder id of the project")
	fs.Int64Var(&o.PartSize, "part-size", emulator.DefaultPartSize, "target part size of local uploads in bytes")
	fs.BoolVar(&o.NominalPartSize, "nominal-part-size", false, "announce every upload URL at -part-size, the last one larger than what remains (as the OpenAPI example does)")
	fs.IntVar(&o.ExtraPartURLs, "extra-part-urls", 0, "with -nominal-part-size: also hand out N upload URLs past the end of the file")
	fs.DurationVar(&o.ProcessingDelay, "processing-delay", 200*time.Millisecond, "delay between the last part and upload_complete (negative: none)")
	fs.DurationVar(&o.TranscodeDelay, "transcode-delay", 200*time.Millisecond, "delay between upload_complete and status transcoded (negative: none)")
	fs.DurationVar(&o.URLExpiry, "url-expiry", time.Hour, "validity of pre-signed part URLs")
	rateLimits := fs.Bool("rate-limits", false, "enforce the documented per-endpoint rate limits (429 when exceeded); "+
		"off by default in this command, for manual runs and the demo, while the emulator package and the tests "+
		"enforce them by default")
	fs.BoolVar(&o.AllowPrivateRemoteURLs, "allow-private-remote-urls", false, "let remote uploads fetch from "+
		"loopback and private hosts (e.g. -serve-dir sources); off, such a source_url is refused as by Frame.io, "+
		"which fetches from the internet")
	storage := fs.String("storage-dir", "", "directory for uploaded content (default: a temporary directory removed on exit)")
	fs.BoolVar(&o.Discard, "discard", false, "keep only sizes and hashes, never the content")
	fs.Int64Var(&o.Bandwidth, "bandwidth", 0, "per-connection cap for part bodies in bytes/s (0 = unlimited)")
	fs.DurationVar(&o.Latency, "latency", 0, "delay added before every reply")
	faults := []*faultFlag{{kind: "fail"}, {kind: "lose-reply"}, {kind: "stall"}, {kind: "reset"}}
	fs.Var(faults[0], "fail", "OP=N:STATUS: the next N calls of operation OP (an OpenAPI operationId, "+
		emulator.OpPutPart+", "+emulator.OpIMSToken+", or * for any API call) answer STATUS; repeatable")
	fs.Var(faults[1], "lose-reply", "OP=N:MODE: the next N calls of OP take effect, then their reply is lost "+
		"(MODE status = 502, timeout = 504, cut = connection reset); repeatable")
	fs.Var(faults[2], "stall", "OP=N: the next N calls of OP never answer; repeatable")
	fs.Var(faults[3], "reset", "OP=N: the connection of the next N calls of OP is reset mid-request; repeatable")
	never := fs.Bool("never-complete", false, "uploads never reach upload_complete")
	fails := fs.Bool("upload-fails", false, "uploads report upload_failed")
	fs.StringVar(&o.ServeDir, "serve-dir", "", "also serve this directory under /files/ (sources for remote uploads; "+
		"they need -allow-private-remote-urls)")
	fs.StringVar(&o.IMS.ClientID, "client-id", emulator.DefaultClientID, "client_id the IMS token endpoint accepts")
	fs.StringVar(&o.IMS.ClientSecret, "client-secret", emulator.DefaultClientSecret, "client_secret the IMS token endpoint accepts")
	fs.StringVar(&o.IMS.RefreshToken, "refresh-token", emulator.DefaultRefreshToken, "a user's refresh token the IMS token endpoint accepts")
	fs.StringVar(&o.IMS.Scopes, "ims-scopes", emulator.DefaultIMSScopes, "comma-separated scopes the IMS client is granted")
	fs.DurationVar(&o.IMS.TokenLifetime, "token-lifetime", emulator.DefaultTokenLifetime, "expires_in of IMS access tokens (whole seconds)")
	readings := readingsFlags(fs)
	verbose := fs.Bool("v", false, "log every request to stderr")
	err := fs.Parse(args)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	o.NoRateLimits = !*rateLimits
	if o.Readings, err = readings(); err != nil {
		return err
	}
	if *verbose {
		l := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
		o.Logf = l.Printf
	}
	if *storage != "" {
		o.StorageDir = *storage
	} else if !o.Discard {
		dir, err := os.MkdirTemp("", "frameio-emulator-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.StorageDir = dir
	}
	if o.ServeDir != "" {
		if st, err := os.Stat(o.ServeDir); err != nil || !st.IsDir() {
			return fmt.Errorf("-serve-dir %q is not a directory", o.ServeDir)
		}
	}

	e, err := emulator.Start(*addr, o)
	if err != nil {
		return err
	}
	for _, f := range faults {
		f.inject(e)
	}
	e.SetNeverComplete(*never)
	e.SetUploadFails(*fails)
	fmt.Fprintf(stdout, "frameio-emulator listening on %s\n", e.URL())
	<-ctx.Done()
	fmt.Fprintln(stderr, "frameio-emulator: shutting down")
	return e.Close()
}
