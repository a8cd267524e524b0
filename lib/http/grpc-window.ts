/**
 * HTTP/2 flow-control windows (stream and connection) of the gRPC session for bulk calls (a
 * trace by id). With HTTP/2's default 64 KiB, Jaeger sends a large trace 64 KiB at a time, each
 * part waiting for the console to take the last; 1 MiB lets it send at full speed (the large
 * trace of `npm run bench:api` shows the difference), larger buys nothing. Searches keep the
 * default: the timelines in flight are then paced by how fast the console reads them (with wide
 * windows on every call, the edge test's 200 concurrent timelines grew the console by 190 MiB
 * instead of 35).
 */
export const GRPC_WINDOW_BYTES = 1024 * 1024;
