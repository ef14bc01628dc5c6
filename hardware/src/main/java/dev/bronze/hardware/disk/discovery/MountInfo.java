package dev.bronze.hardware.disk.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/self/mountinfo} (proc(5)): one mount per line,
 * {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS}.
 * Paths have space, tab, newline and backslash escaped as octal ({@code \040}).
 *
 * <p>Lines that do not have that shape are skipped rather than failing the whole table: a
 * container runtime or a future kernel must not stop disk discovery.
 */
public final class MountInfo {

    /** A mounted filesystem. {@code major} is 0 for filesystems without a block device (and btrfs). */
    public record Mount(int major, int minor, String root, String mountPoint, String fsType, String source) {}

    /**
     * A mount with its options: the per-mount ones ({@code rw,nosuid}) and the file system's
     * ({@code rw,fmask=0022}). It is writable only when both say {@code rw}.
     */
    public record Entry(Mount mount, String mountOptions, String superOptions) {
        public boolean readOnly() {
            return !mountOptions.startsWith("rw") || !(superOptions.isEmpty() || superOptions.startsWith("rw"));
        }
    }

    private MountInfo() {
    }

    public static List<Mount> parse(String text) {
        return entries(text).stream().map(Entry::mount).toList();
    }

    /** The mounts in the order the kernel lists them (a later one may hide an earlier one). */
    public static List<Entry> entries(String text) {
        List<Entry> mounts = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Entry m = parseLine(line);
            if (m != null) {
                mounts.add(m);
            }
        }
        return mounts;
    }

    private static Entry parseLine(String line) {
        String[] f = line.strip().split(" +");
        // At least: 6 fixed fields, the separator, fstype and source.
        if (f.length < 9) {
            return null;
        }
        int sep = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                sep = i;
                break;
            }
        }
        if (sep < 0 || sep + 1 >= f.length) {
            return null;
        }
        int colon = f[2].indexOf(':');
        if (colon <= 0) {
            return null;
        }
        int major;
        int minor;
        try {
            major = Integer.parseInt(f[2].substring(0, colon));
            minor = Integer.parseInt(f[2].substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (major < 0 || minor < 0) {
            return null;
        }
        String source = sep + 2 < f.length ? unescape(f[sep + 2]) : "";
        return new Entry(new Mount(major, minor, unescape(f[3]), unescape(f[4]), unescape(f[sep + 1]), source), f[5],
                sep + 3 < f.length ? f[sep + 3] : "");
    }

    /** Undoes the kernel's octal escapes ({@code \040} for a space); other text is kept as is. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && isOctal(b, i + 1) && isOctal(b, i + 2) && isOctal(b, i + 3)) {
                int v = (b[i + 1] - '0') * 64 + (b[i + 2] - '0') * 8 + (b[i + 3] - '0');
                if (v <= 0xff) {
                    out.write(v);
                    i += 3;
                    continue;
                }
            }
            out.write(b[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] b, int i) {
        return i < b.length && b[i] >= '0' && b[i] <= '7';
    }
}
