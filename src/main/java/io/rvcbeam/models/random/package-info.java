/**
 * Seeded random state dicts with the real key names and shapes of the three networks (HuBERT
 * base, RMVPE, v1/v2 synthesizers): full-size models without the model files, for the {@code
 * benchmark} command and for tests.
 */
package io.rvcbeam.models.random;
