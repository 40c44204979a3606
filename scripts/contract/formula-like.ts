/**
 * The test for a CSV cell a spreadsheet would run as a formula, shared by the build's
 * formula rule and the release validator's check of downloaded cells: both must agree
 * on what is formula-like, so the test lives once, below both.
 */
/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
 * We reject such text rather than escape it, because escaping would change the data.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;
/**
 * What a spreadsheet may skip or fold before it decides a cell is a formula: Unicode
 * white space (with NBSP and the ideographic space), zero-width characters and BOM.
 */
export const INVISIBLE_LEAD = /^[\s\u200b-\u200d\u2060\ufeff]+/;
/** Fullwidth ＝＋－＠, which East Asian input methods type and some spreadsheets read as ASCII. */
const FULLWIDTH = new Map([["\uff1d", "="], ["\uff0b", "+"], ["\uff0d", "-"], ["\uff20", "@"]]);

/**
 * Whether a CSV cell's text (as written, `cellText`) would start a formula. The release
 * validator applies this same test to downloaded cells, so keep its signature.
 */
export function isFormulaLike(text: string): boolean {
  // An ASCII letter or digit first is neither a formula start nor anything folded away before one: most cells stop here.
  const first = text.charCodeAt(0);
  if ((first >= 0x30 && first <= 0x39) || (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a)) return false;
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) return true;
  const rest = text.replace(INVISIBLE_LEAD, "");
  const folded = (FULLWIDTH.get(rest[0] ?? "") ?? rest[0] ?? "") + rest.slice(1);
  return /^[=+\-@]/.test(folded) && !PLAIN_NUMBER.test(folded);
}
