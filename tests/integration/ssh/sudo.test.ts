// sudo with a password, against the real sudo on the lab's password host: labuser logs in with
// its password and may run commands as root after typing it again for sudo (a sudoers rule the
// lab writes). The password is asked through SshInteraction.askSecret({ kind: 'sudo' }), again
// after a wrong one, once per session, and only ever travels on stdin.
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshService } from '../../../src/main/services/ssh'
import { AuditLog } from '../../../src/main/services/ssh/audit-log'
import { hostExec, hostFile, labSkipReason, type LabInfo } from '../../lab'
import { bastionBlock, passwordHostBlock, scratch, sshLab, type Scratch } from './lab-fixture'
import { scripted } from './scripted-interaction'
import { sh } from '../../../src/main/services/shell'

const skip = labSkipReason()

interface ErrorInfo {
  code: string
  message: string
  host?: string
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { info?: ErrorInfo }) => e.info ?? { code: 'not an AppError', message: String(e) }
  )

describe.skipIf(!!skip)(`sudo with a password against the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch
  let ssh: SshService
  let host: string
  const password = () => lab.passwordHost.password

  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
    host = lab.passwordHost.host
    // Two wrong sudo passwords are enough to show giving up (sudo waits 2 s after each).
    const config = s.file('config', bastionBlock(lab) + passwordHostBlock(lab, 'password-host', ['NumberOfPasswordPrompts 2']))
    ssh = new SshService({ dataDir: s.dataDir, configFile: config })
  })
  afterAll(() => s?.cleanup())

  /** A session as labuser: the first secret answers the login, the rest are for sudo. */
  async function labuser(sudoAnswers: (string | null)[]) {
    const who = scripted({ secrets: [password(), ...sudoAnswers] })
    const session = await ssh.session({ host: 'password-host' }, who, { context: 'lab-sudo' })
    const sudoQuestions = () => who.asked.secrets.filter((q) => q.kind === 'sudo')
    return { session, who, sudoQuestions }
  }

  /** Every process on the host, as `user args` lines. */
  const processes = async () => (await hostExec(lab, host, 'ps -eo user:20,args')).stdout

  it('asks for the sudo password, again after a wrong one, once for commands started together, and runs them as root', async () => {
    const { session, sudoQuestions } = await labuser(['not-the-password', password()])
    try {
      expect((await session.run(sh`id -un`)).stdout).toBe('labuser\n')
      const [uid, name, piped] = await Promise.all([
        session.run(sh`id -u`, { sudo: true }),
        session.run(sh`id -un`, { sudo: true }),
        // The password is the first line sudo reads; the command gets the rest of stdin.
        session.run(sh`cat; id -u`, { sudo: true, stdin: 'line one\nline two\n' })
      ])
      expect([uid.exitCode, uid.stdout, uid.stderr]).toEqual([0, '0\n', ''])
      expect(name.stdout).toBe('root\n')
      expect(piped.stdout).toBe('line one\nline two\n0\n')
      expect(sudoQuestions().map((q) => [q.kind, q.user, q.host, q.attempt])).toEqual([
        ['sudo', 'labuser', lab.passwordHost.address, 1],
        ['sudo', 'labuser', lab.passwordHost.address, 2]
      ])
      // The command's own exit code comes through sudo.
      expect((await session.run(sh`exit 5`, { sudo: true })).exitCode).toBe(5)
      expect(sudoQuestions()).toHaveLength(2)
    } finally {
      session.close()
    }
  })

  it('never shows the password on a command line, in ps on the host, or in the audit log', async () => {
    const { session } = await labuser([password()])
    const running = session.run(sh`sleep 3.25; id -u`, { sudo: true, audit: { purpose: 'test: sudo secrecy' } })
    try {
      let seen = ''
      for (let i = 0; i < 50 && !/sleep 3\.25$/m.test(seen); i++) {
        await new Promise((r) => setTimeout(r, 100))
        seen = await processes()
      }
      // sudo and the command run as root; no process on the host carries the password in its arguments or environment.
      expect(seen).toMatch(/^root\s+sudo -k -S -p {2}-- sh -c sleep 3\.25; id -u$/m)
      expect(seen).toMatch(/^root\s+sleep 3\.25$/m)
      expect(seen).not.toContain(password())
      // The pattern comes from a file: on grep's own command line it would find itself.
      writeFileSync(hostFile(lab, host, '/root/sudo-test-pattern'), password())
      const leaked = await hostExec(lab, host, 'grep -lsFf /root/sudo-test-pattern /proc/[0-9]*/cmdline /proc/[0-9]*/environ; rm -f /root/sudo-test-pattern')
      expect(leaked.stdout).toBe('')
      const r = await running
      expect(r.stdout).toBe('0\n')
      expect(r.command).toBe('sleep 3.25; id -u')
    } finally {
      await running.catch(() => undefined)
      session.close()
    }
    const audit = new AuditLog(s.dataDir)
    const record = (await audit.read()).find((x) => x.purpose === 'test: sudo secrecy')
    expect(record).toEqual(expect.objectContaining({ command: 'sleep 3.25; id -u', sudo: true, user: 'labuser', host: 'password-host', exitCode: 0, context: 'lab-sudo' }))
    expect(readFileSync(audit.file, 'utf8')).not.toContain(password())
  })

  it('cancels a sudo command, stopping its root-owned processes', async () => {
    const { session } = await labuser([password()])
    try {
      const controller = new AbortController()
      const pending = session.run(sh`sleep 63.25`, { sudo: true, signal: controller.signal })
      const rootSleep = async () => /^root\s+sleep 63\.25$/m.test(await processes())
      for (let i = 0; i < 50 && !(await rootSleep()); i++) await new Promise((r) => setTimeout(r, 100))
      expect(await rootSleep()).toBe(true)
      controller.abort()
      expect(await failure(pending)).toEqual(expect.objectContaining({ code: 'ssh.command-cancelled' }))
      for (let i = 0; i < 30 && (await rootSleep()); i++) await new Promise((r) => setTimeout(r, 100))
      expect(await rootSleep()).toBe(false)
    } finally {
      session.close()
    }
  })

  it('gives up after NumberOfPasswordPrompts wrong passwords without running the command', async () => {
    const { session, sudoQuestions } = await labuser(['wrong-1', 'wrong-2', password()])
    const marker = '/tmp/kubedeck-sudo-must-not-run'
    try {
      const e = await failure(session.run(sh`touch ${marker}`, { sudo: true }))
      expect(e).toEqual(expect.objectContaining({ code: 'ssh.sudo-cancelled', host: 'password-host' }))
      expect(e?.message).toContain('refused 2 passwords for labuser')
      expect(sudoQuestions()).toHaveLength(2)
      expect((await hostExec(lab, host, `test -e ${marker} && echo yes || echo no`)).stdout.trim()).toBe('no')
      // Declining is not final for the session: the next sudo command asks again.
      expect((await session.run(sh`id -u`, { sudo: true })).stdout).toBe('0\n')
      expect(sudoQuestions()).toHaveLength(3)
    } finally {
      session.close()
    }
  })

  it('says so at once when sudoers does not let the user in (a right password does not help)', async () => {
    await hostExec(lab, host, 'mv /etc/sudoers.d/labuser /root/labuser.sudoers')
    try {
      const { session, sudoQuestions } = await labuser([password(), password()])
      try {
        const e = await failure(session.run(sh`id -u`, { sudo: true }))
        expect(e).toEqual(expect.objectContaining({ code: 'ssh.sudo', host: 'password-host' }))
        expect(e?.message).toBe('labuser cannot use sudo on password-host: labuser is not in the sudoers file.')
        expect(sudoQuestions()).toHaveLength(1)
      } finally {
        session.close()
      }
    } finally {
      await hostExec(lab, host, 'mv /root/labuser.sudoers /etc/sudoers.d/labuser')
    }
  })
})
