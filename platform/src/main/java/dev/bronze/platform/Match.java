package dev.bronze.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * How strongly the evidence points at one platform, and why.
 *
 * <p>Scale: 100 is a positive identity the platform itself sets (a DMI vendor string, Azure's
 * asset tag); 90–95 an explicit hint (cloud-init's {@code ds=}, Ignition's platform id); 60–80 a
 * strong but shared sign (a {@code cidata} or {@code config-2} volume, a VMware DMI string); below
 * {@link Detector#MIN_SCORE} a hint that cannot decide alone (an EC2-looking UUID).
 */
public record Match(int score, List<Clue> clues) {

    public static final Match NONE = new Match(0, List.of());

    public Match {
        clues = List.copyOf(clues);
    }

    public static Builder builder(String platform) {
        return new Builder(platform);
    }

    /** Collects clues; the score is their sum, capped at 100 (container markers go above: they win). */
    public static final class Builder {
        private final String platform;
        private final List<Clue> clues = new ArrayList<>();
        private int score;
        private int cap = 100;

        private Builder(String platform) {
            this.platform = platform;
        }

        public Builder add(int points, String source, String value) {
            clues.add(new Clue(source, value, platform));
            score += points;
            return this;
        }

        /** Lets this match exceed 100 (container markers outrank any cloud seen through them). */
        public Builder cap(int newCap) {
            cap = newCap;
            return this;
        }

        public Match build() {
            return clues.isEmpty() ? NONE : new Match(Math.min(score, cap), clues);
        }
    }
}
