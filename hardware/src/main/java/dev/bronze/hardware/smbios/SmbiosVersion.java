package dev.bronze.hardware.smbios;

/** The SMBIOS version an entry point announces; decoding rules (UUID byte order) depend on it. */
public record SmbiosVersion(int major, int minor, int docrev) implements Comparable<SmbiosVersion> {

    /** What a raw table without an entry point is decoded as: current firmware is 3.x. */
    public static final SmbiosVersion ASSUMED = new SmbiosVersion(3, 0, 0);

    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    @Override
    public int compareTo(SmbiosVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c == 0 ? Integer.compare(docrev, o.docrev) : c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + docrev;
    }
}
