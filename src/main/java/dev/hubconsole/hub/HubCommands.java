package dev.hubconsole.hub;

import java.util.List;

/**
 * The commands that control a hub, each an argument list run with ProcessBuilder in the hub's working
 * directory (never through a shell).
 *
 * @param stop      stops the hub through its supervisor (e.g. {@code systemctl stop jupyterhub})
 * @param start     starts it
 * @param status    exits 0 while the hub runs, non-zero when it is stopped; empty when there is none
 * @param upgradeDb the release's schema upgrade, by default {@code jupyterhub upgrade-db -f <config>}
 * @param version   prints the installed JupyterHub version, by default {@code jupyterhub --version}
 */
public record HubCommands(List<String> stop, List<String> start, List<String> status, List<String> upgradeDb,
                          List<String> version) {

    public HubCommands {
        stop = required("stop", stop);
        start = required("start", start);
        status = status == null ? List.of() : List.copyOf(status);
        upgradeDb = required("upgrade-db", upgradeDb);
        version = required("version", version);
    }

    private static List<String> required(String name, List<String> argv) {
        if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("the " + name + " command needs at least a program");
        }
        return List.copyOf(argv);
    }
}
