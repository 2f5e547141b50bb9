import type { dossierEn } from './dossier.en.ts';

/** الملفات الموقّعة: زر التصدير في صفحتي العنصر والطابور، ومفتاح التوقيع في صفحة الإدارة. */
export const dossierAr: Record<keyof typeof dossierEn, string> = {
  'dossier.export': 'تصدير الملف',
  'dossier.redaction': 'الصور',
  'dossier.redact_none': 'كلها (للمحكمة)',
  'dossier.redact_all_photos': 'بلا صور (للعائلة)',
  'dossier.redact_face_and_tag': 'الوجه والبطاقة فقط (للعائلة)',
  'dossier.progress': 'جارٍ إعداد الملف: {done} من نحو {total} ميغابايت',
  'dossier.done': 'حُفظ الملف باسم {file}.',
  'dossier.failed': 'تعذّر تصدير الملف: {reason}',
  'dossier.hint':
    'ملف ZIP بصيغة BagIt موقّع، فيه الأصول والنتائج وسجل الحيازة وتقرير PDF؛ ويتحقق منه verify.html المرفق دون اتصال.',
  'dossier.key_title': 'مفتاح توقيع الملفات',
  'dossier.key_intro':
    'يُوقَّع كل ملف بهذا المفتاح (Ed25519). انشر البصمة: من يتسلّم ملفاً يقارنها بمعرّف المفتاح الوارد فيه.',
  'dossier.key_fingerprint': 'البصمة (SHA-256 للمفتاح العام)'
};
