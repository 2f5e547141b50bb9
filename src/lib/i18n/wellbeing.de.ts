/** Reviewer wellbeing: viewing settings, content labels, descriptions (issue #21). */
export const wellbeingDe = {
  'wellbeing.label_cards': 'Im Raster das Inhaltsetikett eines Fotos statt seines Vorschaubilds zeigen',
  'wellbeing.severity': 'Schweregrad {severity} von 3',
  'wellbeing.tag_face_visible': 'Gesicht sichtbar',
  'wellbeing.tag_child': 'Kind',
  'wellbeing.tag_sexual_violence': 'Sexuelle Gewalt',
  'wellbeing.tag_decomposition': 'Verwesung',
  'wellbeing.tag_mutilation': 'Verstümmelung',
  'wellbeing.tag_burns': 'Verbrennungen',
  'wellbeing.tag_starvation': 'Aushungerung',
  'wellbeing.tag_restraints': 'Fesseln',
  'wellbeing.contains': 'Diese Warteschlange enthält:',
  'wellbeing.contains_severity': 'Schweregrad {severity}: {count}',
  'wellbeing.contains_tag': '{tag} ×{count}',
  'wellbeing.brief_label': 'Was dieses Foto zeigt',
  'wellbeing.visible': 'Was zu sehen ist',
  'wellbeing.where': 'Wo',
  'wellbeing.severity_label': 'Schweregrad',
  'wellbeing.save_label': 'Etikett speichern',
  'wellbeing.save_failed': 'Das Etikett wurde nicht gespeichert.'
};
