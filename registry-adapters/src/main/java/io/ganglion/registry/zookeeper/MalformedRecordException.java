package io.ganglion.registry.zookeeper;

/** A znode's data is not a SmartStack record; the message says what is wrong with it. */
public final class MalformedRecordException extends Exception {

    public MalformedRecordException(String message) {
        super(message);
    }
}
