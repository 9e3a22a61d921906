import { describe, expect, it } from 'vitest'
import { goQuote, tabwrite } from './go-format'

describe('tabwrite (text/tabwriter as kubectl configures it)', () => {
  it('aligns tab-terminated cells, leaves the last cell alone, pads empty cells', () => {
    // Byte for byte what `kubectl config get-contexts` printed for the same rows.
    expect(tabwrite('CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n*\tctx1\tc1\tu1\tns1\n \tctx2\tc2\tu2\t\n \tshared\tc1\tu1\t\n')).toBe(
      'CURRENT   NAME     CLUSTER   AUTHINFO   NAMESPACE\n*         ctx1     c1        u1         ns1\n          ctx2     c2        u2         \n          shared   c1        u1         \n'
    )
    expect(tabwrite(' \tbar\t\t\t\n')).toBe('      bar               \n')
  })

  it('counts characters, not bytes', () => {
    expect(tabwrite('ünï\tx\nab\ty\n')).toBe('ünï   x\nab    y\n')
  })

  it('a line without tabs ends a block', () => {
    expect(tabwrite('a\tb\nplain line\nlonger cell\tc\n')).toBe('a     b\nplain line\nlonger cell   c\n')
  })
})

describe('goQuote (%q)', () => {
  it('escapes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\tü😀\u200b\x01')).toBe('"a\\"b\\\\c\\n\\tü😀\\u200b\\x01"')
  })
})
