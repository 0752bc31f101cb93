package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import io.netty.util.internal.PlatformDependent;
import java.text.ParseException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The header fields of one HTTP/1 message, as Netty's codec and the rules use them, stored as one
 * flat array of name/value pairs in the order they came. A head has a handful of fields (5 to 30):
 * a linear case-insensitive search over them costs less than hashing, and the store is one object
 * and one array instead of Netty's map (its bucket array, an entry object per field, two wrapper
 * objects), which was the largest part of what a keep-alive request allocated.
 *
 * <p>It behaves as Netty's {@code DefaultHttpHeaders} made by {@link DefaultHttpHeadersFactory}
 * does, down to the validation's exceptions (the same validators are used), because the decoder
 * relies on them to refuse a request: names compare without case, {@link #get} gives the first
 * value, {@link #set} removes every field of the name and appends the new one at the end, values
 * are converted as Netty converts them. {@code CompactHeadersTest} runs the same operations on both.
 *
 * <p>Confined to one event loop, as the message it belongs to.
 */
final class CompactHeaders extends HttpHeaders {
    private static final DefaultHttpHeadersFactory HEAD_VALIDATION = DefaultHttpHeadersFactory.headersFactory();
    /** For a message's head: names and values validated as Netty's default headers. */
    static final HttpHeadersFactory HEADERS = new Factory(HEAD_VALIDATION);
    /** For a message's trailers: Netty's trailer validation (no framing field among them). */
    static final HttpHeadersFactory TRAILERS = new Factory(DefaultHttpHeadersFactory.trailersFactory());

    private static final CharSequence[] NONE = new CharSequence[0];
    /** Room for a usual head (in pairs) before the array grows, when nothing better is known. */
    private static final int FIRST_PAIRS = 8;

    /** Netty's validators of names and values (one reference: three of these objects are made per request). */
    private final DefaultHttpHeadersFactory validation;
    /**
     * name0, value0, name1, value1...; for a head sized as its connection's previous one, made with
     * it; otherwise on the first field (a trailer map usually stays empty).
     */
    private CharSequence[] fields;
    private int size;

    private CompactHeaders(DefaultHttpHeadersFactory validation, CharSequence[] fields) {
        this.validation = validation;
        this.fields = fields;
    }

    /**
     * For the heads of one connection, each new one with room for as many fields as the previous
     * one ended with: the requests of a keep-alive client, the responses of a server, mostly carry
     * the same fields, so the array is made once at its size (and grows as any when it is not).
     * Confined to the connection's event loop.
     */
    static HttpHeadersFactory sizedAsPrevious() {
        return new HttpHeadersFactory() {
            private CompactHeaders previous;

            @Override
            public HttpHeaders newHeaders() {
                CompactHeaders h = new CompactHeaders(HEAD_VALIDATION,
                        previous == null ? NONE : new CharSequence[2 * Math.max(1, previous.size)]);
                previous = h;
                return h;
            }

            @Override
            public HttpHeaders newEmptyHeaders() {
                return newHeaders();
            }
        };
    }

    /** A connection's own copy of the decoder settings {@code shared}, its heads made by {@link #sizedAsPrevious()}. */
    static HttpDecoderConfig perConnection(HttpDecoderConfig shared) {
        return shared.clone().setHeadersFactory(sizedAsPrevious());
    }

    private static final class Factory implements HttpHeadersFactory {
        private final DefaultHttpHeadersFactory validation;

        Factory(DefaultHttpHeadersFactory validation) {
            this.validation = validation;
        }

        @Override
        public HttpHeaders newHeaders() {
            return new CompactHeaders(validation, NONE);
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return newHeaders();
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    private int indexOf(CharSequence name, int from) {
        for (int i = from; i < size; i++) {
            if (AsciiString.contentEqualsIgnoreCase(fields[2 * i], name)) {
                return i;
            }
        }
        return -1;
    }

    /** The first value of this name, or null. */
    private CharSequence firstValue(CharSequence name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : fields[2 * i + 1];
    }

    private int lastIndexOf(CharSequence name, int from) {
        for (int i = from; i >= 0; i--) {
            if (AsciiString.contentEqualsIgnoreCase(fields[2 * i], name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(String name) {
        return get((CharSequence) name);
    }

    @Override
    public String get(CharSequence name) {
        CharSequence value = firstValue(name);
        return value == null ? null : value.toString();
    }

    @Override
    public String get(CharSequence name, String defaultValue) {
        String value = get(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public Integer getInt(CharSequence name) {
        CharSequence value = firstValue(name);
        if (value == null) {
            return null;
        }
        try {
            return value instanceof AsciiString a ? a.parseInt() : Integer.parseInt(value.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        Integer value = getInt(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public Short getShort(CharSequence name) {
        CharSequence value = firstValue(name);
        if (value == null) {
            return null;
        }
        try {
            return value instanceof AsciiString a ? a.parseShort() : Short.parseShort(value.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        Short value = getShort(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public Long getTimeMillis(CharSequence name) {
        CharSequence value = firstValue(name);
        if (value == null) {
            return null;
        }
        Date date = DateFormatter.parseHttpDate(value);
        if (date == null) {
            // Netty's converter throws this checked exception past its own catch of runtime ones.
            PlatformDependent.throwException(new ParseException("header can't be parsed into a Date: " + value, 0));
        }
        return date.getTime();
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        Long value = getTimeMillis(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        int first = indexOf(name, 0);
        if (first < 0) {
            return Collections.emptyList();
        }
        int next = indexOf(name, first + 1);
        if (next < 0) {
            return Collections.singletonList(fields[2 * first + 1].toString());
        }
        List<String> values = new ArrayList<>(4);
        for (int i = first; i >= 0; i = indexOf(name, i + 1)) {
            values.add(fields[2 * i + 1].toString());
        }
        return values;
    }

    @Override
    public Iterator<String> valueStringIterator(CharSequence name) {
        Iterator<? extends CharSequence> values = valueCharSequenceIterator(name);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return values.hasNext();
            }

            @Override
            public String next() {
                return values.next().toString();
            }
        };
    }

    /** The values of a name, the last one first: the order of Netty's default headers here (unlike {@link #getAll}). */
    @Override
    public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
        return new Iterator<CharSequence>() {
            private int next = lastIndexOf(name, size - 1);

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public CharSequence next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                CharSequence value = fields[2 * next + 1];
                next = lastIndexOf(name, next - 1);
                return value;
            }
        };
    }

    @Override
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(fields[2 * i].toString(), fields[2 * i + 1].toString()));
        }
        return entries;
    }

    @Override
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(name, 0) >= 0;
    }

    /** A field of this name with exactly this value (Netty's default headers compare whole values here, not list items). */
    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            CharSequence v = fields[2 * i + 1];
            if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(v, value) : AsciiString.contentEquals(v, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        return contains((CharSequence) name, value, ignoreCase);
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Fields<>() {
            @Override
            Map.Entry<String, String> entry(CharSequence name, CharSequence value) {
                return new AbstractMap.SimpleImmutableEntry<>(name.toString(), value.toString());
            }
        };
    }

    @Override
    public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return new Fields<>() {
            @Override
            Map.Entry<CharSequence, CharSequence> entry(CharSequence name, CharSequence value) {
                return new AbstractMap.SimpleImmutableEntry<>(name, value);
            }
        };
    }

    /** The fields in their order, each as an entry made when reached. */
    private abstract class Fields<E> implements Iterator<E> {
        private int next;

        abstract E entry(CharSequence name, CharSequence value);

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public E next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            E e = entry(fields[2 * next], fields[2 * next + 1]);
            next++;
            return e;
        }
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * The names in their first order, as Netty's default headers give them: distinct as the stored
     * objects are ({@code "accept"} as a String and as an AsciiString are two), read as Strings.
     */
    @Override
    public Set<String> names() {
        Set<CharSequence> names = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            names.add(fields[2 * i]);
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                Iterator<CharSequence> it = names.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public String next() {
                        return it.next().toString();
                    }
                };
            }

            @Override
            public int size() {
                return names.size();
            }
        };
    }

    /**
     * Writes every field of {@code headers} as {@code name: value CRLF}, as Netty's encoder does,
     * with neither an iterator nor an entry per field, when they are compact ones; false otherwise
     * (a locally made answer's), left to Netty's encoder.
     */
    static boolean encoded(HttpHeaders headers, ByteBuf out) {
        if (headers instanceof CompactHeaders compact) {
            compact.encode(out);
            return true;
        }
        return false;
    }

    private void encode(ByteBuf out) {
        for (int i = 0; i < size; i++) {
            CharSequence name = fields[2 * i];
            CharSequence value = fields[2 * i + 1];
            out.ensureWritable(name.length() + value.length() + 4);
            writeAscii(name, out);
            out.writeByte(':');
            out.writeByte(' ');
            writeAscii(value, out);
            out.writeByte('\r');
            out.writeByte('\n');
        }
    }

    private static void writeAscii(CharSequence s, ByteBuf out) {
        if (s instanceof AsciiString a) {
            out.writeBytes(a.array(), a.arrayOffset(), a.length());
        } else {
            out.writeCharSequence(s, io.netty.util.CharsetUtil.US_ASCII);
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    @Override
    public HttpHeaders add(String name, Object value) {
        return add((CharSequence) name, value);
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        validation.getNameValidator().validateName(name);
        append(name, valueOf(name, value));
        return this;
    }

    /**
     * A field of a head read by {@link PlainHead}, whose name is a token and whose value is visible
     * characters with spaces and tabs inside, neither first nor last: what the head's validators
     * accept, so they are not run on it again (they scanned every character of every field, twice
     * per keep-alive request). Any other validation (a trailer's) still runs.
     */
    void addParsed(CharSequence name, String value) {
        if (validation == HEAD_VALIDATION) {
            append(name, value);
        } else {
            add(name, value);
        }
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        return add((CharSequence) name, values);
    }

    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> values) {
        validation.getNameValidator().validateName(name);
        for (Object value : values) {
            append(name, valueOf(name, value));
        }
        return this;
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        return add(name, String.valueOf(value));
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        return add(name, String.valueOf(value));
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        return set((CharSequence) name, value);
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        validation.getNameValidator().validateName(name);
        CharSequence v = valueOf(name, value);
        removeAll(name);
        append(name, v);
        return this;
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        return set((CharSequence) name, values);
    }

    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> values) {
        validation.getNameValidator().validateName(name);
        removeAll(name);
        for (Object value : values) {
            if (value == null) {
                break; // as Netty's default headers: the values up to the first null
            }
            append(name, valueOf(name, value));
        }
        return this;
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        return set(name, String.valueOf(value));
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        return set(name, String.valueOf(value));
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        removeAll(name);
        return this;
    }

    @Override
    public HttpHeaders clear() {
        Arrays.fill(fields, 0, 2 * size, null);
        size = 0;
        return this;
    }

    @Override
    public HttpHeaders copy() {
        CompactHeaders copy = new CompactHeaders(validation, size == 0 ? NONE : Arrays.copyOf(fields, 2 * size));
        copy.size = size;
        return copy;
    }

    /** Netty's conversion of a value given as an object, then its validation with Netty's wording. */
    private CharSequence valueOf(CharSequence name, Object value) {
        Objects.requireNonNull(value, "value");
        CharSequence v;
        if (value instanceof CharSequence s) {
            v = s;
        } else if (value instanceof Date d) {
            v = DateFormatter.format(d);
        } else if (value instanceof Calendar c) {
            v = DateFormatter.format(c.getTime());
        } else {
            v = value.toString();
        }
        try {
            validation.getValueValidator().validate(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Validation failed for header '" + name + "'", e);
        }
        return v;
    }

    private void append(CharSequence name, CharSequence value) {
        if (2 * size == fields.length) {
            fields = Arrays.copyOf(fields, fields.length == 0 ? 2 * FIRST_PAIRS : 2 * fields.length);
        }
        fields[2 * size] = name;
        fields[2 * size + 1] = value;
        size++;
    }

    private void removeAll(CharSequence name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!AsciiString.contentEqualsIgnoreCase(fields[2 * i], name)) {
                fields[2 * kept] = fields[2 * i];
                fields[2 * kept + 1] = fields[2 * i + 1];
                kept++;
            }
        }
        Arrays.fill(fields, 2 * kept, 2 * size, null);
        size = kept;
    }
}
