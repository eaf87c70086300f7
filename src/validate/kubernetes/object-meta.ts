import {pointer, sourceAt} from '../../../sim/compile/locate.js'
import {isNamespaced} from '../../cluster/kinds.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'

/**
 * What the API server checks in every object's metadata on create (k8s.io/apimachinery
 * pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor): the name by the kind's rule, the namespace as
 * a DNS-1123 label, label keys and values, annotation keys and their total size. Custom resources take the
 * DNS-1123 subdomain rule (apiextensions-apiserver customResourceValidator.Validate). Rules that differ between
 * Kubernetes versions (the length limits of CronJob and Job names, StatefulSet names as labels in newer
 * releases), owner references and finalizers are left to the server-side dry run that apply makes first.
 * Messages are apimachinery's (pkg/util/validation, pkg/api/validate/content).
 */
export function objectMetaDiagnostics(r: Resource): Diagnostic[] {
  const md = (r.raw.metadata ?? {}) as Record<string, unknown>
  const out: Diagnostic[] = []
  const invalid = (field: string, at: Array<string | number>, value: string, messages: string[]) =>
    messages.forEach((m) => out.push(diagnostic(r, field, at, `Invalid value: ${JSON.stringify(value)}: ${m}`)))

  const nameRule = NAME_RULES[r.kind] ?? isDns1123Subdomain
  if (typeof md.generateName === 'string' && md.generateName)
    invalid('metadata.generateName', ['metadata', 'generateName'], md.generateName, nameRule(maskTrailingDash(md.generateName)))
  invalid('metadata.name', ['metadata', 'name'], r.metadata.name, nameRule(r.metadata.name))
  // A cluster-scoped object's namespace is cleared, not rejected (apiserver rest.BeforeCreate).
  if (isNamespaced(r.kind) && r.metadata.namespace) invalid('metadata.namespace', ['metadata', 'namespace'], r.metadata.namespace, isDns1123Label(r.metadata.namespace))

  for (const [key, value] of stringEntries(md.labels)) {
    invalid('metadata.labels', ['metadata', 'labels', key], key, isQualifiedName(key))
    invalid('metadata.labels', ['metadata', 'labels', key], value, isLabelValue(value))
  }
  let annotationBytes = 0
  for (const [key, value] of stringEntries(md.annotations)) {
    // "The rule is QualifiedName except that case doesn't matter" (ValidateAnnotations).
    invalid('metadata.annotations', ['metadata', 'annotations', key], key, isQualifiedName(key.toLowerCase()))
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value)
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT)
    out.push(diagnostic(r, 'metadata.annotations', ['metadata', 'annotations'], `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`))
  return out
}

/** objectmeta.go TotalAnnotationSizeLimitB: 256 kB over all keys and values. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10)

function diagnostic(r: Resource, field: string, at: Array<string | number>, message: string): Diagnostic {
  return {code: 'K8S_INVALID', severity: 'error', field, message, source: sourceAt(r, pointer(...at)), object: r.ref}
}

function stringEntries(v: unknown): Array<[string, string]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return []
  return Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')
}

type Rule = (value: string) => string[]

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`
const DNS1035 = '[a-z]([-a-z0-9]*[a-z0-9])?'
const LABEL_KEY = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const LABEL_VALUE = `(${LABEL_KEY})?`
const full = (re: string) => new RegExp(`^${re}$`)

/** validation.RegexError */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`
}
const maxLen = (n: number) => `must be no more than ${n} characters`

export function isDns1123Label(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : []
  if (full(LABEL).test(value)) return errs
  if (full(SUBDOMAIN).test(value)) return [...errs, 'must not contain dots']
  return [
    ...errs,
    regexError(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
      LABEL,
      'my-name',
      '123-abc',
    ),
  ]
}

export function isDns1123Subdomain(value: string): string[] {
  const errs = value.length > 253 ? [maxLen(253)] : []
  if (full(SUBDOMAIN).test(value)) return errs
  return [
    ...errs,
    regexError(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      SUBDOMAIN,
      'example.com',
    ),
  ]
}

function isDns1035Label(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : []
  if (full(DNS1035).test(value)) return errs
  return [
    ...errs,
    regexError(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
      DNS1035,
      'my-name',
      'abc-123',
    ),
  ]
}

/** content.IsLabelKey (IsQualifiedName): an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/')
  const nameFormat = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
  if (parts.length > 2)
    return [`a valid label key ${regexError(nameFormat, LABEL_KEY, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]
  const errs: string[] = []
  const name = parts.at(-1)!
  if (parts.length === 2) {
    if (parts[0] === '') errs.push('prefix part must be non-empty')
    else errs.push(...isDns1123Subdomain(parts[0]).map((m) => 'prefix part ' + m))
  }
  if (name === '') errs.push('name part must be non-empty')
  else if (name.length > 63) errs.push('name part ' + maxLen(63))
  if (!full(LABEL_KEY).test(name)) errs.push('name part ' + regexError(nameFormat, LABEL_KEY, 'MyName', 'my.name', '123-abc'))
  return errs
}

/** content.IsLabelValue */
function isLabelValue(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : []
  if (full(LABEL_VALUE).test(value)) return errs
  return [
    ...errs,
    regexError(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      LABEL_VALUE,
      'MyValue',
      'my_value',
      '12345',
    ),
  ]
}

/**
 * The name rule of each built-in kind (kubernetes pkg/apis/core/validation: ValidateNamespaceName is a DNS-1123
 * label, ValidateServiceName a DNS-1035 label; pods, service accounts, config maps, workloads and network
 * policies take the DNS-1123 subdomain rule, as custom resources do).
 */
const NAME_RULES: Record<string, Rule> = {Namespace: isDns1123Label, Service: isDns1035Label}

/** generic.go maskTrailingDash: a generateName may end in "-", as a random suffix follows. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name
}
