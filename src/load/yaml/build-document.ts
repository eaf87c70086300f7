import {CST} from 'yaml'
import {placedAt, PosMap, PosSeq, type PosNode} from '../positions.js'
import {foldDoubleQuoted, foldPlain, foldSingleQuoted} from './fold-scalar.js'
import {goKeyIdentity, jsonKey, MERGE, resolvePlain, resolveTagged, type Scalar} from './resolve-scalar.js'

/**
 * One YAML document → plain JSON data and the position of every value, in one walk over the yaml
 * library's CST, reading it as kubectl does: go-yaml v2 (sigs.k8s.io/yaml v1.4.0 `goyaml.v2`) for
 * scalars, anchors, aliases and merge keys, then sigs.k8s.io/yaml's YAMLToJSON for map keys. The CST
 * parser accepts more than YAML allows, so the structural rules of the YAML spec are checked here; the
 * first problem ends the document, as go-yaml's decoder stops at its first error.
 */

export class YamlError extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly code = 'YAML_SYNTAX',
  ) {
    super(message)
  }
}

export interface YamlWarning {
  offset: number
  message: string
}

export interface Built {
  value: unknown
  positions: PosNode
}

/** Nesting kubectl-egress reads; kubectl's scanner stops at 10000 (goyaml.v2 scannerc.go max_flow_level, max_indents). */
export const MAX_DEPTH = 1000

/**
 * The yaml library's lexer ends a flow collection or a quoted scalar at a line indented no deeper than
 * its parent; libyaml has no such check, so kubectl reads such a file. Said plainly rather than guessed.
 */
export const UNINDENTED = 'kubectl-egress cannot read a flow collection or quoted text whose next line is indented no deeper than its key (kubectl can): indent that line'

type Kind = 'map' | 'seq' | 'scalar'

/** What a merge key or an alias needs to know of a built node besides its value and positions. */
interface Shape {
  kind: Kind
  /** A scalar's Go type, when it is used as a map key; a string stands for a Go string. */
  scalar?: Scalar | string
  /** A map's keys that were not strings in YAML, by JSON name (int 1 and "1" are different Go keys). */
  nonStringKeys?: Map<string, string>
}

interface Anchor {
  /** Null until the anchored node is complete: an alias to it from inside is a self-reference. */
  built: (Built & Shape) | null
  /** go-yaml's decode count of the anchored node, nested alias expansions included. */
  decodes: number
}

/** The tokens before a node: at most one anchor and one tag, and the indicator ("-", "?", ":", ","). */
interface Props {
  anchor: CST.SourceToken | null
  tag: CST.SourceToken | null
  found: CST.SourceToken | null
  comma: CST.SourceToken | null
  hasNewline: boolean
  newlineAfterProp: boolean
}

const NO_PROPS: Props = Object.freeze({anchor: null, tag: null, found: null, comma: null, hasNewline: false, newlineAfterProp: false})

/** First characters that make a plain scalar anything but itself: go-yaml's hints, and libyaml's errors. */
const NOT_PLAIN_STRING = /^[-+0-9yYnNtTfFoO~.\t,%|>@`]/

export class DocumentBuilder {
  private readonly anchors = new Map<string, Anchor>()
  private decodes = 0
  private aliasDecodes = 0
  private depth = 0
  /** The node built last: its positions and shape (set by every node builder). */
  private pos: PosNode = 0
  private kind: Kind = 'scalar'
  private scalarKey: Scalar | string | undefined
  private nonStringKeys: Map<string, string> | undefined
  /** Set by a merge key's sequence: the shape of each of its items. */
  private capture: Shape[] | null = null
  readonly warnings: YamlWarning[] = []

  constructor(
    /** The text the CST was parsed from. */
    private readonly text: string,
    /** Where that text starts in the file; every offset recorded is shifted by it. */
    private readonly base: number,
    /** JSON input: double-quoted strings follow JSON's escapes (which allow "\/"). */
    private readonly json = false,
  ) {}

  build(doc: CST.Document): Built {
    this.decodes++
    const props = this.props(doc.start, 'doc-start', false)
    const end = doc.end ?? []
    const trailing = end.findIndex((t) => t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline')
    this.endTokens(trailing === -1 ? end : end.slice(0, trailing), false)
    const value = doc.value ? this.node(doc.value, props, doc.value.offset, false) : this.empty(props, tokensEnd(doc.start, doc.offset))
    return {value, positions: this.pos}
  }

  /** A node with its properties; `at` is where its position is recorded (its key, inside a map). */
  private node(token: CST.Token, props: Props, at: number, inFlow: boolean): unknown {
    if (token.type === 'alias') {
      if (props.anchor || props.tag) throw this.error(token.offset, 'an alias node must not specify any properties')
      this.endTokens(token.end, inFlow)
      return this.alias(token, at)
    }
    const source = token.type === 'scalar' ? token.source : ''
    if (source !== '' && !props.anchor && !props.tag && !source.includes('\n') && !NOT_PLAIN_STRING.test(source) && !(inFlow && source.includes('?'))) {
      // The common case: an untagged one-line plain scalar that go-yaml keeps as a string.
      this.decodes++
      this.endTokens((token as CST.FlowScalar).end, inFlow)
      this.pos = this.base + at
      this.setShape('scalar', source)
      return source
    }
    const anchor = props.anchor ? this.defineAnchor(props.anchor) : null
    const decodesBefore = this.decodes++
    let value: unknown
    switch (token.type) {
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (++this.depth > MAX_DEPTH) throw this.error(token.offset, `nesting deeper than ${MAX_DEPTH} levels`, 'YAML_TOO_DEEP')
        value = token.type === 'block-map' ? this.blockMap(token, at) : token.type === 'block-seq' ? this.blockSeq(token, at) : this.flow(token, at, inFlow)
        this.depth--
        break
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar': {
        const scalar = this.scalar(token, props.tag ? this.tagName(props.tag) : null, inFlow)
        value = this.jsonValue(scalar, token.offset)
        this.pos = this.base + at
        this.setShape('scalar', scalar)
        break
      }
      case 'error':
        throw this.error(token.offset, token.message)
      default:
        throw this.error(token.offset, `unexpected ${token.type}`)
    }
    if (anchor) {
      anchor.decodes = this.decodes - decodesBefore
      anchor.built = {value, positions: this.pos, ...this.shape()}
    }
    return value
  }

  private setShape(kind: Kind, scalar?: Scalar | string, nonStringKeys?: Map<string, string>): void {
    this.kind = kind
    this.scalarKey = scalar
    this.nonStringKeys = nonStringKeys
  }

  private shape(): Shape {
    return {kind: this.kind, scalar: this.scalarKey, nonStringKeys: this.nonStringKeys}
  }

  private defineAnchor(token: CST.SourceToken): Anchor {
    const anchor: Anchor = {built: null, decodes: 0}
    this.anchors.set(this.anchorName(token), anchor)
    return anchor
  }

  /** go-yaml `decoder.alias`: the anchored value again (a copy), within go-yaml's aliasing limits. */
  private alias(token: CST.FlowScalar, at: number): unknown {
    const name = token.source.slice(1)
    this.checkAnchorName(name, token.offset)
    const anchor = this.anchors.get(name)
    if (!anchor) throw this.error(token.offset, `unknown anchor '${name}' referenced`, 'YAML_ALIAS')
    if (!anchor.built) throw this.error(token.offset, `anchor '${name}' value contains itself`, 'YAML_ALIAS')
    this.countAlias(anchor, token.offset)
    const {value, positions, kind, scalar, nonStringKeys} = anchor.built
    this.pos = placedAt(positions, this.base + at)
    this.setShape(kind, scalar, nonStringKeys)
    return value !== null && typeof value === 'object' ? structuredClone(value) : value
  }

  /**
   * goyaml.v2 decode.go `unmarshal`: every node decoded counts, those reached through an alias count as
   * aliased, and a document of more than 1000 decodes where aliases make more than `allowedAliasRatio`
   * of them is refused ("document contains excessive aliasing"). Checking after each expansion finds
   * the same documents: the ratio only grows during an expansion.
   */
  private countAlias(anchor: Anchor, offset: number): void {
    this.decodes += 1 + anchor.decodes
    this.aliasDecodes += anchor.decodes
    const d = this.decodes
    const allowed = d <= 400_000 ? 0.99 : d >= 4_000_000 ? 0.1 : 0.99 - (0.89 * (d - 400_000)) / 3_600_000
    if (this.aliasDecodes > 100 && d > 1000 && this.aliasDecodes / d > allowed) throw this.error(offset, 'document contains excessive aliasing', 'YAML_ALIAS')
  }

  // --- collections

  private blockMap(map: CST.BlockMap, at: number): Record<string, unknown> {
    const out = new MapOut(this.base + at)
    for (const item of map.items) {
      const keyProps = this.props(item.start, 'explicit-key-ind', false)
      const implicit = !keyProps.found
      const key = item.key ?? null
      if (implicit) {
        if (!item.sep && !keyProps.anchor && !keyProps.tag) continue
        if (key?.type === 'block-seq') throw this.error(key.offset, 'a block sequence may not be used as an implicit map key')
        if (key && 'indent' in key && key.indent !== map.indent) throw this.error(key.offset, 'all mapping items must start at the same column')
        if (keyProps.newlineAfterProp || containsNewline(key)) throw this.error(key?.offset ?? map.offset, 'implicit keys need to be on a single line')
      } else if (keyProps.found!.indent !== map.indent) throw this.error(keyProps.found!.offset, 'all mapping items must start at the same column')
      const valueProps = this.props(item.sep ?? [], 'map-value-ind', false, !implicit)
      if (implicit) {
        if (!valueProps.found) throw this.error(key?.offset ?? map.offset, "could not find expected ':'")
        if (item.value?.type === 'block-map' && !valueProps.hasNewline) throw this.error(item.value.offset, 'mapping values are not allowed in this context')
        // libyaml yaml_parser_save_simple_key: a simple key is at most 1024 characters long.
        if (key && valueProps.found.offset - Math.min(key.offset, keyProps.anchor?.offset ?? Infinity, keyProps.tag?.offset ?? Infinity) > 1024)
          throw this.error(key.offset, "could not find expected ':'")
      }
      this.entry(out, key, keyProps, item.value, valueProps, tokensEnd(item.start, map.offset), false)
    }
    this.pos = out.positions
    this.setShape('map', undefined, out.nonStringKeys)
    return out.value
  }

  private blockSeq(seq: CST.BlockSequence, at: number): unknown[] {
    const out: unknown[] = []
    const positions = new PosSeq(this.base + at)
    const capture = this.capture
    this.capture = null
    for (const item of seq.items) {
      const props = this.props(item.start, 'seq-item-ind', false)
      if (!props.found) {
        if (!props.anchor && !props.tag && !item.value) continue
        throw this.error(
          item.value?.offset ?? seq.offset,
          item.value?.type === 'block-seq' ? 'all sequence items must start at the same column' : 'sequence item without - indicator',
        )
      }
      out.push(item.value ? this.node(item.value, props, item.value.offset, false) : this.empty(props, tokensEnd(item.start, seq.offset)))
      positions.items.push(this.pos)
      capture?.push(this.shape())
    }
    this.pos = positions
    this.setShape('seq')
    return out
  }

  private flow(fc: CST.FlowCollection, at: number, inFlowParent: boolean): unknown {
    const isMap = fc.start.source === '{'
    const close = isMap ? '}' : ']'
    const map = isMap ? new MapOut(this.base + at) : null
    const seq: unknown[] = []
    const seqPositions = new PosSeq(this.base + at)
    const capture = this.capture
    this.capture = null
    for (let i = 0; i < fc.items.length; i++) {
      const item = fc.items[i]
      let {key, sep, value}: {key?: CST.Token | null; sep?: CST.SourceToken[]; value?: CST.Token} = item
      const keyProps = this.props(item.start, 'explicit-key-ind', true)
      if (!keyProps.found && !keyProps.anchor && !keyProps.tag && !sep && !value && !key) {
        if (i === 0 && keyProps.comma) throw this.error(keyProps.comma.offset, 'did not find expected node content')
        if (i < fc.items.length - 1) throw this.error(tokensEnd(item.start, fc.offset), 'did not find expected node content')
        continue
      }
      if (i === 0 ? keyProps.comma : !keyProps.comma)
        throw this.error(itemOffset(item, fc), i === 0 ? 'did not find expected node content' : `did not find expected ',' or '${close}'`)
      // libyaml reads "a:" before "," "]" "}" as one plain scalar: in flow context a ":" ends a plain
      // scalar only when a blank follows (goyaml.v2 scannerc.go yaml_parser_scan_plain_scalar).
      if (key?.type === 'scalar' && !keyProps.found && sep?.[0]?.type === 'map-value-ind' && sep[0].offset === key.offset + key.source.length) {
        const next = this.text[sep[0].offset + 1]
        if (next === ',' || next === ']' || next === '}') {
          key = {...key, source: key.source + ':'}
          if (isMap) [sep, value] = [[], undefined]
          else [value, sep, key] = [key, undefined, undefined]
        } else if (next === '[' || next === '{') throw this.error(sep[0].offset + 1, `did not find expected ',' or '${close}'`)
      }
      value = this.colonEndedValue(value)
      // In flow context libyaml reads "?" as the key indicator even with no blank after it.
      let explicit = keyProps.found !== null
      const questioned = key ?? (sep ? undefined : value)
      if (!explicit && questioned?.type === 'scalar' && questioned.source.length > 1 && questioned.source[0] === '?') {
        explicit = true
        const stripped = {...questioned, offset: questioned.offset + 1, source: questioned.source.slice(1)}
        if (key) key = stripped
        else [key, value, sep] = [stripped, undefined, []]
      }
      if (isBlock(key) || isBlock(value)) throw this.error((isBlock(key) ? key : value)!.offset, 'block collections are not allowed within flow collections')
      if (!isMap && !sep && !explicit) {
        seq.push(value ? this.node(value, keyProps, value.offset, true) : this.empty(keyProps, tokensEnd(item.start, fc.offset)))
        seqPositions.items.push(this.pos)
        capture?.push(this.shape())
        continue
      }
      const valueProps = this.props(sep ?? [], 'map-value-ind', true)
      if (!valueProps.found && value) throw this.error(value.offset, `did not find expected ',' or '${close}'`)
      const keyEnd = tokensEnd(item.start, fc.offset)
      if (map) this.entry(map, key ?? null, keyProps, value, valueProps, keyEnd, true)
      else {
        // A "key: value" inside a flow sequence is a one-entry mapping.
        const pair = new MapOut(this.base + (key ? key.offset : keyEnd))
        this.decodes++
        this.entry(pair, key ?? null, keyProps, value, valueProps, keyEnd, true)
        seq.push(pair.value)
        seqPositions.items.push(pair.positions)
        capture?.push({kind: 'map', nonStringKeys: pair.nonStringKeys})
      }
    }
    const end = fc.end[0]
    if (!end) throw this.error(lastLineStart(fc), UNINDENTED)
    if (end.source !== close) throw this.error(end.offset, `did not find expected ',' or '${close}'`)
    this.endTokens(fc.end.slice(1), inFlowParent)
    this.pos = map ? map.positions : seqPositions
    if (map) this.setShape('map', undefined, map.nonStringKeys)
    else this.setShape('seq')
    return map ? map.value : seq
  }

  /**
   * The parser reads "b:" before "," "]" "}" in a flow pair's value as a one-entry block map; libyaml
   * reads it as the plain scalar "b:" (see the flow-key case in `flow`).
   */
  private colonEndedValue(value: CST.Token | undefined): CST.Token | undefined {
    if (value?.type !== 'block-map' || value.items.length !== 1) return value
    const [{key, sep, value: inner, start}] = value.items
    if (key?.type !== 'scalar' || start.length > 0 || sep?.length !== 1 || sep[0].offset !== key.offset + key.source.length) return value
    if (inner && !(inner.type === 'scalar' && inner.source === '')) return value
    const next = this.text[sep[0].offset + 1]
    return next === ',' || next === ']' || next === '}' ? {...key, source: key.source + ':'} : value
  }

  /**
   * One "key: value" into a map (go-yaml `decoder.mapping`, then YAMLToJSON's key conversion): a merge
   * key applies its maps in place; a repeated key keeps the last value, as go-yaml's map assignment does.
   */
  private entry(out: MapOut, key: CST.Token | null, keyProps: Props, value: CST.Token | undefined, valueProps: Props, keyEnd: number, inFlow: boolean): void {
    const keyAt = key ? key.offset : keyEnd
    if (key?.type === 'scalar' && key.source === '<<' && (!keyProps.tag || keyProps.tag.source === '!' || this.tagName(keyProps.tag) === MERGE)) {
      if (keyProps.anchor) this.defineAnchor(keyProps.anchor).built = {value: '<<', positions: this.base + keyAt, kind: 'scalar', scalar: {type: 'str', value: '<<'}}
      this.merge(out, value, valueProps, keyAt, inFlow)
      return
    }
    if (key) this.node(key, keyProps, key.offset, inFlow)
    else this.empty(keyProps, keyAt)
    const keyScalar = this.scalarKey
    if (this.kind !== 'scalar' || keyScalar === undefined) throw this.error(keyAt, 'invalid map key: a map key must be a scalar', 'YAML_NOT_JSON')
    const name = typeof keyScalar === 'string' ? keyScalar : jsonKey(keyScalar)
    if (name === null) throw this.error(keyAt, 'a null map key cannot become a JSON field name', 'YAML_NOT_JSON')
    const identity = typeof keyScalar === 'string' || keyScalar.type === 'str' ? undefined : goKeyIdentity(keyScalar)
    const v = value ? this.node(value, valueProps, keyAt, inFlow) : this.empty(valueProps, keyAt)
    const exists = out.has(name)
    this.setEntry(out, exists, name, identity, v, this.pos, keyAt)
    if (exists && !out.merged?.has(name)) this.warnings.push({offset: this.base + keyAt, message: `duplicate key "${name}": kubectl keeps this last value`})
  }

  /** go-yaml v2 `decoder.merge`: a map, an alias of one, or a sequence of those (earlier ones win). */
  private merge(out: MapOut, value: CST.Token | undefined, props: Props, at: number, inFlow: boolean): void {
    const wantMap = () => this.error(value?.offset ?? at, 'map merge requires map or sequence of maps as the value')
    if (!value) throw wantMap()
    const sources: Array<Built & Shape> = []
    if (value.type === 'block-seq' || (value.type === 'flow-collection' && value.start.source === '[')) {
      const shapes: Shape[] = []
      this.capture = shapes
      const items = this.node(value, props, value.offset, inFlow) as unknown[]
      // decoder.merge walks the sequence's items without decoding the sequence itself.
      this.decodes--
      const positions = (this.pos as PosSeq).items
      shapes.forEach((shape, i) => sources.unshift({value: items[i], positions: positions[i], ...shape}))
    } else {
      const v = this.node(value, props, value.offset, inFlow)
      sources.push({value: v, positions: this.pos, ...this.shape()})
    }
    for (const source of sources) {
      if (source.kind !== 'map') throw wantMap()
      const from = source.positions as PosMap
      for (let i = 0; i < from.entries.length; i += 2) {
        const name = from.entries[i] as string
        this.setEntry(out, out.has(name), name, source.nonStringKeys?.get(name), (source.value as Record<string, unknown>)[name], from.entries[i + 1] as PosNode, at)
        ;(out.merged ??= new Set()).add(name)
      }
    }
  }

  /** Two different Go keys that YAMLToJSON turns into one JSON name: which survives depends on Go's map order. */
  private setEntry(out: MapOut, exists: boolean, name: string, identity: string | undefined, value: unknown, positions: PosNode, at: number): void {
    if (exists) {
      const before = out.nonStringKeys?.get(name)
      if (before !== identity)
        throw this.error(
          at,
          `keys ${describeKey(before ?? 'str:' + name)} and ${describeKey(identity ?? 'str:' + name)} both become the JSON field "${name}"; kubectl keeps one of them at random`,
          'YAML_NOT_JSON',
        )
    }
    out.set(exists, name, identity, value, positions)
  }

  // --- scalars

  private scalar(token: CST.FlowScalar | CST.BlockScalar, tag: string | null, inFlow: boolean): Scalar {
    let text: string
    const fail = (offset: number, message: string) => this.error(token.offset + offset, message)
    switch (token.type) {
      case 'scalar':
        // libyaml ends a plain scalar at "?" in flow context and reads "?" as a key indicator there.
        if (inFlow && token.source.indexOf('?') > 0) throw this.error(token.offset + token.source.indexOf('?'), "did not find expected ',' or ']'")
        text = foldPlain(token.source, fail)
        break
      case 'single-quoted-scalar':
        text = foldSingleQuoted(token.source, (offset, message) => fail(offset, this.unterminated(token, offset, message)))
        break
      case 'double-quoted-scalar':
        text = foldDoubleQuoted(token.source, this.json, (offset, message) => fail(offset, this.unterminated(token, offset, message)))
        break
      case 'block-scalar':
        text = CST.resolveAsScalar(token, true, (offset, _code, message) => {
          throw this.error(offset, message)
        }).value
        break
      default:
        throw this.error((token as CST.Token).offset, 'expected a scalar')
    }
    if (token.type !== 'block-scalar') this.endTokens(token.end, inFlow)
    if (tag === null) return token.type === 'scalar' ? resolvePlain(text) : {type: 'str', value: text}
    if (tag === '!') return {type: 'str', value: text}
    const resolved = resolveTagged(tag, text)
    if (typeof resolved === 'string') throw this.error(token.offset, resolved)
    return resolved
  }

  /** A quoted scalar the lexer cut short at a line indented too little, which kubectl would have read on. */
  private unterminated(token: CST.FlowScalar, offset: number, message: string): string {
    if (offset !== token.source.length) return message
    return this.text.slice(token.offset + token.source.length).includes(token.source[0]) ? UNINDENTED : message
  }

  /** encoding/json cannot write NaN or ±Inf: YAMLToJSON fails on `.nan` and `.inf` values. */
  private jsonValue(scalar: Scalar, offset: number): unknown {
    if (scalar.type === 'float' && !Number.isFinite(scalar.value as number))
      throw this.error(offset, `json: unsupported value: ${Number.isNaN(scalar.value) ? 'NaN' : (scalar.value as number) > 0 ? '+Inf' : '-Inf'}`, 'YAML_NOT_JSON')
    return scalar.value
  }

  /** A node with no content (`key:`, `- `): an empty plain scalar, which go-yaml reads as null (or as its tag says). */
  private empty(props: Props, at: number): unknown {
    this.decodes++
    const tag = props.tag ? this.tagName(props.tag) : null
    let scalar: Scalar = {type: 'null', value: null}
    if (tag === '!') scalar = {type: 'str', value: ''}
    else if (tag !== null) {
      const resolved = resolveTagged(tag, '')
      if (typeof resolved === 'string') throw this.error(props.tag!.offset, resolved)
      scalar = resolved
    }
    this.pos = this.base + at
    this.setShape('scalar', scalar)
    if (props.anchor) this.defineAnchor(props.anchor).built = {value: scalar.value, positions: this.pos, ...this.shape()}
    return scalar.value
  }

  // --- properties and tokens

  private props(tokens: readonly CST.SourceToken[], indicator: CST.SourceToken['type'], flow: boolean, explicitKey = false): Props {
    if (tokens.length === 0) return NO_PROPS
    const p: Props = {anchor: null, tag: null, found: null, comma: null, hasNewline: false, newlineAfterProp: false}
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]
      switch (token.type) {
        case 'space':
          if (!flow) this.checkTab(token, tokens[i - 1], explicitKey)
          break
        case 'comment':
          break
        case 'newline':
          p.hasNewline = true
          if (p.anchor || p.tag) p.newlineAfterProp = true
          break
        case 'anchor':
          if (p.anchor) throw this.error(token.offset, 'a node can have at most one anchor')
          // libyaml yaml_parser_scan_anchor: the name ends at a blank or one of ?:,]}%@`.
          if (!/^(?:[\s?:,\]}%@`]|$)/.test(this.text.charAt(token.offset + token.source.length)))
            throw this.error(token.offset + token.source.length, 'did not find expected alphabetic or numeric character')
          p.anchor = token
          break
        case 'tag':
          if (p.tag) throw this.error(token.offset, 'a node can have at most one tag')
          // libyaml yaml_parser_scan_tag: a blank ends a tag (",", "[" and "]" would still be part of it).
          if (!/^(?:\s|$)/.test(this.text.charAt(token.offset + token.source.length)))
            throw this.error(token.offset + token.source.length, 'did not find expected whitespace or line break')
          p.tag = token
          break
        case 'comma':
          if (!flow) throw this.error(token.offset, 'unexpected ","')
          if (p.comma || p.found || p.anchor || p.tag) throw this.error(token.offset, 'did not find expected node content')
          p.comma = token
          break
        default:
          if (token.type !== indicator) throw this.error(token.offset, `unexpected ${token.source ? `"${token.source}"` : token.type}`)
          if (p.anchor || p.tag) throw this.error(token.offset, `anchors and tags must come after the ${token.source} indicator`)
          if (p.found) throw this.error(token.offset, `unexpected ${token.source}`)
          p.found = token
      }
    }
    return p
  }

  /**
   * libyaml skips a tab as white space only where no simple key may start (goyaml.v2 scannerc.go
   * `yaml_parser_scan_to_next_token`): in block context a tab at the start of a line, or right after
   * "-", "?" or the ":" of a "?" key, is an error.
   */
  private checkTab(space: CST.SourceToken, prev: CST.SourceToken | undefined, explicitKey: boolean): void {
    if (!space.source.includes('\t')) return
    const lineStart = prev ? prev.type === 'newline' : space.offset === 0 || this.text[space.offset - 1] === '\n'
    const afterIndicator = prev?.type === 'seq-item-ind' || prev?.type === 'explicit-key-ind' || (prev?.type === 'map-value-ind' && explicitKey)
    if (lineStart || afterIndicator) throw this.error(space.offset + space.source.indexOf('\t'), 'found a tab character that violates indentation')
  }

  /** What may follow a node on its line and the lines after: blanks, comments, line breaks. */
  private endTokens(end: readonly CST.SourceToken[] | undefined, flow: boolean): void {
    if (!end) return
    for (let i = 0; i < end.length; i++) {
      const token = end[i]
      if (token.type === 'space') {
        if (!flow) this.checkTab(token, end[i - 1], false)
      } else if (token.type !== 'comment' && token.type !== 'newline') throw this.error(token.offset, `unexpected ${token.source ? `"${token.source}"` : token.type}`)
    }
  }

  private anchorName(token: CST.SourceToken): string {
    const name = token.source.slice(1)
    this.checkAnchorName(name, token.offset)
    return name
  }

  /** libyaml yaml_parser_scan_anchor: names are letters, digits, "_" and "-", at least one. */
  private checkAnchorName(name: string, offset: number): void {
    if (!/^[0-9A-Za-z_-]+$/.test(name)) throw this.error(offset, 'did not find expected alphabetic or numeric character')
  }

  /**
   * A tag as libyaml resolves it. kubectl parses each document without its directives (they sit before
   * the "---" that kubectl cuts on), so only "!", "!local", "!!core" and "!<verbatim>" exist.
   */
  private tagName(token: CST.SourceToken): string {
    const source = token.source
    if (source.startsWith('!<')) {
      if (!source.endsWith('>')) throw this.error(token.offset, "did not find the expected '>'")
      return source.slice(2, -1)
    }
    if (source.startsWith('!!')) return 'tag:yaml.org,2002:' + this.uri(source.slice(2), token.offset)
    if (source.indexOf('!', 1) !== -1) throw this.error(token.offset, 'found undefined tag handle')
    return source === '!' ? '!' : '!' + this.uri(source.slice(1), token.offset)
  }

  private uri(suffix: string, offset: number): string {
    try {
      return decodeURIComponent(suffix)
    } catch {
      throw this.error(offset, 'found an invalid URI escape sequence in a tag')
    }
  }

  private error(offset: number, message: string, code?: string): YamlError {
    return new YamlError(this.base + offset, message, code)
  }
}

/** A map under construction: the JSON object, its positions, and the Go identity of keys that were not strings. */
class MapOut {
  readonly value: Record<string, unknown> = {}
  readonly positions: PosMap
  nonStringKeys: Map<string, string> | undefined
  /** Names written by a merge key, which later keys override without a duplicate warning. */
  merged: Set<string> | undefined

  constructor(at: number) {
    this.positions = new PosMap(at)
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.value, name)
  }

  set(replace: boolean, name: string, identity: string | undefined, value: unknown, positions: PosNode): void {
    // "__proto__" is data here, as in JSON, not the object's prototype.
    if (name === '__proto__') Object.defineProperty(this.value, name, {value, enumerable: true, writable: true, configurable: true})
    else this.value[name] = value
    this.positions.set(name, positions, replace)
    if (identity !== undefined) (this.nonStringKeys ??= new Map()).set(name, identity)
    else this.nonStringKeys?.delete(name)
  }
}

function describeKey(identity: string): string {
  const [type, ...rest] = identity.split(':')
  const value = rest.join(':')
  return type === 'str' ? `"${value}" (a string)` : `${value} (${type === 'int' ? 'an integer' : type === 'float' ? 'a float' : type === 'bool' ? 'a boolean' : type})`
}

function isBlock(token: CST.Token | null | undefined): boolean {
  return token?.type === 'block-map' || token?.type === 'block-seq'
}

/** Where the tokens before a node end (where an empty node sits). */
function tokensEnd(tokens: readonly CST.SourceToken[], fallback: number): number {
  const last = tokens[tokens.length - 1]
  return last ? last.offset + last.source.length : fallback
}

function containsNewline(token: CST.Token | null | undefined): boolean {
  if (!token) return false
  switch (token.type) {
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return token.source.includes('\n') || (token.end?.some((t) => t.type === 'newline') ?? false)
    case 'flow-collection':
      return token.items.some(
        (it) => it.start.some((t) => t.type === 'newline') || (it.sep?.some((t) => t.type === 'newline') ?? false) || containsNewline(it.key) || containsNewline(it.value),
      )
    default:
      return true
  }
}

function itemOffset(item: CST.CollectionItem, fc: CST.FlowCollection): number {
  return item.start[0]?.offset ?? item.key?.offset ?? item.sep?.[0]?.offset ?? item.value?.offset ?? fc.offset
}

function lastLineStart(fc: CST.FlowCollection): number {
  let at = fc.offset
  for (const item of fc.items) for (const t of [...item.start, ...(item.sep ?? [])]) if (t.type === 'newline') at = Math.max(at, t.offset + t.source.length)
  return at
}
