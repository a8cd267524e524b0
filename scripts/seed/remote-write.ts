/**
 * Prometheus remote write (protocol 1.0): a snappy-compressed protobuf WriteRequest. The message is
 * small enough to encode by hand: WriteRequest{1: TimeSeries[]}, TimeSeries{1: Label[], 2: Sample[]},
 * Label{1: name, 2: value}, Sample{1: double value, 2: int64 timestamp ms}.
 */
import snappy from 'snappyjs';
import type { Series } from './metrics';

class Writer {
  private readonly chunks: Buffer[] = [];

  varint(n: number | bigint): this {
    let v = BigInt(n);
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v > 0n);
    this.chunks.push(Buffer.from(bytes));
    return this;
  }

  tag(field: number, wire: 0 | 1 | 2): this {
    return this.varint((field << 3) | wire);
  }

  bytes(field: number, data: Buffer): this {
    this.tag(field, 2).varint(data.length);
    this.chunks.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, 'utf8'));
  }

  double(field: number, v: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.tag(field, 1);
    this.chunks.push(b);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export function encodeWriteRequest(series: Series[]): Buffer {
  const req = new Writer();
  for (const s of series) {
    const ts = new Writer();
    for (const name of Object.keys(s.labels).sort()) {
      ts.bytes(
        1,
        new Writer()
          .string(1, name)
          .string(2, s.labels[name] ?? '')
          .finish(),
      );
    }
    for (const [t, v] of s.samples) {
      ts.bytes(2, new Writer().double(1, v).tag(2, 0).varint(t).finish());
    }
    req.bytes(1, ts.finish());
  }
  return req.finish();
}

export async function remoteWrite(prometheusUrl: string, series: Series[]): Promise<void> {
  const body = Buffer.from(snappy.compress(encodeWriteRequest(series)));
  const response = await fetch(`${prometheusUrl}/api/v1/write`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
    body,
  });
  if (!response.ok)
    throw new Error(
      `remote write answered ${response.status}: ${(await response.text()).slice(0, 500)}`,
    );
}
