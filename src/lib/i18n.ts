/**
 * UI strings of the microsites in every supported language, and text direction. Pure.
 * Account texts (goals, proposition) are written by marketers in the account's own language.
 */
import type { BuyingStage, Format, Industry, Tier } from '../schemas/vocabulary.ts';
import type { MilestoneStatus } from '../schemas/plan.ts';

export const UI_LANGUAGES = ['en', 'fi', 'vi', 'fa'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Language of content written without a `lang`: pieces default to it, persona files are written in it. */
export const DEFAULT_CONTENT_LANGUAGE = 'en';

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'dv', 'yi', 'sd', 'ug']);

const languages = new Map<string, string>();
/** The language part of a BCP 47 tag, e.g. `fa` for `fa-IR` (memoised: pages ask it thousands of times, and Intl.Locale is slow). */
export function languageOf(locale: string): string {
  let language = languages.get(locale);
  if (language === undefined) languages.set(locale, (language = new Intl.Locale(locale).language));
  return language;
}

/** `rtl` for right-to-left languages (Persian, Arabic, Hebrew...), else `ltr`. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(languageOf(locale)) ? 'rtl' : 'ltr';
}

/** `lang` and `dir` attributes of an element; both absent when it inherits them. */
export interface LangAttributes {
  lang?: string;
  dir?: 'ltr' | 'rtl';
}

/**
 * The `lang` and `dir` an element needs when its text is in `contentLocale` and it sits inside
 * text in `surroundingLocale` (an English fallback piece on a Persian page, or the Persian UI
 * labels inside that English piece): nothing when the languages are the same, else both, so
 * that screen readers switch voice and the bidi algorithm lays it out in its own direction.
 * Spread on the element: `<article {...langAttributes(piece.lang, account.locale)}>`.
 */
export function langAttributes(contentLocale: string, surroundingLocale: string): LangAttributes {
  if (languageOf(contentLocale) === languageOf(surroundingLocale)) return {};
  return { lang: contentLocale, dir: directionOf(contentLocale) };
}

/**
 * `lang` and `dir` of a text that is either its translation into the page's language (when
 * `translation` is set) or the original in DEFAULT_CONTENT_LANGUAGE it falls back to, e.g. a
 * persona title: `fallbackLangAttributes(persona.translations[language]?.title, account.locale)`.
 */
export function fallbackLangAttributes(translation: string | undefined, pageLocale: string): LangAttributes {
  return translation ? {} : langAttributes(DEFAULT_CONTENT_LANGUAGE, pageLocale);
}

/**
 * The arrows of a "previous / next" pager in a page of direction `dir`: they point to where the
 * link sits, so in right-to-left pages "previous" (at the start, on the right) points right.
 */
export function pagerArrows(dir: 'ltr' | 'rtl'): { previous: string; next: string } {
  return dir === 'rtl' ? { previous: '→', next: '←' } : { previous: '←', next: '→' };
}

interface UiStrings {
  skipToContent: string;
  preparedFor: (account: string) => string;
  /** Who the microsite is from, beside the vendor's logo: "by Kestrel Systems". */
  from: (vendor: string) => string;
  privacyPolicy: string;
  legalNotice: string;
  ourProposition: string;
  /** The start of the landing page's headline, naming the account: "For Corvanne:". */
  forAccount: (account: string) => string;
  yourGoals: string;
  forYourRole: string;
  openTrack: string;
  pieces: (n: number) => string;
  talkTo: string;
  bookMeeting: string;
  contact: string;
  track: string;
  startHere: string;
  /**
   * The note on text shown in another language than the page (a piece without a translation),
   * given that language's name in the page's language: "In English", "Kieli: englanti".
   */
  inLanguage: (languageName: string) => string;
  next: string;
  previous: string;
  backToOverview: string;
  backToTrack: string;
  stepOf: (step: number, total: number) => string;
  whatWeOffer: string;
  calculator: {
    title: string;
    users: string;
    hourlyCost: string;
    hoursSaved: string;
    pricePerUser: string;
    annualSavings: string;
    annualCost: string;
    roi: string;
    payback: string;
    months: string;
    /** Shown as the payback time when the yearly savings do not cover the yearly cost (a negative return). */
    noPayback: string;
    calculate: string;
    note: string;
    /** The model behind the figures, in one sentence, so a reader can check it; `weeks` formatted for the page (its digits). */
    assumptions: (weeks: string) => string;
  };
  video: {
    /** Label of the play button, before the video's title. */
    play: string;
    /** Link to the video on its host, e.g. "Watch on YouTube". */
    watchOn: (host: string) => string;
    /** Note under the player: nothing loads from the host before play. */
    consent: (host: string) => string;
  };
  /** Heading of the proof points: customers' results. */
  proof: string;
  /** Heading of the persona tiles' cover link, e.g. "Start with". */
  startWith: string;
  plan: {
    /** Default heading of the plan page, and the link to it. */
    title: string;
    /** Short description of the page, for the landing page's link. */
    lead: string;
    progress: (done: number, total: number) => string;
    due: string;
    next: string;
    /** Labels before the owners of each side. */
    yourSide: string;
    ourSide: string;
    read: string;
    status: Record<MilestoneStatus, string>;
    /** Label before a step's status in its calendar event. */
    statusLabel: string;
    /** A step's calendar file link, and the whole plan's. */
    calendar: string;
    calendarAll: string;
    /** The mailto link that shares the landing page (never a personal link) with a colleague. */
    share: string;
    shareSubject: (account: string) => string;
    shareBody: (url: string) => string;
    /** Working in the plan from a personal link (the page's island). */
    work: {
      /** What a personal link allows, shown above the steps. */
      note: string;
      /** Why nothing can be sent under Global Privacy Control or Do Not Track. */
      privacy: string;
      done: string;
      date: string;
      comment: string;
      send: string;
      sent: string;
      failed: string;
      /** Heading of the updates shown under a step. */
      updates: string;
      kinds: { done: string; date: string; comment: string };
      /** After the visitor's own updates. */
      you: string;
    };
  };
  /**
   * The footer's line on what the page measures, for whom, and what a personal link changes:
   * true for every visitor (the page cannot know whether it was opened from a personal link).
   */
  measured: (vendor: string) => string;
  /** Label before the owner's e-mail address where it is printed. */
  email: string;
  stages: Record<BuyingStage, string>;
  formats: Record<Format, string>;
  industries: Record<Industry, string>;
  tiers: Record<Tier, string>;
}

const en: UiStrings = {
  skipToContent: 'Skip to content',
  preparedFor: (a) => `Prepared for ${a}`,
  from: (v) => `from ${v}`,
  privacyPolicy: 'Privacy policy',
  legalNotice: 'Legal notice',
  ourProposition: 'What we propose',
  forAccount: (a) => `For ${a}:`,
  yourGoals: 'Your goals',
  forYourRole: 'Content for your role',
  openTrack: 'Open',
  pieces: (n) => (n === 1 ? '1 piece' : `${n} pieces`),
  talkTo: 'Your contact',
  bookMeeting: 'Book a meeting',
  contact: 'Send an e-mail',
  track: 'Reading path',
  startHere: 'Start here',
  inLanguage: (name) => `In ${name}`,
  next: 'Next',
  previous: 'Previous',
  backToOverview: 'Overview',
  backToTrack: 'Back to the reading path',
  stepOf: (s, t) => `${s} of ${t}`,
  whatWeOffer: 'What we offer you',
  calculator: {
    title: 'Return on investment',
    users: 'Users',
    hourlyCost: 'Cost of one working hour',
    hoursSaved: 'Hours saved per user per week',
    pricePerUser: 'Yearly price per user',
    annualSavings: 'Yearly savings',
    annualCost: 'Yearly cost',
    roi: 'Return on investment',
    payback: 'Payback time',
    months: 'months',
    noPayback: 'Does not pay back',
    calculate: 'Recalculate',
    note: 'Pre-filled with your organisation’s figures; change them to see your own result.',
    assumptions: (weeks) => `How it is calculated: yearly savings = users × hours saved per user per week × ${weeks} working weeks × hourly cost; yearly cost = users × price per user; return = (savings − cost) ÷ cost; payback = cost ÷ savings × 12 months, when the savings exceed the cost (otherwise it does not pay back). No other benefits are counted.`,
  },
  video: {
    play: 'Play video',
    watchOn: (host) => (host ? `Watch on ${host}` : 'Download the video'),
    consent: (host) => `The video loads from ${host} when you press play.`,
  },
  proof: 'Results from companies like yours',
  startWith: 'Start with',
  plan: {
    title: 'Our plan together',
    lead: 'The steps we agreed, who owns them and when they are due.',
    progress: (d, t) => `${d} of ${t} steps done`,
    due: 'Due',
    next: 'Next step',
    yourSide: 'Your team',
    ourSide: 'Our team',
    read: 'Read',
    status: { done: 'Done', 'in-progress': 'In progress', planned: 'Planned', 'at-risk': 'At risk' },
    statusLabel: 'Status',
    calendar: 'Add to calendar',
    calendarAll: 'Add every step to your calendar',
    share: 'Share with a colleague',
    shareSubject: (a) => `Our plan together: ${a}`,
    shareBody: (url) => `Here is the plan we agreed, with the steps, who owns them and when they are due: ${url}`,
    work: {
      note: 'You opened this plan from your personal link: you can mark a step done, propose another date or leave a comment. Your contact is told at once.',
      privacy: 'Your browser asks not to be tracked (Global Privacy Control or Do Not Track), so this page does not know who you are and cannot send updates. Write to your contact instead.',
      done: 'Mark as done',
      date: 'Propose another date',
      comment: 'Comment',
      send: 'Send',
      sent: 'Sent: your contact has been told.',
      failed: 'Not sent. Please try again later.',
      updates: 'Updates from your team',
      kinds: { done: 'Marked done', date: 'Proposed date', comment: 'Comment' },
      you: '(you)',
    },
  },
  measured: (v) =>
    `This page measures reading for ${v}: which pages are opened, for how long and how far, which buttons are pressed and the calculator’s result. Opened from a personal link, the visit is recorded under your name; otherwise under a random id kept in this browser. No cookies; with Global Privacy Control or Do Not Track on, only a visit to your company’s pages is counted, not who made it.`,
  email: 'E-mail',
  stages: { awareness: 'Awareness', consideration: 'Consideration', evaluation: 'Evaluation', decision: 'Decision' },
  formats: {
    'case-study': 'Case study',
    'white-paper': 'White paper',
    'roi-calculator': 'ROI calculator',
    research: 'Research',
    'technology-review': 'Technology review',
    'expert-statement': 'Expert statement',
    newsletter: 'Newsletter',
    webinar: 'Webinar',
    presentation: 'Presentation',
  },
  industries: {
    'it-services': 'IT services',
    telecom: 'Telecommunications',
    chemicals: 'Chemicals',
    'engineering-construction': 'Engineering and construction',
    'public-sector': 'Public sector',
    ngo: 'Non-profit organisation',
    manufacturing: 'Manufacturing',
    'financial-services': 'Financial services',
    energy: 'Energy',
    healthcare: 'Healthcare',
    retail: 'Retail',
    logistics: 'Logistics',
  },
  tiers: { strategic: 'Strategic', key: 'Key', scale: 'Scale' },
};

const fi: UiStrings = {
  skipToContent: 'Siirry sisältöön',
  preparedFor: (a) => `Laadittu yritykselle ${a}`,
  from: (v) => `Tekijä: ${v}`,
  privacyPolicy: 'Tietosuojaseloste',
  legalNotice: 'Oikeudelliset tiedot',
  ourProposition: 'Ehdotuksemme',
  forAccount: (a) => `Yritykselle ${a}:`,
  yourGoals: 'Tavoitteenne',
  forYourRole: 'Sisältöä roolillesi',
  openTrack: 'Avaa',
  pieces: (n) => (n === 1 ? '1 sisältö' : `${n} sisältöä`),
  talkTo: 'Yhteyshenkilönne',
  bookMeeting: 'Varaa tapaaminen',
  contact: 'Lähetä sähköpostia',
  track: 'Lukupolku',
  startHere: 'Aloita tästä',
  inLanguage: (name) => `Kieli: ${name}`,
  next: 'Seuraava',
  previous: 'Edellinen',
  backToOverview: 'Yleiskatsaus',
  backToTrack: 'Takaisin lukupolulle',
  stepOf: (s, t) => `${s} / ${t}`,
  whatWeOffer: 'Mitä tarjoamme teille',
  calculator: {
    title: 'Sijoitetun pääoman tuotto',
    users: 'Käyttäjät',
    hourlyCost: 'Työtunnin kustannus',
    hoursSaved: 'Säästetyt tunnit käyttäjää kohden viikossa',
    pricePerUser: 'Vuosihinta käyttäjää kohden',
    annualSavings: 'Vuosisäästö',
    annualCost: 'Vuosikustannus',
    roi: 'Sijoitetun pääoman tuotto',
    payback: 'Takaisinmaksuaika',
    months: 'kuukautta',
    noPayback: 'Ei maksa itseään takaisin',
    calculate: 'Laske uudelleen',
    note: 'Esitäytetty organisaationne luvuilla; muuta niitä nähdäksesi oman tuloksenne.',
    assumptions: (weeks) => `Laskentatapa: vuosisäästö = käyttäjät × säästetyt tunnit käyttäjää kohden viikossa × ${weeks} työviikkoa × tuntikustannus; vuosikustannus = käyttäjät × hinta käyttäjää kohden; tuotto = (säästö − kustannus) ÷ kustannus; takaisinmaksuaika = kustannus ÷ säästö × 12 kuukautta, kun säästö ylittää kustannuksen (muuten investointi ei maksa itseään takaisin). Muita hyötyjä ei lasketa.`,
  },
  video: {
    play: 'Toista video',
    watchOn: (host) => (host ? `Katso palvelussa ${host}` : 'Lataa video'),
    consent: (host) => `Video ladataan palvelusta ${host}, kun painat toistoa.`,
  },
  proof: 'Tuloksia kaltaisistanne yrityksistä',
  startWith: 'Aloita tästä',
  plan: {
    title: 'Yhteinen suunnitelmamme',
    lead: 'Sovitut vaiheet, niiden vastuuhenkilöt ja aikataulu.',
    progress: (d, t) => `${d}/${t} vaihetta valmiina`,
    due: 'Määräpäivä',
    next: 'Seuraava vaihe',
    yourSide: 'Teiltä',
    ourSide: 'Meiltä',
    read: 'Lue',
    status: { done: 'Valmis', 'in-progress': 'Käynnissä', planned: 'Suunniteltu', 'at-risk': 'Viivästymisriski' },
    statusLabel: 'Tila',
    calendar: 'Lisää kalenteriin',
    calendarAll: 'Lisää kaikki vaiheet kalenteriin',
    share: 'Jaa kollegalle',
    shareSubject: (a) => `Yhteinen suunnitelmamme: ${a}`,
    shareBody: (url) => `Tässä sopimamme suunnitelma: vaiheet, niiden vastuuhenkilöt ja aikataulu: ${url}`,
    work: {
      note: 'Avasit suunnitelman henkilökohtaisesta linkistäsi: voit merkitä vaiheen valmiiksi, ehdottaa toista päivää tai kommentoida. Yhteyshenkilösi saa tiedon heti.',
      privacy: 'Selaimesi pyytää, ettei sinua seurata (Global Privacy Control tai Do Not Track), joten sivu ei tiedä, kuka olet, eikä voi lähettää päivityksiä. Kirjoita yhteyshenkilöllesi.',
      done: 'Merkitse valmiiksi',
      date: 'Ehdota toista päivää',
      comment: 'Kommentoi',
      send: 'Lähetä',
      sent: 'Lähetetty: yhteyshenkilösi sai tiedon.',
      failed: 'Ei lähetetty. Yritä myöhemmin uudelleen.',
      updates: 'Päivitykset tiimiltänne',
      kinds: { done: 'Merkitty valmiiksi', date: 'Ehdotettu päivä', comment: 'Kommentti' },
      you: '(sinä)',
    },
  },
  measured: (v) =>
    `Tämä sivu mittaa lukemista yhtiölle ${v}: mitkä sivut avataan, kuinka kauan ja kuinka pitkälle niitä luetaan, mitä painikkeita painetaan ja laskurin tuloksen. Henkilökohtaisesta linkistä avattuna käynti kirjataan nimelläsi, muuten satunnaisella tunnisteella, joka säilyy tässä selaimessa. Ei evästeitä; kun Global Privacy Control tai Do Not Track on käytössä, kirjataan vain käynti yrityksenne sivuilla, ei sitä, kuka sen teki.`,
  email: 'Sähköposti',
  stages: { awareness: 'Tietoisuus', consideration: 'Harkinta', evaluation: 'Arviointi', decision: 'Päätös' },
  formats: {
    'case-study': 'Asiakastarina',
    'white-paper': 'Valkoinen kirja',
    'roi-calculator': 'Tuottolaskuri',
    research: 'Tutkimus',
    'technology-review': 'Teknologiakatsaus',
    'expert-statement': 'Asiantuntijalausunto',
    newsletter: 'Uutiskirje',
    webinar: 'Webinaari',
    presentation: 'Esitys',
  },
  industries: {
    'it-services': 'IT-palvelut',
    telecom: 'Tietoliikenne',
    chemicals: 'Kemianteollisuus',
    'engineering-construction': 'Suunnittelu ja rakentaminen',
    'public-sector': 'Julkinen sektori',
    ngo: 'Järjestö',
    manufacturing: 'Valmistava teollisuus',
    'financial-services': 'Rahoituspalvelut',
    energy: 'Energia',
    healthcare: 'Terveydenhuolto',
    retail: 'Vähittäiskauppa',
    logistics: 'Logistiikka',
  },
  tiers: { strategic: 'Strateginen', key: 'Avain', scale: 'Laaja' },
};

const vi: UiStrings = {
  skipToContent: 'Chuyển đến nội dung',
  preparedFor: (a) => `Dành riêng cho ${a}`,
  from: (v) => `do ${v} thực hiện`,
  privacyPolicy: 'Chính sách quyền riêng tư',
  legalNotice: 'Thông tin pháp lý',
  ourProposition: 'Đề xuất của chúng tôi',
  forAccount: (a) => `Dành cho ${a}:`,
  yourGoals: 'Mục tiêu của quý công ty',
  forYourRole: 'Nội dung cho vai trò của bạn',
  openTrack: 'Mở',
  pieces: (n) => `${n} nội dung`,
  talkTo: 'Người liên hệ',
  bookMeeting: 'Đặt lịch họp',
  contact: 'Gửi email',
  track: 'Lộ trình đọc',
  startHere: 'Bắt đầu tại đây',
  inLanguage: (name) => `Bằng ${name.charAt(0).toLocaleLowerCase('vi')}${name.slice(1)}`,
  next: 'Tiếp theo',
  previous: 'Trước',
  backToOverview: 'Tổng quan',
  backToTrack: 'Quay lại lộ trình đọc',
  stepOf: (s, t) => `${s} / ${t}`,
  whatWeOffer: 'Chúng tôi mang đến cho bạn',
  calculator: {
    title: 'Tỷ suất hoàn vốn',
    users: 'Người dùng',
    hourlyCost: 'Chi phí một giờ làm việc',
    hoursSaved: 'Số giờ tiết kiệm mỗi người mỗi tuần',
    pricePerUser: 'Giá mỗi người dùng mỗi năm',
    annualSavings: 'Tiết kiệm mỗi năm',
    annualCost: 'Chi phí mỗi năm',
    roi: 'Tỷ suất hoàn vốn',
    payback: 'Thời gian hoàn vốn',
    months: 'tháng',
    noPayback: 'Không hoàn vốn',
    calculate: 'Tính lại',
    note: 'Đã điền sẵn số liệu của tổ chức bạn; hãy thay đổi để xem kết quả của riêng bạn.',
    assumptions: (weeks) => `Cách tính: tiết kiệm hằng năm = số người dùng × số giờ tiết kiệm mỗi người mỗi tuần × ${weeks} tuần làm việc × chi phí mỗi giờ; chi phí hằng năm = số người dùng × giá mỗi người dùng; lợi tức = (tiết kiệm − chi phí) ÷ chi phí; thời gian hoàn vốn = chi phí ÷ tiết kiệm × 12 tháng, khi tiết kiệm lớn hơn chi phí (nếu không thì không hoàn vốn). Không tính các lợi ích khác.`,
  },
  video: {
    play: 'Phát video',
    watchOn: (host) => (host ? `Xem trên ${host}` : 'Tải video'),
    consent: (host) => `Video được tải từ ${host} khi bạn nhấn phát.`,
  },
  proof: 'Kết quả từ các doanh nghiệp như quý công ty',
  startWith: 'Bắt đầu với',
  plan: {
    title: 'Kế hoạch chung của chúng ta',
    lead: 'Các bước đã thống nhất, người phụ trách và thời hạn.',
    progress: (d, t) => `Đã xong ${d}/${t} bước`,
    due: 'Hạn',
    next: 'Bước tiếp theo',
    yourSide: 'Phía quý công ty',
    ourSide: 'Phía chúng tôi',
    read: 'Đọc',
    status: { done: 'Đã xong', 'in-progress': 'Đang thực hiện', planned: 'Đã lên kế hoạch', 'at-risk': 'Có rủi ro' },
    statusLabel: 'Trạng thái',
    calendar: 'Thêm vào lịch',
    calendarAll: 'Thêm mọi bước vào lịch',
    share: 'Chia sẻ với đồng nghiệp',
    shareSubject: (a) => `Kế hoạch chung của chúng ta: ${a}`,
    shareBody: (url) => `Đây là kế hoạch chúng ta đã thống nhất, gồm các bước, người phụ trách và thời hạn: ${url}`,
    work: {
      note: 'Bạn mở kế hoạch này từ đường liên kết cá nhân: bạn có thể đánh dấu một bước đã xong, đề xuất ngày khác hoặc để lại nhận xét. Người liên hệ của bạn được báo ngay.',
      privacy: 'Trình duyệt của bạn yêu cầu không bị theo dõi (Global Privacy Control hoặc Do Not Track), nên trang này không biết bạn là ai và không thể gửi cập nhật. Hãy viết cho người liên hệ của bạn.',
      done: 'Đánh dấu đã xong',
      date: 'Đề xuất ngày khác',
      comment: 'Nhận xét',
      send: 'Gửi',
      sent: 'Đã gửi: người liên hệ của bạn đã được báo.',
      failed: 'Chưa gửi được. Vui lòng thử lại sau.',
      updates: 'Cập nhật từ nhóm của bạn',
      kinds: { done: 'Đã đánh dấu xong', date: 'Ngày đề xuất', comment: 'Nhận xét' },
      you: '(bạn)',
    },
  },
  measured: (v) =>
    `Trang này đo lường việc đọc cho ${v}: những trang nào được mở, đọc trong bao lâu và đến đâu, những nút nào được nhấn và kết quả của công cụ tính. Nếu mở từ đường liên kết cá nhân, lượt truy cập được ghi nhận theo tên của bạn; nếu không, theo một mã ngẫu nhiên lưu trong trình duyệt này. Không dùng cookie; khi bật Global Privacy Control hoặc Do Not Track, chỉ ghi nhận một lượt truy cập vào các trang của công ty bạn, không ghi nhận ai đã truy cập.`,
  email: 'Email',
  stages: { awareness: 'Nhận biết', consideration: 'Cân nhắc', evaluation: 'Đánh giá', decision: 'Quyết định' },
  formats: {
    'case-study': 'Nghiên cứu điển hình',
    'white-paper': 'Sách trắng',
    'roi-calculator': 'Công cụ tính ROI',
    research: 'Nghiên cứu',
    'technology-review': 'Đánh giá công nghệ',
    'expert-statement': 'Ý kiến chuyên gia',
    newsletter: 'Bản tin',
    webinar: 'Hội thảo trực tuyến',
    presentation: 'Bài thuyết trình',
  },
  industries: {
    'it-services': 'Dịch vụ CNTT',
    telecom: 'Viễn thông',
    chemicals: 'Hóa chất',
    'engineering-construction': 'Kỹ thuật và xây dựng',
    'public-sector': 'Khu vực công',
    ngo: 'Tổ chức phi lợi nhuận',
    manufacturing: 'Sản xuất',
    'financial-services': 'Dịch vụ tài chính',
    energy: 'Năng lượng',
    healthcare: 'Y tế',
    retail: 'Bán lẻ',
    logistics: 'Hậu cần',
  },
  tiers: { strategic: 'Chiến lược', key: 'Chủ chốt', scale: 'Mở rộng' },
};

const fa: UiStrings = {
  skipToContent: 'رفتن به محتوا',
  preparedFor: (a) => `تهیه‌شده برای ${a}`,
  from: (v) => `از ${v}`,
  privacyPolicy: 'سیاست حریم خصوصی',
  legalNotice: 'اطلاعات حقوقی',
  ourProposition: 'پیشنهاد ما',
  forAccount: (a) => `برای ${a}:`,
  yourGoals: 'اهداف شما',
  forYourRole: 'محتوا برای نقش شما',
  openTrack: 'باز کردن',
  pieces: (n) => `${n.toLocaleString('fa')} محتوا`,
  talkTo: 'رابط شما',
  bookMeeting: 'رزرو جلسه',
  contact: 'ارسال ایمیل',
  track: 'مسیر مطالعه',
  startHere: 'از اینجا شروع کنید',
  inLanguage: (name) => `به ${name}`,
  next: 'بعدی',
  previous: 'قبلی',
  backToOverview: 'نمای کلی',
  backToTrack: 'بازگشت به مسیر مطالعه',
  stepOf: (s, t) => `${s.toLocaleString('fa')} از ${t.toLocaleString('fa')}`,
  whatWeOffer: 'آنچه به شما ارائه می‌کنیم',
  calculator: {
    title: 'بازگشت سرمایه',
    users: 'کاربران',
    hourlyCost: 'هزینهٔ یک ساعت کار',
    hoursSaved: 'ساعت صرفه‌جویی‌شده برای هر کاربر در هفته',
    pricePerUser: 'قیمت سالانه برای هر کاربر',
    annualSavings: 'صرفه‌جویی سالانه',
    annualCost: 'هزینهٔ سالانه',
    roi: 'بازگشت سرمایه',
    payback: 'دورهٔ بازگشت سرمایه',
    months: 'ماه',
    noPayback: 'سرمایه بازنمی‌گردد',
    calculate: 'محاسبهٔ دوباره',
    note: 'با ارقام سازمان شما از پیش پر شده است؛ برای دیدن نتیجهٔ خودتان آن‌ها را تغییر دهید.',
    assumptions: (weeks) => `روش محاسبه: صرفه‌جویی سالانه = تعداد کاربران × ساعت صرفه‌جویی‌شده هر کاربر در هفته × ${weeks} هفتهٔ کاری × هزینهٔ هر ساعت؛ هزینهٔ سالانه = تعداد کاربران × قیمت هر کاربر؛ بازده = (صرفه‌جویی − هزینه) ÷ هزینه؛ دورهٔ بازگشت سرمایه = هزینه ÷ صرفه‌جویی × ۱۲ ماه، هنگامی که صرفه‌جویی از هزینه بیشتر باشد (وگرنه سرمایه بازنمی‌گردد). منافع دیگر حساب نشده‌اند.`,
  },
  video: {
    play: 'پخش ویدیو',
    watchOn: (host) => (host ? `تماشا در ${host}` : 'دریافت ویدیو'),
    consent: (host) => `ویدیو پس از فشردن دکمهٔ پخش از ${host} بارگذاری می‌شود.`,
  },
  proof: 'نتایج شرکت‌هایی مانند شما',
  startWith: 'شروع با',
  plan: {
    title: 'برنامهٔ مشترک ما',
    lead: 'گام‌هایی که توافق کردیم، مسئول هر گام و موعد آن.',
    progress: (d, t) => `${d.toLocaleString('fa')} از ${t.toLocaleString('fa')} گام انجام شده`,
    due: 'موعد',
    next: 'گام بعدی',
    yourSide: 'از طرف شما',
    ourSide: 'از طرف ما',
    read: 'مطالعه',
    status: { done: 'انجام شد', 'in-progress': 'در حال انجام', planned: 'برنامه‌ریزی شده', 'at-risk': 'در معرض تأخیر' },
    statusLabel: 'وضعیت',
    calendar: 'افزودن به تقویم',
    calendarAll: 'افزودن همهٔ گام‌ها به تقویم',
    share: 'اشتراک با همکار',
    shareSubject: (a) => `برنامهٔ مشترک ما: ${a}`,
    shareBody: (url) => `این برنامه‌ای است که بر آن توافق کردیم، با گام‌ها، مسئول هر گام و موعد آن: ${url}`,
    work: {
      note: 'این برنامه را از پیوند شخصی خود باز کرده‌اید: می‌توانید گامی را انجام‌شده علامت بزنید، تاریخ دیگری پیشنهاد دهید یا نظری بنویسید. مسئول حساب شما بی‌درنگ باخبر می‌شود.',
      privacy: 'مرورگر شما درخواست کرده است ردیابی نشوید (Global Privacy Control یا Do Not Track)، پس این صفحه نمی‌داند شما کیستید و نمی‌تواند به‌روزرسانی بفرستد. لطفاً به مسئول حساب خود نامه بنویسید.',
      done: 'علامت‌گذاری به‌عنوان انجام‌شده',
      date: 'پیشنهاد تاریخ دیگر',
      comment: 'نظر',
      send: 'ارسال',
      sent: 'ارسال شد: مسئول حساب شما باخبر شد.',
      failed: 'ارسال نشد. لطفاً بعداً دوباره تلاش کنید.',
      updates: 'به‌روزرسانی‌های تیم شما',
      kinds: { done: 'انجام‌شده علامت خورد', date: 'تاریخ پیشنهادی', comment: 'نظر' },
      you: '(شما)',
    },
  },
  measured: (v) =>
    `این صفحه مطالعه را برای ${v} می‌سنجد: کدام صفحه‌ها باز می‌شوند، چه مدت و تا کجا خوانده می‌شوند، کدام دکمه‌ها فشرده می‌شوند و نتیجهٔ محاسبه‌گر. اگر صفحه را از پیوند شخصی باز کرده باشید، بازدید به نام شما ثبت می‌شود؛ وگرنه با شناسه‌ای تصادفی که در همین مرورگر نگه داشته می‌شود. کوکی به کار نمی‌رود؛ با روشن بودن Global Privacy Control یا Do Not Track فقط بازدید از صفحه‌های شرکت شما شمرده می‌شود، نه اینکه چه کسی بازدید کرده است.`,
  email: 'ایمیل',
  stages: { awareness: 'آگاهی', consideration: 'بررسی', evaluation: 'ارزیابی', decision: 'تصمیم' },
  formats: {
    'case-study': 'مطالعهٔ موردی',
    'white-paper': 'مقالهٔ سفید',
    'roi-calculator': 'محاسبه‌گر بازگشت سرمایه',
    research: 'پژوهش',
    'technology-review': 'بررسی فناوری',
    'expert-statement': 'دیدگاه کارشناس',
    newsletter: 'خبرنامه',
    webinar: 'وبینار',
    presentation: 'ارائه',
  },
  industries: {
    'it-services': 'خدمات فناوری اطلاعات',
    telecom: 'مخابرات',
    chemicals: 'صنایع شیمیایی',
    'engineering-construction': 'مهندسی و ساخت',
    'public-sector': 'بخش عمومی',
    ngo: 'سازمان مردم‌نهاد',
    manufacturing: 'تولید',
    'financial-services': 'خدمات مالی',
    energy: 'انرژی',
    healthcare: 'سلامت',
    retail: 'خرده‌فروشی',
    logistics: 'لجستیک',
  },
  tiers: { strategic: 'راهبردی', key: 'کلیدی', scale: 'گسترده' },
};

const STRINGS: Record<UiLanguage, UiStrings> = { en, fi, vi, fa };

/** UI strings for a locale; languages without a translation get English. */
export function uiStrings(locale: string): UiStrings {
  const language = languageOf(locale);
  return (STRINGS as Record<string, UiStrings>)[language] ?? en;
}

/** The language the UI of a page in `locale` is written in: its own when supported, else English. */
export function uiLanguage(locale: string): UiLanguage {
  const language = languageOf(locale);
  return (UI_LANGUAGES as readonly string[]).includes(language) ? (language as UiLanguage) : 'en';
}

const separators = new Map<string, string>();
/** What separates two items of a short list in a language: ", " in English, "،" in Persian. */
export function listSeparator(locale: string): string {
  let separator = separators.get(locale);
  if (separator === undefined) {
    const parts = new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).formatToParts(['a', 'b']);
    separators.set(locale, (separator = parts.find((p) => p.type === 'literal')?.value ?? ', '));
  }
  return separator;
}

const notes = new Map<string, string | undefined>();
/**
 * The visible note on text shown in another language than its page (a piece without a
 * translation into the account's language, marked `lang` and `dir` too), in the page's UI
 * language: "به انگلیسی" for an English piece on a Persian page, "In Finnish" for a Finnish one on
 * an English page; undefined when the text is in the page's language.
 */
export function languageNote(contentLocale: string, pageLocale: string): string | undefined {
  const key = `${contentLocale}|${pageLocale}`;
  if (notes.has(key)) return notes.get(key);
  let note: string | undefined;
  if (languageOf(contentLocale) !== languageOf(pageLocale)) {
    const ui = uiLanguage(pageLocale);
    const name = new Intl.DisplayNames([ui], { type: 'language' }).of(languageOf(contentLocale)) ?? contentLocale;
    note = STRINGS[ui].inLanguage(name);
  }
  notes.set(key, note);
  return note;
}
export type { UiStrings };
