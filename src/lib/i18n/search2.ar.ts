/** البحث في الموجودات وأسماء العناصر ومعرّفات الجثث (القضية 18). */
export const search2Ar = {
  'search2.title': 'البحث في الأرشيف',
  'search2.in': 'البحث في',
  'search2.in_all': 'كل شيء',
  'search2.matched.transcription': 'النسخ',
  'search2.matched.finding': 'موجودة',
  'search2.matched.name': 'اسم العنصر',
  'search2.matched.identifier': 'معرّف جثة',
  'search2.body': 'جثة',
  'search2.syntax':
    'يجب أن تطابق كل كلمة بداية كلمة؛ تُوجد الموجودات بتسمياتها بأي لغة (كدمة أو \u2066contusion\u2069)، والعناصر باسم ملفها، والجثث بمعرّف كامل.'
} as const;
