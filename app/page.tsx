import Link from 'next/link';

export default function OverviewPage() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">Overview</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Spark applications and firing alerts appear here. Backend status:{' '}
        <Link className="underline" href="/status">
          Status
        </Link>
        .
      </p>
    </div>
  );
}
