import { checkedSlaSettings, resolveSlaSettings, type SlaSettings } from './sla';

/** Where the SLA settings are kept (`SETTINGS` / `SLA`): absent until finance or an admin saves them. */
export interface SlaSettingsStore {
  read(): Promise<(Partial<SlaSettings> & { updatedAt?: string; updatedBy?: string }) | undefined>;
  write(settings: SlaSettings, by: string, at: string): Promise<void>;
}

/** The settings in force, and who saved them last (absent while the defaults apply). */
export interface SlaSettingsView extends SlaSettings {
  updatedAt?: string;
  updatedBy?: string;
}

/** The SLA settings: the stored ones over the defaults. */
export async function getSlaSettings(deps: { slaSettings: SlaSettingsStore }): Promise<SlaSettingsView> {
  const stored = await deps.slaSettings.read();
  return { ...resolveSlaSettings(stored), ...(stored?.updatedAt ? { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy! } : {}) };
}

/**
 * Replaces the SLA settings (every category at once): checked first (a 400 names each bad field and nothing
 * is written); tickets opened from now on are held to them, open ones keep the targets they were opened with.
 */
export async function putSlaSettings(deps: { slaSettings: SlaSettingsStore; now: () => Date }, input: SlaSettings, by: string): Promise<SlaSettingsView> {
  const settings = checkedSlaSettings(input);
  const at = deps.now().toISOString();
  await deps.slaSettings.write(settings, by, at);
  return { ...settings, updatedAt: at, updatedBy: by };
}
