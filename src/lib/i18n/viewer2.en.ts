/** The viewer's everyday gaps: shapes numbered and coloured, tiling progress (issue #18). */
export const viewer2En = {
  'viewer2.colour_by': 'Colour shapes by',
  'viewer2.colour_by_lesion': 'Lesion type',
  'viewer2.colour_by_author': 'Author',
  'viewer2.tiling': 'Preparing the image: {done} of {total} steps'
};
