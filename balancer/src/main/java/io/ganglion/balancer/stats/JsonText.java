package io.ganglion.balancer.stats;

/** The JSON pieces shared by {@code show stat json} and {@code show info json}. */
final class JsonText {
    private JsonText() {
    }

    /** {@code "field":{...},"processNum":1,"tags":{...},"value":{...}} without the enclosing braces. */
    static void field(StringBuilder out, int pos, String name, FieldTag tag, Object value) {
        out.append("\"field\":{\"pos\":").append(pos).append(",\"name\":\"").append(escape(name))
                .append("\"},\"processNum\":1,\"tags\":{\"origin\":\"").append(tag.originWord())
                .append("\",\"nature\":\"").append(tag.natureWord()).append("\",\"scope\":\"")
                .append(tag.scopeWord()).append("\"},\"value\":{\"type\":\"").append(tag.type())
                .append("\",\"value\":");
        if (tag.isString()) {
            out.append('"').append(escape(value.toString())).append('"');
        } else {
            out.append(value);
        }
        out.append('}');
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
