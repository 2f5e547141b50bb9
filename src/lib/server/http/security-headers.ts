/**
 * The security headers of every response, SvelteKit's and the framework-free handlers' alike.
 * Pages also get SvelteKit's CSP (svelte.config.js); everything else gets a CSP that allows
 * nothing, so an API response or a tile can never be rendered as a document.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` on form posts, which
  // the CSRF origin check must refuse. No referrer ever leaves the site either way.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()'
};

/** Only where no page sets its own. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

export function applySecurityHeaders(response: Response): void {
  const h = response.headers;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) h.set(name, value);
  if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', DEFAULT_CSP);
  if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
}
