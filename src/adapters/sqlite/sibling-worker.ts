import { Worker } from "node:worker_threads";

/** Asks a sibling worker to close (it closes its connection and its port), holding the process open until it has exited. */
export async function stopSiblingWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.ref();
  worker.postMessage("close");
  await exited;
}

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
