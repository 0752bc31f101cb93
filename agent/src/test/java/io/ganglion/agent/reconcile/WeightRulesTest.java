package io.ganglion.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.ganglion.agent.config.WeightRuleSettings;
import io.ganglion.agent.config.WeightSettings;
import io.ganglion.registry.Endpoint;
import org.junit.jupiter.api.Test;

class WeightRulesTest {

    private static Endpoint endpoint(int weight, List<String> tags, Map<String, String> labels, Map<String, String> meta) {
        return new Endpoint("i-1", "10.0.0.1", 8080, weight, tags, labels, meta);
    }

    private static Endpoint weighing(int weight) {
        return endpoint(weight, List.of(), Map.of(), Map.of());
    }

    @Test
    void withoutRulesTheRegistryWeightStandsCappedAtHaproxysMaximum() {
        assertThat(WeightRules.from(null).weightOf(weighing(7))).isEqualTo(7);
        assertThat(WeightRules.from(null).weightOf(weighing(0))).isZero();
        assertThat(WeightRules.from(null).weightOf(weighing(1000))).isEqualTo(256);
    }

    @Test
    void scaleThenBounds() {
        WeightRules rules = WeightRules.from(new WeightSettings(null, null, 10, 5, 40, null));
        assertThat(rules.weightOf(weighing(2))).isEqualTo(20);
        assertThat(rules.weightOf(weighing(9))).as("capped at max").isEqualTo(40);
        assertThat(rules.weightOf(weighing(0))).as("raised to min: nothing arrives drained").isEqualTo(5);
        assertThat(WeightRules.from(new WeightSettings(null, null, 100, null, null, null)).weightOf(weighing(100)))
                .as("never above 256, however large the product").isEqualTo(256);
    }

    @Test
    void fixedIgnoresTheRegistry() {
        WeightRules rules = WeightRules.from(new WeightSettings(3, null, null, null, null, null));
        assertThat(rules.weightOf(weighing(1))).isEqualTo(3);
        assertThat(rules.weightOf(weighing(200))).isEqualTo(3);
    }

    @Test
    void fromMetaReadsAWholeNumberAndOtherwiseKeepsTheRegistryWeight() {
        WeightRules rules = WeightRules.from(new WeightSettings(null, "capacity", 2, null, null, null));
        assertThat(rules.weightOf(endpoint(1, List.of(), Map.of(), Map.of("capacity", "12")))).isEqualTo(24);
        assertThat(rules.weightOf(endpoint(4, List.of(), Map.of(), Map.of("capacity", "lots")))).isEqualTo(8);
        assertThat(rules.weightOf(endpoint(4, List.of(), Map.of(), Map.of("capacity", "-3")))).isEqualTo(8);
        assertThat(rules.weightOf(weighing(5))).isEqualTo(10);
    }

    @Test
    void theFirstMatchingRuleDecidesOutright() {
        WeightRules rules = WeightRules.from(new WeightSettings(null, null, 10, 5, 40, List.of(
                new WeightRuleSettings("canary", null, null, 1),
                new WeightRuleSettings(null, "az=us-east-1a", null, 0),
                new WeightRuleSettings(null, null, "class=large", 100),
                new WeightRuleSettings("large", null, null, 2))));
        assertThat(rules.weightOf(endpoint(3, List.of("canary", "large"), Map.of(), Map.of()))).isEqualTo(1);
        assertThat(rules.weightOf(endpoint(3, List.of(), Map.of("az", "us-east-1a"), Map.of())))
                .as("a rule's weight is not raised to min").isZero();
        assertThat(rules.weightOf(endpoint(3, List.of(), Map.of(), Map.of("class", "large"))))
                .as("nor capped at max").isEqualTo(100);
        assertThat(rules.weightOf(endpoint(3, List.of(), Map.of("az", "us-east-1b"), Map.of("class", "small"))))
                .as("no rule matches: scaled").isEqualTo(30);
    }
}
