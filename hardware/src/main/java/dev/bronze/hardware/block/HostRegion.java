package dev.bronze.hardware.block;

import dev.bronze.hardware.SysRoot;
import java.nio.file.Path;

/**
 * Where a device's bytes lie on a real block device of this machine: the device node, its
 * {@code major:minor}, and the byte range of it that the device (a whole disk, or a slice of one)
 * covers. It is what lets writers ask {@code mountinfo} whether anything mounted overlaps what they
 * are about to write. Image files have none.
 *
 * @param sys the root whose {@code sys}, {@code proc} and {@code dev} describe the node (the host,
 *            or a fixture tree in tests)
 */
public record HostRegion(Path node, int major, int minor, long offset, long length, SysRoot sys) {

    /** The part {@code off..off+len} of this region. */
    public HostRegion narrow(long off, long len) {
        return new HostRegion(node, major, minor, offset + off, len, sys);
    }

    /** {@code 8:16}, as sysfs and mountinfo write it. */
    public String majMin() {
        return major + ":" + minor;
    }

    /** Linux's {@code dev_t} encoding (glibc's {@code gnu_dev_major}/{@code gnu_dev_minor}). */
    public static int major(long rdev) {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    public static int minor(long rdev) {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }
}
