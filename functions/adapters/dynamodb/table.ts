/**
 * The single table's physical shape, shared by the CDK data stack and the local bootstrap so that the
 * table created on DynamoDB Local is the table deployed. Attribute names are plain (`pk`, `sk`,
 * `gsi1pk`…); what goes into them is decided in `keys.ts` alone.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export const TABLE_INDEXES = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
] as const;

/** The TTL attribute (epoch seconds). DynamoDB deletes late, so reads still check it themselves. */
export const TTL_ATTRIBUTE = 'expiresAtEpoch';
