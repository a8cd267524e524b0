'use client';

import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { LogEntry, TraceSummary } from '@/lib/domain/types';

/**
 * Evidence picked on a page to be copied into an incident when it is saved: log lines (by index
 * and id) and traces. Lists and tables show a pin toggle on their rows only inside a provider.
 */
export interface Pins {
  logs: LogEntry[];
  traces: TraceSummary[];
  hasLog: (e: LogEntry) => boolean;
  hasTrace: (traceId: string) => boolean;
  toggleLog: (e: LogEntry) => void;
  toggleTrace: (t: TraceSummary) => void;
  clear: () => void;
}

const PinsContext = createContext<Pins | undefined>(undefined);

const logKey = (e: LogEntry) => `${e.index}/${e.id}`;

export function PinsProvider({ children }: { children: React.ReactNode }) {
  const [logs, setLogs] = useState<LogEntry[]>([]);
  const [traces, setTraces] = useState<TraceSummary[]>([]);
  const toggleLog = useCallback(
    (e: LogEntry) =>
      setLogs((all) =>
        all.some((x) => logKey(x) === logKey(e))
          ? all.filter((x) => logKey(x) !== logKey(e))
          : [...all, e],
      ),
    [],
  );
  const toggleTrace = useCallback(
    (t: TraceSummary) =>
      setTraces((all) =>
        all.some((x) => x.traceId === t.traceId)
          ? all.filter((x) => x.traceId !== t.traceId)
          : [...all, t],
      ),
    [],
  );
  const value = useMemo<Pins>(() => {
    const logKeys = new Set(logs.map(logKey));
    const traceIds = new Set(traces.map((t) => t.traceId));
    return {
      logs,
      traces,
      hasLog: (e) => logKeys.has(logKey(e)),
      hasTrace: (id) => traceIds.has(id),
      toggleLog,
      toggleTrace,
      clear: () => {
        setLogs([]);
        setTraces([]);
      },
    };
  }, [logs, traces, toggleLog, toggleTrace]);
  return <PinsContext.Provider value={value}>{children}</PinsContext.Provider>;
}

/** The page's pins, or undefined where nothing can be pinned. */
export function usePins(): Pins | undefined {
  return useContext(PinsContext);
}
