import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span } from '@/lib/domain/types';
import { findTracesRequest, TracesDecoder } from './otlp-proto';
import { otlpToSpans, v3TraceResponse } from './otlp';
import { ProtobufError, Reader, Writer } from './protobuf';
import { recordedMessages } from './recorded-grpc';
import type { SpanAttributeNames } from './spark-attributes';
import { groupTraces, summarize } from './trace-shape';

// Recorded from the seeded stack's Jaeger 2.13: a gRPC API v3 FindTraces answer (3 traces, one
// with an error span, framed as on the wire) and the HTTP API v3 JSON of the same three traces.
const framed = readFileSync(`${__dirname}/fixtures/jaeger.grpc-find-traces.error-batch.bin`);
const json = v3TraceResponse.parse(
  JSON.parse(readFileSync(`${__dirname}/fixtures/jaeger.v3-traces.error-batch.json`, 'utf8')),
);

const tracesDataToSpans = (messages: Uint8Array[]) => TracesDecoder.spans().pushAll(messages);
const tracesDataToSpanHeads = (messages: Uint8Array[], names?: SpanAttributeNames) =>
  TracesDecoder.heads(names).pushAll(messages);

const bySpanId = (spans: Span[]) => [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));

describe('OTLP protobuf from Jaeger gRPC', () => {
  const messages = recordedMessages(framed);

  it('reads the same spans as the HTTP API v3 JSON of the same traces', () => {
    const spans = tracesDataToSpans(messages);
    expect(messages).toHaveLength(3);
    expect(spans).toHaveLength(30);
    expect(bySpanId(spans)).toEqual(bySpanId(otlpToSpans(json)));
    expect(spans.filter((s) => s.status === 'error')).toHaveLength(1);
  });

  it('span heads give the same trace summaries, without attribute maps', () => {
    const heads = tracesDataToSpanHeads(messages);
    expect(heads.every((h) => !('attributes' in h))).toBe(true);
    const full = groupTraces(tracesDataToSpans(messages)).map(summarize);
    expect(groupTraces(heads).map(summarize)).toEqual(full);
    expect(full.map((t) => t.errorCount).sort()).toEqual([0, 0, 1]);
    expect(full[0]?.spark.appId).toMatch(/^app-\d{14}-\d{4}$/);
  });

  it('reads the Spark ids under the mapping’s attribute names', () => {
    const names = {
      appId: 'spark.app.name',
      appName: 'spark.app.id',
      queryName: 'x',
      batchId: 'y',
      jobId: 'z',
      stageId: 'w',
    };
    const [head] = tracesDataToSpanHeads(messages, names);
    expect(head?.spark.appId).toBe('miaradia-streaming');
    expect(head?.spark.batchId).toBeUndefined();
  });

  it('refuses bytes that are not protobuf with a ProtobufError', () => {
    const first = messages[0]!;
    expect(() => tracesDataToSpans([first.subarray(0, first.length - 7)])).toThrow(ProtobufError);
    expect(() => tracesDataToSpans([Buffer.from('{"not":"protobuf"}')])).toThrow(ProtobufError);
  });

  it('prints non-string attribute values as the JSON path does', () => {
    const double = Buffer.alloc(8);
    double.writeDoubleLE(0.25);
    // AnyValue by hand: int_value -3 (a 10-byte varint), bool true, double 0.25, array ["a"].
    const minusThree = [0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    const values: [string, number[]][] = [
      ['int', [0x18, ...minusThree]],
      ['bool', [0x10, 1]],
      ['double', [0x21, ...double]],
      [
        'array',
        [...new Writer().message(5, new Writer().message(1, new Writer().string(1, 'a'))).finish()],
      ],
    ];
    const span = new Writer().raw(1, Buffer.alloc(16, 1)).raw(2, Buffer.alloc(8, 2)).string(5, 's');
    for (const [key, value] of values) {
      span.message(9, new Writer().string(1, key).raw(2, Uint8Array.from(value)));
    }
    const data = new Writer().message(1, new Writer().message(2, new Writer().message(2, span)));
    const [decoded] = tracesDataToSpans([data.finish()]);
    expect(decoded?.attributes).toEqual({
      int: '-3',
      bool: 'true',
      double: '0.25',
      array: '{"arrayValue":{"values":[{"stringValue":"a"}]}}',
    });
    expect(decoded?.service).toBe('unknown');
  });

  it('span heads read a Spark id whose value comes before its key, and skip look-alike keys', () => {
    const value = (text: string) => new Writer().string(1, text);
    const span = new Writer()
      .raw(1, Buffer.alloc(16, 1))
      .raw(2, Buffer.alloc(8, 2))
      .string(5, 'batch 7')
      // KeyValue with its value (field 2) first: legal protobuf, if unusual.
      .message(9, new Writer().message(2, value('app-1')).string(1, 'spark.app.id'))
      .message(9, new Writer().string(1, 'spark.app.ix').message(2, value('not an id')))
      .message(9, new Writer().string(1, 'spark.streaming.batch.id').message(2, value('7')));
    const resource = new Writer().message(
      1,
      new Writer().string(1, 'service.name').message(2, value('miaradia-streaming')),
    );
    const data = new Writer().message(
      1,
      new Writer().message(1, resource).message(2, new Writer().message(2, span)),
    );
    const [head] = tracesDataToSpanHeads([data.finish()]);
    expect(head?.spark).toEqual({ appId: 'app-1', batchId: '7' });
    expect(head?.service).toBe('miaradia-streaming');
  });
});

describe('findTracesRequest', () => {
  it('sends attributes as a protobuf map, verbatim, with a raw search', () => {
    const hostile = '"}) or vector(1) #\u0000';
    const bytes = findTracesRequest({
      service: 'miaradia-streaming',
      tags: { 'spark.app.id': hostile },
      from: 1_795_601_640_123,
      to: 1_795_601_700_000,
      limit: 1500,
    });
    const r = new Reader(bytes);
    expect(r.tag()).toBe(1 * 8 + 2);
    const end = r.enter();
    const fields: Record<number, unknown> = {};
    while (r.pos < end) {
      const tag = r.tag();
      const field = Math.floor(tag / 8);
      if (field === 1) fields[1] = r.string();
      else if (field === 3 || field === 4 || field === 5) {
        const inner = r.enter();
        const parts: unknown[] = [];
        while (r.pos < inner) parts.push((r.tag() & 7) === 2 ? r.string() : r.varint());
        fields[field] = parts;
      } else fields[field] = r.varint();
    }
    expect(fields).toEqual({
      1: 'miaradia-streaming',
      3: ['spark.app.id', hostile],
      4: [1_795_601_640, 123_000_000],
      5: [1_795_601_700],
      8: 1500,
      9: 1,
    });
  });
});

describe('Reader', () => {
  it('reads nanosecond timestamps to the microsecond without rounding', () => {
    const nanos = 1_795_601_640_123_456_789n;
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(nanos);
    expect(new Reader(bytes).nanosAsMs()).toBe(1_795_601_640_123.456);
  });

  it('skips fields of every wire type and stops at truncation', () => {
    const bytes = Uint8Array.from([
      0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1d, 1, 2, 3, 4,
    ]);
    const r = new Reader(bytes);
    for (const wire of [0, 1, 5]) {
      expect(r.tag() & 7).toBe(wire);
      r.skip(wire);
    }
    expect(r.pos).toBe(bytes.length);
    expect(() => new Reader(Uint8Array.from([0x0a, 5, 1])).string()).toThrow(ProtobufError);
    expect(() => new Reader(Uint8Array.from([0x80, 0x80])).varint()).toThrow(/truncated varint/);
  });
});
