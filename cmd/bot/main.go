// Command bot is Summit Digest: a Slack bot that reads the coverage of a
// summit and keeps a channel informed of who said what, when, and what was
// decided. It also runs offline: `bot digest FILE` prints a digest in the
// terminal with no Slack workspace and no database server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// env is what a command may use of the process: its arguments come separately.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one sub-command of bot.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands lists the sub-commands in the order `bot --help` shows them.
func commands() []command {
	return []command{
		{"extract", "print who said what in each source (JSON or text)", runExtract},
		{"digest", "print a digest of the sources given, or of the store", runDigest},
		{"ingest", "read sources, extract who said what, and store it", runIngest},
		{"who-said", "print the stored quotes of a speaker, or who said a phrase", runWhoSaid},
		{"forget", "remove stored articles with their quotes (retractions, mistakes)", runForget},
		{"serve", "run the Slack app, the scheduled digests and the feed polling", runServe},
		{"config", "check the configuration and print it, secrets redacted (config check)", runConfig},
		{"healthcheck", "exit 0 when the running bot answers on /healthz (for containers)", runHealthcheck},
		{"version", "print the version", runVersion},
	}
}

// errUsage marks an error in the command line itself: run prints the usage after it.
var errUsage = errors.New("usage")

// usageError says what was wrong with the command line.
type usageError struct{ msg string }

func (e usageError) Error() string        { return e.msg }
func (e usageError) Is(target error) bool { return target == errUsage }

// errSilent is returned by a command that has already told the user what
// failed (one line per source on standard error) and only wants a non-zero exit.
var errSilent = errors.New("failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], &env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errSilent):
		os.Exit(1)
	case errors.Is(err, errUsage):
		fmt.Fprintf(os.Stderr, "bot: %v\n%s\n", err, usageHint(os.Args[1:]))
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "bot: %v\n", err)
		os.Exit(1)
	}
}

// usageHint points to the help of the command the user was typing, which
// says more about its arguments than the list of commands does.
func usageHint(args []string) string {
	if len(args) > 0 {
		for _, c := range commands() {
			if c.name == args[0] {
				return fmt.Sprintf("Run 'bot %s --help' for usage.", c.name)
			}
		}
	}
	return "Run 'bot --help' for usage."
}

// run is the whole program, with its dependencies passed in so that tests can run it.
func run(ctx context.Context, args []string, e *env) error {
	if len(args) == 0 {
		// Standard output is for what a command produces: the usage of a
		// mistaken call goes with its error.
		printUsage(e.stderr)
		return usageError{"no command given"}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 && args[0] == "help" {
			// "bot help digest" is "bot digest --help", as in git and go.
			return run(ctx, []string{args[1], "--help"}, e)
		}
		printUsage(e.stdout)
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" {
		return runVersion(ctx, e, nil)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if near := closestCommand(args[0]); near != "" {
		msg += fmt.Sprintf("; did you mean %s?", near)
	}
	return usageError{msg}
}

// closestCommand is the command within two edits of name ("digets",
// "whosaid"), or "" when none is that close.
func closestCommand(name string) string {
	best, bestDist := "", 3
	for _, c := range commands() {
		if d := editDistance(strings.ToLower(name), c.name); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes:
// command names are ASCII.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Summit Digest: who said what, when, and what was decided at a summit.

Usage: bot COMMAND [OPTIONS] [ARGUMENTS]

Commands:
`)
	cs := commands()
	width := 0
	for _, c := range cs {
		width = max(width, len(c.name))
	}
	for _, c := range cs {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprint(w, `
A SOURCE is a file (.txt, .md, .html), a URL, or - for standard input.
Run 'bot COMMAND --help' or 'bot help COMMAND' for a command's options and
examples. The store is DATABASE_URL (default sqlite:summit.db).

Examples:
  bot digest samples/paris-summit-2025-09-04.txt
  bot extract --format json article.html
  bot ingest --summit paris-2025 https://example.org/news/paris-summit
  bot who-said Rutte
  bot who-said '"naive about Russia"'
  bot digest --summit paris-2025 --since 24h
`)
}

// newFlagSet returns a flag set whose --help prints the command's usage to
// standard output and whose errors are returned, not printed: run prints
// each once, on standard error, with a hint, so a mistaken call never puts
// the usage where a tool reads the command's output.
func newFlagSet(e *env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: bot %s %s\n\n%s\n", name, args, strings.TrimSpace(about))
		var opts strings.Builder
		fs.SetOutput(&opts)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		if opts.Len() > 0 {
			fmt.Fprintf(e.stdout, "\nOptions:\n%s", opts.String())
		}
	}
	return fs
}

// parseFlags parses args, turning a flag error into a usage error. Flags
// may come after the arguments as well as before them (bot extract FILE
// --format text), as people add an option to the line they just ran; "--"
// ends the flags, for an argument that starts with a dash.
func parseFlags(fs *flag.FlagSet, args []string) error {
	// The flag package calls Usage on every error, not only for --help: the
	// usage is printed here, for --help alone.
	help := fs.Usage
	fs.Usage = func() {}
	defer func() { fs.Usage = help }()
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return err
			}
			return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parsing "--" and the arguments leaves the flags as set and makes
	// fs.Args the arguments, wherever they stood.
	return fs.Parse(append([]string{"--"}, positional...))
}
