package dev.bronze.platform.xml;

import dev.bronze.hardware.BronzeException;

/** Malformed or hostile XML. */
public final class XmlException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public XmlException(String message) {
        super(message);
    }
}
