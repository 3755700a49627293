/**
 * Audio in and out, and the reference's signal processing around the networks.
 *
 * <ul>
 *   <li>{@link io.rvcbeam.audio.AudioDecoder} / {@link io.rvcbeam.audio.AudioEncoder}: files to and
 *       from {@link io.rvcbeam.audio.PcmAudio} through FFmpeg (JavaCPP); encoding is deterministic
 *       and writes files atomically.
 *   <li>{@link io.rvcbeam.audio.Resampler}: channel downmix and sample-rate conversion
 *       (libswresample, high-quality settings; the reference uses soxr VHQ).
 *   <li>{@link io.rvcbeam.audio.HighPassFilter}: the 48 Hz zero-phase Butterworth, bit-exact to
 *       scipy's {@code filtfilt}.
 *   <li>{@link io.rvcbeam.audio.VolumeEnvelopeMix}, {@link io.rvcbeam.audio.RmsEnvelope}, {@link
 *       io.rvcbeam.audio.PeakLimiter}: the output loudness steps of docs/algorithm.md §9.
 * </ul>
 *
 * <p>Depends on FFmpeg only; nothing else of rvc-beam. Everything here is thread-safe.
 */
package io.rvcbeam.audio;
