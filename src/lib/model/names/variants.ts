/**
 * Common Arabic given names with their Arabic spellings and their usual Latin transliterations
 * (English, French, German and Levantine habits). A name found here is compared by its canonical
 * id, so that Muhammad, Mohamed and محمد meet exactly and حسن never passes for حسين (the consonant
 * skeleton of skeleton.ts cannot tell those two apart). Names not listed fall back to skeletons.
 * Arabic spellings are written normalised (see model/normalise.ts), with compounds joined.
 */
const NAMES: Record<string, { ar: string[]; la: string[] }> = {
  muhammad: {
    ar: ['محمد'],
    la: [
      'muhammad',
      'mohammad',
      'mohamed',
      'mohammed',
      'muhammed',
      'mohamad',
      'mohamud',
      'muhamad',
      'mehmet',
      'mhd'
    ]
  },
  ahmad: { ar: ['احمد'], la: ['ahmad', 'ahmed', 'ahmet', 'achmed'] },
  mahmud: { ar: ['محمود'], la: ['mahmud', 'mahmoud', 'mahmood'] },
  mustafa: { ar: ['مصطفي'], la: ['mustafa', 'moustafa', 'mostafa', 'mustapha'] },
  husayn: {
    ar: ['حسين'],
    la: ['husayn', 'hussein', 'husain', 'hussain', 'husein', 'hossein', 'houssein', 'husseyn']
  },
  hasan: { ar: ['حسن'], la: ['hasan', 'hassan', 'hasen', 'hassen'] },
  ali: { ar: ['علي'], la: ['ali', 'aly'] },
  umar: { ar: ['عمر'], la: ['umar', 'omar', 'omer', 'umer'] },
  uthman: { ar: ['عثمان'], la: ['uthman', 'othman', 'osman', 'usman', 'otman'] },
  khalid: { ar: ['خالد'], la: ['khalid', 'khaled', 'chaled', 'halid'] },
  yusuf: { ar: ['يوسف'], la: ['yusuf', 'youssef', 'yousef', 'yousuf', 'yusef', 'youcef', 'jusuf', 'yussef'] },
  ibrahim: { ar: ['ابراهيم'], la: ['ibrahim', 'ebrahim', 'ibraheem', 'brahim'] },
  ismail: { ar: ['اسماعيل'], la: ['ismail', 'ismael', 'esmail', 'ismaeel'] },
  abdallah: { ar: ['عبدالله'], la: ['abdallah', 'abdullah', 'abdulla', 'abdalla', 'abdellah', 'abdollah'] },
  abdalrahman: {
    ar: ['عبدالرحمن'],
    la: [
      'abdalrahman',
      'abdulrahman',
      'abdelrahman',
      'abdurrahman',
      'abdurahman',
      'abderrahmane',
      'abderrahman',
      'abdarrahman'
    ]
  },
  abdalaziz: { ar: ['عبدالعزيز'], la: ['abdalaziz', 'abdulaziz', 'abdelaziz', 'abdulazeez'] },
  abdalkarim: { ar: ['عبدالكريم'], la: ['abdalkarim', 'abdulkarim', 'abdelkarim', 'abdulkareem'] },
  abdalqadir: {
    ar: ['عبدالقادر'],
    la: ['abdalqadir', 'abdulqadir', 'abdelkader', 'abdulkader', 'abdulkadir', 'abdelkadir']
  },
  abdalrazzaq: {
    ar: ['عبدالرزاق'],
    la: ['abdalrazzaq', 'abdulrazzaq', 'abdelrazak', 'abdulrazak', 'abderrazak', 'abdurrazaq']
  },
  abdalhamid: { ar: ['عبدالحميد'], la: ['abdalhamid', 'abdulhamid', 'abdelhamid', 'abdulhameed'] },
  abdalsalam: {
    ar: ['عبدالسلام'],
    la: ['abdalsalam', 'abdulsalam', 'abdelsalam', 'abdessalam', 'abdussalam', 'abdassalam']
  },
  abdalnasir: {
    ar: ['عبدالناصر'],
    la: ['abdalnasir', 'abdulnasser', 'abdelnasser', 'abdennasser', 'abdulnasir']
  },
  yasin: { ar: ['ياسين'], la: ['yasin', 'yassin', 'yaseen', 'yacine', 'jassin'] },
  said: { ar: ['سعيد'], la: ['said', 'saeed', 'saied'] },
  saad: { ar: ['سعد'], la: ['saad', 'sad'] },
  walid: { ar: ['وليد'], la: ['walid', 'waleed', 'oualid'] },
  khalil: { ar: ['خليل'], la: ['khalil', 'khaleel', 'halil'] },
  jamal: { ar: ['جمال'], la: ['jamal', 'gamal', 'djamal', 'jamaal'] },
  jamil: { ar: ['جميل'], la: ['jamil', 'jameel', 'gamil', 'djamil'] },
  faysal: { ar: ['فيصل'], la: ['faysal', 'faisal', 'faycal', 'feisal'] },
  bassam: { ar: ['بسام'], la: ['bassam', 'basam'] },
  husam: { ar: ['حسام'], la: ['husam', 'hussam', 'houssam', 'hosam'] },
  hamza: { ar: ['حمزه'], la: ['hamza', 'hamzah', 'hamzeh'] },
  ammar: { ar: ['عمار'], la: ['ammar', 'amar'] },
  amr: { ar: ['عمرو'], la: ['amr', 'amro', 'amru'] },
  ayman: { ar: ['ايمن'], la: ['ayman', 'aiman', 'eyman'] },
  anas: { ar: ['انس'], la: ['anas', 'anass'] },
  bilal: { ar: ['بلال'], la: ['bilal', 'belal'] },
  tariq: { ar: ['طارق'], la: ['tariq', 'tarek', 'tareq', 'tarik'] },
  ziyad: { ar: ['زياد'], la: ['ziyad', 'ziad', 'zyad'] },
  ghassan: { ar: ['غسان'], la: ['ghassan', 'ghasan'] },
  nizar: { ar: ['نزار'], la: ['nizar', 'nezar'] },
  samir: { ar: ['سمير'], la: ['samir', 'sameer'] },
  munir: { ar: ['منير'], la: ['munir', 'mounir', 'moneer'] },
  nabil: { ar: ['نبيل'], la: ['nabil', 'nabeel'] },
  adnan: { ar: ['عدنان'], la: ['adnan'] },
  fadi: { ar: ['فادي'], la: ['fadi', 'fady'] },
  rami: { ar: ['رامي'], la: ['rami', 'ramy'] },
  sami: { ar: ['سامي'], la: ['sami', 'samy'] },
  hadi: { ar: ['هادي'], la: ['hadi', 'hady'] },
  majid: { ar: ['ماجد'], la: ['majid', 'majed', 'maged'] },
  rashid: { ar: ['رشيد'], la: ['rashid', 'rachid', 'rasheed'] },
  salih: { ar: ['صالح'], la: ['salih', 'saleh'] },
  salah: { ar: ['صلاح'], la: ['salah', 'salaheddine'] },
  sulayman: { ar: ['سليمان'], la: ['sulayman', 'suleiman', 'sulaiman', 'soliman', 'slimane', 'suleyman'] },
  musa: { ar: ['موسي'], la: ['musa', 'moussa', 'mousa', 'mussa'] },
  isa: { ar: ['عيسي'], la: ['isa', 'issa', 'eissa'] },
  yahya: { ar: ['يحيي'], la: ['yahya', 'yehia', 'yahia', 'yihya'] },
  zakariya: { ar: ['زكريا'], la: ['zakariya', 'zakaria', 'zakariyya', 'zakariah'] },
  fatima: { ar: ['فاطمه'], la: ['fatima', 'fatma', 'fatimah', 'fatmeh', 'fatemeh'] },
  aisha: { ar: ['عايشه', 'عائشه'], la: ['aisha', 'aicha', 'aysha', 'aishah', 'ayesha'] },
  maryam: { ar: ['مريم'], la: ['maryam', 'mariam', 'meryem', 'mariem'] },
  khadija: { ar: ['خديجه'], la: ['khadija', 'khadijah', 'khadidja', 'khadeeja'] },
  zaynab: { ar: ['زينب'], la: ['zaynab', 'zainab', 'zeinab', 'zeynab'] },
  nur: { ar: ['نور'], la: ['nur', 'nour', 'noor'] },
  huda: { ar: ['هدي'], la: ['huda', 'houda', 'hoda'] },
  amina: { ar: ['امنه', 'امينه'], la: ['amina', 'aminah', 'ameena', 'amna'] },
  rim: { ar: ['ريم'], la: ['rim', 'reem'] }
};

/** Variant spelling (Arabic normalised, or Latin lower case without the article) → canonical id. */
const CANONICAL = new Map<string, string>();
for (const [id, forms] of Object.entries(NAMES)) {
  for (const form of [...forms.ar, ...forms.la]) if (!CANONICAL.has(form)) CANONICAL.set(form, id);
}

/** The canonical id of a known name, or undefined. */
export function canonicalName(key: string): string | undefined {
  return CANONICAL.get(key);
}
