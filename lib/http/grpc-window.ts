/**
 * HTTP/2 flow-control windows of the console's gRPC sessions (stream and connection). With
 * HTTP/2's default 64 KiB, Jaeger sends a large trace 64 KiB at a time, each part waiting for the
 * console to take the last (the large trace of `npm run bench:api` shows the difference). Answers
 * are read whole anyway, up to UPSTREAM_MAX_BYTES.
 */
export const GRPC_WINDOW_BYTES = 16 * 1024 * 1024;
