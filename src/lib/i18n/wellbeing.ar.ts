/** Reviewer wellbeing: viewing settings, content labels, descriptions (issue #21). */
export const wellbeingAr = {
  'wellbeing.label_cards': 'في الشبكة، اعرض تصنيف محتوى الصورة بدلاً من صورتها المصغّرة',
  'wellbeing.severity': 'الشدّة {severity} من 3',
  'wellbeing.tag_face_visible': 'الوجه ظاهر',
  'wellbeing.tag_child': 'طفل',
  'wellbeing.tag_sexual_violence': 'عنف جنسي',
  'wellbeing.tag_decomposition': 'تحلّل',
  'wellbeing.tag_mutilation': 'تشويه',
  'wellbeing.tag_burns': 'حروق',
  'wellbeing.tag_starvation': 'تجويع',
  'wellbeing.tag_restraints': 'قيود',
  'wellbeing.contains': 'تحتوي هذه القائمة على:',
  'wellbeing.contains_severity': 'الشدّة {severity}: {count}',
  'wellbeing.contains_tag': '{tag} ×{count}',
  'wellbeing.brief_label': 'ما تُظهره هذه الصورة',
  'wellbeing.visible': 'ما يظهر',
  'wellbeing.where': 'أين',
  'wellbeing.severity_label': 'الشدّة',
  'wellbeing.save_label': 'احفظ التصنيف',
  'wellbeing.save_failed': 'لم يُحفظ التصنيف.'
};
