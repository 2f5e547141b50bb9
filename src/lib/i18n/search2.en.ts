/** Search over findings, item names and body identifiers (issue #18). */
export const search2En = {
  'search2.title': 'Search the archive',
  'search2.in': 'Look in',
  'search2.in_all': 'Everything',
  'search2.matched.transcription': 'Transcription',
  'search2.matched.finding': 'Finding',
  'search2.matched.name': 'Item name',
  'search2.matched.identifier': 'Body identifier',
  'search2.body': 'Body',
  'search2.syntax':
    'Every word must match the start of a word; findings are found by their labels in any language (كدمة or contusion), items by their file name, bodies by a whole identifier.'
} as const;
