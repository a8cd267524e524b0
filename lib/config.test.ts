import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('defaults every backend to the local stack', () => {
    const config = parseConfig({});
    expect(config.prometheus.url).toBe('http://127.0.0.1:9090');
    expect(config.alertmanager.url).toBe('http://127.0.0.1:9093');
    expect(config.elasticsearch.url).toBe('http://127.0.0.1:9200');
    expect(config.elasticsearch.logIndex).toBe('spark-logs-*');
    expect(config.jaeger.url).toBe('http://127.0.0.1:16686');
    expect(config.jaeger.grpcUrl).toBe('http://127.0.0.1:16685');
    expect(config.elasticsearch.auth).toBeUndefined();
    expect(config.compressedUpstream).toBe(false);
  });

  it('reads JAEGER_GRPC_URL as a URL or none, and refuses anything else', () => {
    expect(parseConfig({ JAEGER_GRPC_URL: 'http://jaeger:16685/' }).jaeger.grpcUrl).toBe(
      'http://jaeger:16685',
    );
    expect(parseConfig({ JAEGER_GRPC_URL: 'none' }).jaeger.grpcUrl).toBeUndefined();
    expect(() => parseConfig({ JAEGER_GRPC_URL: 'grpc://jaeger:16685' })).toThrow(
      /JAEGER_GRPC_URL must be an http\(s\) URL or none/,
    );
  });

  it('reads UPSTREAM_COMPRESSION as a boolean and refuses anything else', () => {
    expect(parseConfig({ UPSTREAM_COMPRESSION: 'true' }).compressedUpstream).toBe(true);
    expect(parseConfig({ UPSTREAM_COMPRESSION: '0' }).compressedUpstream).toBe(false);
    expect(() => parseConfig({ UPSTREAM_COMPRESSION: 'yes please' })).toThrow(
      /UPSTREAM_COMPRESSION/,
    );
  });

  it('trims trailing slashes and reads timeouts and credentials', () => {
    const config = parseConfig({
      PROMETHEUS_URL: 'https://prom.example.test/prometheus/',
      PROMETHEUS_TIMEOUT_MS: '2500',
      ELASTICSEARCH_API_KEY: 'abc',
    });
    expect(config.prometheus).toEqual({
      url: 'https://prom.example.test/prometheus',
      timeoutMs: 2500,
    });
    expect(config.elasticsearch.auth).toEqual({ apiKey: 'abc' });
  });

  it('names every bad variable and why', () => {
    const attempt = () =>
      parseConfig({
        PROMETHEUS_URL: 'not a url',
        JAEGER_TIMEOUT_MS: '-5',
        ES_LOG_INDEX: 'Bad Index',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PROMETHEUS_URL: PROMETHEUS_URL must be an http\(s\) URL/);
    expect(attempt).toThrow(/JAEGER_TIMEOUT_MS/);
    expect(attempt).toThrow(/ES_LOG_INDEX/);
  });

  it('refuses a username without a password', () => {
    expect(() => parseConfig({ ELASTICSEARCH_USERNAME: 'elastic' })).toThrow(
      /ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD must be set together/,
    );
  });

  it('refuses a config file that is missing or not JSON', () => {
    expect(() => parseConfig({ SPARKWATCH_CONFIG_FILE: '/nonexistent/sparkwatch.json' })).toThrow(
      /SPARKWATCH_CONFIG_FILE: cannot read/,
    );
    expect(() => parseConfig({ SPARKWATCH_CONFIG_FILE: 'package.json' })).not.toThrow();
  });
});
