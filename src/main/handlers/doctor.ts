// The doctor's calls: a run (hosts reached without prompts, as a cron job would: a host that
// needs one is reported unknown, with why), the health marks, a join command.
import type { doctorCalls } from '../../shared/contracts/doctor'
import type { HandlersFor } from '../dispatch'
import type { DoctorService } from '../services/doctor'

export function doctorHandlers(doctor: () => DoctorService): HandlersFor<typeof doctorCalls> {
  return {
    'doctor.run': ({ context }) => doctor().run(context),
    'doctor.upgradeView': ({ context }) => doctor().upgradeView(context),
    'doctor.tokens': ({ context }) => doctor().tokens(context),
    'doctor.marks': () => doctor().healthMarks(),
    'doctor.joinCommand': async ({ context, controlPlane, ttlSeconds }) => {
      const j = await doctor().joinCommand(context, { controlPlane, ttlSeconds })
      return { command: j.command, expires: j.expires, caCertHash: j.caCertHash, endpoint: j.endpoint }
    }
  }
}
