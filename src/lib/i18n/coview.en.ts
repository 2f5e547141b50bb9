/** View together: co-viewing sessions on an item, the reveal shared by the lead (issue #21). */
export const coviewEn = {
  'coview.title': 'View together',
  'coview.start': 'View together',
  'coview.start_hint':
    'Open this item with colleagues: you lead, and the image is revealed for everyone only when you reveal it.',
  'coview.invited': '{name} is viewing this item together with others.',
  'coview.join': 'Join',
  'coview.leave': 'Leave',
  'coview.end': 'End session',
  'coview.leading': 'You lead this session. People in it: {count}',
  'coview.joined': 'Viewing together with {name} (lead). People in it: {count}',
  'coview.reveal_all': 'Reveal for everyone',
  'coview.blur_all': 'Blur for everyone',
  'coview.revealed_by_lead': 'The lead has revealed the image.',
  'coview.blurred_by_lead': 'The lead keeps the image blurred.',
  'coview.blur_me': 'Blur for me',
  'coview.failed': 'View together failed: {message}'
};
