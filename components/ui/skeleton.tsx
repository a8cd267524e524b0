export function Skeleton({ className = 'h-24' }: { className?: string }) {
  return (
    <div
      aria-hidden
      className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`}
    />
  );
}

/** A panel's "nothing here" with what to do next. */
export function Empty({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="rounded border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-muted dark:border-zinc-700">
      <p className="font-medium text-zinc-700 dark:text-zinc-300">{title}</p>
      {hint ? <p className="mt-1">{hint}</p> : null}
    </div>
  );
}
