import type { SourceStatus } from '@/lib/domain/types';
import { SourceError } from './source-error';

/**
 * Shows the error of each listed backend that failed, and warnings of partial answers; nothing
 * when all is well. Panels put it above their content so the rest keeps rendering.
 */
export function SourceStatuses({
  sources,
  only,
}: {
  sources: Partial<Record<string, SourceStatus>> | undefined;
  only?: string[];
}) {
  if (!sources) return null;
  const entries = Object.entries(sources).filter(
    ([name, s]) => s && (!only || only.includes(name)),
  ) as [string, SourceStatus][];
  const failed = entries.filter(([, s]) => s.state === 'error' || s.state === 'timeout');
  const warned = entries.filter(([, s]) => s.warnings?.length);
  if (!failed.length && !warned.length) return null;
  return (
    <div className="mb-3 space-y-2">
      {failed.map(([name, s]) => (
        <SourceError key={name} source={name} status={s} />
      ))}
      {warned.map(([name, s]) => (
        <p
          key={`${name}-w`}
          className="rounded bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          {name}: {s.warnings?.join('; ')}
        </p>
      ))}
    </div>
  );
}
