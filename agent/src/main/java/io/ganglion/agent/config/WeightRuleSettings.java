package io.ganglion.agent.config;

/**
 * One instance-specific weight: exactly one of {@code tag}, {@code label}, {@code meta} says which
 * instances it applies to.
 *
 * @param tag    Consul: instances carrying this tag
 * @param label  ZooKeeper: instances whose SmartStack labels hold {@code key=value}
 * @param meta   instances whose meta holds {@code key=value} (Consul service meta, Nerve record fields)
 * @param weight their weight (0 to 256)
 */
public record WeightRuleSettings(String tag, String label, String meta, Integer weight) {
}
