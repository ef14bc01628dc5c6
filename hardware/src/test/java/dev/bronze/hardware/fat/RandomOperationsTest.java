package dev.bronze.hardware.fat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.block.ImageFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random sequences of every change against a model of the tree, then the tree is compared
 * with what our reader, mdir and mcopy see, and fsck.fat must find nothing: catches what
 * hand-written cases miss (slot reuse after deletes, directories growing, names that collide by
 * case or by 8.3 alias).
 */
class RandomOperationsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-05T05:05:05Z"), ZoneOffset.UTC);
    static final String[] NAMES = {
        "a", "B", "readme.txt", "README.TXT", "Long File Name Number One.conf", "long file name number one.conf",
        "bronze-a+3-0.conf", "bronze-a+2-1.conf", "bronze-b+3-0.conf", "vmlinuz", "VMLINUZ.EFI", "initrd.img",
        "ünïcødé.txt", "x y z", ".dot", "name.with.many.dots.tar.gz", "grubenv", "KERNEL~1.IMG", "kernel image 1",
        "kernel image 2", "kernel image 3", "0123456789012345678901234567890123456789.long"};

    @TempDir
    Path dir;

    /** The model: upper-cased path → the path with its stored case, and content (null for directories). */
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, byte[]> content = new LinkedHashMap<>();

    private static String up(String p) {
        return ShortName.upcase(p);
    }

    private List<String> dirs() {
        List<String> d = new ArrayList<>();
        d.add("");
        for (Map.Entry<String, byte[]> e : content.entrySet()) {
            if (e.getValue() == null) {
                d.add(names.get(e.getKey()));
            }
        }
        return d;
    }

    private List<String> children(String parent) {
        List<String> out = new ArrayList<>();
        String prefix = up(parent) + "/";
        for (String k : names.keySet()) {
            if (k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0) {
                out.add(names.get(k));
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"FAT32, 40, 1", "FAT16, 24, 2", "FAT32, 40, 3"})
    void randomChangesMatchTheModelAndTheRealTools(FatType type, long mib, long seed) throws IOException {
        Path img = dir.resolve("random.img");
        Random r = new Random(seed);
        try (ImageFile f = ImageFile.create(img, mib << 20, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("RANDOM", 5).withType(type), CLOCK)) {
            for (int step = 0; step < 600; step++) {
                List<String> ds = dirs();
                String parent = ds.get(r.nextInt(ds.size()));
                String name = NAMES[r.nextInt(NAMES.length)] + (r.nextInt(4) == 0 ? " " + r.nextInt(40) : "");
                String path = parent + "/" + name;
                String key = up(path);
                int op = r.nextInt(10);
                if (op <= 3) { // write (new, same size, other size)
                    if (content.containsKey(key) && content.get(key) == null) {
                        continue;
                    }
                    byte[] old = content.get(key);
                    byte[] data = old != null && r.nextBoolean() ? FatFileSystemTest.bytes(step, old.length)
                            : FatFileSystemTest.bytes(step, r.nextInt(4) == 0 ? r.nextInt(40_000) : r.nextInt(1500));
                    fs.write(path, data);
                    names.putIfAbsent(key, path);
                    content.put(key, data);
                } else if (op == 4) { // mkdir
                    if (content.containsKey(key)) {
                        continue;
                    }
                    fs.mkdirs(path);
                    names.put(key, path);
                    content.put(key, null);
                } else if (op <= 7 && !names.isEmpty()) { // rename or move
                    List<String> all = new ArrayList<>(names.values());
                    String from = all.get(r.nextInt(all.size()));
                    String fromKey = up(from);
                    boolean isDir = content.get(fromKey) == null;
                    if (content.containsKey(key) && !key.equals(fromKey)) {
                        continue;
                    }
                    if (isDir && (key + "/").startsWith(fromKey + "/")) {
                        continue; // into itself: refused, tested elsewhere
                    }
                    fs.rename(from, path);
                    Map<String, String> movedNames = new LinkedHashMap<>();
                    Map<String, byte[]> movedContent = new LinkedHashMap<>();
                    for (String k : new ArrayList<>(names.keySet())) {
                        if (k.equals(fromKey) || k.startsWith(fromKey + "/")) {
                            String rest = names.get(k).substring(from.length());
                            movedNames.put(up(path + rest), path + rest);
                            movedContent.put(up(path + rest), content.get(k));
                            names.remove(k);
                            content.remove(k);
                        }
                    }
                    names.putAll(movedNames);
                    content.putAll(movedContent);
                } else if (!names.isEmpty()) { // delete a file or an empty directory
                    List<String> all = new ArrayList<>(names.values());
                    String victim = all.get(r.nextInt(all.size()));
                    if (content.get(up(victim)) == null && !children(victim).isEmpty()) {
                        continue;
                    }
                    fs.delete(victim);
                    names.remove(up(victim));
                    content.remove(up(victim));
                }
            }
            assertThat(names).as("the sequence built a tree worth checking").hasSizeGreaterThan(15);
            assertThat(content.values()).as("with directories").containsNull();
            // Our reader agrees with the model, names with their case included.
            TreeSet<String> seen = new TreeSet<>();
            walk(fs, "", seen);
            assertThat(seen).isEqualTo(new TreeSet<>(names.values()));
            for (String k : names.keySet()) {
                if (content.get(k) != null) {
                    assertThat(fs.readAllBytes(names.get(k))).as(names.get(k)).isEqualTo(content.get(k));
                }
            }
        } catch (HardwareException e) {
            throw new AssertionError("a change the model allows was refused: " + e.getMessage(), e);
        }
        Peers.assertFsckClean(img);
        Peers.Result mdir = Peers.run(Peers.tool("mdir"), "-/", "-b", "-i", img.toString(), "::/");
        assertThat(mdir.exit()).as(mdir.out()).isZero();
        TreeSet<String> listed = new TreeSet<>();
        mdir.out().lines().filter(l -> !l.isBlank()).forEach(l -> listed.add(l.strip().replaceFirst("^::", "").replaceFirst("/$", "")));
        assertThat(listed).isEqualTo(new TreeSet<>(names.values()));
        int checked = 0;
        for (String k : names.keySet()) {
            if (content.get(k) != null && checked++ < 60) {
                assertThat(Peers.mtype(img, 0, names.get(k))).as("mcopy %s", names.get(k)).isEqualTo(content.get(k));
            }
        }
    }

    private static void walk(FatFileSystem fs, String dir, TreeSet<String> seen) {
        for (FatEntry e : fs.list(dir.isEmpty() ? "/" : dir)) {
            String p = dir + "/" + e.name();
            seen.add(p);
            if (e.directory()) {
                walk(fs, p, seen);
            }
        }
    }
}
