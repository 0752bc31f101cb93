package io.ganglion.balancer.stats;

/**
 * The kinds of {@code show stat} rows, with HAProxy's codes for each: the {@code type} column, the
 * letter of {@code show stat typed}, the {@code objType} word of the JSON form and the bit of the
 * {@code <type>} filter argument.
 */
public enum ObjType {
    FRONTEND(0, 'F', "Frontend", 1),
    BACKEND(1, 'B', "Backend", 2),
    SERVER(2, 'S', "Server", 4),
    LISTENER(3, 'L', "Listener", 8);

    private final int code;
    private final char letter;
    private final String word;
    private final int filterBit;

    ObjType(int code, char letter, String word, int filterBit) {
        this.code = code;
        this.letter = letter;
        this.word = word;
        this.filterBit = filterBit;
    }

    public int code() {
        return code;
    }

    public char letter() {
        return letter;
    }

    public String word() {
        return word;
    }

    public int filterBit() {
        return filterBit;
    }
}
