package dev.bronze.platform;

/**
 * One evidence line: where it was read, what it said, and which platform it speaks for (null for
 * facts that speak for none, such as the hypervisor or a file that could not be read).
 */
public record Clue(String source, String value, String platform) {
}
