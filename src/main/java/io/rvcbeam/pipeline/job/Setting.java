package io.rvcbeam.pipeline.job;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One setting, named once: the flag is {@code --<name>} in every command that takes it, the
 * environment variable is {@code RVC_} + the name in upper snake case, and the job-file key is
 * {@code jobPath}. Values are spelled, checked and defaulted here for all commands alike.
 *
 * @param name flag name, lower camel case ({@code batchSize})
 * @param jobPath dotted key in the job file ({@code optimisation.batchSize})
 * @param type how the value is parsed and checked
 * @param defaultValue the built-in default, or null for none
 * @param choices allowed values for {@link Type#CHOICE}
 * @param description one line for {@code --explain} and help
 * @param min smallest allowed number, or null
 * @param max largest allowed number, or null
 * @param commands the commands that take the setting
 * @param misspellings values other commands once spelled differently, by the right spelling:
 *     refused with a line naming the right one, never taken
 */
public record Setting(
    String name,
    String jobPath,
    Type type,
    String defaultValue,
    List<String> choices,
    String description,
    Double min,
    Double max,
    Set<Command> commands,
    Map<String, String> misspellings) {

  /** Value types. */
  public enum Type {
    INT,
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING,
    CHOICE
  }

  /** The commands that read settings from this table. */
  public enum Command {
    RUN,
    CONVERT,
    BENCHMARK;

    /** The command's name on the command line ({@code convert}). */
    public String commandName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The command of a command-line name, or null. */
    public static Command named(String name) {
      for (Command command : values()) {
        if (command.commandName().equals(name)) {
          return command;
        }
      }
      return null;
    }
  }

  /** Boolean spellings accepted everywhere (flags, job files, environment). */
  public static final List<String> BOOLEAN_VALUES = List.of("true", "false", "1", "0", "yes", "no");

  public Setting {
    choices = List.copyOf(choices);
    commands = commands.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(commands));
    misspellings = Map.copyOf(misspellings);
  }

  /** A setting of every command, with no range and no misspellings. */
  public static Setting of(
      String name, String jobPath, Type type, String defaultValue, List<String> choices,
      String description) {
    return new Setting(name, jobPath, type, defaultValue, choices, description, null, null,
        EnumSet.allOf(Command.class), Map.of());
  }

  /** The same setting with an allowed range (either end may be null). */
  public Setting range(Double low, Double high) {
    return new Setting(name, jobPath, type, defaultValue, choices, description, low, high,
        commands, misspellings);
  }

  /** The same setting, taken by these commands only. */
  public Setting onlyIn(Command first, Command... rest) {
    return new Setting(name, jobPath, type, defaultValue, choices, description, min, max,
        EnumSet.of(first, rest), misspellings);
  }

  /** The same setting, refusing {@code wrong -> right} spellings with a suggestion. */
  public Setting misspelled(Map<String, String> wrongToRight) {
    return new Setting(name, jobPath, type, defaultValue, choices, description, min, max,
        commands, wrongToRight);
  }

  public boolean takenBy(Command command) {
    return commands.contains(command);
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

  /** The accepted values in words, for help: {@code pcm16|pcm24|float32}, {@code 0..0.5}. */
  public String valuesText() {
    return switch (type) {
      case CHOICE -> String.join("|", choices);
      case BOOLEAN -> "true|false";
      case STRING -> "text";
      case INT, LONG, DOUBLE -> {
        String kind = type == Type.DOUBLE ? "number" : "whole number";
        yield min == null && max == null ? kind : kind + " " + rangeText();
      }
    };
  }

  /** The allowed range in words: {@code 0..0.5}, {@code >= 1}; empty when unbounded. */
  public String rangeText() {
    if (min == null && max == null) {
      return "";
    }
    if (max == null) {
      return ">= " + number(min);
    }
    if (min == null) {
      return "<= " + number(max);
    }
    return number(min) + ".." + number(max);
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
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
        case INT -> inRange(String.valueOf(Integer.parseInt(value)));
        case LONG -> inRange(String.valueOf(Long.parseLong(value)));
        case DOUBLE -> inRange(String.valueOf(Double.parseDouble(value)));
        case BOOLEAN -> {
          String lower = value.toLowerCase(Locale.ROOT);
          if (!BOOLEAN_VALUES.contains(lower)) {
            throw new IllegalArgumentException("not a boolean (true or false)");
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
          String right = misspellings.get(value.toLowerCase(Locale.ROOT));
          throw new IllegalArgumentException(
              "not one of " + String.join(", ", choices)
                  + (right == null ? "" : "; did you mean " + right + "?"));
        }
      };
    } catch (IllegalArgumentException e) {
      String why = !(e instanceof NumberFormatException) ? e.getMessage()
          : type == Type.DOUBLE ? "not a number" : "not a whole number";
      throw new IllegalArgumentException(
          "setting " + name + " from " + where + ": '" + raw + "' is " + why, e);
    }
  }

  private String inRange(String canonical) {
    double value = Double.parseDouble(canonical);
    if (Double.isNaN(value) || (min != null && value < min) || (max != null && value > max)) {
      throw new IllegalArgumentException("outside " + rangeText());
    }
    return canonical;
  }
}
