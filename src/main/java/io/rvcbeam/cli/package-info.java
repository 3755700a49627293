/**
 * The {@code rvc-beam} command line (picocli): {@code run}, {@code convert}, {@code benchmark} and
 * {@code inspect}.
 */
package io.rvcbeam.cli;
