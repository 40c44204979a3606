/**
 * Table Schema v2 field types: turning a CSV cell's text into a value, or saying why it
 * is not one. Only the default (ISO) formats and "any" are read for dates and times;
 * a custom strptime-style format falls back to "any" (accept whatever parses).
 */
import type { LinearPattern } from "../contract/linear-regex.ts";
import { shownValue } from "./report.ts";

export interface Field {
  name: string;
  type: string;
  format: string;
  constraints: Record<string, unknown>;
  /** Any constraint beyond `required` and `unique` (those are checked elsewhere): lets most cells skip the constraint pass. */
  hasValueConstraints: boolean;
  /** The `pattern` constraint, compiled for RE2; Table Schema patterns match the whole value (`testWhole`). */
  pattern?: LinearPattern;
  missingValues: string[];
  trueValues: string[];
  falseValues: string[];
  decimalChar: string;
  groupChar: string;
}

/** Why a cell's text is not a value of its field's type. A class, not a result wrapper: most cells parse, and each would pay for a wrapper. */
export class NotAValue {
  constructor(readonly reason: string) {}
}

/** The types of the Data Package v2 profile. */
export const FIELD_TYPES = new Set([
  "string", "number", "integer", "boolean", "date", "time", "datetime", "year", "yearmonth", "duration", "object", "array", "geopoint", "geojson", "any",
]);

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const DURATION = /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ok = (value: unknown): unknown => value;
const no = (reason: string): NotAValue => new NotAValue(reason);

/** The value a cell's text stands for, or why it stands for none. */
export function parseCell(field: Field, text: string): unknown {
  switch (field.type) {
    case "string":
      return parseString(field.format, text);
    case "integer": {
      const plain = field.groupChar ? text.split(field.groupChar).join("") : text;
      return INTEGER.test(plain) ? ok(Number(plain)) : no(`${shownValue(text)} is not an integer`);
    }
    case "number": {
      let plain = field.groupChar ? text.split(field.groupChar).join("") : text;
      if (field.decimalChar !== ".") plain = plain.split(field.decimalChar).join(".");
      if (plain === "NaN") return ok(Number.NaN);
      if (plain === "INF" || plain === "-INF") return ok(plain === "INF" ? Infinity : -Infinity);
      return NUMBER.test(plain) ? ok(Number(plain)) : no(`${shownValue(text)} is not a number`);
    }
    case "boolean":
      if (field.trueValues.includes(text)) return ok(true);
      if (field.falseValues.includes(text)) return ok(false);
      return no(`${shownValue(text)} is not a boolean (${[...field.trueValues, ...field.falseValues].join(", ")})`);
    case "date":
      if (field.format !== "default") return anyFormat(text, "date");
      return calendarDate(text) ? ok(text) : no(`${shownValue(text)} is not a date (YYYY-MM-DD, a day that exists)`);
    case "time":
      if (field.format !== "default") return anyFormat(text, "time");
      return clockTime(text) ? ok(text) : no(`${shownValue(text)} is not a time (hh:mm:ss)`);
    case "datetime": {
      if (field.format !== "default") return anyFormat(text, "datetime");
      const [date, time] = text.split("T");
      return time !== undefined && calendarDate(date!) && clockTime(time) ? ok(text) : no(`${shownValue(text)} is not a datetime (YYYY-MM-DDThh:mm:ss)`);
    }
    case "year":
      return /^-?\d{4}$/.test(text) ? ok(Number(text)) : no(`${shownValue(text)} is not a year (YYYY)`);
    case "yearmonth": {
      const match = /^(\d{4})-(\d{2})$/.exec(text);
      return match && Number(match[2]) >= 1 && Number(match[2]) <= 12 ? ok(text) : no(`${shownValue(text)} is not a year and month (YYYY-MM)`);
    }
    case "duration":
      return DURATION.test(text) ? ok(text) : no(`${shownValue(text)} is not an ISO 8601 duration`);
    case "object":
    case "geojson": {
      const value = parseJson(text);
      const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
      if (!isObject) return no(`${shownValue(text)} is not a JSON object`);
      return field.type === "geojson" && typeof (value as Record<string, unknown>).type !== "string" ? no(`${shownValue(text)} is not GeoJSON (no "type")`) : ok(value);
    }
    case "array": {
      const value = parseJson(text);
      return Array.isArray(value) ? ok(value) : no(`${shownValue(text)} is not a JSON array`);
    }
    case "geopoint":
      return geopoint(field.format, text) ? ok(text) : no(`${shownValue(text)} is not a geopoint (${field.format === "default" ? "lon, lat" : field.format})`);
    default:
      return ok(text);
  }
}

function parseString(format: string, text: string): unknown {
  switch (format) {
    case "email":
      return EMAIL.test(text) ? ok(text) : no(`${shownValue(text)} is not an email address`);
    case "uri":
      return URL.canParse(text) ? ok(text) : no(`${shownValue(text)} is not a URI`);
    case "uuid":
      return UUID.test(text) ? ok(text) : no(`${shownValue(text)} is not a UUID`);
    case "binary":
      return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? ok(text) : no(`${shownValue(text)} is not base64`);
    default:
      return ok(text);
  }
}

function calendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function clockTime(text: string): boolean {
  const match = TIME.exec(text);
  return !!match && Number(match[1]) <= 23 && Number(match[2]) <= 59 && Number(match[3]) <= 60;
}

function anyFormat(text: string, type: string): unknown {
  const probe = type === "time" ? `1970-01-01T${text}` : text;
  return Number.isNaN(Date.parse(probe)) ? no(`${shownValue(text)} is not a ${type}`) : ok(text);
}

function geopoint(format: string, text: string): boolean {
  let pair: unknown[] | undefined;
  if (format === "array") pair = asArray(parseJson(text));
  else if (format === "object") {
    const value = parseJson(text) as Record<string, unknown> | undefined;
    pair = value && typeof value === "object" ? [value.lon, value.lat] : undefined;
  } else pair = text.split(",").map((part) => (NUMBER.test(part.trim()) ? Number(part.trim()) : Number.NaN));
  if (!pair || pair.length !== 2) return false;
  const [lon, lat] = pair;
  return typeof lon === "number" && typeof lat === "number" && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
