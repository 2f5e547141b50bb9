/** سجلّ التعرّض: الدقائق اليومية، والحدّ اليومي المرن، والموافقة، ومجاميع الفريق (المسألة 21). */
export const exposureAr = {
  'exposure.title': 'تعرّضك',
  'exposure.intro':
    'الدقائق التي نظرت فيها إلى صور غير محجوبة والعناصر التي فتحتها، لكل يوم (بالتوقيت العالمي). لا يرى هذه الأرقام غيرك إلا إذا وافقت أدناه.',
  'exposure.today': 'اليوم: {minutes} دقيقة دون حجب، العناصر المفتوحة: {items}',
  'exposure.week': 'آخر 7 أيام: {minutes} دقيقة دون حجب، العناصر المفتوحة: {items}',
  'exposure.day': 'اليوم',
  'exposure.minutes': 'دقائق دون حجب',
  'exposure.items': 'العناصر المفتوحة',
  'exposure.breaks': 'الاستراحات المقترحة والمتجاهَلة',
  'exposure.limit': 'الحدّ اليومي المرن (دقائق دون حجب؛ 0: بلا حدّ)',
  'exposure.limit_hint':
    'حين يبلغه مجموع اليوم تُقترح استراحة (يمكنك تجاهلها). من 0 إلى {max}؛ الافتراضي {default}.',
  'exposure.coordinator_limit': 'حدّد منسّق حدًّا يوميًا قدره {minutes} دقيقة؛ يُطبَّق الحدّ الأشدّ.',
  'exposure.consent':
    'يجوز للمنسّقين رؤية مجاميعي اليومية (لا دقيقة بدقيقة أبدًا). من دون ذلك لا يرون إلا مجاميع الفريق.',
  'exposure.save': 'حفظ الحدّ والموافقة',
  'exposure.saved': 'حُفظ.',
  'exposure.invalid': 'أدخل عددًا صحيحًا من الدقائق بين 0 و{max}.',
  'exposure.indicator': 'اليوم {minutes} / {limit} دقيقة',
  'exposure.indicator_nolimit': 'اليوم {minutes} دقيقة',
  'exposure.break_title': 'حان وقت الاستراحة',
  'exposure.break_text':
    'نظرت اليوم إلى صور غير محجوبة مدة {minutes} دقيقة، وهو حدّك اليومي. ابتعد قليلًا، أو تحدّث إلى أحد، أو تابع بعمل أقلّ قسوة.',
  'exposure.break_dismiss': 'المتابعة رغم ذلك',
  'exposure.team_title': 'تعرّض الفريق (آخر 7 أيام)',
  'exposure.team_people': 'المراجعون الذين تعرّضوا: {count}',
  'exposure.team_small': 'أقلّ من {min} أشخاص: لا تُفصَّل المجاميع.',
  'exposure.team_consenting': 'المراجعون الذين يشاركون مجاميعهم اليومية',
  'exposure.team_link': 'تعرّض الفريق'
};
