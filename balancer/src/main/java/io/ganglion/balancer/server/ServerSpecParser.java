package io.ganglion.balancer.server;

import io.ganglion.balancer.config.AddressParser;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.config.ServerOptionTable;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.Source;

import java.net.UnknownHostException;
import java.util.List;

/**
 * Parses a server's address and options with the options every package declares: shared by the
 * {@code server} and {@code default-server} config keywords and the run-time {@code add server}
 * command, so both accept exactly the same options. Error messages are HAProxy's CLI wording (the
 * config adds {@code 'server B/S' : } before).
 */
public final class ServerSpecParser {
    private final ServerOptionTable options;

    public ServerSpecParser(ServerOptionTable options) {
        this.options = options;
    }

    /**
     * @param defaults the {@code default-server} settings in force
     * @throws KeywordException with HAProxy's wording, e.g. {@code weight of server x is not within 0 and 256 (300)..}
     */
    public ServerSpec parse(String name, String address, List<String> words, Source source, ServerSpec defaults)
            throws KeywordException {
        AddressParser.HostPort hp = AddressParser.split(address);
        try {
            AddressParser.resolve(hp.host());
        } catch (UnknownHostException e) {
            throw new KeywordException("could not resolve address '" + hp.host() + "'.");
        }
        ServerSpec s = applyOptions(defaults.forServer(name, hp.host(), hp.port(), source), words);
        for (ServerOption.SpecCheck check : options.checks()) {
            check.check(s);
        }
        return s;
    }

    /** Applies {@code words} (the options after the address, or after {@code default-server}) to {@code s}. */
    public ServerSpec applyOptions(ServerSpec s, List<String> words) throws KeywordException {
        int i = 0;
        while (i < words.size()) {
            ServerOption option = options.find(words.get(i));
            if (option == null) {
                throw new KeywordException("unknown keyword '" + words.get(i) + "'.");
            }
            String value = option.takesValue() && i + 1 < words.size() ? words.get(i + 1) : null;
            s = option.apply().apply(s, value);
            i += option.takesValue() ? 2 : 1;
        }
        return s;
    }
}
