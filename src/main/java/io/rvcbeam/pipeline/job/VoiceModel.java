package io.rvcbeam.pipeline.job;

import java.io.Serializable;

/**
 * One named voice of the job.
 *
 * @param name the name songs refer to
 * @param modelUri the RVC {@code .pth} voice model
 * @param indexUri its FAISS {@code .index}, or null for none
 */
public record VoiceModel(String name, String modelUri, String indexUri) implements Serializable {}
