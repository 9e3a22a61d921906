// SFTP transfers against a lab node (through the bastion): the bytes are hashed as they pass and
// compared with the host's own sha256 of its copy; only a matching file is renamed into place.
// A file that changes while it is copied, a cancel, or a bad path leaves nothing behind, and the
// session stays usable.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshService, type HostSession } from '../../../src/main/services/ssh'
import { hostExec, hostFile, labSkipReason, type LabInfo } from '../../lab'
import { bastionBlock, hostBlock, scratch, sshLab, type Scratch } from './lab-fixture'
import { scripted } from './scripted-interaction'

const skip = labSkipReason()
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe.skipIf(!!skip)(`SFTP transfers against the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch
  let session: HostSession

  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
    const config = s.file(
      'config',
      bastionBlock(lab) +
        hostBlock('node', lab.hosts[0], ['User root', `IdentityFile ${lab.identityFile}`, 'IdentitiesOnly yes', 'IdentityAgent none', `UserKnownHostsFile ${lab.knownHosts}`, 'ProxyJump lab-bastion'])
    )
    session = await new SshService({ dataDir: s.dataDir, configFile: config }).session({ host: 'node' }, scripted())
  })
  afterAll(async () => {
    session?.close()
    if (lab) await hostExec(lab, 'node-1', 'rm -rf /tmp/kd-transfer')
    s?.cleanup()
  })

  /** Files in the scratch folder, temporary ones included (they start with a dot). */
  const localFiles = () => readdirSync(s.dir).filter((f) => f !== 'data' && f !== 'config')
  const remoteFiles = async () => (await hostExec(lab, 'node-1', 'ls -A /tmp/kd-transfer')).stdout.split('\n').filter(Boolean).sort()

  it('downloads files of any size byte for byte, with progress up to the size', async () => {
    await hostExec(lab, 'node-1', 'mkdir -p /tmp/kd-transfer && : > /tmp/kd-transfer/empty && head -c 20971523 /dev/urandom > /tmp/kd-transfer/odd')
    const odd = readFileSync(hostFile(lab, 'node-1', '/tmp/kd-transfer/odd'))
    const progress: number[] = []
    const got = await session.download('/tmp/kd-transfer/odd', join(s.dir, 'odd'), { onProgress: (n, total) => (expect(total).toBe(odd.length), progress.push(n)) })
    expect(got).toEqual({ sha256: sha256(odd), bytes: odd.length })
    expect(readFileSync(join(s.dir, 'odd')).equals(odd)).toBe(true)
    expect(progress.at(-1)).toBe(odd.length)
    expect(progress.every((n, i) => i === 0 || n > progress[i - 1])).toBe(true)
    expect(await session.download('/tmp/kd-transfer/empty', join(s.dir, 'empty'))).toEqual({ sha256: sha256(Buffer.alloc(0)), bytes: 0 })
    expect(readFileSync(join(s.dir, 'empty')).length).toBe(0)
    expect(localFiles().sort()).toEqual(['empty', 'odd'])
  })

  it('refuses a file that changed while it was copied, writing nothing', async () => {
    // A writer keeps appending (without pause, up to 128 MiB): the host's hash and the copied bytes cannot agree.
    const writer = await hostExec(
      lab,
      'node-1',
      `head -c 8M /dev/urandom > /tmp/kd-transfer/growing; setsid sh -c 'for i in $(seq 2000); do head -c 65536 /dev/urandom >> /tmp/kd-transfer/growing; done' >/dev/null 2>&1 & echo $!`
    )
    try {
      const e = await session.download('/tmp/kd-transfer/growing', join(s.dir, 'growing')).then(
        () => null,
        (x: { info: { code: string; message: string } }) => x.info
      )
      expect(e?.code).toBe('ssh.transfer-checksum')
      expect(e?.message).toMatch(/^Download of node:\/tmp\/kd-transfer\/growing arrived damaged or changed while it was copied \(sha256 [0-9a-f]{64} instead of [0-9a-f]{64}\); .*growing was not written\.$/)
      expect(existsSync(join(s.dir, 'growing'))).toBe(false)
      expect(localFiles().filter((f) => f.includes('growing'))).toEqual([])
    } finally {
      await hostExec(lab, 'node-1', `kill ${writer.stdout.trim()} 2>/dev/null; rm -f /tmp/kd-transfer/growing`)
    }
  })

  it('cancels a download and an upload, leaving nothing behind, and the session still transfers', async () => {
    await hostExec(lab, 'node-1', 'head -c 64M /dev/urandom > /tmp/kd-transfer/big')
    const down = new AbortController()
    const e1 = await session
      .download('/tmp/kd-transfer/big', join(s.dir, 'big'), { signal: down.signal, onProgress: () => down.abort() })
      .then(() => null, (x: { info: { code: string } }) => x.info.code)
    expect(e1).toBe('ssh.command-cancelled')
    expect(localFiles().filter((f) => f.includes('big'))).toEqual([])

    const local = join(s.dir, 'upload.bin')
    writeFileSync(local, randomBytes(32 * 1024 * 1024))
    const up = new AbortController()
    const e2 = await session
      .upload(local, '/tmp/kd-transfer/uploaded', { signal: up.signal, onProgress: () => up.abort() })
      .then(() => null, (x: { info: { code: string } }) => x.info.code)
    expect(e2).toBe('ssh.command-cancelled')
    expect(await remoteFiles()).toEqual(['big', 'empty', 'odd'])

    // The same session (and SFTP channel) carries on.
    expect((await session.upload(local, '/tmp/kd-transfer/uploaded')).sha256).toBe(sha256(readFileSync(local)))
    expect(await remoteFiles()).toEqual(['big', 'empty', 'odd', 'uploaded'])
  })

  it('replaces an existing remote file in one step, with the mode asked for', async () => {
    await hostExec(lab, 'node-1', 'echo old > /tmp/kd-transfer/replace && chmod 644 /tmp/kd-transfer/replace')
    const local = join(s.dir, 'replacement')
    writeFileSync(local, 'new content\n')
    await session.upload(local, '/tmp/kd-transfer/replace', { mode: 0o600 })
    expect(readFileSync(hostFile(lab, 'node-1', '/tmp/kd-transfer/replace'), 'utf8')).toBe('new content\n')
    expect((await hostExec(lab, 'node-1', 'stat -c %a /tmp/kd-transfer/replace')).stdout.trim()).toBe('600')
  })

  it('names the path when the remote folder or the local file does not exist', async () => {
    const local = join(s.dir, 'replacement')
    const noFolder = await session.upload(local, '/tmp/kd-transfer/no/such/folder/file').then(
      () => null,
      (x: { info: { code: string; message: string } }) => x.info
    )
    expect(noFolder).toEqual(expect.objectContaining({ code: 'ssh.transfer' }))
    expect(noFolder?.message).toContain('/tmp/kd-transfer/no/such/folder/file')
    const noLocal = await session.upload(join(s.dir, 'missing'), '/tmp/kd-transfer/x').then(
      () => null,
      (x: { info: { code: string; message: string; file?: string } }) => x.info
    )
    expect(noLocal).toEqual(expect.objectContaining({ code: 'ssh.transfer', file: join(s.dir, 'missing') }))
    expect(noLocal?.message).toContain(`Cannot read ${join(s.dir, 'missing')}`)
    const noRemote = await session.download('/tmp/kd-transfer/missing', join(s.dir, 'missing')).then(
      () => null,
      (x: { info: { code: string; message: string } }) => x.info
    )
    expect(noRemote).toEqual(expect.objectContaining({ code: 'ssh.transfer' }))
    expect(noRemote?.message).toContain('/tmp/kd-transfer/missing')
    expect(noRemote?.message).toContain('No such file')
    expect(existsSync(join(s.dir, 'missing'))).toBe(false)
  })
})
