/**
 * A store that cannot write (a full disk: 507 Insufficient Storage; another write error:
 * 503) or cannot serve (damaged: 503), as the HTTP answer both error handlers give, so
 * a client and an operator see that the store is the cause instead of a bare 500.
 */
export interface StoreFailure {
  status: number;
  code: 'store_full' | 'store_unavailable';
  message: string;
}

export function storeFailure(err: unknown): StoreFailure | null {
  const e = err as { storeError?: unknown; status?: unknown; message?: unknown } | null;
  if (!e || e.storeError !== true || typeof e.status !== 'number') return null;
  return {
    status: e.status,
    code: e.status === 507 ? 'store_full' : 'store_unavailable',
    message: `store: ${String(e.message)}`,
  };
}
