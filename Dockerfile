# syntax=docker/dockerfile:1
#
# Summit Digest: a static Go binary on distroless, which has CA certificates
# and time-zone data but no shell, and runs as the nonroot user (65532).
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg REVISION=$(git rev-parse HEAD) -t summit-digest .
#   docker run -e SLACK_BOT_TOKEN=… -e SLACK_APP_TOKEN=… -v summit-data:/data summit-digest
#
# The build runs on the builder's own platform and cross-compiles, which Go
# does without emulation: `docker buildx build --platform linux/amd64,linux/arm64`.

ARG GO_VERSION=1.26.8

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
# Modules first, in their own layer, so that a source change does not
# download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
ARG VERSION=dev
# CGO_ENABLED=0: modernc.org/sqlite is pure Go, so the binary is static and
# needs no libc in the image. These are the flags `make build` uses.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/bot ./cmd/bot \
 && mkdir /out/data

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="Summit Digest" \
      org.opencontainers.image.description="Slack bot: who said what, when, and what was decided at a summit" \
      org.opencontainers.image.source="https://github.com/summit-digest/summit-digest" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
COPY --from=build /out/bot /bot
# The SQLite file lives in a volume that the nonroot user can write.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME /data
# The bot reads config/bot.yaml relative to its working directory when the
# file exists: mount one at /config/bot.yaml, or set SUMMIT_CONFIG.
WORKDIR /
ENV DATABASE_URL=sqlite:/data/summit.db \
    LISTEN_ADDR=:8080
EXPOSE 8080
USER nonroot:nonroot
# No shell or curl here: the bot checks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/bot", "healthcheck"]
ENTRYPOINT ["/bot"]
CMD ["serve"]
