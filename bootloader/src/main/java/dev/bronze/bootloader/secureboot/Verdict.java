package dev.bronze.bootloader.secureboot;

/** What the firmware would do with an image: run it, or refuse it with "Access Denied". */
public sealed interface Verdict permits Verdict.Allowed, Verdict.Refused {

    /** @param by what vouched for it: a db certificate through the signer's chain, or the image digest in db */
    record Allowed(String by) implements Verdict {
    }

    /** @param reason why the firmware would refuse it, in words an operator can act on */
    record Refused(String reason) implements Verdict {
    }
}
