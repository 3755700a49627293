/** The three networks of the RVC chain: content encoder, pitch estimator and synthesizer. */
package io.rvcbeam.models;
