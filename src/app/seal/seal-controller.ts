import { barrierTermIdentity } from "../../core/barrier.js";
import { ServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { shareIndex } from "../../core/crypto/shamir.js";
import { HsmError } from "../../ports/hsm.js";
import type { Logger } from "../../ports/logger.js";
import type { OpenSeal, SealOpeners } from "../../ports/root-key.js";
import type { SealConfig, SystemRepository } from "../../ports/system-repository.js";
import { SealedError, type Vault } from "./vault.js";

export interface UnsealStatus {
  readonly sealed: boolean;
  readonly type: SealConfig["type"] | "uninitialized";
  /** Shares accepted so far towards the threshold (0 when unsealed). */
  readonly progress: number;
  readonly threshold: number;
}

export type UnsealOffer =
  | { readonly kind: "passphrase"; readonly secret: SecretBytes }
  | { readonly kind: "share"; readonly secret: SecretBytes }
  /** Open an HSM seal through its token (what the server does at start). */
  | { readonly kind: "hsm" }
  | { readonly kind: "reset" };

export type UnsealRejection = "wrong-passphrase" | "wrong-share" | "duplicate-share" | "malformed-share" | "wrong-kind" | "hsm-unavailable";

export type UnsealOutcome = { readonly accepted: true; readonly status: UnsealStatus } | { readonly accepted: false; readonly reason: UnsealRejection; readonly message: string; readonly status: UnsealStatus };

export interface SealControllerDeps {
  readonly system: SystemRepository;
  readonly vault: Vault;
  readonly openers: SealOpeners;
  readonly logger: Logger;
  /** Runs once unsealed (admin bootstrap, timers, the Unseal audit event). */
  readonly onUnsealed: () => Promise<void>;
  /** Runs before the barrier is wiped (timers, the Seal audit event). */
  readonly onSealing: () => void;
  /** Records an unseal attempt in the audit trail (never the secret offered). */
  readonly recordAttempt: (details: Record<string, unknown>) => Promise<void>;
  /** How long a wrong passphrase or share holds the queue, to slow guessing. */
  readonly failurePauseMs: number;
}

const REJECTION_MESSAGES: Record<UnsealRejection, string> = {
  "wrong-passphrase": "The passphrase does not unseal this Strongbox.",
  "wrong-share": "The share is not one of this Strongbox's unseal shares.",
  "duplicate-share": "This share was already provided; another operator's share is needed.",
  "malformed-share": "The share is not a Strongbox unseal share (base64 text of 33 bytes).",
  "wrong-kind": "This Strongbox is not sealed that way.",
  "hsm-unavailable": "The HSM that holds the root key cannot be used.",
};

/** An HSM failure's code (INVALID_CREDENTIALS, TOKEN_NOT_FOUND, ...): what unauthenticated answers may say of it. */
function hsmErrorCode(error: unknown): string {
  return error instanceof HsmError ? error.code : "INTERNAL_ERROR";
}

/** What /health says of the root of trust: an HSM that stopped answering degrades the service. Software seals say nothing. */
export interface RootOfTrustHealth {
  readonly degraded: boolean;
  readonly rootOfTrust?: string;
}

/**
 * Sealing and unsealing: collects Shamir shares (or takes the passphrase) one attempt at a time,
 * opens the seal at the threshold, holds the open seal while unsealed (so the root key can be
 * rotated online), and on seal closes it and wipes every unwrapped key.
 */
export class SealController {
  #open: OpenSeal | undefined;
  /** Accepted shares towards the threshold, owned here and wiped on unseal, reset or seal. */
  #shares: SecretBytes[] = [];
  /** The configuration the collected shares were checked against (a rekey meanwhile resets them). */
  #sharesFor: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Why the HSM last refused to open the seal, until it opens: the full message for the log, the code for unauthenticated answers. */
  #hsmProblem: { readonly message: string; readonly code: string } | undefined;
  /** Whether the last /health probe of an HSM root key failed (to log the change, not every poll). */
  #probeFailing = false;

  constructor(private readonly deps: SealControllerDeps) {}

  get sealed(): boolean {
    return this.deps.vault.sealed;
  }

  async status(): Promise<UnsealStatus> {
    const config = await this.deps.system.sealConfig();
    return this.#statusOf(config);
  }

  #statusOf(config: SealConfig | undefined): UnsealStatus {
    const sealed = this.deps.vault.sealed;
    const threshold = config?.type === "shamir" ? config.threshold : 1;
    return { sealed, type: config?.type ?? "uninitialized", progress: sealed ? this.#shares.length : 0, threshold };
  }

  /** One unseal attempt; attempts run one at a time in arrival order. The caller keeps ownership of the offered secret. */
  offer(offer: UnsealOffer, source: { sourceIp: string }): Promise<UnsealOutcome> {
    const attempt = this.#queue.then(() => this.#offer(offer, source));
    this.#queue = attempt.catch(() => undefined);
    return attempt;
  }

  async #offer(offer: UnsealOffer, source: { sourceIp: string }): Promise<UnsealOutcome> {
    const config = await this.deps.system.sealConfig();
    if (offer.kind === "reset") {
      this.#forgetShares();
      await this.deps.recordAttempt({ kind: "reset", sourceIPAddress: source.sourceIp });
      return { accepted: true, status: this.#statusOf(config) };
    }
    if (!this.deps.vault.sealed) return { accepted: true, status: this.#statusOf(config) };
    const result = await this.#attempt(config, offer);
    const status = this.#statusOf(config);
    await this.deps.recordAttempt({
      kind: offer.kind,
      outcome: result === "unsealed" ? "unsealed" : result === "accepted" ? "accepted" : `rejected: ${result}`,
      progress: status.progress,
      threshold: status.threshold,
      sourceIPAddress: source.sourceIp,
    });
    if (result === "unsealed" || result === "accepted") return { accepted: true, status };
    this.deps.logger.warn({ reason: result, sourceIp: source.sourceIp, ...(result === "hsm-unavailable" ? { hsm: this.#hsmProblem?.message } : {}) }, "unseal attempt refused");
    if (result !== "wrong-kind" && result !== "duplicate-share" && result !== "hsm-unavailable") await new Promise((resolve) => setTimeout(resolve, this.deps.failurePauseMs));
    // The unseal API answers without authentication: it names the HSM's error code; the log has the detail.
    const message = result === "hsm-unavailable" ? `${REJECTION_MESSAGES[result]} (${this.#hsmProblem?.code ?? "INTERNAL_ERROR"}; the server log says more)` : REJECTION_MESSAGES[result];
    return { accepted: false, reason: result, message, status };
  }

  async #attempt(config: SealConfig | undefined, offer: Exclude<UnsealOffer, { kind: "reset" }>): Promise<UnsealRejection | "accepted" | "unsealed"> {
    if (config?.type === "passphrase" && offer.kind === "passphrase") {
      const seal = await this.deps.openers.passphrase(config, offer.secret);
      if (seal === undefined) return "wrong-passphrase";
      await this.unsealWith(seal);
      return "unsealed";
    }
    if (config?.type === "shamir" && offer.kind === "share") return this.#offerShare(config, offer.secret);
    if (config?.type === "pkcs11" && offer.kind === "hsm") {
      let seal: OpenSeal;
      try {
        seal = await this.deps.openers.hsm(config);
      } catch (error) {
        this.#hsmProblem = { message: error instanceof Error ? error.message : String(error), code: hsmErrorCode(error) };
        return "hsm-unavailable";
      }
      this.#hsmProblem = undefined;
      await this.unsealWith(seal);
      return "unsealed";
    }
    return "wrong-kind";
  }

  async #offerShare(config: Extract<SealConfig, { type: "shamir" }>, text: SecretBytes): Promise<UnsealRejection | "accepted" | "unsealed"> {
    const fingerprint = config.wrappedRootKey;
    if (this.#sharesFor !== fingerprint) this.#forgetShares();
    this.#sharesFor = fingerprint;
    const share = this.deps.openers.decodeShare(text);
    if (share === undefined) return "malformed-share";
    if (!this.deps.openers.isShareOf(config, share)) {
      share.dispose();
      return "wrong-share";
    }
    if (this.#shares.some((held) => shareIndex(held) === shareIndex(share))) {
      share.dispose();
      return "duplicate-share";
    }
    this.#shares.push(share);
    if (this.#shares.length < config.threshold) return "accepted";
    const seal = await this.deps.openers.shamir(config, this.#shares);
    this.#forgetShares();
    if (seal === undefined) throw new Error("the unseal shares passed their checks but do not open the root key: the seal configuration is damaged");
    await this.unsealWith(seal);
    return "unsealed";
  }

  #forgetShares(): void {
    for (const share of this.#shares) share.dispose();
    this.#shares = [];
    this.#sharesFor = undefined;
  }

  /** The root of trust's health: for an HSM seal, whether the token still answers (a real wrap inside it). */
  async health(): Promise<RootOfTrustHealth> {
    const open = this.#open;
    if (open === undefined || this.deps.vault.sealed) {
      return this.#hsmProblem === undefined ? { degraded: false } : { degraded: true, rootOfTrust: `unavailable: ${this.#hsmProblem.code}` };
    }
    if (open.rootKey.kind !== "pkcs11") return { degraded: false };
    const probe = SecretBytes.adopt(Buffer.alloc(32));
    try {
      await open.rootKey.wrap(probe, "health/probe");
      if (this.#probeFailing) this.deps.logger.info({}, "the HSM holding the root key answers again");
      this.#probeFailing = false;
      return { degraded: false, rootOfTrust: "pkcs11" };
    } catch (error) {
      // Logged when it starts failing, not at every poll of /health.
      if (!this.#probeFailing) this.deps.logger.error({ problem: error instanceof Error ? error.message : String(error) }, "the HSM holding the root key does not answer");
      this.#probeFailing = true;
      return { degraded: true, rootOfTrust: `unavailable: ${hsmErrorCode(error)}` };
    } finally {
      probe.dispose();
    }
  }

  /** Unseals with an opened seal, which this controller then owns (dev file and HSM seals open themselves). */
  async unsealWith(seal: OpenSeal): Promise<void> {
    if (!this.deps.vault.sealed) {
      seal.close();
      return;
    }
    try {
      await this.deps.vault.unseal(seal.rootKey);
    } catch (error) {
      seal.close();
      throw error;
    }
    this.#open?.close();
    this.#open = seal;
    await this.deps.onUnsealed();
    this.deps.logger.info({ rootKey: seal.rootKey.kind }, "unsealed");
  }

  /** Seals now: the open seal is closed and every unwrapped key wiped. Returns false when already sealed. */
  seal(): boolean {
    this.#forgetShares();
    if (this.deps.vault.sealed) return false;
    this.deps.onSealing();
    this.#open?.close();
    this.#open = undefined;
    this.deps.vault.seal();
    this.deps.logger.warn({}, "sealed: unwrapped key material wiped from memory");
    return true;
  }

  /**
   * A new root key, online: every barrier term is re-wrapped under it and the seal configuration
   * replaced in one transaction; keys, records and shares do not change. Runs in the unseal queue.
   */
  rotateRoot(): Promise<{ readonly rootKey: string; readonly barrierTerms: number }> {
    const run = this.#queue.then(() => this.#rotateRoot());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #rotateRoot(): Promise<{ readonly rootKey: string; readonly barrierTerms: number }> {
    const current = this.#open;
    const expected = await this.deps.system.sealConfig();
    if (current === undefined || this.deps.vault.sealed || expected === undefined) throw new SealedError();
    if (expected.type === "dev") {
      throw new ServiceError("UnsupportedOperationException", "A --dev data dir keeps its root key in a file beside the store; rotating it protects nothing. Initialise a real seal with `strongbox init`.");
    }
    const successor = await current.successor().catch((error: unknown) => {
      throw new ServiceError("ServiceUnavailableException", `The root key could not be rotated: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`);
    });
    let committed = false;
    try {
      const rewrapped = await this.deps.vault.barrier().rewrapTerms((key, term) => successor.seal.rootKey.wrap(key, barrierTermIdentity(term)));
      committed = await this.deps.system.replaceSeal(expected, successor.config, rewrapped);
      if (!committed) {
        throw new ServiceError("ConflictException", "The seal configuration changed while the root key was being rotated (a rekey?). Nothing was changed; try again.");
      }
    } finally {
      if (!committed) await successor.discard();
    }
    await successor.retirePredecessor();
    current.close();
    // Sealed meanwhile (seal does not wait for the queue): the new seal must not outlive it.
    if (this.#open === current && !this.deps.vault.sealed) this.#open = successor.seal;
    else successor.seal.close();
    this.deps.logger.info({ rootKey: successor.seal.rootKey.kind }, "root key rotated");
    return { rootKey: successor.seal.rootKey.kind, barrierTerms: (await this.deps.system.barrierTerms()).length };
  }
}
