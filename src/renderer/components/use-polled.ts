import { useCallback, useEffect, useState } from 'react';

/**
 * A value read from the engine when the component mounts and again every `everyMs` (for what the
 * engine does not push as a view); `refresh` reads it at once (after an action).
 */
export function usePolled<T>(
  read: () => Promise<T>,
  everyMs: number,
): { value: T | null; error: string | null; refresh: () => Promise<void> } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(
    () =>
      read().then(
        (v) => {
          setValue(v);
          setError(null);
        },
        (err: Error) => setError(err.message),
      ),
    [read],
  );
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), everyMs);
    return () => clearInterval(timer);
  }, [refresh, everyMs]);
  return { value, error, refresh };
}
