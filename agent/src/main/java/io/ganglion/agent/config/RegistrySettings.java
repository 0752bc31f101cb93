package io.ganglion.agent.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One entry of {@code registries:}, told apart by its {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ZooKeeperRegistry.class, name = "zookeeper"),
        @JsonSubTypes.Type(value = ConsulRegistry.class, name = "consul")
})
public sealed interface RegistrySettings permits ZooKeeperRegistry, ConsulRegistry {
}
