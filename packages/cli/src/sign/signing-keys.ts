import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { SigningError } from "../errors/signing-error.js";

/** A signing key pair as PEM text, in the formats the daemon reads (PKCS#1). */
export interface SigningKeyPair {
  /** `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1): keep it secret; `x-plugin sign` reads it. */
  privateKeyPem: string;
  /** `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1): the daemon reads it from `THIRD_PARTY_SIGNATURE_VERIFICATION_PUBLIC_KEYS`. */
  publicKeyPem: string;
}

/** Key size `dify signature generate` uses (`cmd/commandline/signature/generate.go`). */
export const SIGNING_KEY_BITS = 4096;

/**
 * Generates an RSA key pair like `dify signature generate` (`cmd/commandline/signature/generate.go`): 4096 bits,
 * both halves PEM-encoded PKCS#1 (`x509.MarshalPKCS1PrivateKey` / `MarshalPKCS1PublicKey`).
 */
export function generateSigningKeyPair(bits: number = SIGNING_KEY_BITS): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** The first PEM block of a text and what follows it, as Go's `pem.Decode` splits them. */
interface PemBlock {
  type: string;
  /** Text after the block's END line (and that line's newline). */
  rest: string;
}

// Go's pem.Decode skips anything before the first BEGIN line, and `rest` starts after the END line's newline.
function firstPemBlock(text: string): PemBlock | undefined {
  const begin = /-----BEGIN ([^-\r\n]+)-----/.exec(text);
  if (!begin) return undefined;
  const type = begin[1] ?? "";
  const endMarker = `-----END ${type}-----`;
  const endAt = text.indexOf(endMarker, begin.index);
  if (endAt < 0) return undefined;
  const afterEnd = text.slice(endAt + endMarker.length);
  const lineEnd = /^[ \t\r]*(?:\n|$)/.exec(afterEnd);
  if (!lineEnd) return undefined;
  return { type, rest: afterEnd.slice(lineEnd[0].length) };
}

/**
 * Loads a public key exactly as the daemon does (`encryption.LoadPublicKey` in `pkg/utils/encryption/rsa.go`):
 * the first PEM block must be `RSA PUBLIC KEY` (PKCS#1) and nothing may follow it, not even a blank line.
 * A key the daemon would refuse is refused here, with the command that converts it.
 */
export function loadPublicKey(pem: string, file = "the public key"): KeyObject {
  const block = firstPemBlock(pem);
  if (!block) throw new SigningError(`${file} is not a PEM file (no -----BEGIN ...----- block)`);
  if (block.type !== "RSA PUBLIC KEY") {
    const hint =
      block.type === "PUBLIC KEY"
        ? `; convert it with: openssl rsa -pubin -in ${file} -RSAPublicKey_out -out ${file.replace(/\.pem$/, "")}.rsa.pem`
        : block.type.includes("PRIVATE KEY")
          ? "; this is a private key: give the public half (x-plugin keygen writes <name>.public.pem)"
          : "";
    throw new SigningError(
      `${file} holds a "${block.type}" block, but the daemon reads only PKCS#1 public keys (-----BEGIN RSA PUBLIC KEY-----)${hint}`,
    );
  }
  if (block.rest.length > 0) {
    throw new SigningError(
      `${file} has text after its END line; the daemon refuses it ("extra data included in the PEM block"): remove everything after -----END RSA PUBLIC KEY-----`,
    );
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new SigningError(`${file} is not a valid RSA public key: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== "rsa") throw new SigningError(`${file} is not an RSA key`);
  return key;
}

/**
 * Loads the private key to sign with. PKCS#1 (`RSA PRIVATE KEY`, what `dify signature generate`, `x-plugin keygen`
 * and `openssl genrsa -traditional` write) is the daemon's format; an unencrypted PKCS#8 RSA key (`PRIVATE KEY`,
 * OpenSSL 3's default) signs the same way and is accepted too. The daemon never reads the private key.
 */
export function loadPrivateKey(pem: string, file = "the private key"): KeyObject {
  const block = firstPemBlock(pem);
  if (!block) throw new SigningError(`${file} is not a PEM file (no -----BEGIN ...----- block)`);
  if (block.type === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw new SigningError(
      `${file} is encrypted; write an unencrypted copy for signing: openssl rsa -in ${file} -traditional -out <copy>.pem`,
    );
  }
  if (block.type !== "RSA PRIVATE KEY" && block.type !== "PRIVATE KEY") {
    throw new SigningError(
      `${file} holds a "${block.type}" block; sign with an RSA private key (-----BEGIN RSA PRIVATE KEY-----, from x-plugin keygen)`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new SigningError(`${file} is not a valid private key: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw new SigningError(
      `${file} is a ${key.asymmetricKeyType} key; the daemon verifies RSA signatures only`,
    );
  }
  return key;
}

/** The PKCS#1 PEM of the public half of a private key (what to register on the daemon). */
export function publicKeyPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: "pkcs1", format: "pem" }).toString();
}
