/**
 * The three networks of RVC inference, each built from the user's checkpoint file and a device:
 * content encoder (HuBERT/ContentVec), pitch estimator (RMVPE) and synthesizer. Sizes come from
 * the checkpoints, so the small golden test models run the same code as the released ones.
 */
package io.rvcbeam.models;
