package io.ganglion.agent.config;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Finds where a key stands in YAML text, so that an error found after binding (a watch naming a
 * registry that does not exist) can still point at a line and column. Jackson's trees keep no
 * locations; its token stream does, and names each token's path as a JSON pointer.
 */
final class YamlLocator {

    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlLocator() {
    }

    /** The location of the key at {@code pointer} (e.g. {@code /watch/1/registry}), or of its closest parent. */
    static Optional<JsonLocation> locate(String text, String pointer) {
        String wanted = pointer;
        while (!wanted.isEmpty()) {
            Optional<JsonLocation> found = exact(text, wanted);
            if (found.isPresent()) {
                return found;
            }
            wanted = wanted.substring(0, wanted.lastIndexOf('/'));
        }
        return Optional.empty();
    }

    private static Optional<JsonLocation> exact(String text, String pointer) {
        try (JsonParser parser = YAML.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return Optional.of(parser.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            // The text was parsed once already; a second parse cannot fail differently.
        }
        return Optional.empty();
    }
}
