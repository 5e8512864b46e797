# Build, test and package Summit Digest. `make help` lists the targets.

VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
IMAGE    ?= summit-digest
# The PostgreSQL store's tests run only when this names a database.
SUMMIT_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

# The same flags as the Dockerfile: a static, reproducible, stripped binary.
BUILD_FLAGS = -trimpath -ldflags "-s -w -X main.version=$(VERSION)"

.PHONY: help build test lint integration-test docker config-check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

build: ## build ./bot, static (CGO_ENABLED=0)
	CGO_ENABLED=0 go build $(BUILD_FLAGS) -o bot ./cmd/bot

test: ## run the unit tests with the race detector
	go test -race -count=1 ./...

lint: ## gofmt, go vet, and staticcheck when installed
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	@if command -v staticcheck >/dev/null; then staticcheck ./...; else echo "staticcheck not installed: skipped"; fi

integration-test: ## the tests, the PostgreSQL store's included
	SUMMIT_TEST_POSTGRES_URL='$(SUMMIT_TEST_POSTGRES_URL)' go test -race -count=1 ./...

docker: ## build the container image
	docker build --build-arg VERSION=$(VERSION) --build-arg REVISION=$(REVISION) -t $(IMAGE):$(VERSION) -t $(IMAGE):latest .

config-check: build ## check the configuration as `bot serve` would
	./bot config check --serve

clean: ## remove the built binary
	rm -f bot
