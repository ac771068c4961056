/** The API surface the simulator speaks; `name` keys `stats.byRoute`. */
export type Route =
  | { name: 'POST /v1/messages' }
  | { name: 'POST /v1/messages/count_tokens' }
  | { name: 'POST /v1/messages/batches' }
  | { name: 'GET /v1/messages/batches' }
  | { name: 'GET /v1/messages/batches/:id'; id: string }
  | { name: 'GET /v1/messages/batches/:id/results'; id: string }
  | { name: 'POST /v1/messages/batches/:id/cancel'; id: string };

export function matchRoute(method: string, pathname: string): Route | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (method === 'POST' && path === '/v1/messages') return { name: 'POST /v1/messages' };
  if (method === 'POST' && path === '/v1/messages/count_tokens') return { name: 'POST /v1/messages/count_tokens' };
  if (path === '/v1/messages/batches') {
    if (method === 'POST') return { name: 'POST /v1/messages/batches' };
    if (method === 'GET') return { name: 'GET /v1/messages/batches' };
    return undefined;
  }
  const m = /^\/v1\/messages\/batches\/([^/]+)(\/results|\/cancel)?$/.exec(path);
  if (!m) return undefined;
  const id = decodeURIComponent(m[1]!);
  if (method === 'GET' && !m[2]) return { name: 'GET /v1/messages/batches/:id', id };
  if (method === 'GET' && m[2] === '/results') return { name: 'GET /v1/messages/batches/:id/results', id };
  if (method === 'POST' && m[2] === '/cancel') return { name: 'POST /v1/messages/batches/:id/cancel', id };
  return undefined;
}
