package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.Fetchers;
import dev.bronze.platform.fetch.PlatformFetcher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options {@code userdata} and {@code metadata} share: where to read, which platform, which addresses. */
final class FetchOptions {

    @Option(names = "--platform", paramLabel = "P", description = "Platform (aws, gcp, azure, vmware, metal, nocloud, openstack, ...); default: talos.platform= / bronze.platform= of the kernel command line")
    String platform;

    @Option(names = "--root", paramLabel = "DIR", description = "Read /proc, /sys, /dev and volumes (run/bronze/volumes/LABEL/) below DIR instead of /")
    Path root;

    @Option(names = "--endpoint", paramLabel = "URL", converter = UrlConverter.class,
            description = "Replace scheme, host and port of every address of the platform's metadata service (e.g. http://127.0.0.1:8080)")
    URI endpoint;

    @Option(names = "--wireserver", paramLabel = "URL", converter = UrlConverter.class,
            description = "Replace scheme, host and port of Azure's wireserver (168.63.129.16)")
    URI wireserver;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Overall deadline, e.g. 30s, 3m, 1h (default: the platform's)")
    Duration timeout;

    SysRoot sysRoot() {
        return root == null ? SysRoot.host() : SysRoot.of(root);
    }

    FetchContext context(SysRoot r) {
        return FetchContext.builder(r).endpoint(endpoint).wireserver(wireserver).timeout(timeout).build();
    }

    PlatformFetcher fetcher(SysRoot r) {
        String name = platformName(r);
        return Fetchers.find(name).orElseThrow(() -> new BronzeException(ExitCode.USAGE,
                "unknown platform '" + name + "'; known: " + String.join(", ", Fetchers.names())));
    }

    /** The platform: --platform, else detection (which honours talos.platform= and bronze.platform= first). */
    String platformName(SysRoot r) {
        if (platform != null && !platform.isBlank()) {
            return platform.strip();
        }
        return dev.bronze.platform.Detector.detect(r).platform();
    }

    static final class UrlConverter implements CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI u;
            try {
                u = URI.create(value.strip());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("not a URL: " + value);
            }
            String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(s.equals("http") || s.equals("https")) || u.getHost() == null) {
                throw new CommandLine.TypeConversionException("want http://HOST[:PORT] or https://HOST[:PORT], got " + value);
            }
            return u;
        }
    }

    /** {@code 30s}, {@code 3m}, {@code 1h}, {@code 500ms}, {@code 1h30m}; a bare number is seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            return parse(value);
        }

        static Duration parse(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.matches("\\d{1,9}")) {
                return positive(Duration.ofSeconds(Long.parseLong(v)), value);
            }
            Matcher m = PART.matcher(v);
            Duration d = Duration.ZERO;
            int at = 0;
            while (m.find() && m.start() == at) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
                at = m.end();
            }
            if (at != v.length() || v.isEmpty()) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use 30s, 3m, 1h, 500ms)");
            }
            return positive(d, value);
        }

        private static Duration positive(Duration d, String value) {
            if (d.isZero()) {
                throw new CommandLine.TypeConversionException("duration must be above zero: " + value);
            }
            return d;
        }
    }
}
