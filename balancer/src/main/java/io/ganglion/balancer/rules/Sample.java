package io.ganglion.balancer.rules;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * One value a fetch or a converter gives: a boolean, an integer, an address or a string, and the
 * casts HAProxy makes between them when a converter or a matching method wants another type. A
 * cast that cannot be made gives null (no sample: the ACL does not match, the log prints {@code -}).
 * Immutable.
 */
public final class Sample {
    private static final Sample TRUE = new Sample(SampleType.BOOL, 1, null);
    private static final Sample FALSE = new Sample(SampleType.BOOL, 0, null);
    /**
     * The integers most fetches give (a gpt0 of 0 or 1, a status, a small count), made once: a fetch
     * runs for every request that evaluates it, and a sample of its own was 24 bytes each time.
     */
    private static final int SHARED_MIN = -128;
    private static final int SHARED_MAX = 1023;
    private static final Sample[] SHARED_INTEGERS = new Sample[SHARED_MAX - SHARED_MIN + 1];

    static {
        for (int i = 0; i < SHARED_INTEGERS.length; i++) {
            SHARED_INTEGERS[i] = new Sample(SampleType.SINT, SHARED_MIN + i, null);
        }
    }

    private final SampleType type;
    private final long number;
    private final Object value;

    private Sample(SampleType type, long number, Object value) {
        this.type = type;
        this.number = number;
        this.value = value;
    }

    public static Sample bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    public static Sample integer(long n) {
        if (n >= SHARED_MIN && n <= SHARED_MAX) {
            return SHARED_INTEGERS[(int) n - SHARED_MIN];
        }
        return new Sample(SampleType.SINT, n, null);
    }

    public static Sample address(InetAddress a) {
        return new Sample(SampleType.ADDR, 0, a);
    }

    public static Sample string(String s) {
        return new Sample(SampleType.STR, 0, s);
    }

    public SampleType type() {
        return type;
    }

    /** The sample as text: a boolean as 0/1, an address in its usual short form. */
    public String asString() {
        return switch (type) {
            case BOOL, SINT -> Long.toString(number);
            case ADDR -> Addresses.text((InetAddress) value);
            default -> (String) value;
        };
    }

    /** Whether the sample is a boolean or an integer: {@link #number()} is then its value, unboxed. */
    boolean isNumber() {
        return type == SampleType.BOOL || type == SampleType.SINT;
    }

    /** The value of a boolean (0/1) or integer sample; see {@link #isNumber()}. */
    long number() {
        return number;
    }

    /** The sample as an integer, or null when it is not one (a string is read as HAProxy reads it: leading digits). */
    public Long asInteger() {
        return switch (type) {
            case BOOL, SINT -> number;
            case ADDR -> value instanceof Inet4Address a ? (long) Addresses.int4(a) & 0xFFFFFFFFL : null;
            default -> leadingInteger((String) value);
        };
    }

    /** The sample as an address, or null (a string must be an address literal: no name is resolved). */
    public InetAddress asAddress() {
        return switch (type) {
            case ADDR -> (InetAddress) value;
            case SINT -> Addresses.fromInt((int) number);
            case STR -> Addresses.literal((String) value);
            default -> null;
        };
    }

    public boolean asBoolean() {
        Long n = asInteger();
        return n != null && n != 0;
    }

    private static Long leadingInteger(String s) {
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits) {
            return null;
        }
        try {
            return Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(Locale.ROOT) + "(" + asString() + ")";
    }
}
