package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	// The image and some hosts have no time-zone database; embedding it
	// (about 450 kB) makes schedules' time zones work everywhere.
	_ "time/tzdata"

	"gopkg.in/yaml.v3"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/server"
)

func runConfig(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprint(e.stdout, "Usage: bot config check [--serve] [--config PATH]\n\nRun 'bot config check --help' for details.\n")
			return nil
		}
		return usageError{"config: want a sub-command: bot config check"}
	}
	fs := newFlagSet(e, "config check", "[--serve] [--config PATH]", `
Prints the effective configuration — defaults, then the YAML file, then the
environment — as YAML, with secrets redacted. Every problem found is listed on
standard error, each naming the key and the bad value, and the exit status is
then 1. The file is PATH, else $SUMMIT_CONFIG, else config/bot.yaml when it
exists; config/README.md lists every key and its environment variable.`)
	path := fs.String("config", "", "path of the YAML config (default $SUMMIT_CONFIG, else "+config.DefaultPath+" when it exists)")
	serve := fs.Bool("serve", false, "also require what 'bot serve' needs: the Slack bot token, and a signing secret or an app token")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("config check: unexpected argument %q", fs.Arg(0))}
	}
	cfg, err := config.Load(*path, e.getenv)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot: %s\n", configProblems(err))
		return errSilent
	}
	enc := yaml.NewEncoder(e.stdout)
	enc.SetIndent(2) // as in bot.example.yaml
	if err := enc.Encode(cfg.Redacted()); err != nil {
		return fmt.Errorf("print config: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("print config: %w", err)
	}
	if err := cfg.Validate(*serve); err != nil {
		fmt.Fprintf(e.stderr, "bot: %s\n", configProblems(err))
		return errSilent
	}
	return nil
}

// loadConfig loads and validates the configuration for a command: forServe
// adds what `bot serve` needs. Its error lists every problem, one a line.
func loadConfig(e *env, path string, forServe bool) (config.Config, error) {
	cfg, err := config.Load(path, e.getenv)
	if err == nil {
		err = cfg.Validate(forServe)
	}
	if err != nil {
		return config.Config{}, errors.New(configProblems(err))
	}
	return cfg, nil
}

// configProblems words the errors joined in err as one message for the
// operator: a sentence, then the problems one a line.
func configProblems(err error) string {
	var problems []string
	var collect func(error)
	collect = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				collect(e)
			}
			return
		}
		problems = append(problems, err.Error())
	}
	collect(err)
	if len(problems) == 1 {
		return "the configuration is invalid: " + problems[0]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the configuration has %d problems:", len(problems))
	for _, p := range problems {
		b.WriteString("\n  - ")
		b.WriteString(p)
	}
	return b.String()
}

// serverOptions returns the HTTP server's settings from cfg; `bot serve`
// adds the application's handler, the metrics and the readiness checks.
func serverOptions(cfg *config.Config, logger *slog.Logger) server.Options {
	return server.Options{
		Addr:              cfg.Listen,
		Logger:            logger,
		ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout,
		ReadTimeout:       cfg.HTTP.ReadTimeout,
		WriteTimeout:      cfg.HTTP.WriteTimeout,
		IdleTimeout:       cfg.HTTP.IdleTimeout,
		MaxBodyBytes:      cfg.HTTP.MaxBodyBytes,
	}
}
