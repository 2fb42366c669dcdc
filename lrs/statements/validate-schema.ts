/**
 * A small schema walker for JSON documents: a `Check` validates one value at a JSON path
 * and throws `BadRequestError(message, path)` at the first rule broken. A `Shape` describes
 * a JSON object as a table of property checks; `checkShape` rejects unknown properties
 * (names are case-sensitive), nulls and missing required properties, and runs each
 * property's check. Type-specific checks (formats, language maps, extensions) live here too.
 * Paths are built only along the way taken, never cloned or stored.
 */
import { BadRequestError } from '../errors.js';
import type { XapiVersion } from '../version.js';
import { isAbsoluteIri, isLanguageTag } from './validate-formats.js';

export interface ValidationContext {
  readonly version: XapiVersion;
}

/** Validates `value` found at `path`; throws on the first problem. */
export type Check = (value: unknown, path: string, ctx: ValidationContext) => void;

export type JsonObject = Record<string, unknown>;

export function fail(path: string, message: string): never {
  throw new BadRequestError(message, path || undefined);
}

// ---------------------------------------------------------------------------------------------
// Paths: `actor.mbox`, `context.contextActivities.parent[0].id`, `result.extensions["http://…"]`
// ---------------------------------------------------------------------------------------------

/** Append a property known to be a plain identifier (every property a Shape defines). */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Append an arbitrary key (a language tag, an extension IRI, an unknown property). */
export function joinKey(path: string, key: string): string {
  return IDENTIFIER.test(key) ? join(path, key) : `${path}[${JSON.stringify(key)}]`;
}

export function joinIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

// ---------------------------------------------------------------------------------------------
// JSON types
// ---------------------------------------------------------------------------------------------

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a string", "an array", "null": the JSON type of a value, for messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value} value`;
  }
}

export function expectObject(value: unknown, path: string, what: string): asserts value is JsonObject {
  if (!isObject(value)) fail(path, `must be ${what} (a JSON object), not ${jsonType(value)}`);
}

export function expectArray(value: unknown, path: string, what: string): asserts value is unknown[] {
  if (!Array.isArray(value)) fail(path, `must be ${what} (a JSON array), not ${jsonType(value)}`);
}

export function expectString(value: unknown, path: string): asserts value is string {
  if (typeof value !== 'string') fail(path, `must be a string, not ${jsonType(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

export interface Shape {
  /** The object's name with its article, for messages: "an Agent", "a Verb". */
  readonly what: string;
  readonly properties: ReadonlyMap<string, Check>;
  readonly required: readonly string[];
  /** Why a property people commonly send is not allowed here, e.g. `id` in a SubStatement. */
  readonly refused: ReadonlyMap<string, string>;
}

export function shape(
  what: string,
  properties: Record<string, Check>,
  options: { required?: readonly string[]; refused?: Record<string, string> } = {},
): Shape {
  return {
    what,
    properties: new Map(Object.entries(properties)),
    required: options.required ?? [],
    refused: new Map(Object.entries(options.refused ?? {})),
  };
}

/**
 * Check every property of `obj` against `s` (in the order sent), then that the required ones
 * are present. Properties set to `undefined` count as absent (callers inside the LMS build
 * statements as object literals); `null` is never allowed, xAPI has no null values outside
 * extensions.
 */
export function checkProperties(obj: JsonObject, path: string, s: Shape, ctx: ValidationContext): void {
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined) continue;
    const check = s.properties.get(key);
    if (check === undefined) {
      const reason = s.refused.get(key);
      fail(joinKey(path, key), reason ?? `is not a property of ${s.what} (property names are case-sensitive)`);
    }
    const at = join(path, key);
    if (value === null) fail(at, 'must not be null; leave the property out instead');
    check(value, at, ctx);
  }
  for (const key of s.required) {
    if (obj[key] === undefined) fail(join(path, key), `is required in ${s.what}`);
  }
}

export function checkShape(value: unknown, path: string, s: Shape, ctx: ValidationContext): asserts value is JsonObject {
  expectObject(value, path, s.what);
  checkProperties(value, path, s, ctx);
}

export function object(s: Shape): Check {
  return (value, path, ctx) => checkShape(value, path, s, ctx);
}

export function arrayOf(item: Check, what: string, options: { nonEmpty?: boolean } = {}): Check {
  return (value, path, ctx) => {
    expectArray(value, path, what);
    if (options.nonEmpty && value.length === 0) fail(path, `must not be empty`);
    for (let i = 0; i < value.length; i++) {
      const at = joinIndex(path, i);
      if (value[i] === null) fail(at, 'must not be null');
      item(value[i], at, ctx);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Leaf checks
// ---------------------------------------------------------------------------------------------

export const string: Check = (value, path) => expectString(value, path);

export const boolean: Check = (value, path) => {
  if (typeof value !== 'boolean') fail(path, `must be true or false (a JSON boolean), not ${jsonType(value)}`);
};

export const number: Check = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `must be a number, not ${jsonType(value)}`);
};

export const nonNegativeInteger: Check = (value, path) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(path, `must be a whole number of 0 or more, not ${typeof value === 'number' ? value : jsonType(value)}`);
  }
};

/** A fixed string, e.g. `"objectType": "Activity"`; case-sensitive. */
export function literal(expected: string): Check {
  return (value, path) => {
    if (value !== expected) fail(path, `must be "${expected}" (case-sensitive), not ${JSON.stringify(value)}`);
  };
}

/** One of a fixed set of strings, compared case-sensitively. */
export function oneOf(values: readonly string[]): Check {
  const allowed = new Set(values);
  const list = values.map((v) => `"${v}"`).join(', ');
  return (value, path) => {
    expectString(value, path);
    if (!allowed.has(value)) fail(path, `must be one of ${list} (case-sensitive), not "${value}"`);
  };
}

/** A string satisfying `isValid`; `expected` completes "must be …". */
export function formatted(isValid: (value: string) => boolean, expected: string): Check {
  return (value, path) => {
    expectString(value, path);
    if (!isValid(value)) fail(path, `must be ${expected}, not "${value}"`);
  };
}

/** Like `formatted`, for formats that differ between xAPI versions. */
export function versioned(isValid: (value: string, version: XapiVersion) => boolean, expected: (version: XapiVersion) => string): Check {
  return (value, path, ctx) => {
    expectString(value, path);
    if (!isValid(value, ctx.version)) fail(path, `must be ${expected(ctx.version)}, not "${value}"`);
  };
}

export const IRI_EXPECTED = 'an absolute IRI with a scheme, e.g. "http://example.com/path"';
export const iri: Check = formatted(isAbsoluteIri, IRI_EXPECTED);
/** An IRL is an IRI meant to be resolvable; only its syntax can be checked. */
export const irl: Check = formatted(isAbsoluteIri, 'an absolute URL with a scheme, e.g. "http://example.com/page"');

/** `{ "en-US": "completed", "de": "abgeschlossen" }`: RFC 5646 tags to strings; may be empty. */
export const languageMap: Check = (value, path) => {
  expectObject(value, path, 'a language map');
  for (const tag in value) {
    const text = value[tag];
    if (text === undefined) continue;
    if (!isLanguageTag(tag)) fail(joinKey(path, tag), `"${tag}" is not an RFC 5646 language tag (e.g. "en", "en-US", "zh-Hant")`);
    if (typeof text !== 'string') fail(joinKey(path, tag), `must be a string, not ${jsonType(text)}`);
  }
};

/** Extensions: IRI keys to any JSON value at all, null and empty values included. */
export const extensions: Check = (value, path) => {
  expectObject(value, path, 'an extensions object');
  for (const key in value) {
    if (!isAbsoluteIri(key)) fail(joinKey(path, key), `extension keys must be absolute IRIs, e.g. "http://example.com/ext"; "${key}" is not`);
  }
};
