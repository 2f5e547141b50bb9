import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** `vite dev` gets the production upgrade hook and direct routes (IIIF, uploads); upgrade requests
 * for paths no capability registered (Vite's own hot-reload socket among them) are left to Vite. */
function atharUpgrade(): Plugin {
  return {
    name: 'athar-upgrade',
    apply: 'serve',
    async configureServer(server) {
      // Loaded here, not at the top: `vite build` and Vitest never open the database.
      const { createUpgradeRouter } = await import('./src/lib/server/http/upgrade.ts');
      const { getRuntime } = await import('./src/lib/server/runtime.ts');
      const { mountWebsockets } = await import('./server/websockets.ts');
      const { createDirectRoutes } = await import('./server/direct-routes.ts');
      const runtime = await getRuntime();
      const router = createUpgradeRouter();
      mountWebsockets(router, runtime);
      const direct = createDirectRoutes(runtime);
      server.middlewares.use((req, res, next) => {
        if (!direct.handle(req, res)) next();
      });
      server.httpServer?.on('upgrade', (request, socket, head) => {
        router.match(request.url)?.(request, socket, head);
      });
    }
  };
}

export default defineConfig({
  plugins: [
    // Compiles messages/<locale>/*.json into src/lib/paraglide (offline: the plugin comes from npm).
    // Vitest runs on what `npm test`'s build (or `npm run i18n`) compiled: the plugin's file watcher
    // would keep the test process from exiting.
    ...(process.env.VITEST
      ? []
      : [paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide' })]),
    sveltekit(),
    atharUpgrade()
  ],
  test: {
    // Integration and e2e files spend most of their time waiting on the servers, command-line runs
    // and browsers they start, so more files than cores keep a small machine busy (on 2 cores
    // Vitest's default of one worker left CI mostly idle for 50 minutes).
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.spec.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // After the other projects: a browser test shares the machine with nothing else.
          sequence: { groupOrder: 1 }
        }
      }
    ]
  }
});
