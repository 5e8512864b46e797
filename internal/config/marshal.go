package config

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// MarshalYAML writes c as a config file, with durations the way people
// write them ("6h", not time.Duration's "6h0m0s"), so that `bot config
// check` prints a file one can copy. It writes c.Redacted(): a Config
// never marshals its secrets.
func (c Config) MarshalYAML() (any, error) {
	type plain Config // without the method, so that Encode does not recurse
	var n yaml.Node
	if err := n.Encode(plain(c.Redacted())); err != nil {
		return nil, err
	}
	shortenDurations(&n, reflect.TypeFor[Config]())
	return &n, nil
}

// shortenDurations rewrites the durations in n, whose Go type is t.
func shortenDurations(n *yaml.Node, t reflect.Type) {
	switch {
	case t == durationType && n.Kind == yaml.ScalarNode:
		if d, err := time.ParseDuration(n.Value); err == nil {
			n.Value = shortDuration(d)
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if f, ok := fieldByKey(t, n.Content[i].Value); ok {
				shortenDurations(n.Content[i+1], f.Type)
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			shortenDurations(c, t.Elem())
		}
	}
}

// shortDuration drops the zero minutes and seconds time.Duration.String
// writes after hours and minutes.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MarshalJSON writes c.Redacted(): a Config never marshals its secrets.
func (c Config) MarshalJSON() ([]byte, error) {
	type plain Config
	return json.Marshal(plain(c.Redacted()))
}
