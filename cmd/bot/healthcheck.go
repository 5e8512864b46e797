package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/summit-digest/summit-digest/internal/config"
)

func runHealthcheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "healthcheck", "[--url URL] [--timeout DURATION]", `
Asks the running bot's /healthz whether it answers, and exits 0 when it does
with 200, 1 otherwise. It is the container image's HEALTHCHECK, which has no
shell or curl. The address comes from the configuration (listen, or
LISTEN_ADDR), on the loopback interface.`)
	url := fs.String("url", "", "URL to check (default http://127.0.0.1:PORT/healthz, PORT from the configuration)")
	timeout := fs.Duration("timeout", 3*time.Second, "time allowed for the answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("healthcheck: unexpected argument %q", fs.Arg(0))}
	}
	if *url == "" {
		cfg, err := config.Load("", e.getenv)
		if err != nil {
			return fmt.Errorf("healthcheck: %s", configProblems(err))
		}
		u, err := healthzURL(cfg.Listen)
		if err != nil {
			return fmt.Errorf("healthcheck: %w", err)
		}
		*url = u
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	// No proxy: the bot is on this host, whatever HTTP_PROXY says.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: the bot does not answer: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: GET %s answered %s", *url, resp.Status)
	}
	return nil
}

// healthzURL returns the /healthz URL of a server listening on listen,
// reached over loopback: a wildcard host (":8080", "0.0.0.0:8080") is not
// an address to dial.
func healthzURL(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("listen address %q is not host:port", listen)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
