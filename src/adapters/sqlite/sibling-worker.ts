import { Worker } from "node:worker_threads";

/**
 * Starts the worker module `name` that sits beside the module at `callerUrl`. Compiled, that is
 * `<name>.js`; run from source (tests, through tsx), it is `<name>.ts`, and the thread needs
 * tsx's loader too.
 */
export function startSiblingWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (callerUrl.endsWith(".ts")) {
    const source = new URL(`./${name}.ts`, callerUrl).href;
    return new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData });
  }
  return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
}
