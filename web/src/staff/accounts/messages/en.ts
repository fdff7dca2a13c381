/** English texts of this area (the reference: fr.ts and ar.ts have exactly the same keys). Keys start with "staffAccounts.". */
export const messages = {};
