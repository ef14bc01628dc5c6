package dev.bronze.platform.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecodersTest {

    static byte[] run(byte[] in, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(in);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    @Test
    void gzipFromTheGzipToolIncludingConcatenatedMembers() throws Exception {
        byte[] a = run("first\n".getBytes(StandardCharsets.UTF_8), "gzip", "-c", "-9");
        byte[] b = run("second\n".getBytes(StandardCharsets.UTF_8), "gzip", "-c");
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(new String(Decoders.gunzip(both, 1024), StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
        assertThat(Decoders.maybeGunzip("plain".getBytes(StandardCharsets.UTF_8), 10).decoding()).isEqualTo(Decoding.NONE);
    }

    @Test
    void zstdFromTheZstdToolWithSeveralFrames() throws Exception {
        byte[] a = run("one\n".getBytes(StandardCharsets.UTF_8), "zstd", "-q", "-c");
        byte[] b = run("two\n".getBytes(StandardCharsets.UTF_8), "zstd", "-q", "-c", "--no-check");
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(new String(Decoders.zstd(both, 1024), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
    }

    @Test
    void bombsStopAtTheCap() throws Exception {
        byte[] zeros = new byte[8 << 20];
        byte[] gz = run(zeros, "gzip", "-c");
        byte[] zs = run(zeros, "zstd", "-q", "-c");
        assertThat(gz.length).isLessThan(20_000);
        assertThatThrownBy(() -> Decoders.gunzip(gz, 1 << 20)).isInstanceOf(DecodeException.class).hasMessageContaining("bomb");
        assertThatThrownBy(() -> Decoders.zstd(zs, 1 << 20)).isInstanceOf(DecodeException.class).hasMessageContaining("bomb");
    }

    @Test
    void corruptArchivesAreClearErrors() throws Exception {
        byte[] gz = run("hello world\n".getBytes(StandardCharsets.UTF_8), "gzip", "-c");
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 6);
        assertThatThrownBy(() -> Decoders.gunzip(cut, 1024)).isInstanceOf(DecodeException.class).hasMessageContaining("gzip");
        assertThatThrownBy(() -> Decoders.zstd(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2, 3}, 1024))
                .isInstanceOf(DecodeException.class).hasMessageContaining("zstd");
    }

    @Test
    void base64AsCloudsWriteIt() throws Exception {
        byte[] data = new byte[300];
        new java.util.Random(1).nextBytes(data);
        // base64(1) wraps at 76 columns, as vSphere and Azure do.
        byte[] wrapped = run(data, "base64");
        assertThat(new String(wrapped, StandardCharsets.US_ASCII)).contains("\n");
        assertThat(Decoders.base64(wrapped)).isEqualTo(data);
        assertThat(Decoders.base64("aGk".getBytes(StandardCharsets.US_ASCII))).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(Decoders.base64("-_8".getBytes(StandardCharsets.US_ASCII))).isEqualTo(new byte[] {(byte) 0xfb, (byte) 0xff});
        assertThatThrownBy(() -> Decoders.base64("ab=c".getBytes(StandardCharsets.US_ASCII))).hasMessageContaining("'='");
        assertThatThrownBy(() -> Decoders.base64("abcde".getBytes(StandardCharsets.US_ASCII))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Decoders.base64("ab*d".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(DecodeException.class);
        assertThat(Decoders.looksBase64("machine: {}".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Decoders.looksBase64("bWFjaGluZTo=".getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void namedEncodings() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write("x".getBytes(StandardCharsets.UTF_8));
        }
        String b64 = java.util.Base64.getEncoder().encodeToString(bo.toByteArray());
        for (String e : new String[] {"gzip+base64", "gz+b64", "GZIP+BASE64"}) {
            assertThat(Decoders.named(e, b64.getBytes(StandardCharsets.US_ASCII), 10).bytes()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Decoders.named("", "raw".getBytes(StandardCharsets.US_ASCII), 10).decoding()).isEqualTo(Decoding.NONE);
        assertThatThrownBy(() -> Decoders.named("rot13", new byte[0], 10)).hasMessageContaining("unknown encoding 'rot13'");
    }
}
