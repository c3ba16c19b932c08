/**
 * The app's GraphQL client: a few lines over fetch, so the intake screen stays small. Operations are sent by their
 * persisted hash (registered at build time); a server that does not know the hash (an older registry) gets the
 * query text with it, once. Network failures throw NetworkError, which the outbox retries; anything the server
 * answered is returned or thrown as ApiError, which it never retries.
 */
import { print } from '@0no-co/graphql.web';
import type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';

declare const __PERSISTED__: Record<string, string>;
const PERSISTED: Record<string, string> = typeof __PERSISTED__ === 'undefined' ? {} : __PERSISTED__;

export class NetworkError extends Error {}
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

let token: string | null = null;
let onUnauthenticated: () => void = () => {};
export function setToken(value: string | null) {
  token = value;
}
export function onSignedOut(handler: () => void) {
  onUnauthenticated = handler;
}

// biome-ignore lint/suspicious/noExplicitAny: any typed document
type Doc = TadaDocumentNode<any, any>;

function operationName(doc: Doc): string {
  for (const d of doc.definitions) if (d.kind === 'OperationDefinition' && d.name) return d.name.value;
  throw new Error('operation without a name');
}

function body(doc: Doc, variables: unknown, withQuery: boolean) {
  const name = operationName(doc);
  const hash = PERSISTED[name];
  return {
    operationName: name,
    variables,
    ...(hash ? { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } : {}),
    ...(withQuery || !hash ? { query: print(doc) } : {}),
  };
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

export async function request<D extends Doc>(doc: D, variables?: VariablesOf<D>): Promise<ResultOf<D>> {
  let withQuery = false;
  for (;;) {
    let res: Response;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify(body(doc, variables ?? {}, withQuery)),
      });
    } catch (e) {
      throw new NetworkError(e instanceof Error ? e.message : String(e));
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new NetworkError(`HTTP ${res.status}`);
    let json: { data?: ResultOf<D>; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      json = await res.json();
    } catch {
      throw new NetworkError(`HTTP ${res.status}: not JSON`);
    }
    const first = json.errors?.[0];
    if (first?.extensions?.code === 'PERSISTED_QUERY_NOT_IN_LIST' && !withQuery) {
      withQuery = true;
      continue;
    }
    if (first?.extensions?.code === 'UNAUTHENTICATED') onUnauthenticated();
    if (json.data == null || first) {
      if (json.data != null && !first) return json.data;
      if (json.data != null && first?.extensions?.code === 'FORBIDDEN') return json.data;
      throw new ApiError(first?.message ?? `HTTP ${res.status}`, first?.extensions?.code, res.status);
    }
    return json.data;
  }
}

/** A subscription over server-sent events; returns a function that stops it. */
export function subscribe<D extends Doc>(
  doc: D,
  variables: VariablesOf<D>,
  onData: (data: ResultOf<D>) => void,
  onState: (live: boolean) => void,
): () => void {
  const controller = new AbortController();
  let stopped = false;
  const run = async () => {
    while (!stopped) {
      try {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: headers({ accept: 'text/event-stream' }),
          body: JSON.stringify(body(doc, variables, false)),
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new NetworkError(`HTTP ${res.status}`);
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const event = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = event
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('');
            if (event.includes('event: next') && data) {
              const payload = JSON.parse(data) as { data?: ResultOf<D> };
              if (payload.data) onData(payload.data);
            }
            cut = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // fall through to the retry below
      }
      onState(false);
      if (!stopped) await new Promise((r) => setTimeout(r, 3000));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller.abort();
  };
}
