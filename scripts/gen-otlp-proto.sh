#!/usr/bin/env bash
# Regenerates lib/sources/jaeger/proto/gen with protoc-gen-es, from the OTLP .proto files vendored
# beside it: opentelemetry-proto v1.9.0, the version Jaeger v2.13.0 builds with
# (go.opentelemetry.io/proto/otlp v1.9.0 in its go.mod), as published in the Maven Central jar
# io.opentelemetry.proto:opentelemetry-proto:1.9.0-alpha. The generated code is committed and
# used only by the parity test of the hand decoder (otlp-proto.parity.test.ts).
set -euo pipefail
cd "$(dirname "$0")/../lib/sources/jaeger/proto"
rm -rf gen
npx --no-install buf generate --template buf.gen.yaml .
