// The CLI's SshInteraction: questions on the terminal, secrets read without echo. Without a
// terminal (scripts, cron), nothing can be asked: host keys must already be known and keys
// must not need passphrases, exactly like `ssh -o BatchMode=yes`.
import type { SshInteraction } from './types'

interface TtyStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown }
  stderr: NodeJS.WritableStream
}

function readLine(io: TtyStreams, prompt: string, echo: boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const { stdin, stderr } = io
    stderr.write(prompt)
    let text = ''
    const raw = !echo && stdin.isTTY && stdin.setRawMode
    if (raw) stdin.setRawMode!(true)
    const done = (value: string | null) => {
      stdin.removeListener('data', onData)
      stdin.removeListener('end', onEnd)
      if (raw) stdin.setRawMode!(false)
      stdin.pause()
      if (!echo) stderr.write('\n')
      resolve(value)
    }
    const onData = (d: Buffer | string) => {
      for (const ch of d.toString()) {
        if (ch === '\r' || ch === '\n') return done(text)
        if (ch === '\u0003' || ch === '\u0004') return done(null)
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1)
        else text += ch
      }
    }
    const onEnd = () => done(text === '' ? null : text)
    stdin.on('data', onData)
    stdin.once('end', onEnd)
    stdin.resume()
  })
}

export function ttyInteraction(io: TtyStreams): SshInteraction {
  const interactive = !!io.stdin.isTTY
  return {
    async confirmHostKey(info) {
      if (!interactive) return 'reject'
      const others = info.otherKnownKeys?.length ? `\nKeys of other types are known for this host: ${info.otherKnownKeys.map((k) => `${k.keyType} in ${k.file}:${k.line}`).join(', ')}` : ''
      const answer = await readLine(
        io,
        `The authenticity of host '${info.host}${info.port === 22 ? '' : `:${info.port}`}' can't be established.\n${info.keyType} key fingerprint is ${info.fingerprintSha256}.${others}\nAre you sure you want to continue connecting (yes = trust and save to ${info.knownHostsFile} / once / no)? `,
        true
      )
      const a = answer?.trim().toLowerCase()
      return a === 'yes' || a === 'save' ? 'save' : a === 'once' ? 'once' : 'reject'
    },
    async askSecret(req) {
      if (!interactive) return null
      const what =
        req.kind === 'passphrase' ? `Enter passphrase for key '${req.keyFile}'` : req.kind === 'sudo' ? `[sudo] password for ${req.user}@${req.host}` : `${req.user}@${req.host}'s password`
      if (req.attempt > 1) io.stderr.write(req.kind === 'sudo' ? 'Sorry, try again.\n' : 'Permission denied, please try again.\n')
      return readLine(io, `${what}: `, false)
    },
    async keyboardInteractive(req) {
      if (!interactive) return null
      if (req.instructions) io.stderr.write(`${req.instructions}\n`)
      const answers: string[] = []
      for (const p of req.prompts) {
        const a = await readLine(io, p.prompt, p.echo)
        if (a === null) return null
        answers.push(a)
      }
      return answers
    }
  }
}
