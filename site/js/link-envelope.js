// The envelope that carries a pack, a return or a backup as text: JSON, compressed with the browser's
// CompressionStream("deflate-raw"), optionally locked with a passphrase (AES-GCM, key from PBKDF2-SHA256
// at 600,000 iterations, all Web Crypto), with a version and a checksum, as base64url. The text rides in
// a link's #fragment (never sent to a server) or in a backup file. Pure byte work: what goes inside is
// built and checked by Python (partner.py, backup.py); this module only seals and opens.
//
// Bytes, before base64url:
//   [0] envelope version   [1] kind ("p" pack, "r" return, "b" backup)   [2] flags (bit 0: locked)
//   locked only: 16 bytes PBKDF2 salt, 12 bytes AES-GCM IV
//   the body: deflate-raw of the JSON (locked: AES-GCM of that, its tag at the end)
//   8 bytes: the first 8 bytes of SHA-256 over everything before them
// The checksum tells a damaged link (truncated in a chat app, a character changed) from a wrong
// passphrase, so each gets its own message, and it is checked before the slow key derivation.

export const ENVELOPE_VERSION = 1;
export const PREFIX = "R2"; // a link's envelope starts with it, so a pasted link of another app is named as such
export const PBKDF2_ITERATIONS = 600_000;
export const KINDS = Object.freeze({ pack: "p", return: "r", backup: "b" });

const KIND_NAMES = { p: "a practice pack", r: "a friend's return link", b: "a locked backup" };
const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_BYTES = 8;
const HEADER_BYTES = 3;
// Opened JSON larger than this is refused before it is all in memory: a small link must not be able
// to inflate into gigabytes (a "zip bomb").
const MAX_OPENED_BYTES = { p: 2_000_000, r: 2_000_000, b: 60_000_000 };

/** A failure with a code the page can branch on and a sentence a person can act on. */
export class EnvelopeError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const enc = new TextEncoder();

function toBase64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  try {
    const binary = atob(b64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function pipeBytes(bytes, transform, limit = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(transform).getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw new EnvelopeError("too_big", "What this holds unpacks to far more than Round Two ever puts in one, so it was not opened.");
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return out;
}

async function checksum(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).subarray(0, CHECK_BYTES);
}

async function deriveKey(passphrase, salt) {
  const base = await crypto.subtle.importKey("raw", enc.encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations: PBKDF2_ITERATIONS },
    base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

/**
 * Seal `value` (anything JSON can hold) as envelope text of `kind` ("pack", "return", "backup").
 * With a non-empty passphrase the body is locked with it.
 */
export async function seal(value, { kind, passphrase = "" }) {
  const code = KINDS[kind];
  if (!code) throw new EnvelopeError("bad_kind", `Unknown envelope kind ${String(kind)}.`);
  const json = enc.encode(JSON.stringify(value));
  let body = await pipeBytes(json, new CompressionStream("deflate-raw"));
  let header = new Uint8Array([ENVELOPE_VERSION, code.charCodeAt(0), passphrase ? 1 : 0]);
  if (passphrase) {
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const key = await deriveKey(passphrase, salt);
    // The header is the additional data: changing the kind or the flags breaks the lock too.
    body = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: header }, key, body));
    header = concat(header, salt, iv);
  }
  const signed = concat(header, body);
  return PREFIX + toBase64url(concat(signed, await checksum(signed)));
}

/** What an envelope text is, without opening it: {kind, locked}, or an EnvelopeError thrown. */
export async function inspect(text, { kind } = {}) {
  const bytes = await checkedBytes(text, kind);
  const code = String.fromCharCode(bytes[1]);
  return { kind: Object.keys(KINDS).find((k) => KINDS[k] === code), locked: (bytes[2] & 1) === 1 };
}

const DAMAGED = "This link is incomplete or was changed on the way (a chat app may have cut it short). Ask for it again, or copy the whole link; nothing was imported.";

async function checkedBytes(text, kind) {
  const raw = typeof text === "string" ? text.trim() : "";
  if (!raw) throw new EnvelopeError("empty", "There is nothing to open: paste the whole link (or choose the file) and try again.");
  if (!raw.startsWith(PREFIX)) throw new EnvelopeError("not_round_two", "That is not a Round Two link: it does not carry a Round Two envelope. Check that you pasted the link you were sent.");
  const bytes = fromBase64url(raw.slice(PREFIX.length));
  if (!bytes || bytes.length < HEADER_BYTES + CHECK_BYTES + 1) throw new EnvelopeError("damaged", DAMAGED);
  const signed = bytes.subarray(0, bytes.length - CHECK_BYTES);
  const expected = await checksum(signed);
  const got = bytes.subarray(bytes.length - CHECK_BYTES);
  if (!expected.every((b, i) => b === got[i])) throw new EnvelopeError("damaged", DAMAGED);
  if (bytes[0] > ENVELOPE_VERSION) throw new EnvelopeError("newer_version", "This was made by a newer version of Round Two. Reload this page to get the newest version, then open it again; nothing was imported.");
  if (bytes[0] < 1) throw new EnvelopeError("damaged", DAMAGED);
  const code = String.fromCharCode(bytes[1]);
  if (!KIND_NAMES[code]) throw new EnvelopeError("damaged", DAMAGED);
  if (kind && KINDS[kind] !== code) {
    throw new EnvelopeError("wrong_kind", `This is ${KIND_NAMES[code]}, not ${KIND_NAMES[KINDS[kind]]}. Open it where that belongs; nothing was imported.`);
  }
  if ((bytes[2] & ~1) !== 0) throw new EnvelopeError("damaged", DAMAGED);
  const locked = (bytes[2] & 1) === 1;
  if (locked && signed.length < HEADER_BYTES + SALT_BYTES + IV_BYTES + 16) throw new EnvelopeError("damaged", DAMAGED);
  return bytes;
}

/**
 * Open envelope text: resolves to the value sealed, or throws an EnvelopeError whose code is one of
 * empty, not_round_two, damaged, newer_version, wrong_kind, needs_passphrase, wrong_passphrase,
 * too_big, not_json. `kind` (optional) is the kind expected here.
 */
export async function open(text, { kind, passphrase = "" } = {}) {
  const bytes = await checkedBytes(text, kind);
  const code = String.fromCharCode(bytes[1]);
  const locked = (bytes[2] & 1) === 1;
  let body = bytes.subarray(HEADER_BYTES, bytes.length - CHECK_BYTES);
  if (locked) {
    if (!passphrase) throw new EnvelopeError("needs_passphrase", "This is locked with a passphrase. Type the passphrase you were given (ask the person who sent it); nothing is opened until then.");
    const salt = body.subarray(0, SALT_BYTES);
    const iv = body.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES);
    const key = await deriveKey(passphrase, salt);
    try {
      body = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: bytes.subarray(0, HEADER_BYTES) },
        key, body.subarray(SALT_BYTES + IV_BYTES)));
    } catch {
      throw new EnvelopeError("wrong_passphrase", "That passphrase does not open it. Check it with the person who sent it (capitals and spaces count) and try again; nothing was imported.");
    }
  }
  let json;
  try {
    json = await pipeBytes(body, new DecompressionStream("deflate-raw"), MAX_OPENED_BYTES[code]);
  } catch (err) {
    if (err instanceof EnvelopeError) throw err;
    throw new EnvelopeError("damaged", DAMAGED);
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
  } catch {
    throw new EnvelopeError("not_json", DAMAGED);
  }
}

/** Whether a failure is the envelope's own (shown to the person as it is) rather than a bug. */
export const isEnvelopeError = (err) => err instanceof EnvelopeError;
