package io.ganglion.agent.e2e;

/** Where a world's service {@code api} is registered: the agent's watch on {@code be_api} follows it. */
enum ApiRegistry {
    ZOOKEEPER, CONSUL
}
