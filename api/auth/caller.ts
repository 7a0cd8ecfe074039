/** Who is calling: the user a valid key (or token) belongs to. */
import type { UserRecord } from '../store/store.js';

export interface Caller {
  user: UserRecord;
  keyId: string;
  /** The key's expiry (ISO), when it has one: a cached caller is refused past it too. */
  expiresAt?: string | null;
}
