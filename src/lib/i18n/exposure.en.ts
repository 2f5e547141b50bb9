/** The exposure ledger: daily minutes, the soft daily limit, consent, team totals (issue #21). */
export const exposureEn = {
  'exposure.title': 'Your exposure',
  'exposure.intro':
    'Minutes you looked at unprotected images and items you opened, per day (UTC). Only you see these figures, unless you consent below.',
  'exposure.today': 'Today: {minutes} min unblurred, items opened: {items}',
  'exposure.week': 'Last 7 days: {minutes} min unblurred, items opened: {items}',
  'exposure.day': 'Day',
  'exposure.minutes': 'Minutes unblurred',
  'exposure.items': 'Items opened',
  'exposure.breaks': 'Breaks suggested and dismissed',
  'exposure.limit': 'Soft daily limit (minutes unblurred; 0: none)',
  'exposure.limit_hint':
    'When today’s total reaches it, a break is suggested (you can dismiss it). 0–{max}; default {default}.',
  'exposure.coordinator_limit':
    'A coordinator set a daily limit of {minutes} min; the stricter limit applies.',
  'exposure.consent':
    'Coordinators may see my own daily totals (never minute by minute). Without this they see only team totals.',
  'exposure.save': 'Save limit and consent',
  'exposure.saved': 'Saved.',
  'exposure.invalid': 'Enter a whole number of minutes from 0 to {max}.',
  'exposure.indicator': 'Today {minutes} / {limit} min',
  'exposure.indicator_nolimit': 'Today {minutes} min',
  'exposure.break_title': 'Time for a break',
  'exposure.break_text':
    'You have looked at unprotected images for {minutes} minutes today, your daily limit. Step away, talk to someone, or continue with less graphic work.',
  'exposure.break_dismiss': 'Continue anyway',
  'exposure.team_title': 'Team exposure (last 7 days)',
  'exposure.team_people': 'Reviewers with exposure: {count}',
  'exposure.team_small': 'Fewer than {min} people: totals are not broken down.',
  'exposure.team_consenting': 'Reviewers who share their daily totals',
  'exposure.team_link': 'Team exposure'
};
