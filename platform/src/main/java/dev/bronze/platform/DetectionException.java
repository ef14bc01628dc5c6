package dev.bronze.platform;

import dev.bronze.hardware.BronzeException;

/** Detection cannot give an answer (an unknown platform forced on the kernel command line). */
public final class DetectionException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public DetectionException(String message) {
        super(message);
    }
}
