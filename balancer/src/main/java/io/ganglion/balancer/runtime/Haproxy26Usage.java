package io.ganglion.balancer.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy 2.6's own words for every command its {@code help} lists, in the order HAProxy registers them.
 *
 * <p>Rows contributed by Ganglion's packages take their usage text from here (see
 * {@link CliCommand#haproxy}), so {@code help} and the "Unknown command" suggestions print exactly
 * what HAProxy prints. The list is data, copied from {@code help} on HAProxy 2.6.12
 * ({@code out/005-help.txt} of the captures); each line is {@code command words|usage line}.
 * The words are spelled out because the usage text does not always give them
 * ({@code new ssl crl-file} is shown as {@code new ssl crlfile}).
 *
 * <p>Two orders matter. {@code help} sorts its lines by comparing them byte by byte, which
 * {@link CommandRegistry} does for every row, catalogued or not. The "Unknown command" suggestions
 * keep, among equally close commands, the one HAProxy registered first; so the list is kept in
 * HAProxy 2.6's registration order (its keyword tables in link order: the SSL files, then
 * stream.c, stats.c, server.c, ... as in the 2.6 Makefile, each table in source order), and
 * {@link #registrationRank} gives a row its place.
 */
public final class Haproxy26Usage {

    private static final String CATALOG = """
            show tls-keys|show tls-keys [id|*]                    : show tls keys references or dump tls ticket keys when id specified
            set ssl tls-key|set ssl tls-key [id|file] <key>         : set the next TLS key for the <id> or <file> listener to <key>
            set ssl ocsp-response|set ssl ocsp-response <resp|payload>    : update a certificate's OCSP Response from a base64-encode DER
            show ssl ocsp-response|show ssl ocsp-response [id]             : display the IDs of the OCSP responses used in memory, or the details of a single OCSP response
            show ssl providers|show ssl providers                      : show loaded SSL providers
            add ssl crt-list|add ssl crt-list <list> <cert> [opts]*  : add to crt-list file <list> a line <cert> or a payload
            del ssl crt-list|del ssl crt-list <list> <cert[:line]>   : delete a line <cert> from crt-list file <list>
            show ssl crt-list|show ssl crt-list [-n] [<list>]         : show the list of crt-lists or the content of a crt-list file <list>
            new ssl cert|new ssl cert <certfile>                 : create a new certificate file to be used in a crt-list or a directory
            set ssl cert|set ssl cert <certfile> <payload>       : replace a certificate file
            commit ssl cert|commit ssl cert <certfile>              : commit a certificate file
            abort ssl cert|abort ssl cert <certfile>               : abort a transaction for a certificate file
            del ssl cert|del ssl cert <certfile>                 : delete an unused certificate file
            show ssl cert|show ssl cert [<certfile>]              : display the SSL certificates used in memory, or the details of a file
            new ssl ca-file|new ssl ca-file <cafile>                : create a new CA file to be used in a crt-list
            set ssl ca-file|set ssl ca-file <cafile> <payload>      : replace a CA file
            commit ssl ca-file|commit ssl ca-file <cafile>             : commit a CA file
            abort ssl ca-file|abort ssl ca-file <cafile>              : abort a transaction for a CA file
            del ssl ca-file|del ssl ca-file <cafile>                : delete an unused CA file
            show ssl ca-file|show ssl ca-file [<cafile>[:<index>]]   : display the SSL CA files used in memory, or the details of a <cafile>, or a single certificate of index <index> of a CA file <cafile>
            new ssl crl-file|new ssl crlfile <crlfile>               : create a new CRL file to be used in a crt-list
            set ssl crl-file|set ssl crl-file <crlfile> <payload>    : replace a CRL file
            commit ssl crl-file|commit ssl crl-file <crlfile>           : commit a CRL file
            abort ssl crl-file|abort ssl crl-file <crlfile>            : abort a transaction for a CRL file
            del ssl crl-file|del ssl crl-file <crlfile>              : delete an unused CRL file
            show ssl crl-file|show ssl crl-file [<crlfile[:<index>>]] : display the SSL CRL files used in memory, or the details of a <crlfile>, or a single CRL of index <index> of CRL file <crlfile>
            show sess|show sess [id]                          : report the list of current sessions or dump this exact session
            shutdown session|shutdown session [id]                   : kill a specific session
            shutdown sessions server|shutdown sessions server <bk>/<srv>     : kill sessions on a server
            clear counters|clear counters [all]                    : clear max statistics counters (or all counters)
            show info|show info [desc|json|typed|float]*      : report information about the running process
            show stat|show stat [desc|json|no-maint|typed|up]*: report counters for each proxy and server
            show schema json|show schema json                        : report schema used for stats
            disable agent|disable agent                           : disable agent checks
            disable health|disable health                          : disable health checks
            disable server|disable server (DEPRECATED)             : disable a server for maintenance (use 'set server' instead)
            enable agent|enable agent                            : enable agent checks
            enable health|enable health                           : enable health checks
            enable server|enable server  (DEPRECATED)             : enable a disabled server (use 'set server' instead)
            set maxconn server|set maxconn server <bk>/<srv>           : change a server's maxconn setting
            set server|set server <bk>/<srv> [opts]            : change a server's state, weight, address or ssl
            get weight|get weight <bk>/<srv>                   : report a server's current weight
            set weight|set weight <bk>/<srv>  (DEPRECATED)     : change a server's weight (use 'set server' instead)
            add server|add server <bk>/<srv>                   : create a new server
            del server|del server <bk>/<srv>                   : remove a dynamically added server
            clear table|clear table <table> [<filter>]*         : remove an entry from a table (filter: data/key)
            set table|set table <table> key <k> [data.* <v>]* : update or create a table entry's data
            show table|show table <table> [<filter>]*          : report table usage stats or dump this table's contents (filter: data/key)
            show peers|show peers [dict|-] [section]           : dump some information about all the peers or this peers section
            show resolvers|show resolvers [id]                     : dumps counters from all resolvers section and associated name servers
            set maxconn global|set maxconn global <value>              : change the per-process maxconn setting
            set rate-limit|set rate-limit <setting> <value>        : change a rate limiting value
            set severity-output|set severity-output [none|number|string]: set presence of severity level in feedback information
            set timeout|set timeout [cli] <delay>               : change a timeout setting
            show env|show env [var]                          : dump environment variables known to the process
            show cli sockets|show cli sockets                        : dump list of cli sockets
            show cli level|show cli level                          : display the level of the current CLI session
            show fd|show fd [num]                           : dump list of file descriptors in use or a specific one
            show activity|show activity                           : show per-thread activity stats (for support/developers)
            show version|show version                            : show version of the current process
            operator|operator                                : lower the level of the current CLI session to operator
            user|user                                    : lower the level of the current CLI session to user
            disable frontend|disable frontend <frontend>             : temporarily disable specific frontend
            enable frontend|enable frontend <frontend>              : re-enable specific frontend
            set maxconn frontend|set maxconn frontend <frontend> <value> : change a frontend's maxconn setting
            show servers conn|show servers conn [<backend>]           : dump server connections status (all or for a single backend)
            show servers state|show servers state [<backend>]          : dump volatile server information (all or for a single backend)
            show backend|show backend                            : list backends in the current running config
            shutdown frontend|shutdown frontend <frontend>            : stop a specific frontend
            set dynamic-cookie-key backend|set dynamic-cookie-key backend <bk> <k> : change a backend secret key for dynamic cookies
            enable dynamic-cookie backend|enable dynamic-cookie backend <bk>      : enable dynamic cookies on a specific backend
            disable dynamic-cookie backend|disable dynamic-cookie backend <bk>     : disable dynamic cookies on a specific backend
            show errors|show errors [<px>] [request|response]   : report last request and/or response errors for each proxy
            show cache|show cache                              : show cache status
            get var|get var <name>                          : retrieve contents of a process-wide variable
            show libs|show libs                               : show loaded object files and libraries
            show threads|show threads                            : show some threads debugging information
            show events|show events [<sink>] [-w] [-n]          : show event sink state
            add acl|add acl [@<ver>] <acl> <pattern>        : add an acl entry
            clear acl|clear acl [@<ver>] <acl>                : clear the contents of this acl
            commit acl|commit acl @<ver> <acl>                 : commit the ACL at this version
            del acl|del acl <acl> [<key>|#<ref>]            : delete acl entries matching <key>
            get acl|get acl <acl> <value>                   : report the patterns matching a sample for an ACL
            prepare acl|prepare acl <acl>                       : prepare a new version for atomic ACL replacement
            show acl|show acl [@<ver>] <acl>]                : report available acls or dump an acl's contents
            add map|add map [@<ver>] <map> <key> <val>      : add a map entry (payload supported instead of key/val)
            clear map|clear map [@<ver>] <map>                : clear the contents of this map
            commit map|commit map @<ver> <map>                 : commit the map at this version
            del map|del map <map> [<key>|#<ref>]            : delete map entries matching <key>
            get map|get map <acl> <value>                   : report the keys and values matching a sample for a map
            prepare map|prepare map <acl>                       : prepare a new version for atomic map replacement
            set map|set map <map> [<key>|#<ref>] <value>    : modify a map entry
            show map|show map [@ver] [map]                   : report available maps or dump a map's contents
            show pools|show pools                              : report information about the memory pools usage
            trace|trace [<module>|0] [cmd [args...]]      : manage live tracing (empty to list, 0 to stop all)
            show trace|show trace [<module>]                   : show live tracing state
            set profiling|set profiling <what> {auto|on|off}      : enable/disable resource profiling (tasks,memory)
            show profiling|show profiling [<what>|<#lines>|byaddr]*: show profiling state (all,status,tasks,memory)
            show tasks|show tasks                              : show running tasks
            show startup-logs|show startup-logs                       : report logs emitted during HAProxy startup
            """;

    private static final Map<List<String>, String> USAGE_BY_WORDS = parse(CATALOG);
    private static final Map<List<String>, Integer> RANK_BY_WORDS = ranks(USAGE_BY_WORDS);

    private Haproxy26Usage() {
    }

    /** HAProxy 2.6's usage line for the command spelled by {@code words}, if HAProxy lists it. */
    public static Optional<String> usageOf(List<String> words) {
        return Optional.ofNullable(USAGE_BY_WORDS.get(List.copyOf(words)));
    }

    /** Every usage line of HAProxy 2.6's {@code help} (without help/prompt/quit), in registration order. */
    public static List<String> orderedUsage() {
        return List.copyOf(USAGE_BY_WORDS.values());
    }

    /** The command words of every catalogued command, in the same order as {@link #orderedUsage()}. */
    public static List<List<String>> orderedWords() {
        return List.copyOf(USAGE_BY_WORDS.keySet());
    }

    /** Where HAProxy 2.6 registers this command; commands it does not have come after all of its own. */
    static int registrationRank(List<String> words) {
        return RANK_BY_WORDS.getOrDefault(words, RANK_BY_WORDS.size());
    }

    private static Map<List<String>, Integer> ranks(Map<List<String>, String> catalog) {
        Map<List<String>, Integer> ranks = new HashMap<>();
        catalog.keySet().forEach(words -> ranks.put(words, ranks.size()));
        return Map.copyOf(ranks);
    }

    private static Map<List<String>, String> parse(String catalog) {
        Map<List<String>, String> byWords = new LinkedHashMap<>();
        catalog.lines().filter(line -> !line.isBlank()).forEach(line -> {
            int bar = line.indexOf('|');
            byWords.put(List.copyOf(Arrays.asList(line.substring(0, bar).split(" "))), line.substring(bar + 1));
        });
        return Collections.unmodifiableMap(byWords);
    }
}
