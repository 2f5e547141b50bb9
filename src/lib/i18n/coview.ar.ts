/** المشاهدة معًا: جلسات مشاهدة مشتركة لعنصر، يكشف فيها القائد الصورة للجميع (المسألة 21). */
export const coviewAr = {
  'coview.title': 'المشاهدة معًا',
  'coview.start': 'المشاهدة معًا',
  'coview.start_hint': 'افتح هذا العنصر مع زملائك: أنت القائد، ولا تُكشف الصورة للجميع إلا عندما تكشفها أنت.',
  'coview.invited': '{name} يشاهد هذا العنصر مع آخرين.',
  'coview.join': 'انضم',
  'coview.leave': 'غادر',
  'coview.end': 'إنهاء الجلسة',
  'coview.leading': 'أنت تقود هذه الجلسة. عدد المشاركين: {count}',
  'coview.joined': 'تشاهد مع {name} (القائد). عدد المشاركين: {count}',
  'coview.reveal_all': 'اكشف للجميع',
  'coview.blur_all': 'موّه للجميع',
  'coview.revealed_by_lead': 'كشف القائد الصورة.',
  'coview.blurred_by_lead': 'يُبقي القائد الصورة مموّهة.',
  'coview.blur_me': 'موّه لي',
  'coview.failed': 'تعذّرت المشاهدة معًا: {message}'
};
