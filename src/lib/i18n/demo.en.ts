/** The demo instance (`npm run demo`): the banner on every page. */
export const demoEn = {
  'demo.banner':
    'Demo data — not evidence. Everything here was generated for trying Athar out; remove it with `npm run demo -- --remove`.'
} as const;
