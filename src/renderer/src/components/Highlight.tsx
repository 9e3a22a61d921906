/** `text` with the characters at `positions` marked (search matches). */
export function Highlight({ text, positions }: { text: string; positions?: readonly number[] }) {
  if (!positions || positions.length === 0) return <>{text}</>
  const parts: { text: string; hit: boolean }[] = []
  const hits = new Set(positions)
  for (let i = 0; i < text.length; i++) {
    const hit = hits.has(i)
    const lastPart = parts[parts.length - 1]
    if (lastPart && lastPart.hit === hit) lastPart.text += text[i]
    else parts.push({ text: text[i], hit })
  }
  return (
    <>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  )
}
