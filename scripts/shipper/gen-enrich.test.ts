import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrich, fromMessage } from './enrich';
import { LUA_FILE, PIPELINE_FILE, pipelineText, withLuaBlock } from './gen-enrich';
import { GROK_DEFINITIONS, grokGroups } from './pipeline';
import { type MessageField } from './rules';
import { VECTORS } from './vectors';

const captured = (name: string) =>
  readFileSync(`deploy/spark/captured/${name}`, 'utf8').split('\n').filter(Boolean);

describe('the enrichments generated from rules.ts', () => {
  it('are current in the Lua filter and the ingest pipeline (npm run gen:enrich)', () => {
    const lua = readFileSync(LUA_FILE, 'utf8');
    expect(withLuaBlock(lua) === lua, 'spark-enrich.lua is stale: npm run gen:enrich').toBe(true);
    expect(JSON.parse(readFileSync(PIPELINE_FILE, 'utf8'))).toEqual(JSON.parse(pipelineText()));
  });

  // The pipeline cannot run on the local Elasticsearch (no ingest processors): its grok patterns,
  // read as the JavaScript regular expressions they expand to, must find what enrich.ts finds.
  it("grok patterns find the same ids as enrich.ts's rules on every shared vector", () => {
    const expand = (pattern: string) =>
      pattern.replace(
        /%\{(\w+)(?::([\w.]+))?\}/g,
        (_, name: keyof typeof GROK_DEFINITIONS, target?: string) => {
          const body = GROK_DEFINITIONS[name];
          return target ? `(?<${target.replace(/\W/g, '_')}>${body})` : `(?:${body})`;
        },
      );
    const grok = (msg: string) => {
      const out: Partial<Record<MessageField, string>> = {};
      for (const group of grokGroups()) {
        for (const pattern of group.patterns) {
          const m = new RegExp(expand(pattern)).exec(msg);
          if (!m?.groups) continue;
          for (const [name, value] of Object.entries(m.groups)) {
            const field = name.split('_').at(-1) as MessageField;
            if (value !== undefined && out[field] === undefined) out[field] = value;
          }
          break;
        }
      }
      return out;
    };
    const messages = [
      ...Object.values(VECTORS),
      ...captured('driver.jsonl'),
      ...captured('killed-executor/driver.jsonl'),
      ...captured('killed-executor/executor-1.jsonl'),
    ].map((line) => enrich(line, { file: 'f', offset: 0 }).message);
    expect(messages.length).toBeGreaterThan(250);
    let named = 0;
    for (const msg of messages) {
      const ids = fromMessage(msg);
      if (Object.keys(ids).length) named += 1;
      expect(grok(msg), msg).toEqual(ids);
    }
    expect(named).toBeGreaterThan(80);
  });
});
