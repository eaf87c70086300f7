/**
 * A strict little XML reader for tests: elements, attributes, text and the five predefined entities.
 * Throws on anything not well-formed (unescaped "<" or "&", mismatched tags, duplicate attributes).
 */
export interface Element {
  name: string
  attrs: Record<string, string>
  children: Element[]
  text: string
}

export function parseXml(source: string): Element {
  let i = 0
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`)
  }
  const decode = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s)) fail(`bad entity in ${JSON.stringify(s)}`)
    return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"})[e]!)
  }
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(source)
  if (!decl) fail('missing XML declaration')
  i = decl![0].length
  const element = (): Element => {
    const open = /^<([A-Za-z_][\w.-]*)/.exec(source.slice(i)) ?? fail('expected an element')
    i += open[0].length
    const el: Element = {name: open[1], attrs: {}, children: [], text: ''}
    for (;;) {
      const attr = /^\s+([A-Za-z_][\w.-]*)="([^"<]*)"/.exec(source.slice(i))
      if (!attr) break
      if (attr[1] in el.attrs) fail(`duplicate attribute ${attr[1]}`)
      el.attrs[attr[1]] = decode(attr[2])
      i += attr[0].length
    }
    if (source.startsWith('/>', i)) return ((i += 2), el)
    if (source[i++] !== '>') fail('expected >')
    for (;;) {
      const text = /^[^<]*/.exec(source.slice(i))![0]
      el.text += decode(text)
      i += text.length
      if (source.startsWith(`</${el.name}>`, i)) return ((i += el.name.length + 3), el)
      if (source.startsWith('</', i)) fail(`mismatched closing tag for ${el.name}`)
      el.children.push(element())
    }
  }
  const root = element()
  if (source.slice(i).trim() !== '') fail('content after the root element')
  return root
}
