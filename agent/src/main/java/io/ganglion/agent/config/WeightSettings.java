package io.ganglion.agent.config;

import java.util.List;

/**
 * How one watch turns what the registry says into server weights; every key is optional. The first
 * {@code rules} entry that matches an instance decides its weight outright; otherwise the base weight
 * (the {@code fixed} one, else the {@code from_meta} value, else the registry's) is multiplied by
 * {@code scale} and kept within {@code min}..{@code max}.
 *
 * @param fixed    every instance gets this weight, whatever the registry says (0 to 256)
 * @param fromMeta a meta key (Consul service meta, or a field of Nerve's record) whose whole-number
 *                 value is the weight; instances without it keep the registry's weight
 * @param scale    multiplies the base weight, e.g. 10 so that Consul's {@code Weights.Passing: 1}
 *                 leaves room for finer weights below it (1 or more)
 * @param min      lowest weight from the registry (0 to 256); e.g. 1 so that nothing arrives drained
 * @param max      highest weight from the registry (0 to 256)
 * @param rules    instance-specific weights, first match wins
 */
public record WeightSettings(Integer fixed, String fromMeta, Integer scale, Integer min, Integer max,
                             List<WeightRuleSettings> rules) {

    public WeightSettings {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
