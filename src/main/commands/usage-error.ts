// One way every command answers a word it does not know: the word named, the closest known one
// offered ("did you mean"), the usage, and exit code 2 (a usage error, as getopt-style tools
// and `kubectl` with a bad flag use).

/** Edit distance (insertions, deletions, substitutions), for suggestions among a few words. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]
}

/** The known word closest to `word` when it is a likely typo: as cobra (kubectl) decides, within two edits, or a prefix of it. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  const prefixed = known.filter((k) => k.startsWith(word))
  if (word.length >= 2 && prefixed.length === 1) return prefixed[0]
  const best = known.map((k) => ({ k, d: distance(word.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0]
  return best && best.d <= 2 ? best.k : undefined
}

/** Writes the usage error and returns its exit code (2). */
export function unknownWord(
  io: { stderr: { write(s: string): unknown } },
  where: string,
  what: 'command' | 'subcommand',
  word: string | undefined,
  known: readonly string[],
  usage: string
): number {
  if (!word) {
    io.stderr.write(`${where}: missing ${what}\n\n${usage}\n`)
    return 2
  }
  const close = suggest(word, known)
  io.stderr.write(`${where}: unknown ${what} "${word}"${close ? `\n\nDid you mean this?\n\t${close}` : ''}\n\n${usage}\n`)
  return 2
}
