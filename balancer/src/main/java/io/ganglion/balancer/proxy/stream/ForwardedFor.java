package io.ganglion.balancer.proxy.stream;

import io.netty.handler.codec.http.HttpRequest;

/** {@code option forwardfor}: the server hears the client's address in {@code X-Forwarded-For}. */
enum ForwardedFor implements StreamAction<HttpRequest> {
    /** The backend has the option. */
    ALWAYS {
        @Override
        public Verdict apply(Stream stream, HttpRequest request) {
            add(stream, request);
            return Verdict.CONTINUE;
        }
    },
    /** The backend has not: the frontend's option decides. */
    WHEN_FRONTEND_ASKS {
        @Override
        public Verdict apply(Stream stream, HttpRequest request) {
            if (stream.frontend().config().forwardFor()) {
                add(stream, request);
            }
            return Verdict.CONTINUE;
        }
    };

    private static void add(Stream stream, HttpRequest request) {
        request.headers().add("X-Forwarded-For", stream.client().getAddress().getHostAddress());
    }
}
