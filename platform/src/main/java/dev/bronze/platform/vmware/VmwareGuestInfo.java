package dev.bronze.platform.vmware;

import dev.bronze.platform.decode.DecodeException;
import dev.bronze.platform.decode.Decoded;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.FetchResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * VMware guestinfo: the extraConfig keys {@code guestinfo.talos.config} and
 * {@code guestinfo.userdata} (each with an optional {@code .encoding}), then the vApp properties
 * of the OVF environment in {@code guestinfo.ovfenv}. Direct keys win over OVF properties and
 * empty values are skipped (Talos PR #3733). A value without an encoding is base64-decoded when it
 * is valid base64 (Talos decodes them all) and used as is otherwise.
 */
public final class VmwareGuestInfo {

    static final List<String> CONFIG_KEYS = List.of("talos.config", "userdata");
    /** OVF property names, Talos's first, then cloud-init's OVF datasource's. */
    static final List<String> OVF_KEYS = List.of("talos.config", "guestinfo.talos.config", "userdata",
            "guestinfo.userdata", "user-data");

    private final GuestInfoChannel channel;

    public VmwareGuestInfo(GuestInfoChannel channel) {
        this.channel = channel;
    }

    /** A guestinfo value, absent when unset, blank or {@code ---} (cloud-init's cleared marker). */
    public Optional<String> value(String key) {
        return channel.get(key).map(String::strip).filter(v -> !v.isEmpty() && !v.equals("---"));
    }

    public Optional<Decoded> decoded(String key, long cap) {
        Optional<String> v = value(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = v.get().getBytes(StandardCharsets.UTF_8);
        Optional<String> enc = value(key + ".encoding");
        if (enc.isPresent()) {
            try {
                return Optional.of(Decoders.named(enc.get(), raw, cap));
            } catch (DecodeException e) {
                throw new DecodeException("guestinfo." + key + " (" + enc.get() + "): " + e.getMessage());
            }
        }
        return Optional.of(guess(raw));
    }

    static Decoded guess(byte[] raw) {
        return Decoders.looksBase64(raw) ? new Decoded(Decoders.base64(raw), Decoding.of("base64")) : new Decoded(raw, Decoding.NONE);
    }

    public Optional<OvfEnvironment> ovfEnv() {
        Optional<String> x = value("ovfenv");
        if (x.isEmpty()) {
            x = value("ovfEnv");
        }
        return x.map(s -> OvfEnvironment.parse(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** The user-data from extraConfig keys, then from the OVF environment's properties. */
    public FetchResult userData(long cap) {
        for (String key : CONFIG_KEYS) {
            Optional<Decoded> d = decoded(key, cap);
            if (d.isPresent() && d.get().bytes().length > 0) {
                return new FetchResult.Found(d.get().bytes(), d.get().decoding(), "VMware guestinfo." + key);
            }
        }
        Optional<OvfEnvironment> env = ovfEnv();
        if (env.isPresent()) {
            Optional<FetchResult> r = fromOvf(env.get(), "VMware guestinfo.ovfenv");
            if (r.isPresent()) {
                return r.get();
            }
        }
        return new FetchResult.NoConfigSource("no guestinfo.talos.config, guestinfo.userdata or OVF user-data property");
    }

    /** User-data from OVF properties (ovfenv or the OVF ISO transport). */
    public static Optional<FetchResult> fromOvf(OvfEnvironment env, String where) {
        for (String key : OVF_KEYS) {
            Optional<String> v = env.get(key);
            if (v.isPresent()) {
                byte[] raw = v.get().getBytes(StandardCharsets.UTF_8);
                Decoded d = env.get(key + ".encoding").map(e -> Decoders.named(e, raw, Decoders.DEFAULT_CAP)).orElseGet(() -> guess(raw));
                if (d.bytes().length > 0) {
                    return Optional.of(new FetchResult.Found(d.bytes(), d.decoding(), where + " property " + key));
                }
            }
        }
        return Optional.empty();
    }
}
