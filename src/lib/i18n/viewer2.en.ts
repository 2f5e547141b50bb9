/** The viewer's everyday gaps: shapes numbered and coloured (issue #18). */
export const viewer2En = {
  'viewer2.colour_by': 'Colour shapes by',
  'viewer2.colour_by_lesion': 'Lesion type',
  'viewer2.colour_by_author': 'Author'
};
