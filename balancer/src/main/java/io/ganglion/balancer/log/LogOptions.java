package io.ganglion.balancer.log;

/**
 * The flags of one log-format element, as HAProxy 2.6 reads them from {@code %{+Q,-M}}: a bit set,
 * since the data path tests them per element and line.
 */
final class LogOptions {
    /** An element with no value logs {@code -} (on by default for {@code log-format}). */
    static final int MANDATORY = 1;
    /** {@code +Q}: the value between double quotes. */
    static final int QUOTE = 2;
    /** {@code +X}: addresses, ports and counters in hexadecimal. */
    static final int HEXA = 4;
    /** {@code +E}: {@code "}, {@code \} and {@code ]} escaped with a backslash (RFC 5424 structured data). */
    static final int ESC = 8;

    private LogOptions() {
    }

    /**
     * The flags {@code options} becomes with the modifiers of {@code %{args}}: comma-separated
     * {@code +NAME} or {@code -NAME}; as in HAProxy, an unknown name or a word without a sign is ignored.
     */
    static int apply(String args, int options) {
        int result = options;
        for (String word : args.split(",", -1)) {
            int sign = word.lastIndexOf('+') > word.lastIndexOf('-') ? 1 : word.lastIndexOf('-') >= 0 ? -1 : 0;
            if (sign == 0) {
                continue;
            }
            // HAProxy takes the name after the last sign of the word.
            int bit = bit(word.substring(Math.max(word.lastIndexOf('+'), word.lastIndexOf('-')) + 1));
            result = sign > 0 ? result | bit : result & ~bit;
        }
        return result;
    }

    private static int bit(String name) {
        return switch (name) {
            case "M" -> MANDATORY;
            case "Q" -> QUOTE;
            case "X" -> HEXA;
            case "E" -> ESC;
            default -> 0;
        };
    }
}
