/**
 * What Save does: checks the draft against the settings contract (a sentence
 * per problem), saves it, then stores every secret that was typed and not yet
 * set, so nothing typed is dropped. Says what was and was not saved.
 */
import { settingsPatchSchema, type Settings, type SettingsPatch } from '../../../../shared/config';
import type { SecretName, SecretsStatus } from '../../../../shared/ipc';
import { bridge } from '../../bridge';
import { failureSentence, settingsProblems } from '../../../../shared/settings-words';

export type SaveOutcome =
  | { ok: true; settings: Settings; secrets: SecretsStatus | null; stored: SecretName[] }
  /** Nothing was saved: the draft has problems, or the main process refused it. */
  | { ok: false; problems: string[] }
  /** The settings were saved, but some typed secrets were not stored. */
  | { ok: 'partly'; settings: Settings; secrets: SecretsStatus | null; stored: SecretName[]; problems: string[] };

export const SECRET_LABELS: Record<string, string> = {
  'cloudflare-api-token': 'Cloudflare API token',
  'turn-shared-secret': 'TURN shared secret',
};

export async function saveSettings(
  patch: SettingsPatch,
  typed: Partial<Record<SecretName, string>>,
): Promise<SaveOutcome> {
  const checked = settingsPatchSchema.safeParse(patch);
  if (!checked.success) return { ok: false, problems: settingsProblems(checked.error) };
  let settings: Settings;
  try {
    settings = await bridge().setSettings(checked.data);
  } catch (error) {
    return { ok: false, problems: [failureSentence(error)] };
  }
  // After the settings: accepting weaker secret storage in this same Save must count.
  let secrets: SecretsStatus | null = null;
  const problems: string[] = [];
  const stored: SecretName[] = [];
  for (const [name, value] of Object.entries(typed) as [SecretName, string][]) {
    if (!value) continue;
    try {
      secrets = await bridge().setSecret({ name, value });
      stored.push(name);
    } catch (error) {
      problems.push(`The ${SECRET_LABELS[name] ?? name} was not stored: ${failureSentence(error)}`);
    }
  }
  return problems.length
    ? { ok: 'partly', settings, secrets, stored, problems }
    : { ok: true, settings, secrets, stored };
}
