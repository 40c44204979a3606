/**
 * A number in curated YAML is published only when JSON carries the number the curator
 * wrote. YAML would otherwise turn `.inf` into a value JSON cannot hold, `0x1F` into 31,
 * `0755` into 755 and `9007199254740993` into ...992, all without a word.
 * CONTRIBUTING.md ("What text is allowed", Numbers) documents these for curators.
 */

export interface NumberProblem {
  message: string;
  hint: string;
}

/** `format` is the yaml library's notation tag of a scalar: "HEX", "OCT", "EXP" or none. */
export function writtenNumberProblem(value: number, source: string, format?: string): NumberProblem | undefined {
  const asString = `if it is a code or an identifier, write it as a string in quotes ("${source}")`;
  if (!Number.isFinite(value)) {
    return {
      message: `${source} is read by YAML as ${Number.isNaN(value) ? "NaN" : "infinity"}, which JSON cannot hold`,
      hint: "write a finite decimal number; if the value is text, put it in quotes",
    };
  }
  if (format === "HEX" || format === "OCT") {
    return { message: `${source} is ${format === "HEX" ? "hexadecimal" : "octal"} notation, which YAML reads as the number ${value}`, hint: `write it in decimal (${value}); ${asString}` };
  }
  const unsigned = source.replace(/^[-+]/, "");
  if (/^0\d/.test(unsigned)) {
    return { message: `${source} has a leading zero, which YAML drops: it is read as ${value}`, hint: `write ${value}; ${asString}` };
  }
  if (/^\d+$/.test(unsigned) && !Number.isSafeInteger(value)) {
    const published = BigInt(value).toString();
    const changed = published !== source.replace(/^\+/, "") ? `: it would be published as ${published}` : "";
    return {
      message: `${source} is beyond ±(2^53 - 1) = ±9007199254740991, where a double cannot tell neighbouring integers apart${changed}`,
      hint: `if it is an identifier, write it as a string in quotes ("${source}"); if it is a measure, round it and say so`,
    };
  }
  if (significantDigits(source) !== significantDigits(String(value))) {
    return {
      message: `${source} has more digits than a double holds: it would be published as ${String(value)}`,
      hint: `round it to 15 significant digits or fewer; ${asString}`,
    };
  }
  return undefined;
}

/** The digits of a decimal numeral without sign, point, exponent, leading or trailing zeros. */
function significantDigits(numeral: string): string {
  return numeral.split(/[eE]/)[0]!.replace(/[-+.]/g, "").replace(/^0+/, "").replace(/0+$/, "");
}
