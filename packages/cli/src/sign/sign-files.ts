import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { SigningError } from "../errors/signing-error.js";
import {
  type AuthorizedCategory,
  type PackageVerification,
  signPackage,
  verifyPackage,
} from "./package-signature.js";
import { generateSigningKeyPair, loadPrivateKey, loadPublicKey } from "./signing-keys.js";

/** Default key pair name of `x-plugin keygen` (files `<name>.private.pem` and `<name>.public.pem`). */
export const DEFAULT_KEY_NAME = "plugin_signing_key";

/** Files written by {@link writeKeyPair}. */
export interface KeyPairFiles {
  /** Absolute path of `<name>.private.pem` (mode 0600). */
  privateKeyFile: string;
  /** Absolute path of `<name>.public.pem`. */
  publicKeyFile: string;
}

/** Writes a new key pair as `<dir>/<name>.private.pem` and `.public.pem`; refuses to overwrite either file. */
export function writeKeyPair(name: string = DEFAULT_KEY_NAME, dir = "."): KeyPairFiles {
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new SigningError(`key name ${JSON.stringify(name)}: use letters, digits, ., _ or -`);
  const folder = resolve(dir);
  const privateKeyFile = join(folder, `${name}.private.pem`);
  const publicKeyFile = join(folder, `${name}.public.pem`);
  for (const file of [privateKeyFile, publicKeyFile]) {
    if (existsSync(file))
      throw new SigningError(
        `${file} exists; choose another name or move it away (keys are never overwritten)`,
      );
  }
  const pair = generateSigningKeyPair();
  mkdirSync(folder, { recursive: true });
  writeFileSync(privateKeyFile, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(publicKeyFile, pair.publicKeyPem, { mode: 0o644 });
  return { privateKeyFile, publicKeyFile };
}

/** `<dir>/<name>.signed.difypkg` next to `<name>.difypkg`, as `dify signature sign` names its output. */
export function signedFileName(packageFile: string): string {
  const ext = extname(packageFile);
  return join(dirname(packageFile), `${basename(packageFile, ext)}.signed${ext}`);
}

/** Reads a private key file in a format {@link loadPrivateKey} accepts. */
export function readPrivateKeyFile(file: string) {
  return loadPrivateKey(readKeyText(file), file);
}

/** Reads a public key file in the daemon's format ({@link loadPublicKey}). */
export function readPublicKeyFile(file: string) {
  return loadPublicKey(readKeyText(file), file);
}

function readKeyText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new SigningError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Signs `packageFile` with the private key in `keyFile` and writes the result to `out` (default `<name>.signed.difypkg`). */
export async function signPackageFile(
  packageFile: string,
  keyFile: string,
  options: { out?: string; category?: AuthorizedCategory; time?: number } = {},
): Promise<{ file: string; time: number; category: AuthorizedCategory; size: number }> {
  const key = readPrivateKeyFile(keyFile);
  let archive: Buffer;
  try {
    archive = readFileSync(packageFile);
  } catch (error) {
    throw new SigningError(`cannot read ${packageFile}: ${(error as Error).message}`, { cause: error });
  }
  const signed = await signPackage(archive, key, {
    ...(options.category ? { category: options.category } : {}),
    ...(options.time === undefined ? {} : { time: options.time }),
  });
  const file = resolve(options.out ?? signedFileName(packageFile));
  writeFileSync(file, signed.archive);
  return { file, time: signed.time, category: signed.category, size: signed.archive.length };
}

/** Verifies `packageFile` against the public keys in `keyFiles`, like the daemon with those keys registered. */
export async function verifyPackageFile(
  packageFile: string,
  keyFiles: readonly string[],
): Promise<PackageVerification> {
  const keys = keyFiles.map((file) => readPublicKeyFile(file));
  let archive: Buffer;
  try {
    archive = readFileSync(packageFile);
  } catch (error) {
    throw new SigningError(`cannot read ${packageFile}: ${(error as Error).message}`, { cause: error });
  }
  return verifyPackage(archive, keys);
}

/** How to make a self-hosted Dify accept packages signed with a key: printed by `keygen` and `sign`. */
export function registerKeyInstructions(publicKeyFile: string): string {
  const name = basename(publicKeyFile);
  return [
    `To let a self-hosted Dify install packages signed with this key, on the plugin daemon:`,
    `  1. Copy ${name} to a path the plugin_daemon container can read. With Dify's docker-compose the daemon's`,
    `     storage /app/storage is the host folder docker/volumes/plugin_daemon (check your compose file's volumes),`,
    `     so docker/volumes/plugin_daemon/public_keys/${name} is /app/storage/public_keys/${name} inside it.`,
    "  2. Set in the plugin daemon's environment (docker/.env, if your compose file passes these to plugin_daemon;",
    "     otherwise under plugin_daemon's environment:):",
    "       THIRD_PARTY_SIGNATURE_VERIFICATION_ENABLED=true",
    `       THIRD_PARTY_SIGNATURE_VERIFICATION_PUBLIC_KEYS=/app/storage/public_keys/${name}`,
    "     (a comma-separated list for several keys; every listed file must exist, or no third-party signature verifies).",
    "     Keep FORCE_VERIFYING_SIGNATURE=true (its default): unsigned packages stay refused, signed ones install.",
    "  3. Restart the plugin daemon (docker compose up -d plugin_daemon).",
  ].join("\n");
}
