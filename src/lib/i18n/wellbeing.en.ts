/** Reviewer wellbeing: viewing settings, content labels, descriptions (issue #21). */
export const wellbeingEn = {
  'wellbeing.label_cards': 'In the grid, show a photograph’s content label instead of its thumbnail',
  'wellbeing.severity': 'Severity {severity} of 3',
  'wellbeing.tag_face_visible': 'Face visible',
  'wellbeing.tag_child': 'Child',
  'wellbeing.tag_sexual_violence': 'Sexual violence',
  'wellbeing.tag_decomposition': 'Decomposition',
  'wellbeing.tag_mutilation': 'Mutilation',
  'wellbeing.tag_burns': 'Burns',
  'wellbeing.tag_starvation': 'Starvation',
  'wellbeing.tag_restraints': 'Restraints',
  'wellbeing.contains': 'This queue contains:',
  'wellbeing.contains_severity': 'severity {severity}: {count}',
  'wellbeing.contains_tag': '{tag} ×{count}',
  'wellbeing.brief_label': 'What this photograph shows',
  'wellbeing.visible': 'What is visible',
  'wellbeing.where': 'Where',
  'wellbeing.severity_label': 'Severity',
  'wellbeing.save_label': 'Save label',
  'wellbeing.save_failed': 'The label was not saved.'
};
