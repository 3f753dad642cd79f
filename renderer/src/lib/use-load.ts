import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client-context';

export type LoadState<T> =
  | { status: 'loading'; previous: T | undefined }
  | { status: 'error'; error: string; previous: T | undefined }
  | { status: 'ready'; value: T };

interface Settled<T> {
  load: () => Promise<T>;
  value?: T;
  error?: string;
  hasValue: boolean;
}

/**
 * Runs `load` (keep it stable with useCallback) and reloads whenever it changes. A result
 * belongs to the loader that produced it, so a slow answer for last year's dashboard never
 * shows up under this year's selector; the previous value stays available to avoid flicker.
 */
export function useLoad<T>(load: () => Promise<T>): LoadState<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setSettled({ load, value, hasValue: true }),
      (e: unknown) =>
        live && setSettled((prev) => ({ load, error: errorMessage(e), value: prev?.value, hasValue: false })),
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (settled && settled.load === load) {
    if (settled.hasValue) return { status: 'ready', value: settled.value as T };
    return { status: 'error', error: settled.error ?? '', previous: settled.value };
  }
  return { status: 'loading', previous: settled?.value };
}
