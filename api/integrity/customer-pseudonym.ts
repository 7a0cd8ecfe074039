/** A customer's pseudonym in the audit trail: HMAC of its id with its salt (unlinkable once erasure destroys the salt). */
import { createHmac } from 'node:crypto';

export const customerPseudonym = (salt: string, customerId: string) => createHmac('sha256', Buffer.from(salt, 'hex')).update(`customer:${customerId}`).digest('hex').slice(0, 32);
