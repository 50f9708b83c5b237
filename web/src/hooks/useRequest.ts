import { useEffect, useState, type DependencyList } from 'react';

export interface RequestState<T> {
  /** The last successful result; kept while a newer request is loading. */
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
}

/** Runs `load` whenever `deps` change, cancelling the request it replaces. */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): RequestState<T> {
  const [state, setState] = useState<Omit<RequestState<T>, 'reload'>>({ loading: true });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ data: previous.data, error, loading: false }));
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure on every render; `deps` say when it really changes.
  }, [...deps, attempt]);

  return { ...state, reload: () => setAttempt((n) => n + 1) };
}
