package dev.bronze.platform.decode;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Decoding shared by every platform. Everything is streamed with an output cap: a 10 KiB gzip or
 * zstd bomb that would inflate to gigabytes is an error after {@code cap} bytes, never an
 * OutOfMemoryError.
 */
public final class Decoders {

    /** The default cap on decoded user-data, the same as the HTTP body cap. */
    public static final long DEFAULT_CAP = 16L * 1024 * 1024;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private Decoders() {
    }

    public static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == GZIP_MAGIC_0 && (b[1] & 0xff) == GZIP_MAGIC_1;
    }

    /** Gunzips when the bytes start with the gzip magic (Talos does this on every platform). */
    public static Decoded maybeGunzip(byte[] b, long cap) {
        if (isGzip(b)) {
            return new Decoded(gunzip(b, cap), Decoding.of("gzip"));
        }
        return new Decoded(b, Decoding.NONE);
    }

    public static byte[] gunzip(byte[] b, long cap) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b), 8192)) {
            return drain(in, cap, "gzip");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DecodeException d) {
                throw d;
            }
            throw new DecodeException("gzip data is corrupt: " + msg(e));
        }
    }

    /** zstd, as in talos.config.inline=; any number of frames. */
    public static byte[] zstd(byte[] b, long cap) {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(b))) {
            return drain(in, cap, "zstd");
        } catch (DecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // aircompressor reports malformed frames with runtime exceptions of several kinds
            // (MalformedInputException, index errors on hostile headers): all mean "corrupt".
            throw new DecodeException("zstd data is corrupt: " + msg(e));
        }
    }

    /**
     * Base64 as clouds write it: whitespace and line breaks anywhere (vSphere and Azure wrap at 76),
     * padding optional, standard or URL-safe alphabet.
     */
    public static byte[] base64(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        boolean urlSafe = false;
        for (byte x : b) {
            char c = (char) (x & 0xff);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (c == '-' || c == '_') {
                urlSafe = true;
            }
            sb.append(c);
        }
        String s = sb.toString();
        int pad = s.indexOf('=');
        if (pad >= 0) {
            for (int i = pad; i < s.length(); i++) {
                if (s.charAt(i) != '=') {
                    throw new DecodeException("base64 data is invalid: '=' before the end (offset " + pad + ")");
                }
            }
            s = s.substring(0, pad);
        }
        if (s.length() % 4 == 1) {
            throw new DecodeException("base64 data is invalid: truncated (" + s.length() + " characters)");
        }
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(s));
        } catch (IllegalArgumentException e) {
            throw new DecodeException("base64 data is invalid: " + msg(e));
        }
    }

    /** True when the bytes, whitespace aside, are non-empty valid base64 (cloud-init's maybe_b64decode). */
    public static boolean looksBase64(byte[] b) {
        int n = 0;
        for (byte x : b) {
            char c = (char) (x & 0xff);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!ok) {
                return false;
            }
            n++;
        }
        if (n == 0 || n % 4 != 0) {
            return false;
        }
        try {
            base64(b);
            return true;
        } catch (DecodeException e) {
            return false;
        }
    }

    /**
     * A named encoding as VMware guestinfo ({@code *.encoding}) and Ignition spell them: empty or
     * unknown = plain; {@code base64}/{@code b64}; {@code gzip+base64}/{@code gz+b64} and friends;
     * {@code gzip}/{@code gz}.
     */
    public static Decoded named(String encoding, byte[] b, long cap) {
        String e = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "base64", "b64" -> new Decoded(base64(b), Decoding.of("base64"));
            case "gzip+base64", "gz+base64", "gzip+b64", "gz+b64" ->
                    new Decoded(gunzip(base64(b), cap), Decoding.of("base64", "gzip"));
            case "gzip", "gz" -> new Decoded(gunzip(b, cap), Decoding.of("gzip"));
            case "", "plain", "text" -> new Decoded(b, Decoding.NONE);
            default -> throw new DecodeException("unknown encoding '" + printable(e) + "'");
        };
    }

    private static String pad(String s) {
        return switch (s.length() % 4) {
            case 2 -> s + "==";
            case 3 -> s + "=";
            default -> s;
        };
    }

    private static byte[] drain(InputStream in, long cap, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        int r;
        while ((r = in.read(buf)) >= 0) {
            if (out.size() + (long) r > cap) {
                throw new DecodeException(what + " data inflates beyond " + cap + " bytes (a compression bomb?)");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static String msg(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
