package main

import (
	"runtime"
	"testing"
)

func TestVersion(t *testing.T) {
	stdout, _, err := runBot(t, nil, "version")
	if err != nil {
		t.Fatalf("bot version: %v", err)
	}
	want := "bot " + version + " (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	if stdout != want {
		t.Errorf("bot version printed %q; want %q", stdout, want)
	}
	if _, _, err := runBot(t, nil, "version", "extra"); err == nil {
		t.Error("bot version extra = nil; want a usage error")
	}
}
