package dev.bronze.platform.decode;

/** Bytes after decoding, and the steps that produced them. */
public record Decoded(byte[] bytes, Decoding decoding) {
}
