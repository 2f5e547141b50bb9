/** Die Alltagslücken des Betrachters: nummerierte, gefärbte Formen (Issue #18). */
export const viewer2De = {
  'viewer2.colour_by': 'Formen färben nach',
  'viewer2.colour_by_lesion': 'Verletzungsart',
  'viewer2.colour_by_author': 'Autor'
};
