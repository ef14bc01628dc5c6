package dev.bronze.installer.node;

import dev.bronze.installer.InstallerException;
import dev.bronze.platform.http.HttpResult;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.StatusTable;
import dev.bronze.platform.http.Verdict;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Downloads an upgrade payload (kernel, initrd) through the platform module's HTTP layer: attempts
 * bounded in time, retried with backoff, and refused past a size cap, so a hostile or broken
 * server can neither fill the node's memory nor hold the upgrade forever.
 */
final class PayloadDownload {

    /** A kernel is 5-15 MB and an initramfs with a Java runtime 30-80 MB; nothing real comes near this. */
    static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    static final StatusTable PAYLOAD = StatusTable.of("GET upgrade payload")
            .on(Verdict.OK, 200)
            .on(Verdict.FATAL, 204, 400, 401, 403, 404, 405, 410)
            .on(Verdict.RETRY, 408, 425, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.FATAL, "not a payload")
            .build();

    private final MetadataHttp http;

    PayloadDownload(MetadataHttp http) {
        this.http = http;
    }

    /** Fetches {@code url} into {@code target}; an empty body is refused as well. */
    Path fetch(URI url, String what, Path target) throws IOException {
        String where = url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
        HttpResult r = http.call(Request.get(url), PAYLOAD);
        if (r instanceof HttpResult.Ok ok) {
            byte[] body = ok.response().body();
            if (body.length == 0) {
                throw new InstallerException("the upgrade's " + what + " at " + where + " is empty");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, body, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            return target;
        }
        String why = r instanceof HttpResult.Failed f ? f.cause()
                : r instanceof HttpResult.Absent a ? a.reason()
                : "unexpected answer";
        throw new InstallerException("cannot download the upgrade's " + what + " (" + where + "): " + why);
    }
}
