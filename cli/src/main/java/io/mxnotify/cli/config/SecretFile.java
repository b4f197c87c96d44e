package io.mxnotify.cli.config;

import io.mxnotify.core.io.OwnerOnlyFiles;

import io.mxnotify.cli.CliException;
import io.mxnotify.cli.ExitStatus;
import io.mxnotify.core.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file holding one secret (a password, a registration shared secret), as {@code --password-file} and
 * {@code --shared-secret-file} name it. Refused when other users can read it, like ssh refuses a private
 * key: a secret in a world-readable file is a secret no more. One trailing line break is ignored.
 *
 * @param path the file
 * @param what what it holds, for error messages ("password", "shared secret")
 */
public record SecretFile(Path path, String what) {

    /** Reads the secret, or fails with a configuration error that says how to fix the file. */
    public Secret read() {
        if (OwnerOnlyFiles.othersCanRead(path)) {
            throw new CliException(ExitStatus.CONFIG, "the " + what + " file " + path
                    + " can be read by other users; run 'chmod 600 " + path + "'");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitStatus.CONFIG, "the " + what + " file " + path + " does not exist");
        } catch (IOException e) {
            throw new CliException(ExitStatus.CONFIG, "cannot read the " + what + " file " + path + ": " + e.getMessage());
        }
        String secret = stripLineBreak(text);
        if (secret.isEmpty()) {
            throw new CliException(ExitStatus.CONFIG, "the " + what + " file " + path + " is empty");
        }
        return Secret.of(secret);
    }

    /** The text without one trailing {@code \n} or {@code \r\n}, as {@code echo secret > file} writes it. */
    public static String stripLineBreak(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        if (text.endsWith("\n")) {
            return text.substring(0, text.length() - 1);
        }
        return text;
    }
}
