import type { bodiesEn } from './bodies.en.ts';

/** Messages of bodies (grouping, identifiers, suggestions) in Arabic. */
export const bodiesAr: Record<keyof typeof bodiesEn, string> = {
  'bodies.counts': '{bodies} جثة ({photos} صورة مجمّعة)',
  'bodies.counts_identifiers': '{verified} من {identifiers} رقمًا تم التحقق منها',
  'bodies.counts_disputed': '{disputed} رقمًا مختلفًا عليه',
  'bodies.counts_evaluated': '{evaluated} جثة مُقيَّمة',
  'bodies.suggestions_title': 'جثث مقترحة',
  'bodies.suggestions_count': '{count} اقتراحًا للمراجعة',
  'bodies.suggestions_compute': 'اقترح جثثًا',
  'bodies.suggestions_none': 'لا اقتراحات للمراجعة.',
  'bodies.suggestion_photos': '{count} صورة',
  'bodies.suggestion_reason_time': 'التُقطت متقاربة',
  'bodies.suggestion_reason_file_order': 'ملفات متتالية',
  'bodies.suggestion_reason_identifier': 'الرقم نفسه',
  'bodies.suggestion_accept': 'اجعلها جثة',
  'bodies.suggestion_reject': 'ليست جثة واحدة',
  'bodies.suggestion_accepted': 'أُنشئت الجثة.',
  'bodies.suggestion_open': 'افتح الجثة',
  'bodies.verify_title': 'الأرقام الظاهرة في هذه الصورة',
  'bodies.verify_intro':
    'اكتب كل رقم كما هو مكتوب في هذه الصورة تمامًا. لا ترى ما أدخله الآخرون: قراءتان مستقلتان تثبتان الرقم.',
  'bodies.verify_none': 'هذه الصورة ليست جزءًا من جثة بعد: لا أرقام للتحقق منها.',
  'bodies.verify_kind': 'النوع',
  'bodies.verify_value': 'الرقم كما هو مكتوب',
  'bodies.verify_submit': 'أدخل',
  'bodies.verify_entered': 'أُدخل: {status}',
  'bodies.verify_hidden': 'أدخله شخص آخر (مخفي)',
  'bodies.kind_detainee': 'رقم المعتقل',
  'bodies.kind_branch': 'رقم الفرع',
  'bodies.kind_hospital': 'رقم المشفى',
  'bodies.kind_report': 'رقم التقرير الطبي',
  'bodies.kind_other': 'رقم آخر',
  'bodies.status_unverified': 'غير متحقق منه',
  'bodies.status_verified': 'متحقق منه',
  'bodies.status_disputed': 'مختلف عليه'
};
