package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.config.Setting;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A frontend's {@code capture request header NAME len N} and {@code capture response header NAME
 * len N} lines, in their order (the order of {@code %hr} and {@code %hs}): what each stream keeps
 * of those headers for its log line. Immutable, kept on the proxy's configuration.
 */
public record HeaderCaptures(List<Capture> request, List<Capture> response) {
    public static final HeaderCaptures NONE = new HeaderCaptures(List.of(), List.of());
    /** The frontend's captures; a {@code listen} or {@code frontend} has them, no other section. */
    public static final Setting<HeaderCaptures> SETTING = Setting.of("capture", NONE);

    /** One captured header: its name (compared without case) and the characters kept of its value. */
    public record Capture(String name, int length) {
    }

    public HeaderCaptures {
        request = List.copyOf(request);
        response = List.copyOf(response);
    }

    public HeaderCaptures withRequest(Capture c) {
        return new HeaderCaptures(append(request, c), response);
    }

    public HeaderCaptures withResponse(Capture c) {
        return new HeaderCaptures(request, append(response, c));
    }

    /**
     * The request headers' values as HAProxy keeps them: the last occurrence of each header, cut
     * to its length; null for a header the request does not have. Null when nothing is captured.
     */
    public String[] captureRequest(HttpHeaders headers) {
        return capture(request, headers);
    }

    /** The same for a response head. */
    public String[] captureResponse(HttpHeaders headers) {
        return capture(response, headers);
    }

    /** A response that came from no server (a local answer): each response header captured as absent. */
    public String[] noResponse() {
        return response.isEmpty() ? null : new String[response.size()];
    }

    private static String[] capture(List<Capture> captures, HttpHeaders headers) {
        if (captures.isEmpty()) {
            return null;
        }
        String[] values = new String[captures.size()];
        // One pass over the headers, in their order: a later occurrence replaces an earlier one.
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            for (int i = 0; i < values.length; i++) {
                Capture c = captures.get(i);
                if (AsciiString.contentEqualsIgnoreCase(c.name(), h.getKey())) {
                    CharSequence v = h.getValue();
                    values[i] = v.subSequence(0, Math.min(c.length(), v.length())).toString();
                }
            }
        }
        return values;
    }

    private static List<Capture> append(List<Capture> list, Capture c) {
        Capture[] more = list.toArray(new Capture[list.size() + 1]);
        more[list.size()] = c;
        return List.of(more);
    }
}
