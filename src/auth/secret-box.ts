// Secrets at rest: AES-256-GCM with a key the operator provides (VIGIL_SECRET_KEY or a key file); never stored in clear.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

export class SecretKeyError extends Error {}

export const KEY_HOW_TO =
  "create a key with `head -c 32 /dev/urandom | base64 > vigil-secret.key && chmod 600 vigil-secret.key` and set VIGIL_SECRET_KEY_FILE=vigil-secret.key (or VIGIL_SECRET_KEY to the base64 text)";

/** Encrypts and decrypts small secrets; the format is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** From VIGIL_SECRET_KEY (base64 or hex of 32 bytes) or VIGIL_SECRET_KEY_FILE; undefined when neither is set. */
  static fromEnvironment(env: NodeJS.ProcessEnv): SecretBox | undefined {
    const text =
      env.VIGIL_SECRET_KEY ??
      (env.VIGIL_SECRET_KEY_FILE === undefined
        ? undefined
        : readKeyFile(env.VIGIL_SECRET_KEY_FILE));
    return text === undefined || text.trim() === "" ? undefined : SecretBox.fromText(text);
  }

  static fromText(text: string): SecretBox {
    const trimmed = text.trim();
    const key = /^[0-9a-f]{64}$/i.test(trimmed)
      ? Buffer.from(trimmed, "hex")
      : Buffer.from(trimmed, "base64");
    if (key.length !== 32)
      throw new SecretKeyError(
        `the secret key must be 32 bytes (base64 or hex), got ${key.length}: ${KEY_HOW_TO}`,
      );
    return new SecretBox(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [
      "v1",
      iv.toString("base64url"),
      cipher.getAuthTag().toString("base64url"),
      ciphertext.toString("base64url"),
    ].join(".");
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(".");
    if (version !== "v1" || iv === undefined || tag === undefined || ciphertext === undefined)
      throw new SecretKeyError("the stored secret is not in a known format");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, "base64url")),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      throw new SecretKeyError(
        "the stored secret cannot be decrypted with this key (was VIGIL_SECRET_KEY changed?)",
      );
    }
  }
}

function readKeyFile(path: string): string {
  if (!existsSync(path))
    throw new SecretKeyError(`the secret key file ${path} does not exist: ${KEY_HOW_TO}`);
  return readFileSync(path, "utf8");
}
