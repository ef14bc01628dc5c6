package dev.bronze.platform.vmware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.decode.Decoders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process path of guestinfo: a stand-in for vmware-rpctool that answers like the real one
 * (the value on stdout; "No value found" on stderr and exit 1 for an unset key).
 */
class RpcToolGuestInfoTest {

    @TempDir
    Path dir;

    Path tool(String userdataB64) throws Exception {
        Path t = dir.resolve("vmware-rpctool");
        Files.writeString(t, "#!/bin/sh\ncase \"$1\" in\n"
                + "  'info-get guestinfo.userdata') printf '%s\\n' '" + userdataB64 + "' ;;\n"
                + "  'info-get guestinfo.userdata.encoding') echo base64 ;;\n"
                + "  'info-get guestinfo.talos.config') echo '' ;;\n"
                + "  *) echo 'No value found' >&2; exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwx------"));
        return t;
    }

    @Test
    void valuesAbsentKeysAndEncodingsThroughTheTool() throws Exception {
        String b64 = Base64.getEncoder().encodeToString("machine: rpc\n".getBytes(StandardCharsets.UTF_8));
        GuestInfoChannel ch = new RpcToolGuestInfo(List.of(tool(b64).toString()));
        assertThat(ch.get("userdata")).contains(b64);
        assertThat(ch.get("metadata")).isEmpty();
        assertThat(ch.get("talos.config")).isEmpty();
        assertThat(ch.get("bad key; rm -rf /")).isEmpty();
        FetchResult r = new VmwareGuestInfo(ch).userData(Decoders.DEFAULT_CAP);
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class, f -> {
            assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("machine: rpc\n");
            assertThat(f.source()).isEqualTo("VMware guestinfo.userdata");
        });
    }

    @Test
    void aMissingToolIsNoChannel() {
        GuestInfoChannel ch = new RpcToolGuestInfo(List.of(dir.resolve("absent").toString()));
        assertThat(ch.get("userdata")).isEmpty();
    }
}
