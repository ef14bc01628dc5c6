package dev.bronze.platform.http;

/** What one HTTP status means for one endpoint of one platform. */
public enum Verdict {
    /** Use the body. */
    OK("use the response"),
    /** The thing asked for does not exist: no config source / key absent. Never retried. */
    ABSENT("absent: no config source, not retried"),
    /** Transient: back off and try again until the deadline. */
    RETRY("retry with backoff until the deadline"),
    /** The session token is missing or stale: fetch a new one and repeat the request. */
    REFRESH_TOKEN("drop the token, fetch a new one, repeat"),
    /** Not supported here: use the fallback (AWS: IMDSv1 without a token; Azure: an older api-version). */
    FALLBACK("fall back: IMDSv1 without a token on AWS, the older api-version on Azure"),
    /** Retrying cannot help: fail now with a clear reason. */
    FATAL("fail now, not retried");

    private final String meaning;

    Verdict(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
