/** Headers on every response. Pages also get SvelteKit's CSP (svelte.config.js); everything else
 * gets a CSP that allows nothing, so an API response can never be rendered as a document. */
export function applySecurityHeaders(response: Response): void {
  const h = response.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` on form posts, which
  // the CSRF origin check must refuse. No referrer ever leaves the site either way.
  h.set('Referrer-Policy', 'same-origin');
  h.set('X-Frame-Options', 'DENY');
  h.set('Cross-Origin-Opener-Policy', 'same-origin');
  h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (!h.has('Content-Security-Policy'))
    h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
}
