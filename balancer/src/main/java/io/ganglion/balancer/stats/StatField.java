package io.ganglion.balancer.stats;

import java.util.Map;
import java.util.Optional;

/**
 * One column of {@code show stat}: its position in the typed/JSON outputs, its header name, and its
 * tags for each kind of row that fills it.
 */
public record StatField(int pos, String name, Map<ObjType, FieldTag> tags) {
    public StatField {
        tags = Map.copyOf(tags);
    }

    public Optional<FieldTag> tag(ObjType type) {
        return Optional.ofNullable(tags.get(type));
    }
}
