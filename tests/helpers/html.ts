/** Small readers for the HTML the server renders. */

/** The text of the page's alert (`role="alert"`), or null when there is none. */
export function alertText(html: string): string | null {
  const match = /<[a-z]+ [^>]*role="alert"[^>]*>([\s\S]*?)<\/[a-z]+>/.exec(html);
  return match ? decodeEntities(match[1]!.replace(/<[^>]*>/g, '').trim()) : null;
}

/** The texts of every field error on the page. */
export function fieldErrors(html: string): string[] {
  return [...html.matchAll(/<span class="field-error"[^>]*>([\s\S]*?)<\/span>/g)].map((m) =>
    decodeEntities(m[1]!.trim())
  );
}

/** The value of the named input. */
export function inputValue(html: string, name: string): string | null {
  const tag = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  const value = tag && /\bvalue="([^"]*)"/.exec(tag)?.[1];
  return value === undefined || value === null || value === '' ? null : decodeEntities(value);
}

/** HTML text with the entities Svelte writes turned back into characters. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
