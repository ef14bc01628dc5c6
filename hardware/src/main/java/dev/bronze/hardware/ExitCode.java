package dev.bronze.hardware;

/** The exit codes every command keeps (ARCHITECTURE.md, "Contracts every command keeps"). */
public enum ExitCode {
    OK(0),
    FAILED(1),
    USAGE(2),
    NO_CONFIG_SOURCE(3),
    REFUSED(4),
    BLOCKS_INSTALL(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
