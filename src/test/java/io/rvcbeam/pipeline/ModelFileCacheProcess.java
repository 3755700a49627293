package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.parts.ModelFileCache;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A second JVM for {@link ModelFileCacheTest}: fetches one gs:// file into a cache root and prints
 * the local path. Arguments: GCS endpoint, cache root, URI.
 */
public final class ModelFileCacheProcess {

  private ModelFileCacheProcess() {}

  public static void main(String[] args) throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.fromArgs(
        "--gcsEndpoint=" + args[0],
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory")
        .create());
    System.out.println(new ModelFileCache(java.nio.file.Path.of(args[1])).file(args[2]));
  }
}
