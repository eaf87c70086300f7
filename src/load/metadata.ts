/**
 * kubectl decodes each object's metadata into ObjectMeta before it sends anything (cli-runtime v0.32
 * `resource/metadata_decoder.go`, metadataValidatingDecoder, with encoding/json's rules): a label value
 * read as a boolean or a number (`version: 1.0`, `enabled: yes`) fails there with "json: cannot
 * unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string". Field types from
 * k8s.io/apimachinery v0.32 `pkg/apis/meta/v1/types.go` (ObjectMeta, TypeMeta).
 */
import {isRecord} from '../is-record.js'

export interface MetadataProblem {
  code: 'OBJECT_METADATA'
  field: string
  pointer: string
  message: string
}

type FieldType = 'string' | 'int' | 'time' | 'stringMap' | 'stringList' | 'objectList'

const OBJECT_META: Record<string, FieldType> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int',
  labels: 'stringMap',
  annotations: 'stringMap',
  ownerReferences: 'objectList',
  finalizers: 'stringList',
  managedFields: 'objectList',
}

/** metav1.Time.UnmarshalJSON parses RFC 3339 (time.RFC3339: seconds required, zone required). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[-+]\d{2}:\d{2})$/

export function metadataProblem(object: Record<string, unknown>): MetadataProblem | null {
  const md = object.metadata as Record<string, unknown>
  for (const field in md) {
    const type = Object.prototype.hasOwnProperty.call(OBJECT_META, field) ? OBJECT_META[field] : undefined
    const v = md[field]
    if (type === undefined || v === undefined || v === null) continue
    const problem = check(v, type, field)
    if (problem) return problem
  }
  return null
}

function check(v: unknown, type: FieldType, field: string): MetadataProblem | null {
  const at = (path: string | [string, string | number], wants: string, got: unknown): MetadataProblem => ({
    code: 'OBJECT_METADATA',
    field: `metadata.${typeof path === 'string' ? path : path.join('.')}`,
    pointer: `/metadata/${(typeof path === 'string' ? [path] : path).map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    message: `must be ${wants}, not ${describe(got)}: kubectl cannot decode it into ObjectMeta${typeof got === 'boolean' || typeof got === 'number' ? ' (unquoted YAML reads yes/no/on/off/true/false as booleans and 1.0 as a number; quote the value)' : ''}`,
  })
  switch (type) {
    case 'string':
      return typeof v === 'string' ? null : at(field, 'a string', v)
    case 'int':
      return Number.isInteger(v) ? null : at(field, 'an integer', v)
    case 'time':
      return typeof v === 'string' && RFC3339.test(v) ? null : at(field, 'an RFC 3339 time', v)
    case 'stringMap':
      if (!isRecord(v)) return at(field, 'a map of strings', v)
      for (const [k, val] of Object.entries(v)) if (val !== null && typeof val !== 'string') return at([field, k], 'a string', val)
      return null
    case 'stringList':
      if (!Array.isArray(v)) return at(field, 'a list of strings', v)
      for (const [i, val] of v.entries()) if (val !== null && typeof val !== 'string') return at([field, i], 'a string', val)
      return null
    case 'objectList':
      if (!Array.isArray(v)) return at(field, 'a list', v)
      for (const [i, val] of v.entries()) if (val !== null && !isRecord(val)) return at([field, i], 'a map', val)
      return null
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list'
  if (isRecord(v)) return 'a map'
  if (typeof v === 'string') return `the string "${v}"`
  return `the ${typeof v} ${String(v)}`
}
