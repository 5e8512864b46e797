package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// EnvConfig names the variable holding the config file's path.
const EnvConfig = "SUMMIT_CONFIG"

// fileSuffix turns a secret's variable into the variable naming a file that
// holds it, the way Docker and Kubernetes mount secrets.
const fileSuffix = "_FILE"

// envVar binds one environment variable to one key of a Config.
type envVar struct {
	name string
	key  string
	// secret variables also accept name+"_FILE".
	secret bool
	set    func(v string) error
}

// envVars returns the environment variables that override c's keys, bound
// to c's fields. It is the one list of variables: Load and the
// documentation test both read it.
func envVars(c *Config) []envVar {
	str := func(p *string) func(string) error {
		return func(v string) error { *p = v; return nil }
	}
	secret := func(p *Secret) func(string) error {
		return func(v string) error { *p = Secret(v); return nil }
	}
	dur := func(p *time.Duration) func(string) error {
		return func(v string) error {
			d, err := time.ParseDuration(v)
			if err != nil {
				return errors.New("not a duration such as 30s or 6h")
			}
			*p = d
			return nil
		}
	}
	i64 := func(p *int64) func(string) error {
		return func(v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return errors.New("not a whole number")
			}
			*p = n
			return nil
		}
	}
	return []envVar{
		{"DATABASE_URL", "database", true, str(&c.Database)},
		{"SUMMIT_DATABASE_POOL_SIZE", "database_pool_size", false, func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil {
				return errors.New("not a whole number")
			}
			c.DatabasePoolSize = n
			return nil
		}},
		{"LISTEN_ADDR", "listen", false, str(&c.Listen)},
		{"SUMMIT_LOG_LEVEL", "log_level", false, str(&c.LogLevel)},
		{"SUMMIT_LOG_FORMAT", "log_format", false, str(&c.LogFormat)},
		{"SUMMIT_SHUTDOWN_TIMEOUT", "shutdown_timeout", false, dur(&c.ShutdownTimeout)},
		{"SUMMIT_HTTP_READ_HEADER_TIMEOUT", "http.read_header_timeout", false, dur(&c.HTTP.ReadHeaderTimeout)},
		{"SUMMIT_HTTP_READ_TIMEOUT", "http.read_timeout", false, dur(&c.HTTP.ReadTimeout)},
		{"SUMMIT_HTTP_WRITE_TIMEOUT", "http.write_timeout", false, dur(&c.HTTP.WriteTimeout)},
		{"SUMMIT_HTTP_IDLE_TIMEOUT", "http.idle_timeout", false, dur(&c.HTTP.IdleTimeout)},
		{"SUMMIT_HTTP_MAX_BODY_BYTES", "http.max_body_bytes", false, i64(&c.HTTP.MaxBodyBytes)},
		{"SLACK_BOT_TOKEN", "slack.bot_token", true, secret(&c.Slack.BotToken)},
		{"SLACK_SIGNING_SECRET", "slack.signing_secret", true, secret(&c.Slack.SigningSecret)},
		{"SLACK_APP_TOKEN", "slack.app_token", true, secret(&c.Slack.AppToken)},
		{"SLACK_API_URL", "slack.api_url", false, str(&c.Slack.APIURL)},
		{"SUMMIT_FETCH_ALLOW_HOSTS", "fetch.allow_hosts", false, func(v string) error {
			c.Fetch.AllowHosts = nil
			for h := range strings.SplitSeq(v, ",") {
				if h = strings.TrimSpace(h); h != "" {
					c.Fetch.AllowHosts = append(c.Fetch.AllowHosts, h)
				}
			}
			return nil
		}},
		{"SUMMIT_FETCH_MAX_BYTES", "fetch.max_bytes", false, i64(&c.Fetch.MaxBytes)},
		{"SUMMIT_FETCH_TIMEOUT", "fetch.timeout", false, dur(&c.Fetch.Timeout)},
		{"SUMMIT_FEEDS_POLL_INTERVAL", "feeds.poll_interval", false, dur(&c.Feeds.PollInterval)},
		{"SUMMIT_DIGEST_LOOKBACK", "digest.lookback", false, dur(&c.Digest.Lookback)},
		{"SUMMIT_DIGEST_CATCH_UP", "digest.catch_up", false, dur(&c.Digest.CatchUp)},
		{"SUMMIT_DIGEST_POST_WHEN_EMPTY", "digest.post_when_empty", false, func(v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("not true or false")
			}
			c.Digest.PostWhenEmpty = b
			return nil
		}},
	}
}

// Load returns the configuration: Default(), then the YAML file, then the
// environment read through getenv, each overriding the one before.
//
// The file is path when it is not empty, else the file named by
// SUMMIT_CONFIG, else DefaultPath if that exists; a file named explicitly
// must exist. Keys the Config does not have are an error, so that a typo
// is not silently ignored. Every secret variable X also accepts X_FILE,
// the path of a file holding it.
//
// Load reports every problem it finds, joined; it does not validate the
// values themselves: call Validate for that.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	if path == "" {
		path = getenv(EnvConfig)
	}
	if path == "" {
		if _, err := os.Stat(DefaultPath); err == nil {
			path = DefaultPath
		}
	}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return Config{}, fmt.Errorf("config file %s does not exist", path)
			}
			return Config{}, fmt.Errorf("read config: %w", err)
		}
		if err := decode(b, &c); err != nil {
			return Config{}, prefixEach("config file "+path, err)
		}
	}
	if err := applyEnv(&c, getenv); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Parse returns Default() overridden by the YAML document b, without
// looking at the environment.
func Parse(b []byte) (Config, error) {
	c := Default()
	if err := decode(b, &c); err != nil {
		return Config{}, err
	}
	return c, nil
}

func decode(b []byte, c *Config) error {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file sets nothing
		}
		return err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return errors.New("more than one YAML document; the config is one")
	}
	// yaml.v3's own KnownFields check names Go types ("field x not found in
	// type config.Slack") and stops at durations with a Go error; checking
	// the tree first names the key as the operator wrote it.
	errs := (&checker{seen: map[*yaml.Node]bool{}}).check(&doc, reflect.TypeFor[Config](), "")
	if err := doc.Decode(c); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return err
		}
		for _, msg := range te.Errors {
			// checkNode has already said which durations are bad, by key.
			if !strings.HasSuffix(msg, "into time.Duration") {
				errs = append(errs, errors.New(msg))
			}
		}
	}
	return errors.Join(errs...)
}

var durationType = reflect.TypeFor[time.Duration]()

// checker reports the keys of a YAML tree that Config has no field for,
// and the durations that do not parse, each with its line and dotted path.
type checker struct {
	// seen holds the anchored nodes already checked: each is checked once,
	// so that aliases of aliases (a "billion laughs" file) stay linear.
	seen map[*yaml.Node]bool
}

func (ck *checker) check(n *yaml.Node, t reflect.Type, path string) []error {
	switch n.Kind {
	case yaml.DocumentNode:
		var errs []error
		for _, c := range n.Content {
			errs = append(errs, ck.check(c, t, path)...)
		}
		return errs
	case yaml.AliasNode:
		if n.Alias == nil || ck.seen[n.Alias] {
			return nil
		}
		ck.seen[n.Alias] = true
		return ck.check(n.Alias, t, path)
	}
	switch {
	case t == durationType:
		if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
			if _, err := time.ParseDuration(n.Value); err != nil {
				return []error{fmt.Errorf("line %d: %s: %q is not a duration such as 30s, 15m or 6h", n.Line, path, n.Value)}
			}
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		var errs []error
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Value == "<<" { // a merge key: check what it merges
				errs = append(errs, ck.check(val, t, path)...)
				continue
			}
			f, ok := fieldByKey(t, k.Value)
			if !ok {
				errs = append(errs, fmt.Errorf("line %d: unknown key %q", k.Line, join(path, k.Value)))
				continue
			}
			errs = append(errs, ck.check(val, f.Type, join(path, k.Value))...)
		}
		return errs
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		var errs []error
		for i, c := range n.Content {
			errs = append(errs, ck.check(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return errs
	}
	// Anything else is left to the decoder, whose type errors are clear
	// enough for scalars ("cannot unmarshal !!str `x` into int").
	return nil
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// prefixEach wraps each of the errors joined in err with prefix, so that
// every problem stays a separate error that names the file.
func prefixEach(prefix string, err error) error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	var errs []error
	for _, e := range j.Unwrap() {
		errs = append(errs, fmt.Errorf("%s: %w", prefix, e))
	}
	return errors.Join(errs...)
}

func applyEnv(c *Config, getenv func(string) string) error {
	var errs []error
	for _, v := range envVars(c) {
		val := getenv(v.name)
		from := v.name
		if v.secret {
			if file := getenv(v.name + fileSuffix); file != "" {
				if val != "" {
					errs = append(errs, fmt.Errorf("%s and %s are both set; set one", v.name, v.name+fileSuffix))
					continue
				}
				b, err := os.ReadFile(file)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", v.name+fileSuffix, err))
					continue
				}
				// Files written by editors and `echo` end with a newline that
				// is not part of the secret.
				val = strings.TrimRight(string(b), "\r\n")
				from = v.name + fileSuffix
				if val == "" {
					errs = append(errs, fmt.Errorf("%s: file %s is empty", from, file))
					continue
				}
			}
		}
		if val == "" {
			continue
		}
		if err := v.set(val); err != nil {
			shown := val
			if v.secret {
				shown = redacted
			}
			errs = append(errs, fmt.Errorf("%s=%q: %w", from, shown, err))
		}
	}
	return errors.Join(errs...)
}
