package io.ganglion.agent.e2e;

/**
 * The instances of service {@code api} in one registry, as the end-to-end scenarios change them:
 * the same scenario runs against ZooKeeper (Nerve's layout) and the Consul double.
 */
interface ApiInstances {

    void register(String name, int port, int weight) throws Exception;

    void reweight(String name, int port, int weight) throws Exception;

    /** The instance moves to another port, as one registry change. */
    void move(String name, int newPort, int weight) throws Exception;

    void remove(String name) throws Exception;

    /** The server name the agent derives for instance {@code name} at {@code port}. */
    String agentServerName(String name, int port);

    /** What the agent's audit causes call this registry's revision ({@code zxid}, {@code consul index}). */
    String revisionName();

    /**
     * Whether a move keeps the instance's identity, so the agent re-addresses its server in place
     * (Consul keeps the service ID) instead of adding a new one (Nerve's record names host:port).
     */
    boolean movesInPlace();
}
