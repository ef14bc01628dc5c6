package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.block.BlockCopy;
import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Formats with the distribution's tools (mkfs.fat from dosfstools, mkfs.xfs, mkfs.ext4).
 *
 * <p>The tools run on a sparse scratch file of the partition's size, and only the blocks they wrote
 * are copied into the partition (SEEK_DATA/SEEK_HOLE). This works the same for an image (no loop
 * device, no root) and for a disk whose partition nodes the kernel has not created yet, and it
 * cannot write outside the partition because the copy goes through the bounded slice. The wipe that
 * precedes formatting has cleared the signature areas, so stale data between the written blocks is
 * never mistaken for a filesystem.
 */
public final class MkfsFormatter implements PartitionFormatter {

    /** Fixed time for reproducible images: 2020-01-01T00:00:00Z, like many reproducible builds use. */
    static final long REPRODUCIBLE_EPOCH = 1577836800L;
    /** xfsprogs refuses data sections under 300 MB unless run as its own test suite does. */
    static final long XFS_MIN_SUPPORTED = 300L * 1000 * 1000;
    private static final long TIMEOUT_SECONDS = 600;

    private final Path scratchDir;

    /** Scratch files go to {@code scratchDir} (a filesystem with sparse files: tmpfs, ext4, xfs). */
    public MkfsFormatter(Path scratchDir) {
        this.scratchDir = scratchDir;
    }

    @Override
    public boolean supports(Filesystem fs) {
        return fs == Filesystem.VFAT || fs == Filesystem.XFS || fs == Filesystem.EXT4;
    }

    @Override
    public void format(BlockDevice partition, FormatRequest r) throws IOException {
        long size = partition.size();
        int ss = partition.logicalSectorSize();
        Path scratch = Files.createTempFile(scratchDir, "bronze-mkfs-", ".img");
        try {
            try (var raf = new java.io.RandomAccessFile(scratch.toFile(), "rw")) {
                raf.setLength(size);
            }
            List<String> cmd = new ArrayList<>();
            Map<String, String> env = new java.util.HashMap<>();
            switch (r.filesystem()) {
                case VFAT -> {
                    cmd.add("mkfs.fat");
                    if (r.reproducible()) {
                        // Before -i: --invariant also sets a fixed volume id, and the last one wins.
                        cmd.add("--invariant");
                        env.put("SOURCE_DATE_EPOCH", String.valueOf(REPRODUCIBLE_EPOCH));
                    }
                    cmd.addAll(List.of("-F", "32", "-S", String.valueOf(ss), "-n", r.label(),
                            "-i", String.format("%08X", r.volumeId()), "-h", String.valueOf(r.hiddenSectors()),
                            "--mbr=n"));
                }
                case XFS -> {
                    cmd.addAll(List.of("mkfs.xfs", "-q", "-f", "-L", r.label(), "-s", "size=" + ss,
                            "-m", "uuid=" + r.uuid()));
                    if (size < XFS_MIN_SUPPORTED) {
                        // Talos's STATE is a 100 MiB xfs; mkfs.xfs allows that only in test mode.
                        env.put("TEST_DIR", "1");
                        env.put("TEST_DEV", "1");
                        env.put("QA_CHECK_FS", "1");
                    }
                }
                case EXT4 -> {
                    cmd.addAll(List.of("mkfs.ext4", "-q", "-F", "-L", r.label(), "-U", r.uuid().toString(),
                            "-E", "hash_seed=" + r.uuid() + ",lazy_itable_init=1"));
                    if (r.reproducible()) {
                        env.put("E2FSPROGS_FAKE_TIME", String.valueOf(REPRODUCIBLE_EPOCH));
                    }
                }
                default -> throw new LayoutException("cannot format " + r.filesystem().id() + " with mkfs");
            }
            cmd.add(scratch.toString());
            run(cmd, env);
            // The wipe zeroed the signature areas; blocks mkfs left as holes may keep old bytes, which no
            // filesystem reads as its own.
            BlockCopy.copy(scratch, partition, true, n -> { });
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static void run(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("LC_ALL", "C");
        String path = pb.environment().getOrDefault("PATH", "/usr/bin:/bin");
        pb.environment().put("PATH", path + ":/usr/sbin:/sbin");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new LayoutException(cmd.get(0) + " is not installed (" + e.getMessage() + "); install "
                    + (cmd.get(0).equals("mkfs.fat") ? "dosfstools" : cmd.get(0).equals("mkfs.xfs") ? "xfsprogs" : "e2fsprogs"));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readNBytes(64 * 1024);
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LayoutException(cmd.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
        if (p.exitValue() != 0) {
            String msg = new String(out, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
            throw new LayoutException(cmd.get(0) + " failed with exit code " + p.exitValue() + ": " + msg);
        }
    }
}
