package dev.bronze.cli;

import java.util.List;

/** The subcommands of {@code bronze}, in the order {@code --help} lists them. */
final class Subcommands {

    private Subcommands() {
    }

    static List<Object> all() {
        return List.of(
                new DetectCommand(),
                new PartitionCommand(),
                new InstallCommand(),
                new UpgradeCommand(),
                new ConfirmCommand(),
                new RejectCommand(),
                new RollbackCommand(),
                new StatusCommand(),
                new MetaCommand(),
                new BootCheckCommand(),
                new RebootCommand(),
                new GptCommand(),
                new UserdataCommand(),
                new MetadataCommand(),
                new SmbiosCommand(),
                new InventoryCommand(),
                new DisksCommand(),
                new ModaliasCommand(),
                new HctCommand()
        );
    }
}
