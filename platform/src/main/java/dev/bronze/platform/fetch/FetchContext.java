package dev.bronze.platform.fetch;

import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.http.JdkTransport;
import dev.bronze.platform.http.LowPortTransport;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.Sleeper;
import dev.bronze.platform.http.Transport;
import dev.bronze.platform.vmware.DirGuestInfo;
import dev.bronze.platform.vmware.GuestInfoChannel;
import dev.bronze.platform.vmware.RpcToolGuestInfo;
import dev.bronze.platform.volume.Volumes;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything a fetcher may touch, passed in: the root, the kernel command line, transports,
 * clock, sleeper, randomness, volumes, the VMware channel, and the caller's overrides of the
 * metadata addresses and deadline. Nothing in a fetcher reaches further than this.
 */
public final class FetchContext {

    private final SysRoot root;
    private final KernelCmdline cmdline;
    private final URI endpoint;
    private final URI wireserver;
    private final Duration timeout;
    private final RetryPolicy policy;
    private final Transport transport;
    private final Transport webTransport;
    private final Transport lowPortTransport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Volumes volumes;
    private final GuestInfoChannel guestInfo;

    private FetchContext(Builder b) {
        this.root = b.root;
        this.cmdline = b.cmdline != null ? b.cmdline : KernelCmdline.read(b.root);
        this.endpoint = b.endpoint;
        this.wireserver = b.wireserver;
        this.timeout = b.timeout;
        this.policy = b.policy;
        this.random = b.random != null ? b.random : new SecureRandom();
        this.transport = b.transport != null ? b.transport : JdkTransport.metadata();
        this.webTransport = b.webTransport != null ? b.webTransport
                : b.transport != null ? b.transport : new JdkTransport(true);
        this.lowPortTransport = b.lowPortTransport != null ? b.lowPortTransport : new LowPortTransport(this.random);
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
        this.volumes = b.volumes != null ? b.volumes : Volumes.forRoot(b.root);
        this.guestInfo = b.guestInfo != null ? b.guestInfo
                : b.root.isHost() ? RpcToolGuestInfo.detect() : new DirGuestInfo(b.root);
    }

    public static Builder builder(SysRoot root) {
        return new Builder(root);
    }

    public SysRoot root() {
        return root;
    }

    public KernelCmdline cmdline() {
        return cmdline;
    }

    public Volumes volumes() {
        return volumes;
    }

    public GuestInfoChannel guestInfo() {
        return guestInfo;
    }

    public Clock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpoint);
    }

    /** The caller's deadline ({@code --timeout}), when given. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The HTTP layer for a metadata service, with the platform's policy unless the caller set one. */
    public MetadataHttp http(RetryPolicy platformDefault) {
        return new MetadataHttp(transport, clock, sleeper, random, tuned(platformDefault));
    }

    /** The HTTP layer for user-given URLs (talos.config=, #include, nocloud s=): redirects followed. */
    public MetadataHttp webHttp(RetryPolicy platformDefault) {
        return new MetadataHttp(webTransport, clock, sleeper, random, tuned(platformDefault));
    }

    /** Scaleway's privileged-source-port client. */
    public MetadataHttp lowPortHttp(RetryPolicy platformDefault) {
        return new MetadataHttp(lowPortTransport, clock, sleeper, random, tuned(platformDefault));
    }

    private RetryPolicy tuned(RetryPolicy platformDefault) {
        RetryPolicy p = policy != null ? policy : platformDefault;
        return timeout != null ? p.withDeadline(timeout) : p;
    }

    /**
     * The platform's address with scheme, host and port replaced by {@code --endpoint} (its path
     * and query kept), so that nothing but the given endpoint is ever contacted.
     */
    public URI service(String defaultUri) {
        return rebase(URI.create(defaultUri), endpoint);
    }

    /** Azure's wireserver address, replaced by {@code --wireserver} when given. */
    public URI wireserver(String defaultUri) {
        return rebase(URI.create(defaultUri), wireserver);
    }

    static URI rebase(URI uri, URI base) {
        if (base == null) {
            return uri;
        }
        try {
            String basePath = base.getRawPath() == null ? "" : base.getRawPath();
            if (basePath.endsWith("/")) {
                basePath = basePath.substring(0, basePath.length() - 1);
            }
            String path = basePath + (uri.getRawPath() == null ? "" : uri.getRawPath());
            return new URI(base.getScheme() + "://" + base.getRawAuthority() + path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad endpoint " + base + ": " + e.getMessage(), e);
        }
    }

    public static final class Builder {
        private final SysRoot root;
        private KernelCmdline cmdline;
        private URI endpoint;
        private URI wireserver;
        private Duration timeout;
        private RetryPolicy policy;
        private Transport transport;
        private Transport webTransport;
        private Transport lowPortTransport;
        private Clock clock;
        private Sleeper sleeper;
        private RandomGenerator random;
        private Volumes volumes;
        private GuestInfoChannel guestInfo;

        Builder(SysRoot root) {
            this.root = Objects.requireNonNull(root);
        }

        public Builder cmdline(KernelCmdline c) {
            cmdline = c;
            return this;
        }

        public Builder endpoint(URI u) {
            endpoint = u;
            return this;
        }

        public Builder wireserver(URI u) {
            wireserver = u;
            return this;
        }

        public Builder timeout(Duration d) {
            timeout = d;
            return this;
        }

        /** Replaces every platform's retry policy (tests: short attempts and backoff). */
        public Builder policy(RetryPolicy p) {
            policy = p;
            return this;
        }

        public Builder transport(Transport t) {
            transport = t;
            return this;
        }

        public Builder webTransport(Transport t) {
            webTransport = t;
            return this;
        }

        public Builder lowPortTransport(Transport t) {
            lowPortTransport = t;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public Builder sleeper(Sleeper s) {
            sleeper = s;
            return this;
        }

        public Builder random(RandomGenerator r) {
            random = r;
            return this;
        }

        public Builder volumes(Volumes v) {
            volumes = v;
            return this;
        }

        public Builder guestInfo(GuestInfoChannel g) {
            guestInfo = g;
            return this;
        }

        public FetchContext build() {
            return new FetchContext(this);
        }
    }
}
