package io.rvcbeam.cli;

import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.pipeline.job.Setting;
import io.rvcbeam.pipeline.job.Setting.Command;
import io.rvcbeam.pipeline.job.Setting.Type;
import io.rvcbeam.pipeline.job.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The settings table as picocli options: a command that names this class as its {@code
 * modelTransformer} gets one {@code --name} option per setting it takes, with the table's
 * values, default and environment variable in its help. Values stay text here (booleans aside:
 * picocli must know them to take a bare {@code --useFp16}); {@link
 * io.rvcbeam.pipeline.job.SettingsResolver} checks them, so a flag, a job file and the environment
 * are checked by one rule.
 */
public final class SettingOptions implements CommandLine.IModelTransformer {

  /** Flags the commands spelled differently before they shared the table, by today's name. */
  private static final Map<String, String> RENAMED =
      Map.of("profile", "profiling", "threads", "engineThreads");

  /** "(default: 192, opus 128)" in a description of a setting with no single default. */
  private static final Pattern DEFAULT_IN_WORDS = Pattern.compile(" ?\\(default: ([^)]*)\\)");

  /** Picocli builds this from the annotation. */
  public SettingOptions() {}

  @Override
  public CommandSpec transform(CommandSpec spec) {
    Command command = Command.named(spec.name());
    if (command == null) {
      throw new IllegalStateException("no settings for command " + spec.name());
    }
    ArgGroupSpec.Builder group =
        ArgGroupSpec.builder()
            .heading(
                "%nSettings (also environment variables RVC_…; "
                    + precedence(command) + "):%n")
            .exclusive(false)
            .validate(false);
    for (Setting setting : Settings.of(command)) {
      group.addArg(option(setting, command));
    }
    spec.addArgGroup(group.build());
    return spec;
  }

  /** The precedence rule as a command sees it. */
  static String precedence(Command command) {
    return command == Command.RUN
        ? "flag > job file > environment > preset > default"
        : "flag > environment > preset > default";
  }

  private static OptionSpec option(Setting setting, Command command) {
    OptionSpec.Builder option =
        OptionSpec.builder("--" + setting.name())
            .paramLabel(paramLabel(setting))
            .description(DEFAULT_IN_WORDS.matcher(setting.description()).replaceAll("") + ".",
                "Values: " + setting.valuesText() + ". Default: " + defaultText(setting)
                    + ". Env: " + setting.envName()
                    + (command == Command.RUN ? ". Job file: " + setting.jobPath() : "") + ".");
    if (setting.type() == Type.BOOLEAN) {
      // Boolean type: a bare --useFp16 means true, and picocli takes a separate next argument
      // as the value only when it is true or false (never a file name).
      option.type(Boolean.class).arity("0..1").converters(booleans(setting));
    } else {
      option.type(String.class).arity("1");
    }
    return option.build();
  }

  private static ITypeConverter<Boolean> booleans(Setting setting) {
    return raw -> {
      try {
        return Boolean.valueOf(setting.parse(raw, "flag --" + setting.name()));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    };
  }

  private static String paramLabel(Setting setting) {
    return switch (setting.type()) {
      case CHOICE -> String.join("|", setting.choices());
      case BOOLEAN -> "true|false";
      case INT, LONG -> "N";
      case DOUBLE -> "X";
      case STRING -> "TEXT";
    };
  }

  /**
   * The default in words: the table's, or each preset's where the presets differ ({@code 1
   * (presets: cpu 1, nvidia 8, apple-silicon 4)}).
   */
  static String defaultText(Setting setting) {
    Map<String, String> byPreset = new LinkedHashMap<>();
    for (String preset : OptimizationConfig.PRESETS) {
      if (!preset.equals("auto")) {
        String value = OptimizationConfig.presetValues(preset, 0).get(setting.name());
        if (value != null) {
          byPreset.put(preset, value);
        }
      }
    }
    Matcher inWords = DEFAULT_IN_WORDS.matcher(setting.description());
    String base = setting.defaultValue() != null ? setting.defaultValue()
        : inWords.find() ? inWords.group(1) : "none";
    if (new LinkedHashSet<>(byPreset.values()).size() <= 1) {
      return base;
    }
    List<String> parts = new ArrayList<>();
    byPreset.forEach((preset, value) -> parts.add(preset + ": " + value));
    return "per preset (" + String.join(", ", parts) + ")";
  }

  /** The setting flags given on the command line, as text by setting name. */
  static Map<String, String> given(CommandSpec spec) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (Setting setting : Settings.all()) {
      OptionSpec option = spec.findOption("--" + setting.name());
      if (option != null && option.getValue() != null) {
        flags.put(setting.name(), String.valueOf((Object) option.getValue()));
      }
    }
    return flags;
  }

  /**
   * The one-line complaint about arguments the command did not match, or null when there are
   * none: an option of another command says which commands take it; a typo names the nearest
   * option.
   *
   * @param otherNames further option names the command accepts (run: Beam's)
   */
  static String unknown(CommandSpec spec, List<String> unmatched, Set<String> otherNames) {
    Command command = Command.named(spec.name());
    for (String arg : unmatched) {
      if (!arg.startsWith("-")) {
        return "unexpected argument '" + arg + "'; see rvc-beam " + spec.name() + " --help";
      }
      String name = optionName(arg);
      if (otherNames.contains(name)) {
        continue;
      }
      Setting setting = Settings.byName(name);
      if (setting != null && !setting.takenBy(command)) {
        List<String> takers = new ArrayList<>();
        setting.commands().stream().sorted().forEach(c -> takers.add(c.commandName()));
        return "--" + name + " is not a setting of " + spec.name() + " (only of "
            + String.join(", ", takers) + ")";
      }
      Set<String> known = new LinkedHashSet<>();
      for (OptionSpec option : spec.options()) {
        for (String n : option.names()) {
          if (n.startsWith("--")) {
            known.add(n.substring(2));
          }
        }
      }
      known.addAll(otherNames);
      String renamed = RENAMED.get(name);
      String nearest = renamed != null && known.contains(renamed)
          ? renamed : NearestName.of(name, known);
      return "unknown option --" + name
          + (nearest == null ? "" : "; did you mean --" + nearest + "?")
          + (nearest == null ? " (see rvc-beam " + spec.name() + " --help)" : "");
    }
    return null;
  }

  /** {@code --pitchh=2} -> {@code pitchh}. */
  static String optionName(String arg) {
    String bare = arg.replaceFirst("^-+", "");
    int eq = bare.indexOf('=');
    return eq < 0 ? bare : bare.substring(0, eq);
  }
}
