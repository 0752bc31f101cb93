package io.ganglion.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code show stat typed}:
 * {@code <T>.<iid>.<sid>.<pos>.<name>.<proc>:<tags>:<type>:<value>}, for example
 * {@code S.3.1.4.scur.1:MGP:u32:0}. The value may itself hold colons; only the first three split.
 *
 * @param objectType F frontend, B backend, S server, L listener
 */
public record TypedStatField(char objectType, int proxyId, int serverId, int position, String name,
                             int process, String tags, String valueType, String value) {

    public static List<TypedStatField> parseAll(String text) {
        List<TypedStatField> fields = new ArrayList<>();
        text.lines().filter(line -> !line.isEmpty()).forEach(line -> fields.add(parse(line)));
        return List.copyOf(fields);
    }

    public static TypedStatField parse(String line) {
        String[] parts = line.split(":", 4);
        String[] key = parts[0].split("\\.");
        if (parts.length < 4 || key.length != 6 || key[0].length() != 1) {
            throw new IllegalArgumentException("not a 'show stat typed' line: " + line);
        }
        try {
            return new TypedStatField(key[0].charAt(0), Integer.parseInt(key[1]), Integer.parseInt(key[2]),
                    Integer.parseInt(key[3]), key[4], Integer.parseInt(key[5]), parts[1], parts[2], parts[3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a 'show stat typed' line: " + line, e);
        }
    }
}
