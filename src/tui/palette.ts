/**
 * Colours for the screen; all undefined in monochrome (NO_COLOR, or not a terminal), where focus and
 * verdicts still show, by inverse video and by words.
 */
export interface Palette {
  ok?: string
  bad?: string
  warn?: string
  accent?: string
}

export function paletteFor(colour: boolean): Palette {
  return colour ? {ok: 'green', bad: 'red', warn: 'yellow', accent: 'cyan'} : {}
}
