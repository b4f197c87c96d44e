package io.mxnotify.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The {@code mxnotify} process entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogSetup.configure(java.util.List.of(args), System.getenv());
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        CliContext context = new CliContext(System.getenv(), System.in, out, err, Clock.systemUTC(),
                Terminal.system());
        int code = new Cli(context).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
