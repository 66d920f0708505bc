/**
 * Vocabulary: CRM words to ours: industry labels to our industries, job titles to personas,
 * countries to locales.
 */
import { INDUSTRIES, type Industry } from '../../schemas/vocabulary.ts';

/** CRM industry labels (HubSpot enums, Salesforce picklist, LinkedIn-style names) to ours. */
const INDUSTRY_WORDS: [RegExp, Industry][] = [
  [/telecom|wireless/i, 'telecom'],
  [/chemical|petrochem|plastics/i, 'chemicals'],
  [/construction|civil.engineering|engineering|architecture/i, 'engineering-construction'],
  [/government|public.(sector|administration|policy)|military|defen[cs]e/i, 'public-sector'],
  [/non.?profit|ngo|philanthrop|charit|humanitarian|fund.?raising/i, 'ngo'],
  [/information.technology|it.services|software|computer|internet|technology/i, 'it-services'],
  [/manufactur|machinery|industrial|automotive|electronic|mechanical/i, 'manufacturing'],
  [/bank|financ|insurance|investment|capital/i, 'financial-services'],
  [/energy|oil|utilit|renewable|power/i, 'energy'],
  [/health|hospital|medical|pharma|biotech/i, 'healthcare'],
  [/retail|consumer|wholesale/i, 'retail'],
  [/logistic|transport|shipping|freight|supply.chain/i, 'logistics'],
];

export function mapIndustry(label: string): Industry | undefined {
  const key = label.trim().toLowerCase().replace(/[_\s]+/g, '-');
  if ((INDUSTRIES as readonly string[]).includes(key)) return key as Industry;
  return INDUSTRY_WORDS.find(([re]) => re.test(label))?.[1];
}

/**
 * Persona from a job title: title words per persona, by language (case-insensitive). Personas are
 * tried in this order and the first match wins, so a head-of-organisation title such as "CEO and
 * founder" goes to `ceo` before any function word; titles matching none go to `end-user`.
 */
const PERSONA_WORDS: [string, Record<string, RegExp>][] = [
  ['ceo', {
    en: /\bceo\b|chief executive|(managing|executive) director|(?<!vice[- ])\bpresident\b/i,
    // "Technischer/Kaufmännischer Geschäftsführer" head technology/finance, not the company.
    de: /(?<!(technisch|kaufmännisch)e[rn]? )geschäftsführ|vorstandsvorsitz|vorsitz\S* des vorstand/i,
    fr: /\bpdg\b|direct(eur|rice) général|(?<!vice-)\bprésident/i,
    fi: /toimitusjohtaja|pääjohtaja/i,
    vi: /tổng giám đốc|giám đốc điều hành/i,
    fa: /مدیرعامل|مدیر عامل/i,
  }],
  ['cfo', {
    en: /\bcfo\b|chief financial|financ|controller/i,
    de: /finanz|kaufmännische[rn]? geschäftsführ|controlling/i,
    fr: /\bdaf\b|comptab/i,
    fi: /talous|rahoitus/i,
    vi: /tài chính/i,
    fa: /مالی/i,
  }],
  ['cto', {
    en: /\bcto\b|\bcio\b|chief (technology|information|digital)|\b(head|director|vp) of digital\b|\bit\b|technolog|architect/i,
    de: /technische[rn]? geschäftsführ|informationstechn|\bedv\b/i,
    fr: /\bdsi\b|systèmes d.information|informatique|direct(eur|rice) technique/i,
    fi: /teknolog|tietohallinto|digijohtaja/i,
    vi: /công nghệ/i,
    fa: /فناوری|فن‌آوری/i,
  }],
  ['head-of-sales', {
    en: /sales|revenue|commercial/i,
    de: /vertrieb|verkaufsleit/i,
    fr: /\bventes?\b|commercial/i,
    fi: /myynti|kaupallinen/i,
    vi: /kinh doanh/i,
    fa: /فروش/i,
  }],
];

export function personaForTitle(title: string, known: ReadonlySet<string>, fallback: string): string {
  const hit = PERSONA_WORDS.find(([id, words]) => known.has(id) && Object.values(words).some((re) => re.test(title)))?.[0];
  return hit ?? (known.has('end-user') ? 'end-user' : fallback);
}

const LOCALES: [RegExp, string][] = [
  [/^(fi|finland|suomi)$/i, 'fi-FI'],
  [/^(vn|vietnam|viet nam|việt nam)$/i, 'vi-VN'],
  [/^(ir|iran|ایران)$/i, 'fa-IR'],
  [/^(us|usa|united states.*)$/i, 'en-US'],
  [/^(gb|uk|united kingdom|great britain|england|scotland|wales|northern ireland)$/i, 'en-GB'],
  [/^(cn|china|中国)$/i, 'zh-CN'],
  [/^(tw|taiwan|台灣|台湾)$/i, 'zh-TW'],
  [/^(jp|japan|日本)$/i, 'ja-JP'],
  [/^(kr|korea|south korea|korea, republic of|republic of korea|대한민국|한국)$/i, 'ko-KR'],
  [/^(hu|hungary|magyarország)$/i, 'hu-HU'],
];
/** Locale of a CRM country; undefined when the country is empty or not in the list. */
export const localeFor = (country: string) => LOCALES.find(([re]) => re.test(country.trim()))?.[1];
/** Locale of new accounts whose country is unknown. */
export const DEFAULT_LOCALE = 'en-GB';
