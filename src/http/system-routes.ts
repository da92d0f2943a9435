/** The non-AWS routes: health, and the seal/unseal API of the operator. */
export interface SystemAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** What a system route knows of its caller (these routes are unauthenticated). */
export interface SystemRequest {
  readonly sourceIp: string;
}

export type SystemHandler = (body: Buffer, request: SystemRequest) => Promise<SystemAnswer>;

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
