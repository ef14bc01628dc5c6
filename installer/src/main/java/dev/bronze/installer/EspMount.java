package dev.bronze.installer;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.MountInfo;
import dev.bronze.hardware.linux.Mounter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running node's ESP as a directory: an existing mount of it, or a private one of our own that
 * {@link #close()} takes down again.
 */
final class EspMount implements Closeable {

    static final long FLAGS = Mounter.MS_NOSUID | Mounter.MS_NODEV | Mounter.MS_NOEXEC | Mounter.MS_DIRSYNC;
    /** Only root reads the files (the FAT has no owners of its own). */
    static final String OPTIONS = "umask=0077";
    private static final int MOUNTINFO_MAX = 16 << 20;

    private final Path dir;
    private final Mounter mounter;
    /** How many layers we mounted on {@code dir} (0 when the mount was someone else's). */
    private int layers;
    private final boolean ours;

    private EspMount(Path dir, Mounter mounter, boolean ours) {
        this.dir = dir;
        this.mounter = mounter;
        this.ours = ours;
    }

    Path dir() {
        return dir;
    }

    boolean ours() {
        return ours;
    }

    static EspMount acquire(SysRoot sys, Mounter mounter, LiveNode.EspPartition esp, String disk, boolean writable)
            throws IOException {
        List<MountInfo.Entry> mounts = sys.read("proc/self/mountinfo", MOUNTINFO_MAX) instanceof SysRead.Content c
                ? MountInfo.entries(new String(c.bytes(), StandardCharsets.UTF_8)) : List.of();
        Optional<MountInfo.Entry> rw = Optional.empty();
        Optional<MountInfo.Entry> ro = Optional.empty();
        for (int i = 0; i < mounts.size(); i++) {
            MountInfo.Entry e = mounts.get(i);
            MountInfo.Mount m = e.mount();
            boolean same = (m.major() + ":" + m.minor()).equals(esp.majMin()) || m.source().equals("/dev/" + esp.name());
            // A bind of a subdirectory is not the ESP's root; a mount hidden by a later one on it or
            // on a parent of it is not reachable by its path.
            if (!same || !m.root().equals("/") || hidden(mounts, i)) {
                continue;
            }
            if (!e.readOnly() && rw.isEmpty()) {
                rw = Optional.of(e);
            } else if (e.readOnly() && ro.isEmpty()) {
                ro = Optional.of(e);
            }
        }
        if (rw.isPresent()) {
            return new EspMount(sys.path(rw.get().mount().mountPoint()), mounter, false);
        }
        if (ro.isPresent()) {
            if (!writable) {
                return new EspMount(sys.path(ro.get().mount().mountPoint()), mounter, false);
            }
            throw LiveNode.refused("the ESP " + esp.node() + " of " + disk + " is mounted read-only on "
                    + ro.get().mount().mountPoint() + ": refusing to change the boot state (remount it read-write,"
                    + " mount -o remount,rw " + ro.get().mount().mountPoint() + ", or unmount it and let Bronze mount it)");
        }
        return mountPrivately(sys, mounter, esp, disk, writable);
    }

    private static boolean hidden(List<MountInfo.Entry> mounts, int i) {
        String at = mounts.get(i).mount().mountPoint();
        for (int j = i + 1; j < mounts.size(); j++) {
            String later = mounts.get(j).mount().mountPoint();
            if (later.equals(at) || (!later.equals("/") && at.startsWith(later + "/"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A fresh 0700 directory under {@code run/bronze}, bound onto itself and made private first —
     * a mount made under a shared parent is copied into its peers and slaves at once, and marking it
     * private afterwards would leave those copies behind when it is unmounted — then the ESP on it.
     */
    private static EspMount mountPrivately(SysRoot sys, Mounter mounter, LiveNode.EspPartition esp, String disk,
            boolean writable) throws IOException {
        if (!Files.exists(esp.node())) {
            throw new InstallerException("the ESP of " + disk + " has no device node " + esp.node()
                    + " (is devtmpfs mounted on /dev?)");
        }
        return mountPrivately(sys.path("run/bronze"), mounter, esp.node().toString(), "vfat",
                FLAGS | (writable ? 0 : Mounter.MS_RDONLY), OPTIONS, "the ESP " + esp.node() + " of " + disk);
    }

    /** {@code source} of type {@code fsType} in a fresh private directory under {@code base}. */
    static EspMount mountPrivately(Path base, Mounter mounter, String source, String fsType, long flags, String data,
            String what) throws IOException {
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "esp-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        EspMount m = new EspMount(dir, mounter, true);
        try {
            mounter.mount(dir.toString(), dir, null, Mounter.MS_BIND, null);
            m.layers++;
            mounter.mount(null, dir, null, Mounter.MS_PRIVATE, null);
            mounter.mount(source, dir, fsType, flags, data);
            m.layers++;
            mounter.mount(null, dir, null, Mounter.MS_PRIVATE, null);
            return m;
        } catch (RuntimeException e) {
            try {
                m.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new InstallerException("cannot mount " + what + " on " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts what we mounted (lazily when something still holds it busy) and removes the directory. */
    @Override
    public void close() throws IOException {
        if (!ours) {
            return;
        }
        List<String> problems = new ArrayList<>();
        while (layers > 0) {
            try {
                mounter.umount(dir, 0);
            } catch (Mounter.MountException e) {
                if (e.errno() != Mounter.EBUSY) {
                    problems.add(e.getMessage());
                    break;
                }
                try {
                    mounter.umount(dir, Mounter.MNT_DETACH);
                } catch (Mounter.MountException again) {
                    problems.add(again.getMessage());
                    break;
                }
            }
            layers--;
        }
        if (layers == 0) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                problems.add("cannot remove " + dir + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InstallerException("cleaning up the ESP mount on " + dir + ": " + String.join("; ", problems));
        }
    }
}
