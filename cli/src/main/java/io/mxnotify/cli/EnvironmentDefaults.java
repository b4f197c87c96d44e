package io.mxnotify.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;

/**
 * Gives every option of a command a default from an environment variable named after it:
 * {@code --port-file} of {@code serve} reads {@code MXNOTIFY_SERVE_PORT_FILE}. A flag on the command line
 * still wins. Reads the {@link CliContext}'s environment, so tests can set it.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final CliContext context;
    private final String prefix;

    EnvironmentDefaults(CliContext context, String prefix) {
        this.context = context;
        this.prefix = prefix;
    }

    /** The environment variable that gives {@code option} its default. */
    String variableFor(OptionSpec option) {
        return prefix + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String fromEnv = context.envValue(variableFor(option));
        return fromEnv != null ? fromEnv : argSpec.defaultValue();
    }
}
