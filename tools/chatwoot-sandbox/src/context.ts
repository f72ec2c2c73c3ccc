import type { Actions } from './actions.js';
import type { InstallationConfig } from './config.js';
import type { SandboxControl } from './control.js';
import type { SandboxState } from './state.js';
import type { WebhookDispatcher } from './webhooks.js';

/** What every route module needs. `config` is live: control calls mutate it in place. */
export interface SandboxContext {
  state: SandboxState;
  actions: Actions;
  dispatcher: WebhookDispatcher;
  config: InstallationConfig;
  control: SandboxControl;
  baseUrl: () => string;
  /** Headers `POST /auth/sign_in` answers with, given the devise ones. */
  signInResponseHeaders: (devise: Record<string, string>) => Record<string, string>;
}
