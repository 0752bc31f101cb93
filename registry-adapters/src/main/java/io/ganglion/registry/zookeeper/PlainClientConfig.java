package io.ganglion.registry.zookeeper;

import org.apache.zookeeper.client.ZKClientConfig;

/**
 * ZooKeeper's client configuration for a connection without TLS, read from the same system
 * properties as ZooKeeper's own, less the one step that costs: ZooKeeper copies its
 * {@code zookeeper.ssl.*} properties through an {@code X509Util}, whose class initialisation asks
 * the JDK for its default {@code SSLContext}, which loads JSSE and parses the JDK's trust store:
 * about 520 classes and the CA certificates on the heap of every agent (issue 18), on a plain TCP
 * connection that reads none of them. ZooKeeper reads those properties only for a secure client
 * ({@code zookeeper.client.secure=true}, Netty's socket), and {@link #forThisJvm()} gives that client
 * ZooKeeper's own configuration, unchanged.
 */
final class PlainClientConfig extends ZKClientConfig {

    /** What ZooKeeper's {@code ZKConfig} and {@code ZKClientConfig} copy from system properties, TLS's aside. */
    private static final String[] COPIED = {
        "jute.maxbuffer", "zookeeper.kinit", "sun.security.jgss.native",
        ZK_SASL_CLIENT_USERNAME, ZK_SASL_CLIENT_CANONICALIZE_HOSTNAME, LOGIN_CONTEXT_NAME_KEY, ENABLE_CLIENT_SASL_KEY,
        ZOOKEEPER_SERVER_REALM, DISABLE_AUTO_WATCH_RESET, ZOOKEEPER_CLIENT_CNXN_SOCKET, SECURE_CLIENT,
    };

    private PlainClientConfig() {
    }

    /** This configuration, or ZooKeeper's own when the JVM's system properties ask for a TLS client. */
    static ZKClientConfig forThisJvm() {
        return Boolean.getBoolean(SECURE_CLIENT) ? new ZKClientConfig() : new PlainClientConfig();
    }

    /** Called by ZooKeeper's constructor, as its own is: the properties, read as ZooKeeper reads them. */
    @Override
    protected void handleBackwardCompatibility() {
        for (String key : COPIED) {
            setProperty(key, System.getProperty(key));
        }
    }
}
