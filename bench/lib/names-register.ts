/**
 * The generated register of bench/name-matching.ts: persons with realistic Arabic name parts (ism,
 * father, grandfather, family), a few percent of them namesakes (same given and family name, another
 * father). Seeded, so every run builds the same register. Generated names only.
 */
import { newId } from '../../src/lib/server/ids.ts';

/** Names written one row per line, separated by " · " (a name may hold a space: عبد الله). */
const list = (text: string) =>
  text
    .split(/\s*[·\n]\s*/u)
    .map((s) => s.trim())
    .filter(Boolean);

export const GIVEN = list(`
  محمد · أحمد · محمود · خالد · عمر · علي · حسن · حسين · يوسف · إبراهيم
  إسماعيل · مصطفى · عبد الله · عبد الرحمن · عبد العزيز · عبد الكريم · عبد القادر · سعيد · سعد · وليد
  خليل · جمال · جميل · فيصل · بسام · حسام · حمزة · عمار · أيمن · أنس
  بلال · طارق · زياد · غسان · نزار · سمير · منير · نبيل · عدنان · فادي
  رامي · سامي · هادي · ماجد · رشيد · صالح · صلاح · سليمان · موسى · عيسى
  يحيى · زكريا · مازن · باسل · معاذ · أسامة · هيثم · وائل · عماد · مهند
  ياسر · كنان · رياض · نضال · شادي · قاسم · جهاد · منذر · مؤيد · ثائر
`);
const FAMILY_ROOTS = list(`
  حلب · دمشق · حمص · حما · إدلب · درع · رقّ · ديرزور · خطيب · نجّار
  حدّاد · حلّاق · شامي · مصري · عطّار · خيّاط · سقّا · طحّان · قبّاني · زعبي
  حريري · مقداد · عبّود · درويش · شيخ · حمو · قاسم · نعسان · بيطار · كيّال
  صبّاغ · جزائري · تركماني · كردي · بكري · عمري · حسني · زين · مرعي · سيّد
  فارس · حمدان · سلوم · عيسى · خضر · سويد · موصلي · بغدادي · حوراني · جولاني
`);
// Family names as written: with the article and a nisba ending, or bare (a laqab).
const FAMILIES = FAMILY_ROOTS.flatMap((root) => [
  `ال${root}ي`.replace('يي', 'ي'),
  root,
  `${root}ة`.replace('ةة', 'ة')
]).filter((v, i, all) => all.indexOf(v) === i);

export type Random = () => number;
export function rng(seed: number): Random {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}
export const pick = <T>(random: Random, list: readonly T[]) => list[Math.floor(random() * list.length)] as T;

export type Generated = {
  id: string;
  given: string;
  father: string;
  grandfather: string;
  family: string;
  latin: boolean;
};

export function register(size: number, random: Random): Generated[] {
  const out: Generated[] = [];
  for (let i = 0; i < size; i++) {
    const base = out.length > 10 && random() < 0.05 ? pick(random, out) : null;
    const father = pick(random, GIVEN);
    out.push({
      id: newId(),
      given: base ? base.given : pick(random, GIVEN),
      // A namesake: the same given and family name, another father.
      father: base
        ? pick(
            random,
            GIVEN.filter((g) => g !== base.father)
          )
        : father,
      grandfather: pick(random, GIVEN),
      family: base ? base.family : pick(random, FAMILIES),
      latin: random() < 0.3
    });
  }
  return out;
}
