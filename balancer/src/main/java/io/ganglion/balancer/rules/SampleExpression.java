package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;

/**
 * A fetch and its converters ({@code src,map_ip(geo.lst,XX)}), compiled at load. Immutable; the data
 * path evaluates it without allocating anything but the samples.
 */
public final class SampleExpression {
    private final String text;
    private final String fetchName;
    private final Fetch fetch;
    private final Converter[] converters;
    private final SampleType type;

    SampleExpression(String text, String fetchName, Fetch fetch, Converter[] converters, SampleType type) {
        this.text = text;
        this.fetchName = fetchName;
        this.fetch = fetch;
        this.converters = converters;
        this.type = type;
    }

    /** The sample for this stream and phase message, or null when there is none. */
    public Sample evaluate(Stream stream, Object message) {
        Sample s = fetch.fetch(stream, message);
        for (int i = 0; i < converters.length && s != null; i++) {
            s = converters[i].convert(s, stream);
        }
        return s;
    }

    /**
     * Whether {@code test} holds for the sample, or for one of them when the fetch has several
     * values (each one converted in turn): how an ACL matches {@code hdr(x)} against every
     * occurrence of the header.
     */
    public boolean anyMatch(Stream stream, Object message, java.util.function.Predicate<Sample> test) {
        if (!(fetch instanceof MultiValueFetch multi)) {
            Sample s = evaluate(stream, message);
            return s != null && test.test(s);
        }
        return multi.anyValue(stream, message, value -> {
            Sample s = value;
            for (int i = 0; i < converters.length && s != null; i++) {
                s = converters[i].convert(s, stream);
            }
            return s != null && test.test(s);
        });
    }

    /** The sample as text, or null when there is none (a log line prints {@code -} then). */
    public String render(Stream stream, Object message) {
        Sample s = evaluate(stream, message);
        return s == null ? null : s.asString();
    }

    /** The type of the last fetch or converter: an ACL's matching method when none is named. */
    public SampleType type() {
        return type;
    }

    /** The fetch's name, as HAProxy names an inline ACL reference ({@code acl 'src' file ...}). */
    public String fetchName() {
        return fetchName;
    }

    @Override
    public String toString() {
        return text;
    }
}
