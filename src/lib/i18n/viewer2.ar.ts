/** ثغرات العارض اليومية: ترقيم الأشكال وتلوينها (المسألة 18). */
export const viewer2Ar = {
  'viewer2.colour_by': 'تلوين الأشكال حسب',
  'viewer2.colour_by_lesion': 'نوع الإصابة',
  'viewer2.colour_by_author': 'الكاتب'
};
