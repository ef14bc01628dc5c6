package dev.bronze.bootloader.esp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of an EFI System Partition, by '/'-separated path from its root. Two kinds stand
 * behind it: a mounted ESP on a live node (a directory) and the pure-Java FAT inside an image.
 * Bootloader backends only use these operations, and each A/B state change is ordered so that a
 * power cut between any two of them leaves a bootable known-good slot.
 */
public interface EspFiles {

    /** A short description for messages ("ESP on disk.img", "/run/bronze/esp"). */
    String describe();

    boolean exists(String path) throws IOException;

    /** Reads a whole file; refuses files larger than {@code maxBytes}. */
    byte[] read(String path, int maxBytes) throws IOException;

    /** The size of a file in bytes. */
    long size(String path) throws IOException;

    /**
     * {@code length} bytes at {@code offset} of a file, without reading what lies beyond them: how
     * the headers of a 100 MB unified kernel image are read.
     */
    byte[] readRange(String path, long offset, int length) throws IOException;

    /** Creates or replaces a file (parent directories are created). Not atomic: callers write a temp name and rename. */
    void write(String path, byte[] data) throws IOException;

    /** Copies a (possibly large) host file into the ESP. */
    void copyFrom(Path source, String path) throws IOException;

    /** Renames a file, replacing {@code to} if it exists: one directory update where the filesystem allows. */
    void rename(String from, String to) throws IOException;

    /** Deletes a file; no error when it is already gone. */
    void delete(String path) throws IOException;

    /** Names in a directory (files and directories), sorted; empty when it does not exist. */
    List<String> list(String dir) throws IOException;

    /** Makes everything written so far durable. */
    void sync() throws IOException;

    /**
     * Replaces a whole file so that a power cut leaves the old content or the new: the new content
     * is written and synced under {@code path.new}, then renamed over {@code path}.
     */
    default void replaceAtomically(String path, byte[] data) throws IOException {
        write(path + ".new", data);
        sync();
        rename(path + ".new", path);
        sync();
    }
}
