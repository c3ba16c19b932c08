import { useEffect, useState } from 'preact/hooks';
import type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
import { request } from './api';

// biome-ignore lint/suspicious/noExplicitAny: any typed document
type Doc = TadaDocumentNode<any, any>;

/** Runs a query when its variables change. */
export function useQuery<D extends Doc>(doc: D, variables: VariablesOf<D> | null) {
  const [state, setState] = useState<{ data?: ResultOf<D>; error?: string; loading: boolean }>({ loading: true });
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    request(doc, variables)
      .then((data) => live && setState({ data, loading: false }))
      .catch((e: Error) => live && setState({ error: e.message, loading: false }));
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

export function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}
