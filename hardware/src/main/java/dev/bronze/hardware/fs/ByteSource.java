package dev.bronze.hardware.fs;

import java.io.IOException;

/** Positional reads from a device, a partition of it, or bytes in memory (fuzzing). */
interface ByteSource {

    /** Size in bytes; reads past it return fewer bytes. */
    long size();

    /**
     * Reads up to {@code len} bytes at {@code offset}; returns a buffer of exactly {@code len} bytes,
     * zero-filled past the end, or null when nothing at all could be read there.
     */
    byte[] read(long offset, int len) throws IOException;

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public byte[] read(long offset, int len) {
                if (offset < 0 || offset >= bytes.length || len <= 0) {
                    return null;
                }
                byte[] out = new byte[len];
                System.arraycopy(bytes, (int) offset, out, 0, (int) Math.min(len, bytes.length - offset));
                return out;
            }
        };
    }
}
