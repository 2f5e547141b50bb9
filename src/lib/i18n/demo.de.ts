import type { demoEn } from './demo.en.ts';

/** Die Demo-Instanz (`npm run demo`): das Banner auf jeder Seite. */
export const demoDe: Record<keyof typeof demoEn, string> = {
  'demo.banner':
    'Demodaten – keine Beweismittel. Alles hier wurde zum Ausprobieren von Athar erzeugt; entfernen mit `npm run demo -- --remove`.'
};
