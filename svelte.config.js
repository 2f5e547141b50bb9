import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // Only self: no CDN, no inline script except SvelteKit's own hashed bootstrap.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none']
      }
    },
    // Forms: SvelteKit's default origin check refuses cross-origin form posts (403); no origin is
    // trusted beyond our own. Cookie-authenticated JSON writes are guarded in hooks.server.ts.
    csrf: { trustedOrigins: [] },
    typescript: {
      config(config) {
        config.include.push(
          '../server/**/*.ts',
          '../migrations/**/*.ts',
          '../tests/**/*.ts',
          '../bench/**/*.ts',
          '../scripts/**/*.ts'
        );
        return config;
      }
    }
  }
};

export default config;
