/** Why the store could not hand out an engine; becomes `meta.reason` of a fallback. */
export type StoreFaultReason =
  | "kv_unavailable"
  | "pointer_invalid"
  | "bundle_missing"
  | "bundle_corrupt";

export class StoreFault extends Error {
  override readonly name = "StoreFault";

  constructor(
    readonly reason: StoreFaultReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Runs a KV read, turning a throw or a spent budget into `kv_unavailable`. */
export async function kvRead<T>(read: () => Promise<T>, what: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new StoreFault("kv_unavailable", `${what} failed: ${String(error)}`, { cause: error });
  }
}
