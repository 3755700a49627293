package io.rvcbeam.pipeline.job;

/** Where a setting's value came from, highest precedence first. */
public enum SettingSource {
  FLAG,
  JOB_FILE,
  ENVIRONMENT,
  PRESET,
  DEFAULT,
  UNSET
}
