package dev.bronze.bootloader.bootcheck;

import java.time.Duration;

/** One check a trial boot must pass before it is confirmed. */
public interface HealthCheck {

    String name();

    /** Runs the check within {@code budget}; a check that cannot finish in time fails. */
    Result run(Duration budget) throws InterruptedException;

    /** A check's verdict and why. */
    record Result(boolean passed, String detail) {
        public static Result pass(String detail) {
            return new Result(true, detail);
        }

        public static Result fail(String detail) {
            return new Result(false, detail);
        }
    }
}
