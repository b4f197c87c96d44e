package io.mxnotify.cli;

import io.mxnotify.cli.config.SecretFile;
import io.mxnotify.core.Secret;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a password comes from for {@code login} and {@code register}: {@code --password-stdin} (the first
 * line of standard input, for scripts), {@code --password-file FILE} (mode 0600), or else a prompt on the
 * terminal with echo off. Never a command-line value, which other users could read in {@code ps}.
 */
final class PasswordSource {
    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean fromStdin;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from FILE (mode 0600).")
    private Path file;

    /** The file, when the password came from one (so it can be stored for logging in again). */
    Path file() {
        return file;
    }

    /** Reads the password. */
    Secret read(CliContext context, String prompt) {
        if (fromStdin && file != null) {
            throw new CliException(ExitStatus.USAGE, "give either --password-stdin or --password-file, not both");
        }
        if (file != null) {
            return new SecretFile(file, "password").read();
        }
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new CliException(ExitStatus.USAGE, "--password-stdin: standard input holds no password");
                }
                return Secret.of(SecretFile.stripLineBreak(line));
            } catch (IOException e) {
                throw new CliException(ExitStatus.IO, "cannot read the password from standard input: " + e.getMessage());
            }
        }
        char[] typed = context.terminal().readSecret(prompt).orElseThrow(() -> new CliException(ExitStatus.USAGE,
                "no terminal to ask for the password: give --password-stdin (e.g. printf '%s\\n' \"$PASSWORD\" | mxnotify ...)"
                        + " or --password-file FILE"));
        if (typed.length == 0) {
            throw new CliException(ExitStatus.USAGE, "no password given");
        }
        return Secret.of(new String(typed));
    }
}
