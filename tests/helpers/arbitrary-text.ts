/**
 * Random text for property tests (fast-check): code points from every Unicode plane
 * (lone surrogates included), control characters, CR and LF, formula starts and their
 * lookalikes, CSV metacharacters, combining marks. Shared by the CSV property test and
 * the scale tests; a fixed seed keeps every run, and every failure, reproducible.
 */
import fc from "fast-check";

export const PROPERTY_SEED = 20261124;

/** fast-check parameters: the fixed seed and a bounded number of runs. */
export function propertyConfig(numRuns: number): { seed: number; numRuns: number } {
  return { seed: PROPERTY_SEED, numRuns };
}

/** Characters each rule, reader or writer has an opinion on. */
export const SPECIAL_CHARACTERS: readonly string[] = [
  // line ends and controls
  "\r", "\n", "\r\n", "\t", "\0", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b",
  // CSV and list syntax
  ",", ";", '"', "'",
  // formula starts and their lookalikes
  "=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20",
  // spaces and invisible characters
  " ", "\u00a0", "\u2007", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029",
  // direction
  "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
  // normalization: combining acute, e + acute, the ohm sign (NFC: omega), angstrom sign
  "\u0301", "e\u0301", "\u00e9", "\u2126", "\u212b",
  // not characters: surrogate halves, noncharacters
  "\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\u{1fffe}", "\u{10ffff}",
  // digits and number syntax, for the plain-number exception
  "0", "5", ".", "e",
  // other scripts and astral characters
  "\u0410", "\u0639", "\u4e2d", "\u{1f44b}", "\u{20000}",
];

export const specialCharacter: fc.Arbitrary<string> = fc.constantFrom(...SPECIAL_CHARACTERS);

/** Any code point of any of the 17 planes, as a string (a surrogate code point gives a lone surrogate). */
export const anyCodePoint: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 16 })
  .chain((plane) => fc.integer({ min: plane * 0x10000, max: plane * 0x10000 + 0xffff }))
  .map((cp) => String.fromCodePoint(cp));

const plainWord: fc.Arbitrary<string> = fc.constantFrom("a", "Ada", "Lovelace", " ", "Bo", "1999");

/** Text mixing the three sources above, up to `maxPieces` pieces long. */
export function arbitraryText(maxPieces = 8): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        { arbitrary: specialCharacter, weight: 3 },
        { arbitrary: anyCodePoint, weight: 1 },
        { arbitrary: plainWord, weight: 3 },
      ),
      { maxLength: maxPieces },
    )
    .map((pieces) => pieces.join(""));
}

/** Text that starts like a formula, perhaps behind blanks or invisible characters, perhaps in fullwidth. */
export const formulaLikeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("", " ", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2060", "\n", "\t", "\r", " \u200b"),
    fc.constantFrom("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"),
    arbitraryText(4),
  )
  .map(([lead, start, rest]) => lead + start + rest);

/** Text of allowed characters only, CSV metacharacters and LF included: values that should be published. */
export const readableText: fc.Arbitrary<string> = fc
  .array(fc.oneof(plainWord, fc.constantFrom(",", '"', "'", "\n", "-", "=", "\u00e9", "\u0410", "\u0639\u200f", "\u{1f44b}", "\t")), { maxLength: 8 })
  .map((pieces) => pieces.join(""));

/** What a curator might type into a text field, hostile or not. */
export const cellValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: arbitraryText(), weight: 3 },
  { arbitrary: formulaLikeText, weight: 1 },
  { arbitrary: readableText, weight: 3 },
);
