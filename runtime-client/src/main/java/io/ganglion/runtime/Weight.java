package io.ganglion.runtime;

/**
 * A weight to set: absolute (0..256) or a percentage of the server's initial weight.
 * HAProxy caps the result at 256; the range checks below only refuse what it would refuse too.
 */
public record Weight(int value, boolean relative) {

    public Weight {
        if (value < 0) {
            throw new IllegalArgumentException("weight must not be negative, got " + value);
        }
        if (!relative && value > 256) {
            throw new IllegalArgumentException("absolute weight must be between 0 and 256, got " + value);
        }
    }

    public static Weight absolute(int value) {
        return new Weight(value, false);
    }

    public static Weight percent(int value) {
        return new Weight(value, true);
    }

    /** As written on the wire: {@code 50} or {@code 50%}. */
    @Override
    public String toString() {
        return relative ? value + "%" : Integer.toString(value);
    }
}
