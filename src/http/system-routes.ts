/** The non-AWS routes: health, and the seal/unseal API of the operator. */
export interface SystemAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type SystemHandler = (body: Buffer) => Promise<SystemAnswer>;

export interface SystemRoutes {
  match(method: string, path: string): SystemHandler | undefined;
}

export function makeSystemRoutes(routes: Record<string, SystemHandler>): SystemRoutes {
  return {
    match(method, path) {
      return routes[`${method} ${path}`];
    },
  };
}
