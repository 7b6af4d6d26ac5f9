// Small operational metadata beside the events: API tokens (hashed) and dead letters (rejected input kept for replay).

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

export interface TokenStore {
  /** Stores a token by id with the SHA-256 of its secret; the secret itself is never stored. */
  insertToken(record: TokenRecord, secretHash: string): Promise<void>;
  listTokens(): Promise<TokenRecord[]>;
  /** The token's record and secret hash, when it exists (revoked ones included). */
  findToken(id: string): Promise<{ record: TokenRecord; secretHash: string } | undefined>;
  revokeToken(id: string, at: string): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;
}

/** Which path processes a dead letter's raw bytes on replay. */
export type DeadLetterKind = "defender" | "openpipeline";

export interface DeadLetter {
  readonly id: string;
  readonly receivedAt: string;
  /** Where it came in: `file:<name>`, the HTTP path, `eventhubs:<connection>`. */
  readonly source: string;
  readonly kind: DeadLetterKind;
  /** Line/index in a file or body, or partition/offset/sequence number for Event Hubs. */
  readonly position?: Readonly<Record<string, string | number>>;
  readonly reason: string;
  readonly field?: string;
  readonly message: string;
  /** The raw bytes as text, capped (see `truncated`). */
  readonly raw: string;
  readonly rawBytes: number;
  readonly truncated: boolean;
  /** What processing needs on replay: bucket, query parameters, connection. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  readonly replayedAt?: string;
}

export interface DeadLetterFilter {
  readonly limit?: number;
  readonly source?: string;
  readonly includeReplayed?: boolean;
}

export interface DeadLetterStore {
  addDeadLetters(letters: readonly DeadLetter[]): Promise<void>;
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  countDeadLetters(includeReplayed?: boolean): Promise<number>;
  /** Records a replay attempt: replayed (at `replayedAt`) or still failing with a new reason. */
  recordReplay(
    id: string,
    outcome: { replayedAt?: string; reason?: string; field?: string; message?: string },
  ): Promise<void>;
}

export type MetadataStore = TokenStore & DeadLetterStore;

/** Largest raw text kept per dead letter. */
export const MAX_DEAD_LETTER_RAW_CHARS = 256 * 1024;
