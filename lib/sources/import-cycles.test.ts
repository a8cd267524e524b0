import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A circle of imports (type-only ones included) means no module can be read on its own: the
// Jaeger source once walked traces → grpc-search → traces. Checked here, without a tool.

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = spec.startsWith('@/')
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith('.')
      ? path.resolve(path.dirname(from), spec)
      : undefined;
  if (!base) return undefined;
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
}

/** Each file's imports (static, re-exports and `import type` alike) inside the project. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'/g)];
    graph.set(
      file,
      specs.flatMap((m) => resolveImport(file, m[1] ?? '') ?? []),
    );
  }
  return graph;
}

/** Every circle in a graph, each once, as the list of nodes along it. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('imports in lib/sources', () => {
  it('finds a circle when there is one (the check itself)', () => {
    const graph = new Map([
      ['traces', ['grpc', 'shape']],
      ['grpc', ['shape', 'traces']],
      ['shape', []],
    ]);
    expect(cyclesOf(graph)).toEqual([['traces', 'grpc']]);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads type-only imports and re-exports as edges', () => {
    const graph = importGraph([path.join(__dirname, 'jaeger', 'traces.ts')]);
    const edges = (graph.get(path.join(__dirname, 'jaeger', 'traces.ts')) ?? []).map((f) =>
      path.relative(__dirname, f),
    );
    expect(edges).toContain(path.join('jaeger', 'search.ts'));
    expect(edges).toContain(path.join('jaeger', 'capabilities.ts'));
  });

  it('form no circle', () => {
    const files = sourceFiles(__dirname);
    expect(files.length).toBeGreaterThan(20);
    const cycles = cyclesOf(importGraph(files)).map((c) => c.map((f) => path.relative(ROOT, f)));
    expect(cycles).toEqual([]);
  });
});
