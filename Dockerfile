# voortgang: a static binary on a small Debian image. Build: docker build -t voortgang .
# Run:   docker run -p 8080:8080 -v voortgang-data:/data -e VOORTGANG_SECRET_KEY=… voortgang

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# modernc.org/sqlite is pure Go: no cgo, a static binary.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/voortgang ./cmd/voortgang

FROM debian:bookworm-slim
# pandoc makes the office documents of the report drafts; ca-certificates for SMTP/IMAP over TLS.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates pandoc tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin voortgang \
 && mkdir -p /data && chown voortgang:voortgang /data
COPY --from=build /out/voortgang /usr/local/bin/voortgang
# The shipped workflows seed /data/workflows on the first start: changes confirmed on the board
# are written back to the workflow files, so they must live on the volume (a file in the
# image would be reset by the next container).
COPY workflows /app/workflows
COPY config /app/config
COPY seeds /app/seeds
# The working directory is the data volume: the SQLite file, its generated link key (when
# VOORTGANG_SECRET_KEY is not set) and the mail catcher's data/mail live there.
WORKDIR /data
ENV VOORTGANG_DB=/data/voortgang.db \
    VOORTGANG_WORKFLOWS=/data/workflows \
    VOORTGANG_CONFIG=/app/config/voortgang.example.yaml \
    VOORTGANG_LISTEN=0.0.0.0:8080 \
    TZ=Europe/Amsterdam
USER voortgang
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["voortgang", "healthcheck"]
CMD ["sh", "-c", "[ -d /data/workflows ] || cp -r /app/workflows /data/workflows; exec voortgang serve"]
