package io.mxnotify.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code mxnotify completion}: prints picocli's bash/zsh completion script for every command and option. */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash and zsh, generated from the commands and options.", ""},
        footer = {"", "Examples:",
                "  mxnotify completion > ~/.local/share/bash-completion/completions/mxnotify",
                "  source <(mxnotify completion)                                   # this shell only",
                "  mxnotify completion > /etc/bash_completion.d/mxnotify"})
final class CompletionCommand implements Callable<Integer> {

    @ParentCommand
    private MxnotifyCommand parent;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        parent.context().out().print(AutoComplete.bash("mxnotify", spec.root().commandLine()));
        parent.context().out().flush();
        return ExitStatus.OK.code();
    }
}
