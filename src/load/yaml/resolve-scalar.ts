/**
 * Scalars as `kubectl apply -f` reads them. kubectl decodes YAML with sigs.k8s.io/yaml v1.4.0, whose
 * YAMLToJSON unmarshals through its go-yaml v2 fork (YAML 1.1 scalars) and then converts map keys to
 * strings. Rules from sigs.k8s.io/yaml v1.4.0 `goyaml.v2/resolve.go` (`resolve`, `resolveMapList`,
 * `yamlStyleFloat`, `parseTimestamp`) and `goyaml.v2/decode.go` (`scalar`): the Go type of a scalar
 * matters for map keys, where int 1, float 1.0 and "1" are three different keys.
 */

export type GoType = 'null' | 'bool' | 'int' | 'float' | 'str'

/** A resolved scalar: its JSON value and the Go type go-yaml gave it. */
export interface Scalar {
  type: GoType
  value: null | boolean | number | string
  /** Exact decimal digits of an int (ints beyond 2^53 lose precision as JS numbers, not as JSON keys). */
  digits?: string
}

const STR = 'tag:yaml.org,2002:str'
const BINARY = 'tag:yaml.org,2002:binary'
const BOOL = 'tag:yaml.org,2002:bool'
const INT = 'tag:yaml.org,2002:int'
const FLOAT = 'tag:yaml.org,2002:float'
const NULL = 'tag:yaml.org,2002:null'
const TIMESTAMP = 'tag:yaml.org,2002:timestamp'
export const MERGE = 'tag:yaml.org,2002:merge'

/** `resolveMapList`: the exact spellings go-yaml v2 maps to booleans, null and the special floats. */
const WORDS = new Map<string, Scalar>()
const word = (type: GoType, value: Scalar['value'], spellings: string[]) => {
  for (const s of spellings) WORDS.set(s, {type, value})
}
word('bool', true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
word('bool', false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
word('null', null, ['', '~', 'null', 'Null', 'NULL'])
word('float', Number.NaN, ['.nan', '.NaN', '.NAN'])
word('float', Number.POSITIVE_INFINITY, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'])
word('float', Number.NEGATIVE_INFINITY, ['-.inf', '-.Inf', '-.INF'])

/** `resolveTable`: only these first characters can make a plain scalar anything but a string. */
const HINTED = /^[-+0-9yYnNtTfFoO~.]/

/** strconv.ParseInt/ParseUint(s, 0, 64) syntax: base prefixes 0x, 0o, 0b, a leading 0 for octal. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
/** strconv.ParseFloat of a text starting with ".": Go float syntax, "_" only between digits. */
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const UINT64_MAX = 2n ** 64n - 1n

/** A plain (unquoted, untagged) scalar. */
export function resolvePlain(text: string): Scalar {
  if (text.length > 0 && !HINTED.test(text)) return {type: 'str', value: text}
  return resolveHinted(text) ?? {type: 'str', value: text}
}

function resolveHinted(text: string): Scalar | null {
  const known = WORDS.get(text)
  if (known) return known
  const first = text[0]
  if (first === '.') {
    if (!DOT_FLOAT.test(text)) return null
    const f = Number(text.replace(/_/g, ''))
    return Number.isFinite(f) ? {type: 'float', value: f} : null
  }
  if (first !== '+' && first !== '-' && (first < '0' || first > '9')) return null
  // parseTimestamp: "YYYY-…" is a timestamp or a string; either way the decoder keeps the text (decode.go scalar).
  if (/^[0-9]{4}-/.test(text)) return null
  const plain = text.replace(/_/g, '')
  const int = goInt(plain)
  if (int) return int
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain)
    // strconv.ParseFloat fails with ErrRange beyond float64; go-yaml then keeps the string.
    if (Number.isFinite(f)) return {type: 'float', value: f}
  }
  return null
}

function goInt(plain: string): Scalar | null {
  const m = GO_INT.exec(plain)
  if (!m) return null
  const [, sign, hex, oct, bin, leadingZeroOct, dec] = m
  let n: bigint
  if (hex !== undefined) n = BigInt('0x' + hex)
  else if (oct !== undefined) n = BigInt('0o' + oct)
  else if (bin !== undefined) n = BigInt('0b' + bin)
  else if (leadingZeroOct !== undefined) n = leadingZeroOct === '' ? 0n : BigInt('0o' + leadingZeroOct)
  else n = BigInt(dec)
  if (sign === '-') n = -n
  // ParseInt's int64 first, then ParseUint (no sign allowed) up to 2^64-1; beyond both it is no int.
  const fits = (n >= INT64_MIN && n <= INT64_MAX) || (sign === '' && n <= UINT64_MAX)
  if (!fits) return null
  return {type: 'int', value: Number(n), digits: n.toString()}
}

/**
 * A scalar with an explicit tag (`!!int "12"`, `!!str 1`, `!foo x`), as go-yaml's `resolve` reads it:
 * tags outside the resolvable YAML 1.1 set leave the text a string; a resolvable tag that does not fit
 * the text is an error ("cannot decode !!str `x` as a !!int"), returned as a message.
 */
export function resolveTagged(tag: string, text: string): Scalar | string {
  if (tag === BINARY) return decodeBinary(text)
  if (tag !== BOOL && tag !== INT && tag !== FLOAT && tag !== NULL && tag !== TIMESTAMP) return {type: 'str', value: text}
  if (tag === TIMESTAMP && isTimestamp(text)) return {type: 'str', value: text}
  const got = (text === '' || HINTED.test(text) ? resolveHinted(text) : null) ?? {type: 'str' as const, value: text}
  if (TAG_OF[got.type] === tag) return got
  if (tag === FLOAT && got.type === 'int') return {type: 'float', value: got.value}
  return `cannot decode !!${got.type} \`${text}\` as a !!${tag.slice('tag:yaml.org,2002:'.length)}`
}

const TAG_OF: Record<GoType, string> = {null: NULL, bool: BOOL, int: INT, float: FLOAT, str: STR}

/** decode.go: !!binary is base64 (encoding/base64 StdEncoding, which skips line breaks), kept as a string. */
function decodeBinary(text: string): Scalar | string {
  const b64 = text.replace(/[\r\n]/g, '')
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return '!!binary value contains invalid base64 data'
  return {type: 'str', value: Buffer.from(b64, 'base64').toString('utf8')}
}

/** The subset of yaml.org/type/timestamp.html that go-yaml's parseTimestamp accepts (time.Parse layouts). */
function isTimestamp(text: string): boolean {
  const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/.exec(text)
  if (!m) return false
  const [, y, mo, d, sep, h, mi, s, zone] = m
  // "2006-1-2T15:4:5.999999999Z07:00" needs a zone; "2006-1-2 15:4:5.999999999" has none.
  if (sep !== undefined && (sep === ' ') === (zone !== undefined)) return false
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > days) return false
  return h === undefined || (Number(h) < 24 && Number(mi) < 60 && Number(s) < 60)
}

/**
 * The JSON key sigs.k8s.io/yaml makes of a map key (yaml.go `convertToJSONableObject`): strings as they
 * are, ints in decimal, booleans "true"/"false", floats via strconv.FormatFloat(f, 'g', -1, 32) with
 * go-yaml's names for the special values. A null key cannot become JSON: returns null.
 */
export function jsonKey(key: Scalar): string | null {
  switch (key.type) {
    case 'str':
      return key.value as string
    case 'int':
      return key.digits ?? String(key.value)
    case 'bool':
      return key.value ? 'true' : 'false'
    case 'float':
      return formatFloat32(key.value as number)
    case 'null':
      return null
  }
}

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest decimal that reads back as the same float32. */
export function formatFloat32(f: number): string {
  const f32 = Math.fround(f)
  if (Number.isNaN(f32)) return '.nan'
  if (f32 === Number.POSITIVE_INFINITY) return '.inf'
  if (f32 === Number.NEGATIVE_INFINITY) return '-.inf'
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0'
  let exp = ''
  for (let p = 1; p <= 9; p++) {
    exp = Math.abs(f32).toExponential(p - 1)
    if (Math.fround(Number(exp)) === Math.abs(f32)) break
  }
  const [mantissa, e] = exp.split('e')
  const digits = mantissa.replace('.', '')
  const x = Number(e)
  const sign = f32 < 0 ? '-' : ''
  // %e when the exponent is < -4 or ≥ 6 (the shortest form decides with precision 6), else %f.
  if (x < -4 || x >= 6) {
    const frac = digits.length > 1 ? '.' + digits.slice(1) : ''
    return `${sign}${digits[0]}${frac}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`
  }
  if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`
  const whole = digits.slice(0, x + 1).padEnd(x + 1, '0')
  const frac = digits.slice(x + 1)
  return sign + whole + (frac ? '.' + frac : '')
}

/** Go map-key identity of a scalar: two keys collide in go-yaml's map only when type and value match. */
export function goKeyIdentity(key: Scalar): string {
  return key.type === 'int' ? `int:${key.digits}` : `${key.type}:${String(key.value)}`
}
