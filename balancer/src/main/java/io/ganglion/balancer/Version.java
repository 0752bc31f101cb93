package io.ganglion.balancer;

import picocli.CommandLine;

/** The balancer's version, as {@code show info} and {@code --version} report it. */
public final class Version {
    public static final String VERSION = "0.1.0";
    public static final String RELEASE_DATE = "2026/11/24";

    private Version() {
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Ganglion balancer version " + VERSION + " " + RELEASE_DATE};
        }
    }
}
