export const personsEn = {
  'persons.part.given': 'given name',
  'persons.part.father': "father's name",
  'persons.part.grandfather': "grandfather's name",
  'persons.part.family': 'family name',
  'persons.part.mother': "mother's name",
  'persons.part.kunya': 'kunya',
  'persons.verdict.equal': '{part} equal',
  'persons.verdict.variant': '{part} another spelling of the same name',
  'persons.verdict.similar': '{part} similar',
  'persons.verdict.differs': '{part} differs',
  'persons.band.likely': 'likely',
  'persons.band.possible': 'possible',
  'persons.band.unlikely': 'unlikely'
} as const;
