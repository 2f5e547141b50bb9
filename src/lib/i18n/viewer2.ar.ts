/** ثغرات العارض اليومية: ترقيم الأشكال وتلوينها، وتقدّم تجهيز الصورة (المسألة 18). */
export const viewer2Ar = {
  'viewer2.colour_by': 'تلوين الأشكال حسب',
  'viewer2.colour_by_lesion': 'نوع الإصابة',
  'viewer2.colour_by_author': 'الكاتب',
  'viewer2.tiling': 'تجهيز الصورة: {done} من {total} خطوات'
};
