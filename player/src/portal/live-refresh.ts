/**
 * Status screens (My team, the compliance dashboard) follow live re-evaluation: while the
 * element is on the page and the tab is visible, its load runs again every few seconds
 * (statuses move within seconds of a statement landing; HR watches these before audits).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const LIVE_REFRESH_MS = 5000;

export class LiveRefresh implements ReactiveController {
  #timer?: ReturnType<typeof setInterval>;
  #busy = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly load: () => Promise<unknown>,
    private readonly everyMs = LIVE_REFRESH_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer = setInterval(() => void this.#tick(), this.everyMs);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
  }

  async #tick(): Promise<void> {
    // A hidden tab asks nothing; a slow answer is not asked for twice.
    if (document.visibilityState !== 'visible' || this.#busy) return;
    this.#busy = true;
    try {
      await this.load();
    } finally {
      this.#busy = false;
    }
  }
}
