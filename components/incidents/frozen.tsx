import { Badge } from '@/components/ui/badge';
import { formatTime } from '@/components/ui/format';

/** "frozen at <time>": this piece is the copy saved with the incident, not the backend's answer. */
export function FrozenLabel({ at }: { at: number }) {
  return (
    <span data-testid="frozen-label" title={new Date(at).toISOString()}>
      <Badge tone="info">frozen at {formatTime(at, true)}</Badge>
    </span>
  );
}

/**
 * Whether the backend still holds a frozen piece: "live" (the live view shows it too), "gone"
 * (only the frozen copy is left), or unknown when the backend did not answer.
 */
export function LiveLabel({ live, backend }: { live: boolean | undefined; backend: string }) {
  if (live === undefined)
    return (
      <span data-testid="live-label" data-live="unknown">
        <Badge tone="muted">{backend} did not answer: live state unknown</Badge>
      </span>
    );
  return (
    <span data-testid="live-label" data-live={live ? 'live' : 'gone'}>
      {live ? (
        <Badge tone="ok">live: still in {backend}</Badge>
      ) : (
        <Badge tone="warn">no longer in {backend} — frozen copy only</Badge>
      )}
    </span>
  );
}
