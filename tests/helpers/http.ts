/**
 * A tiny cookie-keeping HTTP client for integration tests: it behaves like one browser (one cookie
 * jar), sends our Origin on writes like a browser would, and never follows redirects.
 */
export type Client = {
  baseUrl: string;
  cookies: Map<string, string>;
  request(
    path: string,
    init?: RequestInit & { form?: Record<string, string | string[]>; json?: unknown }
  ): Promise<Response>;
};

export function createClient(baseUrl: string): Client {
  const cookies = new Map<string, string>();
  return {
    baseUrl,
    cookies,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size && !headers.has('cookie')) {
        headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      }
      let body = init.body;
      if (init.form) {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(init.form)) for (const item of [v].flat()) params.append(k, item);
        body = params;
        headers.set('content-type', 'application/x-www-form-urlencoded');
        // Like a browser without JavaScript: SvelteKit answers `*/*` form posts as JSON otherwise.
        if (!headers.has('accept')) headers.set('accept', 'text/html');
      } else if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers.set('content-type', 'application/json');
      }
      const method = init.method ?? (body ? 'POST' : 'GET');
      if (method !== 'GET' && !headers.has('origin')) headers.set('origin', baseUrl);
      const response = await fetch(baseUrl + path, { ...init, method, headers, body, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    }
  };
}
