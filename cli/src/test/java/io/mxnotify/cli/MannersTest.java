package io.mxnotify.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help with examples everywhere, a version, a completion script, one-line errors without stack traces. */
class MannersTest {
    @TempDir
    Path home;

    private static List<List<String>> everyCommandPath() {
        List<List<String>> paths = new ArrayList<>();
        collect(new Cli(new CliRunnerContext().context()).commandLine("--help"), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> prefix, List<List<String>> paths) {
        paths.add(prefix);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            collect(sub, path, paths);
        });
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        List<List<String>> paths = everyCommandPath();
        assertTrue(paths.size() >= 15, "root, 10 commands, 4 queue subcommands: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRunner.Result r = new CliRunner(home).run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), () -> path + ": " + r);
            assertTrue(r.out().contains("Usage: mxnotify"), () -> path + ": " + r);
            assertTrue(r.out().contains("Examples:\n  mxnotify"), () -> path + " has no examples: " + r);
            assertFalse(r.out().contains("%%"), () -> path + ": an unformatted help text: " + r);
        }
    }

    @Test
    void examplesAreNotBrokenAcrossLines() {
        CliRunner.Result r = new CliRunner(home).run("serve", "--help");
        assertTrue(r.out().contains("mxnotify serve --port 0 --port-file /tmp/fake.port      # a free port, written once ready (CI)"), r::toString);
    }

    @Test
    void versionComesFromTheManifestOrSaysDevelopmentBuild() {
        CliRunner.Result r = new CliRunner(home).run("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("mxnotify "), r::toString);
        assertTrue(r.out().contains("Java "), r::toString);
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        CliRunner.Result r = new CliRunner(home).run("completion");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("complete -F"), r::toString);
        for (String command : List.of("send", "queue", "flush", "purge", "discover", "login", "register", "whoami", "--no-wait", "--password-stdin")) {
            assertTrue(r.out().contains(command), command);
        }
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltButHelpAndUnknownNamesSeeAll() {
        Cli cli = new Cli(new CliRunnerContext().context());
        assertEquals(List.of("send"), List.copyOf(cli.commandLine("--config", "x.json", "send", "queue").getSubcommands().keySet()));
        assertEquals(MxnotifyCommand.SUBCOMMANDS.keySet(), cli.commandLine("--help").getSubcommands().keySet());
        assertEquals(MxnotifyCommand.SUBCOMMANDS.keySet(), cli.commandLine("snd", "hi").getSubcommands().keySet());
        assertEquals(MxnotifyCommand.SUBCOMMANDS.keySet(), cli.commandLine("completion").getSubcommands().keySet());
        CliRunner.Result typo = new CliRunner(home).run("snd", "hi");
        assertEquals(64, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("send"), "suggests the right command: " + typo);
    }

    @Test
    void eachSubcommandIsListedUnderItsOwnName() {
        MxnotifyCommand.SUBCOMMANDS.forEach((name, type) ->
                assertEquals(name, type.getAnnotation(picocli.CommandLine.Command.class).name(), type::getName));
    }

    @Test
    void aCommandIsRequired() {
        CliRunner.Result r = new CliRunner(home).run();
        assertEquals(64, r.exitCode(), r::toString);
        assertTrue(r.err().contains("a command is required"), r::toString);
    }

    @Test
    void errorsAreOneLineWithoutStackTraceUnlessDebug() throws Exception {
        Path config = home.resolve("broken.json");
        java.nio.file.Files.writeString(config, "{not json");
        CliRunner.Result plain = new CliRunner(home).run("--config", config.toString(), "send", "--room", "#a:b", "hi");
        assertEquals(78, plain.exitCode(), plain::toString);
        assertEquals(1, plain.err().lines().count(), plain::toString);
        assertFalse(plain.err().contains("\tat "), plain::toString);

        CliRunner.Result unexpected = new CliRunner(home).run("queue", "list", "--spool", "/proc/version/not-a-dir");
        assertEquals(74, unexpected.exitCode(), "a spool that cannot be created is an I/O error: " + unexpected);
        assertFalse(unexpected.err().contains("\tat "), unexpected::toString);
        assertEquals(1, unexpected.err().lines().count(), unexpected::toString);
        CliRunner.Result debug = new CliRunner(home).run("--debug", "queue", "list", "--spool", "/proc/version/not-a-dir");
        assertEquals(unexpected.exitCode(), debug.exitCode());
        assertTrue(debug.err().contains("\tat "), debug::toString);
    }

    /** A context for building the command tree. */
    private static final class CliRunnerContext {
        CliContext context() {
            return new CliContext(java.util.Map.of(), java.io.InputStream.nullInputStream(),
                    new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                    java.time.Clock.systemUTC());
        }
    }
}
