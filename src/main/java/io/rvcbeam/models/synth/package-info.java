/**
 * Building blocks of the RVC synthesizer (VITS prior encoder, reversed residual-coupling flow,
 * HiFi-GAN / NSF-HiFi-GAN generator), as specified in docs/algorithm.md §8.
 */
package io.rvcbeam.models.synth;
