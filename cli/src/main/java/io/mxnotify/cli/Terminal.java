package io.mxnotify.cli;

import java.io.Console;
import java.util.Optional;

/**
 * The person at the keyboard, when there is one: asks for a password with echo off, or for a yes/no.
 * Without a terminal (cron, CI, a pipe) every question answers empty, and commands fall back to flags
 * such as {@code --password-stdin} or {@code --yes}.
 */
public interface Terminal {

    /** Asks for a secret without echoing it; empty when there is no terminal. */
    Optional<char[]> readSecret(String prompt);

    /** Asks for a line of text; empty when there is no terminal. */
    Optional<String> readLine(String prompt);

    /** Whether a person is at a terminal (standard input and output are one). */
    default boolean present() {
        return true;
    }

    /** No terminal: every question answers empty. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public Optional<char[]> readSecret(String prompt) {
                return Optional.empty();
            }

            @Override
            public Optional<String> readLine(String prompt) {
                return Optional.empty();
            }

            @Override
            public boolean present() {
                return false;
            }
        };
    }

    /** The process's controlling terminal through {@link java.io.Console}, or {@link #none()} without one. */
    static Terminal system() {
        Console console = System.console();
        if (console == null) {
            return none();
        }
        return new Terminal() {
            @Override
            public Optional<char[]> readSecret(String prompt) {
                return Optional.ofNullable(console.readPassword("%s", prompt));
            }

            @Override
            public Optional<String> readLine(String prompt) {
                return Optional.ofNullable(console.readLine("%s", prompt));
            }
        };
    }
}
