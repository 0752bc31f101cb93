package io.ganglion.balancer.rules;

import static io.ganglion.balancer.rules.HttpMessages.request;

import io.ganglion.balancer.module.FetchKeyword;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.server.Server;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code rules} package's sample fetches (HAProxy 2.6 configuration manual, section 7.3): layer 4
 * ({@code src}, {@code dst}...), proxies and servers, HTTP request and response, variables and
 * internal values. Each one is a row; the data path calls the compiled lambda.
 */
final class GenericFetches {
    private GenericFetches() {
    }

    static List<FetchKeyword> table() {
        ArgumentSpec name = ArgumentSpec.of(1, ArgType.STR);
        ArgumentSpec nameOcc = ArgumentSpec.of(0, ArgType.STR, ArgType.SINT);
        return List.of(
                FetchKeyword.of("src", SampleType.ADDR, (s, m) -> Sample.address(s.client().getAddress())),
                FetchKeyword.of("src_port", SampleType.SINT, (s, m) -> Sample.integer(s.client().getPort())),
                FetchKeyword.of("dst", SampleType.ADDR, (s, m) -> {
                    InetSocketAddress local = local(s, m);
                    return local == null ? null : Sample.address(local.getAddress());
                }),
                FetchKeyword.of("dst_port", SampleType.SINT, (s, m) -> {
                    InetSocketAddress local = local(s, m);
                    return local == null ? null : Sample.integer(local.getPort());
                }),
                FetchKeyword.of("fe_name", SampleType.STR, (s, m) -> Sample.string(s.frontend().name())),
                FetchKeyword.of("be_name", SampleType.STR, (s, m) -> s.backend() == null ? null : Sample.string(s.backend().name())).needing(SampleUse.BACKEND),
                new FetchKeyword("fe_id", ArgumentSpec.NONE, SampleType.SINT,
                        (args, scope) -> (s, m) -> Sample.integer(scope.load().proxyId(s.frontend().name()))),
                new FetchKeyword("be_id", ArgumentSpec.NONE, SampleType.SINT, (args, scope) -> (s, m) ->
                        s.backend() == null ? null : Sample.integer(scope.load().proxyId(s.backend().name()))).needing(SampleUse.BACKEND),
                FetchKeyword.of("srv_name", SampleType.STR, (s, m) -> s.server() == null ? null : Sample.string(s.server().name())).needing(SampleUse.SERVER),
                FetchKeyword.of("srv_id", SampleType.SINT, (s, m) -> s.server() == null ? null : Sample.integer(s.server().id())).needing(SampleUse.SERVER),
                new FetchKeyword("nbsrv", ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> (s, m) -> {
                    Backend b = args.isEmpty() ? s.backend() : scope.load().backend((String) args.get(0));
                    if (b == null) {
                        return null;
                    }
                    int active = b.activeServersUp();
                    return Sample.integer(active > 0 ? active : b.backupServersUp());
                }),
                new FetchKeyword("be_conn", ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> (s, m) -> {
                    Backend b = args.isEmpty() ? s.backend() : scope.load().backend((String) args.get(0));
                    if (b == null) {
                        return null;
                    }
                    long n = 0;
                    for (Server srv : b.servers()) {
                        n += srv.activeConnections();
                    }
                    return Sample.integer(n);
                }),
                new FetchKeyword("srv_is_up", ArgumentSpec.of(1, ArgType.STR), SampleType.BOOL, GenericFetches::srvIsUp),
                new FetchKeyword("str", ArgumentSpec.of(1, ArgType.STR), SampleType.STR, (args, scope) -> {
                    Sample v = Sample.string((String) args.get(0));
                    return (s, m) -> v;
                }),
                new FetchKeyword("int", ArgumentSpec.of(1, ArgType.SINT), SampleType.SINT, (args, scope) -> {
                    Sample v = Sample.integer((Long) args.get(0));
                    return (s, m) -> v;
                }),
                new FetchKeyword("bool", ArgumentSpec.of(1, ArgType.SINT), SampleType.BOOL, (args, scope) -> {
                    Sample v = Sample.bool((Long) args.get(0) != 0);
                    return (s, m) -> v;
                }),
                FetchKeyword.of("always_true", SampleType.BOOL, (s, m) -> Sample.bool(true)),
                FetchKeyword.of("always_false", SampleType.BOOL, (s, m) -> Sample.bool(false)),
                new FetchKeyword("env", name, SampleType.STR, (args, scope) -> (s, m) -> {
                    String v = System.getenv((String) args.get(0));
                    return v == null ? null : Sample.string(v);
                }),
                new FetchKeyword("date", ArgumentSpec.of(0, ArgType.SINT), SampleType.SINT, (args, scope) -> {
                    long offset = args.isEmpty() ? 0 : (Long) args.get(0);
                    return (s, m) -> Sample.integer(System.currentTimeMillis() / 1000 + offset);
                }),
                new FetchKeyword("rand", ArgumentSpec.of(0, ArgType.SINT), SampleType.SINT, (args, scope) -> {
                    long range = args.isEmpty() ? 1L << 32 : (Long) args.get(0);
                    return (s, m) -> Sample.integer(range <= 0 ? 0 : ThreadLocalRandom.current().nextLong(range));
                }),
                new FetchKeyword("var", name, SampleType.ANY, (args, scope) -> {
                    String var = Variables.checkName((String) args.get(0));
                    return (s, m) -> Variables.get(s, var);
                }),
                // HTTP request
                FetchKeyword.of("req.proto_http", SampleType.BOOL, (s, m) -> Sample.bool(request(s, m) != null)),
                FetchKeyword.of("method", SampleType.STR, (s, m) -> http(s, m) == null ? null : Sample.string(http(s, m).method().name())).needing(SampleUse.HTTP_REQUEST_LINE),
                FetchKeyword.of("path", SampleType.STR, (s, m) -> http(s, m) == null ? null : Sample.string(HttpMessages.path(http(s, m).uri()))).needing(SampleUse.HTTP_REQUEST),
                FetchKeyword.of("url", SampleType.STR, (s, m) -> http(s, m) == null ? null : Sample.string(http(s, m).uri())).needing(SampleUse.HTTP_REQUEST),
                FetchKeyword.of("query", SampleType.STR, (s, m) -> {
                    HttpRequest r = http(s, m);
                    String q = r == null ? null : HttpMessages.query(r.uri());
                    return q == null ? null : Sample.string(q);
                }).needing(SampleUse.HTTP_REQUEST),
                FetchKeyword.of("base", SampleType.STR, (s, m) -> {
                    HttpRequest r = http(s, m);
                    if (r == null) {
                        return null;
                    }
                    String host = r.headers().get("Host");
                    String path = HttpMessages.path(r.uri());
                    return Sample.string(host == null ? path : host + path);
                }).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("url_param", ArgumentSpec.of(0, ArgType.STR, ArgType.STR), SampleType.STR, GenericFetches::urlParam).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("urlp", ArgumentSpec.of(0, ArgType.STR, ArgType.STR), SampleType.STR, GenericFetches::urlParam).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("req.hdr", nameOcc, SampleType.STR, (args, scope) -> header(args, false, true)).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("hdr", nameOcc, SampleType.STR, (args, scope) -> header(args, false, true)).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("req.fhdr", nameOcc, SampleType.STR, (args, scope) -> header(args, true, true)).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("req.hdr_cnt", ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> count(args, true)).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("hdr_cnt", ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> count(args, true)).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("req.cook", ArgumentSpec.of(1, ArgType.STR), SampleType.STR, GenericFetches::cookie).needing(SampleUse.HTTP_REQUEST),
                new FetchKeyword("cook", ArgumentSpec.of(1, ArgType.STR), SampleType.STR, GenericFetches::cookie).needing(SampleUse.HTTP_REQUEST),
                FetchKeyword.of("req.ver", SampleType.STR, (s, m) -> {
                    HttpRequest r = http(s, m);
                    return r == null ? null : Sample.string(r.protocolVersion().majorVersion() + "." + r.protocolVersion().minorVersion());
                }).needing(SampleUse.HTTP_REQUEST),
                // HTTP response
                new FetchKeyword("res.hdr", nameOcc, SampleType.STR, (args, scope) -> header(args, false, false)).needing(SampleUse.HTTP_RESPONSE_HEADERS),
                new FetchKeyword("shdr", nameOcc, SampleType.STR, (args, scope) -> header(args, false, false)).needing(SampleUse.HTTP_RESPONSE_HEADERS),
                new FetchKeyword("res.fhdr", nameOcc, SampleType.STR, (args, scope) -> header(args, true, false)).needing(SampleUse.HTTP_RESPONSE_HEADERS),
                new FetchKeyword("res.cook", ArgumentSpec.of(1, ArgType.STR), SampleType.STR, (args, scope) -> {
                    String cookie = (String) args.get(0);
                    return (s, m) -> {
                        HttpResponse r = HttpMessages.response(m);
                        String v = r == null ? null : HttpMessages.setCookie(r.headers(), cookie);
                        return v == null ? null : Sample.string(v);
                    };
                }).needing(SampleUse.HTTP_RESPONSE_HEADERS),
                new FetchKeyword("res.hdr_cnt", ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> count(args, false)).needing(SampleUse.HTTP_RESPONSE_HEADERS),
                FetchKeyword.of("status", SampleType.SINT, (s, m) -> {
                    HttpResponse r = HttpMessages.response(m);
                    if (r != null) {
                        return Sample.integer(r.status().code());
                    }
                    return s.status() > 0 ? Sample.integer(s.status()) : null;
                }).needing(SampleUse.HTTP_RESPONSE));
    }

    private static HttpRequest http(Stream s, Object m) {
        return request(s, m);
    }

    /** The stream's local address: the channel's in the connection phase, else the client connection's. */
    private static InetSocketAddress local(Stream s, Object m) {
        if (m instanceof Channel c) {
            return (InetSocketAddress) c.localAddress();
        }
        return s.localAddress();
    }

    private static Fetch srvIsUp(List<Object> args, RuleScope scope) throws RuleException {
        String arg = (String) args.get(0);
        int slash = arg.indexOf('/');
        String backend = slash < 0 ? null : arg.substring(0, slash);
        String server = slash < 0 ? arg : arg.substring(slash + 1);
        return (s, m) -> {
            Backend b = backend == null ? s.backend() : scope.load().backend(backend);
            Server srv = b == null ? null : b.server(server).orElse(null);
            if (srv == null) {
                return null;
            }
            var st = srv.settings();
            return Sample.bool(st.effectiveAdmin() != io.ganglion.balancer.server.AdminState.MAINT
                    && st.health() == io.ganglion.balancer.server.OperationalState.UP);
        };
    }

    private static Fetch urlParam(List<Object> args, RuleScope scope) {
        String param = args.isEmpty() ? "" : (String) args.get(0);
        char delim = args.size() > 1 && !((String) args.get(1)).isEmpty() ? ((String) args.get(1)).charAt(0) : '&';
        return (s, m) -> {
            HttpRequest r = http(s, m);
            String v = r == null ? null : HttpMessages.urlParam(r.uri(), param, delim);
            return v == null ? null : Sample.string(v);
        };
    }

    private static Fetch cookie(List<Object> args, RuleScope scope) {
        String cookie = (String) args.get(0);
        return new MultiValueFetch() {
            @Override
            public Sample fetch(Stream s, Object m) {
                HttpRequest r = http(s, m);
                String v = r == null ? null : HttpMessages.cookie(r.headers(), cookie);
                return v == null ? null : Sample.string(v);
            }

            @Override
            public boolean anyValue(Stream s, Object m, java.util.function.Predicate<Sample> test) {
                HttpRequest r = http(s, m);
                if (r != null) {
                    for (String v : HttpMessages.cookies(r.headers(), cookie)) {
                        if (test.test(Sample.string(v))) {
                            return true;
                        }
                    }
                }
                return false;
            }
        };
    }

    /** {@code req.hdr(name[,occ])} and its kin: {@code full} keeps each line whole ({@code fhdr}). */
    private static Fetch header(List<Object> args, boolean full, boolean request) {
        String name = args.isEmpty() ? null : (String) args.get(0);
        long occ = args.size() > 1 ? (Long) args.get(1) : 0;
        Fetch one = (s, m) -> {
            List<String> values = values(s, m, name, full, request);
            String v = values == null ? null : HttpMessages.occurrence(values, occ);
            return v == null ? null : Sample.string(v);
        };
        if (args.size() > 1) {
            return one; // a chosen occurrence is the only one, in an ACL too
        }
        return new MultiValueFetch() {
            @Override
            public Sample fetch(Stream s, Object m) {
                return one.fetch(s, m);
            }

            @Override
            public boolean anyValue(Stream s, Object m, java.util.function.Predicate<Sample> test) {
                List<String> values = values(s, m, name, full, request);
                if (values != null) {
                    for (String v : values) {
                        if (test.test(Sample.string(v))) {
                            return true;
                        }
                    }
                }
                return false;
            }
        };
    }

    /** The header's values as {@code hdr()} ({@code full}: {@code fhdr()}) sees them; null without a message or a name. */
    private static List<String> values(Stream s, Object m, String name, boolean full, boolean request) {
        io.netty.handler.codec.http.HttpHeaders headers = headers(s, m, request);
        if (headers == null || name == null) {
            return null;
        }
        return full ? headers.getAll(name) : HttpMessages.values(headers, name);
    }

    private static Fetch count(List<Object> args, boolean request) {
        String name = args.isEmpty() ? null : (String) args.get(0);
        return (s, m) -> {
            io.netty.handler.codec.http.HttpHeaders headers = headers(s, m, request);
            if (headers == null) {
                return null;
            }
            return Sample.integer(name == null ? headers.size() : HttpMessages.values(headers, name).size());
        };
    }

    private static io.netty.handler.codec.http.HttpHeaders headers(Stream s, Object m, boolean request) {
        if (request) {
            HttpRequest r = http(s, m);
            return r == null ? null : r.headers();
        }
        HttpResponse r = HttpMessages.response(m);
        return r == null ? null : r.headers();
    }
}
