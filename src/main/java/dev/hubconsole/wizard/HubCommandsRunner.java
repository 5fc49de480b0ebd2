package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.lifecycle.CommandResult;
import dev.hubconsole.lifecycle.CommandRunner;
import dev.hubconsole.lifecycle.CommandSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Runs one of a hub's supervisor commands into the step log and fails the step when it does not succeed. */
@Component
class HubCommandsRunner {

    private final CommandRunner runner;

    HubCommandsRunner(CommandRunner runner) {
        this.runner = runner;
    }

    CommandResult run(StepContext ctx, String name, List<String> argv) {
        Hub hub = ctx.hub();
        ctx.log("$ " + String.join(" ", argv) + "   (in " + hub.workDir() + ", timeout "
                + hub.commandTimeout().toSeconds() + " s)");
        CommandResult result = runner.run(spec(hub, argv), line -> ctx.log(name + "> " + line));
        if (!result.succeeded()) {
            throw new StepFailure("The " + name + " command " + result.summary()
                    + "; see the log above, fix the cause or the command, then retry");
        }
        return result;
    }

    static CommandSpec spec(Hub hub, List<String> argv) {
        return new CommandSpec(argv, hub.workDir(), hub.commandTimeout(), Map.of());
    }

    static Optional<CommandSpec> status(Hub hub) {
        return hub.commands().status().isEmpty() ? Optional.empty()
                : Optional.of(spec(hub, hub.commands().status()));
    }
}
