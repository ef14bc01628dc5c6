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
    /** The token service is not there: continue without a token (AWS IMDSv1). */
    FALLBACK("continue without a token (IMDSv1)"),
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
