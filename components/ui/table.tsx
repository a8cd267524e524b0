import type { ReactNode } from 'react';

/** A compact data table: its header row (sticky while the body scrolls) and the given rows. */
export function DataTable({
  columns,
  testId,
  children,
}: {
  columns: readonly string[];
  testId: string;
  children: ReactNode;
}) {
  return (
    <table className="w-full text-left text-xs" data-testid={testId}>
      <thead className="sticky top-0 bg-white text-muted dark:bg-zinc-900">
        <tr>
          {columns.map((h) => (
            <th key={h} className="whitespace-nowrap px-2 py-1 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
