package io.rvcbeam.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * One setting of a job, named once: the flag is {@code --<name>}, the environment variable is
 * {@code RVC_} + the name in upper snake case, and the job-file key is {@code jobPath}.
 *
 * @param name flag name, lower camel case ({@code batchSize})
 * @param jobPath dotted key in the job file ({@code optimisation.batchSize})
 * @param type how the value is parsed and checked
 * @param defaultValue the built-in default, or null for none
 * @param choices allowed values for {@link Type#CHOICE}
 * @param description one line for {@code --explain} and help
 */
public record Setting(
    String name,
    String jobPath,
    Type type,
    String defaultValue,
    List<String> choices,
    String description) {

  /** Value types. */
  public enum Type {
    INT,
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING,
    CHOICE
  }

  public Setting {
    choices = List.copyOf(choices);
  }

  /** The job-file section ({@code optimisation}). */
  public String section() {
    return jobPath.substring(0, jobPath.indexOf('.'));
  }

  /** The key inside its section ({@code batchSize}). */
  public String key() {
    return jobPath.substring(jobPath.indexOf('.') + 1);
  }

  /** {@code RVC_} + upper snake case of the flag name: batchSize -> RVC_BATCH_SIZE. */
  public String envName() {
    return envName(name);
  }

  public static String envName(String flag) {
    StringBuilder env = new StringBuilder("RVC_");
    for (int i = 0; i < flag.length(); i++) {
      char c = flag.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        env.append('_');
      }
      env.append(Character.toUpperCase(c));
    }
    return env.toString();
  }

  /**
   * The value in canonical text form.
   *
   * @param where names the source for the error message
   * @throws IllegalArgumentException naming the setting and the source when it does not parse
   */
  public String parse(String raw, String where) {
    String value = raw.trim();
    try {
      return switch (type) {
        case INT -> String.valueOf(Integer.parseInt(value));
        case LONG -> String.valueOf(Long.parseLong(value));
        case DOUBLE -> String.valueOf(Double.parseDouble(value));
        case BOOLEAN -> {
          String lower = value.toLowerCase(Locale.ROOT);
          if (!List.of("true", "false", "1", "0", "yes", "no").contains(lower)) {
            throw new IllegalArgumentException("not a boolean");
          }
          yield String.valueOf(lower.equals("true") || lower.equals("1") || lower.equals("yes"));
        }
        case STRING -> value;
        case CHOICE -> {
          for (String choice : choices) {
            if (choice.equalsIgnoreCase(value)) {
              yield choice;
            }
          }
          throw new IllegalArgumentException("not one of " + choices);
        }
      };
    } catch (IllegalArgumentException e) {
      String why = e instanceof NumberFormatException ? "not a valid " + type.name().toLowerCase(
          Locale.ROOT) : e.getMessage();
      throw new IllegalArgumentException(
          "setting " + name + " from " + where + ": '" + raw + "' is " + why, e);
    }
  }
}
