package io.ganglion.examples.demo;

import java.util.List;

import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.StatRow;

/**
 * A server of the demo's backend as {@code show stat} reports it, with the instance it stands for.
 * The agent names servers {@code g-<instance_id>_<host>:<port>}; the instance is read back from that.
 */
record ServerRow(String instance, StatRow stat) {

    static List<ServerRow> of(RuntimeApi socket) {
        return socket.showStat().stream()
                .filter(row -> row.type() == StatRow.Type.SERVER && DemoWorld.BACKEND.equals(row.pxname()))
                .map(row -> new ServerRow(instanceOf(row.svname()), row))
                .toList();
    }

    static String instanceOf(String serverName) {
        String id = serverName.startsWith("g-") ? serverName.substring(2) : serverName;
        int underscore = id.indexOf('_');
        return underscore > 0 ? id.substring(0, underscore) : id;
    }

    String server() {
        return stat.svname();
    }

    String status() {
        return stat.status();
    }

    long weight() {
        return stat.weight().orElse(-1);
    }
}
