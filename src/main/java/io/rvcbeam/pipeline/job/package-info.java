/** Job files and settings: the YAML job, the one settings table (names, values, defaults, environment variables) and its resolver, the catalogue's sources, output formats, runner options and the launch checks. */
package io.rvcbeam.pipeline.job;
