# veille in a container, as an unprivileged user (uid 65532) on a distroless base:
#   docker build -t veille .
#   docker run -d -p 8080:8080 -v veille-data:/var/lib/veille \
#     -v "$PWD/config.yaml:/etc/veille/config.yaml:ro" veille
# In that config.yaml set listen: ":8080" (127.0.0.1 is unreachable from outside the
# container) and absolute paths in the volume: database: /var/lib/veille/veille.db,
# output_dir: /var/lib/veille/public (relative paths are read from /etc/veille).
# A host folder mounted instead of the named volume must be writable by uid 65532.
# Other commands run the same way: docker run --rm ... veille sources

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# No cgo (SQLite is modernc.org/sqlite), so the binary is static.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/veille ./cmd/veille \
	&& mkdir /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/veille /usr/local/bin/veille
# The data folder belongs to the nonroot user, and a new volume inherits that.
COPY --from=build --chown=65532:65532 /out/data /var/lib/veille
ENV VEILLE_CONFIG=/etc/veille/config.yaml
WORKDIR /var/lib/veille
VOLUME /var/lib/veille
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/veille"]
CMD ["serve"]
