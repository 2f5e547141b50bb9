/**
 * The transcription editor's vocabulary (Tiptap / ProseMirror on the room's `transcription`
 * fragment). y-prosemirror stores each block as a Y.XmlElement named after its node type and each
 * mark as a formatting attribute of the text, keyed by the mark's name: exports read these names.
 */
export const BLOCKS = ['paragraph', 'heading'] as const;

/** Marks a documentalist needs, with their TEI element. */
export const TRANSCRIPTION_MARKS = {
  unclear: { tei: 'unclear' },
  illegible: { tei: 'gap' },
  deletion: { tei: 'del' },
  insertion: { tei: 'add' },
  marginalNote: { tei: 'note' },
  personName: { tei: 'persName' }
} as const;
export type TranscriptionMark = keyof typeof TRANSCRIPTION_MARKS;
export const MARK_NAMES = Object.keys(TRANSCRIPTION_MARKS) as TranscriptionMark[];

/** Structured fields of a page (`fields` map). `namesMentioned` is a Y.Array of strings. */
export const DOCUMENT_TYPES = [
  'death_certificate',
  'transfer_order',
  'detainee_list',
  'interrogation_record',
  'other'
] as const;
export const PAGE_FIELDS = [
  'documentType',
  'date',
  'dateCertainty',
  'issuingBranch',
  'detaineeNumber',
  'branchNumber',
  'forensicNumber',
  'namesMentioned'
] as const;
export type PageField = (typeof PAGE_FIELDS)[number];
/** The field listing the persons' names a page mentions (a Y.Array of strings). */
export const NAMES_MENTIONED = 'namesMentioned' satisfies PageField;
/** The mark of a person's name in the transcription. */
export const PERSON_NAME_MARK = 'personName' satisfies TranscriptionMark;
