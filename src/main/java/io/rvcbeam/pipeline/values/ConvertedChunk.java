package io.rvcbeam.pipeline.values;

/**
 * The converted audio of one chunk with its context trimmed, or the failure that stopped it.
 * Failed chunks travel to {@link StitchSong} like converted ones, so a song yields exactly one
 * dead letter however many of its chunks failed; the failure is that dead letter already (the
 * pipeline's one failure record, stack trace included), not a shape of its own.
 *
 * @param songId the song
 * @param index position in the song
 * @param count number of chunks of the song
 * @param audio converted samples at {@code sampleRate}; empty when failed
 * @param sampleRate the voice model's output rate
 * @param convertNanos this chunk's share of the batch's conversion time
 * @param failure why conversion failed (stage, song, reason, stack trace), or null
 */
public record ConvertedChunk(
    String songId,
    int index,
    int count,
    float[] audio,
    int sampleRate,
    long convertNanos,
    DeadLetter failure) {

  public static ConvertedChunk failed(Chunk chunk, DeadLetter failure) {
    return new ConvertedChunk(
        chunk.song().id(), chunk.index(), chunk.count(), new float[0], 0, 0, failure);
  }

  public boolean isFailed() {
    return failure != null;
  }
}
