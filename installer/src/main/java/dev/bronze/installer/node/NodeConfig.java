package dev.bronze.installer.node;

import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import dev.bronze.installer.InstallerException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-boot instructions of a node agent: {@code key=value} lines handed over through QEMU's
 * fw_cfg ({@code opt/bronze/node}), blank lines and {@code #} comments ignored.
 *
 * <pre>
 * watchdog.timeout=30s          boot-check's watchdog timeout on a trial
 * upgrade.kernel=http://...     after confirming: upgrade the running node to this payload
 * upgrade.initrd=http://...
 * upgrade.version=2
 * upgrade.tries=2               boot tries of the new trial (1-9, default 3)
 * </pre>
 *
 * An unknown key, a repeated key or a half-given upgrade is an error: a typo must not silently
 * turn an upgrade scenario into a plain boot.
 */
public record NodeConfig(Duration watchdogTimeout, Optional<Upgrade> upgrade) {

    /** Where QEMU's fw_cfg shows {@code -fw_cfg name=opt/bronze/node,...} to the guest. */
    public static final String FW_CFG = "sys/firmware/qemu_fw_cfg/by_name/opt/bronze/node/raw";

    public static final Duration DEFAULT_WATCHDOG_TIMEOUT = Duration.ofSeconds(60);

    /** Instructions are a few lines; anything bigger is not ours. */
    static final int MAX_BYTES = 16 * 1024;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m|h)?");

    /** A live-node upgrade: the payload's URLs, its version and the trial's tries. */
    public record Upgrade(URI kernel, URI initrd, String version, int tries) {
    }

    public static NodeConfig defaults() {
        return new NodeConfig(DEFAULT_WATCHDOG_TIMEOUT, Optional.empty());
    }

    /** The instructions of this boot: fw_cfg's {@code opt/bronze/node} when QEMU passed one, else the defaults. */
    public static NodeConfig read(SysRoot sys) {
        SysRead r = sys.read(FW_CFG, MAX_BYTES + 1);
        if (r instanceof SysRead.Content c) {
            if (c.truncated() || c.bytes().length > MAX_BYTES) {
                throw new InstallerException(ExitCode.USAGE, "the node instructions (" + FW_CFG + ") exceed " + MAX_BYTES + " bytes");
            }
            return parse(new String(c.bytes(), StandardCharsets.UTF_8));
        }
        if (r instanceof SysRead.Unreadable u) {
            throw new InstallerException("cannot read the node instructions " + FW_CFG + ": " + u.describe());
        }
        return defaults();
    }

    public static NodeConfig parse(String text) {
        Duration watchdog = DEFAULT_WATCHDOG_TIMEOUT;
        URI kernel = null;
        URI initrd = null;
        String version = null;
        Integer tries = null;
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw bad(n, "not key=value");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (!seen.add(key)) {
                throw bad(n, key + " is given twice");
            }
            switch (key) {
                case "watchdog.timeout" -> watchdog = duration(n, value);
                case "upgrade.kernel" -> kernel = url(n, key, value);
                case "upgrade.initrd" -> initrd = url(n, key, value);
                case "upgrade.version" -> version = version(n, value);
                case "upgrade.tries" -> tries = tries(n, value);
                default -> throw bad(n, "unknown key '" + printable(key) + "' (watchdog.timeout, upgrade.kernel, upgrade.initrd, "
                        + "upgrade.version, upgrade.tries)");
            }
        }
        boolean any = kernel != null || initrd != null || version != null || tries != null;
        if (!any) {
            return new NodeConfig(watchdog, Optional.empty());
        }
        if (kernel == null || initrd == null || version == null) {
            throw new InstallerException(ExitCode.USAGE, "node instructions: an upgrade needs upgrade.kernel, upgrade.initrd and upgrade.version");
        }
        return new NodeConfig(watchdog, Optional.of(new Upgrade(kernel, initrd, version, tries == null ? 3 : tries)));
    }

    private static Duration duration(int n, String v) {
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw bad(n, "watchdog.timeout is not a duration: '" + printable(v) + "' (use 30s, 2m)");
        }
        long x = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(x);
            case "m" -> Duration.ofMinutes(x);
            case "h" -> Duration.ofHours(x);
            default -> Duration.ofSeconds(x);
        };
        // Linux's watchdog API counts whole seconds; i6300esb takes 1..2046 s.
        if (d.toSeconds() < 1 || d.toSeconds() > 3600) {
            throw bad(n, "watchdog.timeout must be between 1s and 1h, got " + v);
        }
        return d;
    }

    private static URI url(int n, String key, String v) {
        try {
            URI u = new URI(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getRawAuthority() == null) {
                throw bad(n, key + " must be an http or https URL");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw bad(n, key + " is not a URL");
        }
    }

    private static String version(int n, String v) {
        // The same rule as the bootloader's entry names: no '+', no spaces, printable.
        if (v.isEmpty() || v.length() > 64 || !v.matches("[A-Za-z0-9._~:-]+")) {
            throw bad(n, "upgrade.version must be 1-64 characters of A-Z a-z 0-9 . _ ~ : -");
        }
        return v;
    }

    private static int tries(int n, String v) {
        if (!v.matches("[1-9]")) {
            throw bad(n, "upgrade.tries must be 1-9");
        }
        return Integer.parseInt(v);
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static InstallerException bad(int line, String what) {
        return new InstallerException(ExitCode.USAGE, "node instructions, line " + line + ": " + what);
    }
}
