export const personsAr = {
  'persons.part.given': 'الاسم',
  'persons.part.father': 'اسم الأب',
  'persons.part.grandfather': 'اسم الجد',
  'persons.part.family': 'اسم العائلة',
  'persons.part.mother': 'اسم الأم',
  'persons.part.kunya': 'الكنية',
  'persons.verdict.equal': '{part} مطابق',
  'persons.verdict.variant': '{part} كتابة أخرى للاسم نفسه',
  'persons.verdict.similar': '{part} متقارب',
  'persons.verdict.differs': '{part} مختلف',
  'persons.band.likely': 'مرجّح',
  'persons.band.possible': 'محتمل',
  'persons.band.unlikely': 'مستبعد'
} as const;
