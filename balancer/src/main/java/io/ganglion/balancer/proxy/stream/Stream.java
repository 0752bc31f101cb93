package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.proxy.LoopClock;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.session.LiveStream;
import io.ganglion.balancer.session.LiveStreams;
import io.ganglion.balancer.session.StreamNumbers;
import io.ganglion.balancer.session.StreamSides;
import io.ganglion.balancer.session.StreamSnapshot;
import io.ganglion.balancer.stats.TrafficCounters;
import io.ganglion.balancer.stick.StickCounter;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One {@code mode tcp} connection or one HTTP transaction, as HAProxy's stream: its frontend, the
 * backend and server chosen for it, its times, byte counts, termination flags and status, what the
 * log line is made of. The phases ({@link FrontendPhases}, {@link BackendPhases}) read and change
 * it; the connection handler that runs it ({@link Owner}) does the I/O.
 *
 * <p>Mutable by nature (it records a stream as it goes), and confined: every field is read and
 * written on the event loop of its client connection, so none is volatile and nothing locks.
 */
public final class Stream implements LiveStream {
    /** HAProxy's {@code tune.stick-counters} default: {@code sc0} to {@code sc2}. */
    public static final int STICK_COUNTERS = 3;

    /**
     * The connection handler running a stream: it can cut it ({@code shutdown session(s)}) and shows
     * what only it knows of it ({@code show sess}).
     */
    public interface Owner {
        void kill(Stream stream);

        /** The stream's connections, deadlines and HTTP state now; called on the stream's loop. */
        OwnerView view(Stream stream, long nowNanos);

        /** The counters of the listener that accepted the connection ({@code option socket-stats}), or null. */
        TrafficCounters listenerCounters();
    }

    /**
     * What {@code show sess} reads of a stream from its connection handler rather than from the
     * stream: the channels, the deadlines armed on them, the request bytes as HAProxy counts them
     * (an HTTP head in its internal form) and the HTTP transaction's state.
     *
     * @param client       the client connection
     * @param server       the server connection, or null (none yet, or released)
     * @param timers       the deadlines the stream waits on
     * @param requestBytes the request's size as {@code show sess} prints it
     * @param http         the HTTP transaction, or null for a {@code mode tcp} stream
     */
    public record OwnerView(Channel client, Channel server, StreamSnapshot.Timers timers, long requestBytes,
            StreamSnapshot.HttpTransaction http) {
    }

    private final long id;
    /** HAProxy's {@code uniq_id} and the {@code show sess} epoch when the stream began. */
    private final long rank;
    private final long epoch;
    private final Frontend frontend;
    private final InetSocketAddress client;
    private final Owner owner;
    /** The frontend's phases when the stream began: it runs them to its end, whatever is published meanwhile. */
    private final FrontendPhases phases;
    /** When the stream began (connection accepted, or the request's first byte read): the log's date. */
    private final long acceptMillis;
    private final long startNanos;
    /**
     * HAProxy's accept of an HTTP stream: when its connection became free for it (accepted, or the
     * previous response ended), and when the request's first byte came. Both are the start for a
     * stream that begins at its connection's accept ({@code mode tcp}).
     */
    private long readySinceNanos;
    private long firstByteNanos;
    /** The slots of {@code track-sc0..2}, made by the first tracking action (most streams track nothing). */
    private StickCounter[] stickCounters;
    /** Bits of the slots holding its connection's counters ({@link #inheritSessionCounters}), not its own to release. */
    private int inheritedSlots;
    private Backend backend;
    private Server server;
    /** An answer made after the body ({@link #answerLater}) and the name it is logged under, or null. */
    private DeferredAnswer deferredAnswer;
    private String serviceName;
    private LocalAnswer answer;
    /** The request head of an HTTP stream once read (the response phase's fetches read it), else null. */
    private HttpRequest request;
    /** The {@code txn.} and {@code sess.} variables the rules set, made by the first {@code set-var}. */
    private java.util.Map<String, Object> variables;
    private long queueNanos = -1;
    private long connectNanos = -1;
    /** When the response head arrived (System.nanoTime), 0 before. */
    private long responseHeadNanos;
    private long bytesIn;
    private long bytesOut;
    private int status;
    private int retries;
    private boolean redispatched;
    private long backendQueuePosition;
    /** The values of the frontend's {@code capture request/response header} lines ({@link HeaderCaptures}), null when none. */
    private String[] requestCaptures;
    private String[] responseCaptures;
    /** The unique id ({@link UniqueId}), made at most once; null before. */
    private String uniqueId;
    /** HAProxy's four termination characters; {@code mode tcp} logs the first two. */
    private String termination = "----";

    public Stream(Frontend frontend, InetSocketAddress client, Owner owner, StreamNumbers numbers) {
        this.id = LiveStreams.current().nextId(); // on the stream's own loop, whose ids it takes
        this.rank = numbers.nextRank();
        this.epoch = numbers.epoch();
        this.frontend = frontend;
        this.client = client;
        this.owner = owner;
        this.phases = frontend.phases();
        this.acceptMillis = LoopClock.currentTimeMillis();
        this.startNanos = LoopClock.nanoTime();
        this.readySinceNanos = startNanos;
        this.firstByteNanos = startNanos;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public void kill() {
        owner.kill(this);
    }

    @Override
    public StreamSnapshot snapshot() {
        long now = LoopClock.nanoTime();
        OwnerView view = owner.view(this, now);
        Channel sc = view.server();
        StreamSnapshot.ServerSide serverSide = server == null ? null
                : new StreamSnapshot.ServerSide(server.name(), server.id(), sc == null ? null : StreamSides.address(sc),
                        sc == null ? null : StreamSides.local(sc));
        var listener = StreamSides.listener(frontend.binds(), view.client());
        return new StreamSnapshot(id, rank, epoch, acceptMillis, now - startNanos,
                view.http() == null ? StreamSnapshot.Kind.TCP : StreamSnapshot.Kind.HTTP, StreamSides.client(view.client()),
                new StreamSnapshot.Proxy(frontend.name(), frontend.config().mode()), listener.id(), listener.address(),
                backend == null ? null : new StreamSnapshot.Proxy(backend.name(), backend.config().mode()), serverSide,
                view.timers(), view.requestBytes(), bytesOut, view.http());
    }

    /**
     * While the stream waits for a server: what is left of its backend's {@code timeout queue}
     * (HAProxy's default is {@code timeout connect}), counted from the stream's start; -1 when none.
     */
    public long queueLeftNanos(long nowNanos) {
        var t = backend.config().timeouts();
        Duration d = t.queue() != null ? t.queue() : t.connect();
        return d == null ? -1 : Math.max(0, d.toNanos() - (nowNanos - startNanos));
    }

    /**
     * The address the client connected to ({@code dst}), asked of the connection handler: rare
     * enough (a {@code dst} fetch) not to be kept on every stream.
     */
    public InetSocketAddress localAddress() {
        Channel c = owner.view(this, LoopClock.nanoTime()).client();
        return c == null ? null : (InetSocketAddress) c.localAddress();
    }

    /** The client connection, asked of the connection handler (the {@code ssl_fc_*} fetches read its TLS facts); may be null. */
    public Channel clientChannel() {
        return owner.view(this, LoopClock.nanoTime()).client();
    }

    public Frontend frontend() {
        return frontend;
    }

    /** The accepting listener's own counters ({@code option socket-stats}), or null: kept by the owner, not looked up. */
    public TrafficCounters listenerCounters() {
        return owner.listenerCounters();
    }

    /** HAProxy's {@code uniq_id}: the stream's rank among the balancer's streams, from 0 ({@code %rt}). */
    public long rank() {
        return rank;
    }

    public FrontendPhases phases() {
        return phases;
    }

    public InetSocketAddress client() {
        return client;
    }

    /** The backend chosen for this stream, or null before the choice (or when there is none). */
    public Backend backend() {
        return backend;
    }

    /** Sends this stream to {@code backend}: the choice of a {@code use_backend} rule, or the default. */
    public void chooseBackend(Backend chosen) {
        this.backend = chosen;
    }

    public void assignServer(Server s) {
        this.server = s;
    }

    /** Answers the request with {@code local} instead of a server's response. */
    public void answer(LocalAnswer local) {
        this.answer = local;
    }

    /**
     * Answers the request with what {@code service} makes once the body is read ({@link DeferredAnswer}),
     * {@code name} standing for the server in the log ({@code <STATS>}, as HAProxy logs its applets).
     */
    public void answerLater(String name, DeferredAnswer service) {
        this.deferredAnswer = service;
        this.serviceName = name;
        // HAProxy's applet is the stream's server, reached at once: it logs 0 for %Tw and %Tc
        this.queueNanos = 0;
        this.connectNanos = 0;
    }

    /** The answer to make once the body is read, or null. */
    public DeferredAnswer deferredAnswer() {
        return deferredAnswer;
    }

    /** The service that answered in place of a server ({@code <STATS>}), or null. */
    public String serviceName() {
        return serviceName;
    }

    /** The request head of this HTTP stream, or null (a {@code mode tcp} stream, or before the head is read). */
    public HttpRequest request() {
        return request;
    }

    public void request(HttpRequest head) {
        this.request = head;
    }

    /**
     * The stream's variables by full name ({@code txn.country}), made on first use: most streams set
     * none. Confined to the stream's loop like the rest of the stream.
     */
    public java.util.Map<String, Object> variables() {
        if (variables == null) {
            variables = new java.util.HashMap<>(4);
        }
        return variables;
    }

    /** Whether any variable was set (reading does not make the map). */
    public boolean hasVariables() {
        return variables != null && !variables.isEmpty();
    }

    /** The local answer an action chose, or null. */
    public LocalAnswer localAnswer() {
        return answer;
    }

    public long acceptMillis() {
        return acceptMillis;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The {@code sc0..sc2} slots: a tracking action fills an empty one, the {@code sc_*} fetches read them. */
    public StickCounter[] stickCounters() {
        if (stickCounters == null) {
            stickCounters = new StickCounter[STICK_COUNTERS];
        }
        return stickCounters;
    }

    /** The slots if anything was tracked, else null (nothing is made). */
    public StickCounter[] trackedCountersOrNull() {
        return stickCounters;
    }

    /**
     * Starts with the counters its client connection tracks ({@code tcp-request connection
     * track-sc*}), as HAProxy copies a session's counters into each of its streams: the
     * {@code sc_*} fetches see them, a rule of the stream does not track over them, and they stay
     * held until the connection closes (the stream counts its bytes on them, never releases them).
     */
    public void inheritSessionCounters(StickCounter[] session) {
        if (session == null) {
            return;
        }
        for (int i = 0; i < session.length; i++) {
            if (session[i] != null) {
                stickCounters()[i] = session[i];
                inheritedSlots |= 1 << i;
            }
        }
    }

    /** A new HTTP request on every entry the stream tracks already ({@code http_req_cnt}, {@code http_req_rate}). */
    public void countHttpRequest() {
        forEachTracked(StickCounter::countHttpRequest);
    }

    /**
     * A session on every entry the stream tracks ({@code sess_cnt}, {@code sess_rate}): HAProxy
     * counts one once the {@code tcp-request connection} rules accept the connection.
     */
    public void countSession() {
        forEachTracked(StickCounter::countSession);
    }

    /**
     * An HTTP error on every entry the stream tracks ({@code http_err_cnt}, {@code http_err_rate}):
     * HAProxy counts a request denied by a rule and a 4xx answer of the server, not a {@code return}.
     */
    public void countHttpError() {
        forEachTracked(StickCounter::countHttpError);
    }

    private void forEachTracked(java.util.function.Consumer<StickCounter> count) {
        if (stickCounters != null) {
            for (StickCounter tracked : stickCounters) {
                if (tracked != null) {
                    count.accept(tracked);
                }
            }
        }
    }

    /**
     * Ends the stream's tracking, as HAProxy does when a stream ends: the bytes it carried are
     * counted on each entry it tracks ({@code bytes_in_cnt}, {@code bytes_out_cnt} and their
     * rates), then each entry is let go ({@code use=} and {@code conn_cur} down, its expiry counted
     * from now). Called once the stream is logged.
     */
    public void releaseStickCounters() {
        if (stickCounters == null) {
            return;
        }
        for (int i = 0; i < stickCounters.length; i++) {
            StickCounter tracked = stickCounters[i];
            if (tracked != null) {
                stickCounters[i] = null;
                tracked.countBytesIn(bytesIn);
                tracked.countBytesOut(bytesOut);
                if ((inheritedSlots & 1 << i) == 0) {
                    tracked.release();
                }
            }
        }
    }

    /**
     * Dates the request before its head was read (the stream starts with a complete head): its
     * connection was free for it from {@code readySinceNanos}, its first byte came at
     * {@code firstByteNanos} (a pipelined request's, read earlier, counts from {@code readySinceNanos}).
     */
    public void requestBegan(long readySinceNanos, long firstByteNanos) {
        this.readySinceNanos = Math.min(readySinceNanos, startNanos);
        this.firstByteNanos = Math.min(Math.max(firstByteNanos, this.readySinceNanos), startNanos);
    }

    /** HAProxy's accept date: when the connection was free for this stream (the log's {@code %t}). */
    public long readyMillis() {
        return acceptMillis - (startNanos - readySinceNanos) / 1_000_000;
    }

    /** {@code %Ti}: milliseconds from the connection's readiness to the request's first byte. */
    public long idleMillis() {
        return millisSinceReady(firstByteNanos);
    }

    /** {@code %Tq}: milliseconds from the connection's readiness to the complete request head ({@code %Ti} + {@code %TR}). */
    public long requestHeadMillis() {
        return millisSinceReady(startNanos);
    }

    /** {@code %Tt}: milliseconds from the connection's readiness until now. */
    public long totalMillis() {
        return millisSinceReady(LoopClock.nanoTime());
    }

    /** Whole milliseconds since the readiness: the timers derived from each other add up exactly, as HAProxy's. */
    private long millisSinceReady(long nanos) {
        return (nanos - readySinceNanos) / 1_000_000;
    }

    /** The request's captured headers, and the response's as absent until a response head comes. */
    public void captured(String[] request, String[] response) {
        this.requestCaptures = request;
        this.responseCaptures = response;
    }

    public void responseCaptured(String[] response) {
        this.responseCaptures = response;
    }

    /** The captured request headers in the frontend's order (an absent one null), or null: nothing captured. */
    public String[] requestCaptures() {
        return requestCaptures;
    }

    public String[] responseCaptures() {
        return responseCaptures;
    }

    /**
     * The stream's unique id, made by {@code format} the first time it is asked for. A format that
     * names {@code %ID} itself sees it empty.
     */
    public String uniqueId(UniqueId format, LoggedStream logged) {
        if (uniqueId == null) {
            uniqueId = "";
            uniqueId = format.make(logged);
        }
        return uniqueId;
    }

    public void queued(long nanos) {
        this.queueNanos = nanos;
    }

    public void connected(long nanos) {
        this.connectNanos = nanos;
    }

    public void responseHeadArrived(long nanoTime) {
        this.responseHeadNanos = nanoTime;
    }

    /** {@code %Tw}: milliseconds in the queue, -1 when the stream never got that far. */
    public long queueMillis() {
        return queueNanos < 0 ? -1 : queueNanos / 1_000_000;
    }

    /** {@code %Tc}: milliseconds to connect to the server, -1 when no connection was made. */
    public long connectMillis() {
        return connectNanos < 0 ? -1 : connectNanos / 1_000_000;
    }

    /**
     * Milliseconds from the start to the server's response head, -1 without one: HAProxy's
     * {@code t_data} ({@code %Tr} is this less {@code %Tw} and {@code %Tc}).
     */
    public long responseMillis() {
        return responseHeadNanos == 0 || status == 0 || server == null && serviceName == null ? -1
                : (responseHeadNanos - startNanos) / 1_000_000;
    }

    /** {@code %Ta}/{@code %Tt}: milliseconds since the start. */
    public long activeMillis() {
        return (LoopClock.nanoTime() - startNanos) / 1_000_000;
    }

    public void countIn(long n) {
        bytesIn += n;
    }

    public void countOut(long n) {
        bytesOut += n;
    }

    public long bytesIn() {
        return bytesIn;
    }

    /** {@code %B}: bytes sent to the client. */
    public long bytesOut() {
        return bytesOut;
    }

    public int status() {
        return status;
    }

    public void status(int code) {
        this.status = code;
    }

    public int retries() {
        return retries;
    }

    public void retries(int n) {
        this.retries = n;
    }

    /** Whether a failed connect sent it to another server ({@code option redispatch}); its position in the backend's queue. */
    public void dispatched(boolean redispatched, long backendQueuePosition) {
        this.redispatched = redispatched;
        this.backendQueuePosition = backendQueuePosition;
    }

    public boolean redispatched() {
        return redispatched;
    }

    /** {@code %bq}: how many requests left the backend's queue from its arrival there to its departure, itself included. */
    public long backendQueuePosition() {
        return backendQueuePosition;
    }

    /** The four termination characters ({@code KH--}, {@code ----}...). */
    public String termination() {
        return termination;
    }

    /** The two first characters, as {@code mode tcp} and {@code option tcplog} log them. */
    public String terminationTcp() {
        return termination.substring(0, 2);
    }

    public void terminate(String flags) {
        this.termination = flags.length() == 4 ? flags : flags + "--";
    }

    /** Whether nothing has ended the stream abnormally so far. */
    public boolean terminatedNormally() {
        return termination.charAt(0) == '-';
    }
}
