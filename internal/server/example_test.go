package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/summit-digest/summit-digest/internal/metrics"
	"github.com/summit-digest/summit-digest/internal/server"
)

// Example shows the wiring `bot serve` does: the application's routes
// mounted beside the operational ones, readiness checks from the
// dependencies, and a shutdown bounded by the configured timeout.
func Example() {
	reg := prometheus.NewRegistry()
	m, err := metrics.New(reg)
	if err != nil {
		panic(err)
	}
	app := http.NewServeMux()
	app.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		m.ObserveCommand("help", metrics.OutcomeOK, time.Millisecond)
		io.WriteString(w, "ok")
	})
	ping := func(ctx context.Context) error { return nil } // the store's Ping

	srv := server.New(server.Options{
		Addr:     "127.0.0.1:0",
		Handler:  app,
		Gatherer: reg,
		Metrics:  m,
		Checks:   []server.Check{{Name: "store", Func: ping}},
		Logger:   slog.New(slog.DiscardHandler),
	})
	if err := srv.Start(); err != nil {
		panic(err)
	}
	base := "http://" + srv.Addr()

	resp, err := http.Post(base+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("command=/summit&text=help"))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	resp, err = http.Get(base + "/readyz")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Print(resp.Status, " ", string(body))

	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	fmt.Println("shutdown:", srv.Shutdown(ctx))
	// Output:
	// 200 OK {"status":"ok","checks":{"store":"ok"}}
	// shutdown: <nil>
}
