package io.ganglion.balancer.config;

/** Where a configuration element was written: used in every message that points back at the file. */
public record Source(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
