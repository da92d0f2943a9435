import type { Store } from "../../src/ports/store.js";

export type OpenStore = () => Promise<{ store: Store; dispose(): Promise<void> }>;

/** Runs `fn` on a store fresh from `open`, and disposes of it whatever happens. */
export function storeRunner(open: OpenStore): (fn: (store: Store) => Promise<void>) => Promise<void> {
  return async (fn) => {
    const { store, dispose } = await open();
    try {
      await fn(store);
    } finally {
      await dispose();
    }
  };
}
