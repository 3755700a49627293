package io.rvcbeam.pipeline.job;

import java.io.Serializable;

/**
 * The model files every voice shares.
 *
 * @param embedderUri content encoder (HuBERT/ContentVec) file or folder
 * @param pitchModelUri RMVPE weights
 */
public record ModelFiles(String embedderUri, String pitchModelUri) implements Serializable {}
