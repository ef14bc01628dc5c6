package dev.bronze.cli;

import java.util.List;

/** The subcommands of {@code bronze}, in the order {@code --help} lists them. */
final class Subcommands {

    private Subcommands() {
    }

    static List<Object> all() {
        return List.of(
                new ModaliasCommand()
        );
    }
}
