/**
 * SSO-only mode and its break-glass admins. The environment can force the mode on
 * (SSO_ONLY) and name break-glass admins (SSO_BREAK_GLASS_EMAILS); the SSO screen adds to
 * both. A break-glass admin keeps a local password only while they hold the admin role.
 */
import type { EffectiveSsoSettings } from '#contract/sso.js';
import type { StoreDb } from '../store/types.js';

export interface SsoSettings {
  ssoOnly: boolean;
  breakGlassEmails: string[];
}

/** The settings in force, with what the environment fixes (shown locked) and what the screen saved. */
export type { EffectiveSsoSettings } from '#contract/sso.js';

interface SettingsDoc extends SsoSettings {
  _id: 'sso';
}

export interface SsoSettingsStore {
  get(): Promise<EffectiveSsoSettings>;
  save(settings: SsoSettings): Promise<EffectiveSsoSettings>;
  /** May this person use a local password (sign-in, reset links)? */
  passwordAllowed(person: { email: string; roles: readonly string[] } | { email: string }): Promise<boolean>;
}

export function openSsoSettings(db: StoreDb, env: SsoSettings): SsoSettingsStore {
  const col = db.collection<SettingsDoc>('sso_settings');
  const store: SsoSettingsStore = {
    async get() {
      const doc = await col.findOne({ _id: 'sso' });
      const saved: SsoSettings = { ssoOnly: doc?.ssoOnly ?? false, breakGlassEmails: doc?.breakGlassEmails ?? [] };
      return { ssoOnly: env.ssoOnly || saved.ssoOnly, breakGlassEmails: [...new Set([...env.breakGlassEmails, ...saved.breakGlassEmails])], env, saved };
    },
    async save(settings) {
      const breakGlassEmails = [...new Set(settings.breakGlassEmails.map((e) => e.trim().toLowerCase()))];
      await col.replaceOne({ _id: 'sso' }, { _id: 'sso', ssoOnly: settings.ssoOnly, breakGlassEmails }, { upsert: true });
      return store.get();
    },
    async passwordAllowed(person) {
      const s = await store.get();
      if (!s.ssoOnly) return true;
      if (!s.breakGlassEmails.includes(person.email.toLowerCase())) return false;
      // Without roles (a reset link asked for by email) the list decides; sign-in also checks the role.
      return !('roles' in person) || person.roles.includes('admin');
    },
  };
  return store;
}
