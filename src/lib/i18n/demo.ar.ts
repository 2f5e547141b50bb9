import type { demoEn } from './demo.en.ts';

/** نسخة العرض (`npm run demo`): اللافتة في كل صفحة. */
export const demoAr: Record<keyof typeof demoEn, string> = {
  'demo.banner': 'بيانات عرض — ليست أدلة. كل ما هنا مُولَّد لتجربة أثر؛ احذفه بالأمر `npm run demo -- --remove`.'
};
