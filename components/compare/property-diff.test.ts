import { describe, expect, it } from 'vitest';
import { changedOptions } from './property-diff';

describe('a long option list compared option by option', () => {
  const common =
    '-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED -Da=1 -Db=2 -Dc=3';
  it('keeps only what changed, and counts the rest', () => {
    expect(
      changedOptions(
        `${common} -Dlog=/run/revenue/driver.log`,
        `${common} -Dlog=/run/revenue-hot/driver.log`,
      ),
    ).toEqual({
      removed: ['-Dlog=/run/revenue/driver.log'],
      added: ['-Dlog=/run/revenue-hot/driver.log'],
      shared: 5,
    });
  });

  it('leaves short values and one-sided properties whole', () => {
    expect(changedOptions('8', '16')).toBeUndefined();
    expect(changedOptions(undefined, common)).toBeUndefined();
  });
});
