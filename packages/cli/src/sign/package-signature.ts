import { createHash, type KeyObject, sign, verify } from "node:crypto";
import { SigningError } from "../errors/signing-error.js";
import { readZip, writeZip, type ZipFile } from "../package/zip.js";

/**
 * The file the daemon's signer appends to a signed package and its decoder reads back
 * (`VERIFICATION_FILE` in `pkg/plugin_packager/consts/verification.go`).
 */
export const VERIFICATION_FILE = ".verification.dify.json";

/** `authorized_category` values the daemon knows (`pkg/plugin_packager/decoder/entities.go`). */
export const AUTHORIZED_CATEGORIES = ["langgenius", "partner", "community"] as const;

/** One `authorized_category`. */
export type AuthorizedCategory = (typeof AUTHORIZED_CATEGORIES)[number];

/** Options of {@link signPackage}. */
export interface SignPackageOptions {
  /**
   * `authorized_category` written to the verification file. Default `community`: a third-party plugin.
   * (`dify signature sign` defaults to `langgenius`, its own.) The daemon's install path only requires the
   * signature to verify; a `langgenius` author with another category is refused only inside bundles
   * (`isUnauthorizedLanggenius`, `internal/service/unauthorized_langgenius.go`).
   */
  category?: AuthorizedCategory;
  /** Signing time, Unix seconds. Default now. */
  time?: number;
}

/** A signed package. */
export interface SignedPackage {
  /** The signed `.difypkg`. */
  archive: Buffer;
  /** The signing time written to the comment, Unix seconds. */
  time: number;
  /** The category written to {@link VERIFICATION_FILE}. */
  category: AuthorizedCategory;
}

/** The bytes the daemon's verifier feeds to RSA: every file's SHA-256 in archive order, then the time in decimal. */
export function signedData(files: readonly Pick<ZipFile, "data">[], time: number): Buffer {
  const parts = files.map((file) => createHash("sha256").update(file.data).digest());
  parts.push(Buffer.from(String(time), "ascii"));
  return Buffer.concat(parts);
}

/**
 * Signs a package as the daemon's `SignPluginWithPrivateKey` does (`pkg/plugin_packager/signer/withkey/sign_with_key.go`):
 * the files are copied in their archive order, `.verification.dify.json` (`{"authorized_category":"…"}`) is
 * appended last, and the RSA PKCS#1 v1.5 SHA-256 signature over {@link signedData} of all of them (the
 * verification file included) goes into the zip comment as `{"signature":"<base64>","time":<unix seconds>}`.
 * A verification file already in the package (a re-signed package) is replaced, not duplicated.
 */
export async function signPackage(
  archive: Buffer,
  privateKey: KeyObject,
  options: SignPackageOptions = {},
): Promise<SignedPackage> {
  const category = options.category ?? "community";
  if (!AUTHORIZED_CATEGORIES.includes(category)) {
    throw new SigningError(`authorized category must be one of ${AUTHORIZED_CATEGORIES.join(", ")}`);
  }
  const time = options.time ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(time) || time <= 0)
    throw new SigningError("the signing time must be a positive integer");
  let files: ZipFile[];
  try {
    files = (await readZip(archive)).files;
  } catch (error) {
    throw new SigningError(`the package cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (!files.some((file) => file.path === "manifest.yaml")) {
    throw new SigningError("the package has no manifest.yaml; the daemon decodes nothing without it");
  }
  // Go's json.Marshal of decoder.Verification: exactly this, no spaces.
  const verification = Buffer.from(JSON.stringify({ authorized_category: category }), "utf8");
  const signedFiles = [
    ...files.filter((file) => file.path !== VERIFICATION_FILE),
    { path: VERIFICATION_FILE, data: verification },
  ];
  const signature = sign("sha256", signedData(signedFiles, time), privateKey);
  // Go's json.Marshal of map[string]any sorts the keys: signature, then time.
  const comment = JSON.stringify({ signature: signature.toString("base64"), time });
  return { archive: await writeZip(signedFiles, { comment }), time, category };
}

/** What {@link verifyPackage} concluded. */
export interface PackageVerification {
  /** True when one of the keys verifies the signature. */
  verified: boolean;
  /** Why it does not verify (absent when it does). */
  reason?: string;
  /** Index (into the given keys) of the key that verified. */
  keyIndex?: number;
  /** The signing time from the comment, Unix seconds. */
  time?: number;
  /** `authorized_category` from the verification file; `null` when the package has none (older signatures). */
  category?: string | null;
}

/**
 * Verifies a package's signature the way the daemon's `VerifyPluginWithPublicKeys` does
 * (`pkg/plugin_packager/decoder/verifier.go`): the SHA-256 of every file in archive order (the verification
 * file is just one of them), then the comment's `time` in decimal, checked against each key in turn.
 */
export async function verifyPackage(
  archive: Buffer,
  publicKeys: readonly KeyObject[],
): Promise<PackageVerification> {
  let files: ZipFile[];
  let comment: string;
  try {
    ({ files, comment } = await readZip(archive));
  } catch (error) {
    return { verified: false, reason: `the package cannot be read: ${(error as Error).message}` };
  }
  if (comment === "")
    return { verified: false, reason: "the package is not signed (its zip comment is empty)" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(comment);
  } catch {
    return { verified: false, reason: "the zip comment is not the daemon's signature JSON" };
  }
  const { signature, time } = (parsed ?? {}) as { signature?: unknown; time?: unknown };
  if (
    typeof signature !== "string" ||
    signature === "" ||
    typeof time !== "number" ||
    !Number.isSafeInteger(time)
  ) {
    return {
      verified: false,
      reason: 'the zip comment lacks {"signature": "<base64>", "time": <unix seconds>}',
    };
  }
  const verificationFile = files.find((file) => file.path === VERIFICATION_FILE);
  let category: string | null = null;
  if (verificationFile) {
    try {
      category = String(
        (JSON.parse(verificationFile.data.toString("utf8")) as { authorized_category?: unknown })
          .authorized_category ?? "",
      );
    } catch {
      return { verified: false, reason: `${VERIFICATION_FILE} is not JSON`, time };
    }
  }
  const data = signedData(files, time);
  const bytes = Buffer.from(signature, "base64");
  for (const [keyIndex, key] of publicKeys.entries()) {
    if (verify("sha256", data, key, bytes)) return { verified: true, keyIndex, time, category };
  }
  return {
    verified: false,
    reason:
      publicKeys.length === 0
        ? "no public key given"
        : "the signature does not match: the package was changed after signing, or it was signed with another key",
    time,
    category,
  };
}
