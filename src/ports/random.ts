/** Randomness comes from outside the domain (the OS CSPRNG in production). */
export interface Random {
  bytes(length: number): Buffer;
}
