package io.ganglion.agent.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import io.ganglion.agent.config.WeightRuleSettings;
import io.ganglion.agent.config.WeightSettings;
import io.ganglion.registry.Endpoint;

/**
 * The weight the balancer gives each instance of one watch: the first matching rule's, or the base
 * weight (fixed, from a meta key, or the registry's) scaled and kept within bounds, and never above
 * HAProxy's 256. Pure: the same endpoint always gets the same weight.
 */
public record WeightRules(Optional<Integer> fixed, Optional<String> fromMeta, int scale, int min, int max,
                          List<Rule> rules) {

    /** HAProxy's highest server weight. */
    public static final int MAX_WEIGHT = 256;

    /** The registry's weight as it is (capped at 256). */
    public static final WeightRules REGISTRY =
            new WeightRules(Optional.empty(), Optional.empty(), 1, 0, MAX_WEIGHT, List.of());

    /** One instance-specific weight. */
    public record Rule(String description, Predicate<Endpoint> matches, int weight) {
        public Rule {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(matches, "matches");
        }
    }

    public WeightRules {
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(fromMeta, "fromMeta");
        rules = List.copyOf(rules);
    }

    /** The rules a watch's {@code weight:} asks for; {@link #REGISTRY} for none. */
    public static WeightRules from(WeightSettings settings) {
        if (settings == null) {
            return REGISTRY;
        }
        return new WeightRules(Optional.ofNullable(settings.fixed()), Optional.ofNullable(settings.fromMeta()),
                settings.scale() == null ? 1 : settings.scale(),
                settings.min() == null ? 0 : settings.min(),
                settings.max() == null ? MAX_WEIGHT : settings.max(),
                settings.rules().stream().map(WeightRules::rule).toList());
    }

    private static Rule rule(WeightRuleSettings settings) {
        if (settings.tag() != null) {
            return new Rule("tag " + settings.tag(), e -> e.tags().contains(settings.tag()), settings.weight());
        }
        if (settings.label() != null) {
            return new Rule("label " + settings.label(), e -> holds(e.labels(), settings.label()), settings.weight());
        }
        return new Rule("meta " + settings.meta(), e -> holds(e.meta(), settings.meta()), settings.weight());
    }

    /** Whether {@code entries} holds {@code keyValue} ({@code key=value}; validated by the config rules). */
    private static boolean holds(Map<String, String> entries, String keyValue) {
        int equals = keyValue.indexOf('=');
        return keyValue.substring(equals + 1).equals(entries.get(keyValue.substring(0, equals)));
    }

    /** The weight for {@code endpoint}. */
    public int weightOf(Endpoint endpoint) {
        for (Rule rule : rules) {
            if (rule.matches().test(endpoint)) {
                return Math.min(rule.weight(), MAX_WEIGHT);
            }
        }
        long scaled = (long) base(endpoint) * scale;
        return (int) Math.min(Math.max(Math.min(scaled, max), min), MAX_WEIGHT);
    }

    private int base(Endpoint endpoint) {
        if (fixed.isPresent()) {
            return fixed.get();
        }
        return fromMeta.map(key -> endpoint.meta().get(key)).flatMap(WeightRules::wholeNumber).orElse(endpoint.weight());
    }

    /** A meta value that is not a whole number from 0 up is ignored (the registry's weight stands). */
    private static Optional<Integer> wholeNumber(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text.strip()));
    }
}
