package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stats socket connection, framed as HAProxy 2.6 frames it (reference §1.2-1.3):
 *
 * <ul>
 *   <li>non-interactive by default: the session answers what it has received, then closes as soon
 *       as no request is left, in what it received or in the socket (a partly received line keeps
 *       it open, an unterminated last line is never answered);</li>
 *   <li>{@code prompt} toggles interactive mode: every answer is then followed by {@code > } and
 *       the session stays open until {@code quit}, end of input or the idle timeout;</li>
 *   <li>each command's answer ends with one empty line, always (the one deliberate difference from
 *       HAProxy, which omits it after a few replies); {@code quit} answers nothing;</li>
 *   <li>several commands per line with {@code ;}; a command ending with {@code <<} takes the
 *       following lines up to an empty one as its payload ({@code + } prompts for them in
 *       interactive mode);</li>
 *   <li>over-long lines, over-long payloads and commands of more than 64 words get an error
 *       answer; the session goes on.</li>
 * </ul>
 *
 * <p>Commands run one at a time in the order received, so answers come back in that order even
 * when a handler completes on another thread; while one runs, later lines wait in {@link #waiting}
 * (reading pauses when too many wait, or while the client does not read its answers).
 *
 * <p>A long answer ({@link AnswerDump}) is written one piece per loop turn, and only while the
 * channel is writable: the other sessions of the loop (the control loop's, for stats sockets) run
 * between two pieces, and a client that stops reading leaves at most the channel's high-water mark
 * plus one piece buffered here. The idle timeout counts during a dump too: a client that reads
 * nothing of it for that long is cut, as HAProxy's {@code stats timeout} does. The same holds for a
 * client that has shut its sending side and still reads ({@code socat}, {@code nc -N}).
 *
 * <p>Threading: a new instance per channel; every field is confined to the channel's event loop.
 * Handler completions from other threads are handed back to that loop before touching anything.
 */
final class CliSession extends ChannelInboundHandlerAdapter implements CliSessionControl {
    private static final Logger LOG = LoggerFactory.getLogger(CliSession.class);

    static final String IDLE_HANDLER_NAME = "cli-idle";
    static final String LINE_TOO_LONG = "Line too long: a request line is limited to "
            + CliLineDecoder.MAX_LINE_BYTES + " bytes.\n";
    /**
     * The longest request with a payload, counted whole (command line, payload lines, the ending
     * empty line, each with its LF): the most HAProxy 2.6.12 takes. Tried live: at 16,384 bytes its
     * CLI applet spins until the process aborts, above it the connection is dropped unanswered;
     * here a longer request is refused whole with {@link #REQUEST_TOO_LONG}.
     */
    static final int MAX_REQUEST_BYTES = 16_383;
    static final String REQUEST_TOO_LONG = "Request too long: a command and its payload are limited to "
            + MAX_REQUEST_BYTES + " bytes.\n";
    static final String TOO_MANY_WORDS = "Too many words: a command is limited to " + RequestSyntax.MAX_WORDS + " words.\n";

    private static final String PROMPT = "> ";
    private static final String PAYLOAD_PROMPT = "+ ";
    /** Reading pauses while more lines than this wait for a running command. */
    private static final int MAX_WAITING_LINES = 256;
    /**
     * Answers held in {@link #pendingAnswers} go to the channel at this size: beyond it they count
     * against the channel's high-water mark, which pauses a client that does not read.
     */
    private static final int PENDING_ANSWERS_MAX = 8192;

    private final CommandRegistry registry;
    private final ControlLoop control;
    private final CommandDispatcher dispatcher;
    private final CliLineDecoder decoder;
    private final AccessLevel socketLevel;

    private ChannelHandlerContext ctx;
    private final Deque<CliInput> waiting = new ArrayDeque<>();
    private AccessLevel level;
    private final EnumSet<SessionMode> modes = EnumSet.noneOf(SessionMode.class);
    private boolean interactive;
    /** Set by the running command: its answer goes without the empty line that ends it. */
    private boolean omitAnswerEnd;
    private boolean commandRunning;
    /** The dump the running command answers with, set by its handler, taken by {@link #answer}. */
    private AnswerDump nextDump;
    /** Non-null while a long answer is being written. */
    private AnswerInPieces streaming;
    /** True while a task to write the next piece is queued on the loop: never two at a time. */
    private boolean pieceQueued;
    private boolean quitting;
    private boolean inputEnded;
    private boolean closing;
    /** Lines received so far: tells {@link #closeUnlessMoreArrives} whether any came in meanwhile. */
    private long linesReceived;
    /** True while {@link #closeUnlessMoreArrives} waits for the loop's next turn: one check at a time. */
    private boolean closeCheckQueued;
    /** Non-null while a {@code <<} payload is being received. */
    private PendingPayload payload;
    /**
     * The answers of the commands run since the last write to the channel, in one buffer: a script's
     * line of a few hundred {@code add acl} commands is one write, not one per empty answer (a
     * buffer, an outbound entry and a pipeline pass each: about 15% of such a load's CPU, and as
     * much again compiling that path). Written before anything else is, and at each flush.
     */
    private ByteBuf pendingAnswers;

    /**
     * A command waiting for the end of its payload, and the payload's text so far: its lines joined
     * by LF (never empty: an empty line ends the payload). The text of a payload received in one
     * piece is kept as it came, not copied.
     */
    private static final class PendingPayload {
        final RequestSyntax.Words command;
        private String first = "";
        private StringBuilder joined;
        int bytes;

        PendingPayload(RequestSyntax.Words command, int bytes) {
            this.command = command;
            this.bytes = bytes;
        }

        /** Adds lines (one, or several joined by LF), each counted with its LF. */
        void append(String lines) {
            bytes += lines.length() + 1;
            if (first.isEmpty()) {
                first = lines;
                return;
            }
            if (joined == null) {
                joined = new StringBuilder(first.length() * 2).append(first);
            }
            joined.append('\n').append(lines);
        }

        String text() {
            return joined == null ? first : joined.toString();
        }
    }

    CliSession(CommandRegistry registry, ControlLoop control, CliLineDecoder decoder, AccessLevel socketLevel) {
        this.registry = registry;
        this.control = control;
        this.dispatcher = new CommandDispatcher(registry);
        this.decoder = decoder;
        this.socketLevel = socketLevel;
        this.level = socketLevel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        linesReceived++;
        waiting.add((CliInput) msg);
        if (waiting.size() > MAX_WAITING_LINES) {
            ctx.channel().config().setAutoRead(false);
        }
        runWaiting();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        runWaiting();
        flush();
        closeWhenDone();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (streaming != null) {
            queueNextPiece();
        }
        runWaiting();
        flush();
        closeWhenDone();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The answers still to come may have to wait for the client to read them.
            EpollHalfClosure.keepRegistered(ctx.channel());
            inputEnded = true;
            runWaiting();
            flush();
            closeWhenDone();
        } else if (event instanceof IdleStateEvent && !commandRunning) {
            LOG.debug("stats socket session {} idle, closing", ctx.channel());
            closing = true;
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The client went away: a dump in progress stops here, unfinished.
        closing = true;
        streaming = null;
        dropPendingAnswers();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("stats socket session {} failed, closing", ctx.channel(), cause);
        closing = true;
        ctx.close();
    }

    /**
     * Handles waiting lines until one must wait for a command, or the client must read first (also
     * once it has shut its sending side: {@link EpollHalfClosure} keeps such a socket writable).
     */
    private void runWaiting() {
        while (!commandRunning && streaming == null && !quitting && !closing
                && ctx.channel().isWritable() && !waiting.isEmpty()) {
            CliInput input = waiting.poll();
            if (input instanceof CliInput.TooLong) {
                tooLong();
            } else if (input instanceof CliInput.Rest rest) {
                if (payload != null) {
                    payloadLine(rest.line().substring(rest.from()));
                } else {
                    commandLine(rest.line(), rest.from());
                }
            } else if (input instanceof CliInput.PayloadLines lines) {
                payloadLines(lines);
            } else if (payload != null) {
                payloadLine(((CliInput.Line) input).text());
            } else {
                commandLine(((CliInput.Line) input).text(), 0);
            }
        }
        if (payload != null && waiting.isEmpty()) {
            decoder.collectPayload(interactive);
        }
        if (waiting.size() < MAX_WAITING_LINES / 2 && !ctx.channel().config().isAutoRead() && !quitting) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * A line over the limit. Inside a payload the payload stays open (its next lines must not be
     * taken for commands) and is refused when it ends; otherwise the line is refused at once.
     */
    private void tooLong() {
        if (payload == null) {
            answer(LINE_TOO_LONG);
            return;
        }
        payload.bytes = MAX_REQUEST_BYTES + 1;
        if (interactive) {
            write(PAYLOAD_PROMPT);
        }
    }

    /** Runs the command of {@code line} that starts at {@code from}; the line's next ones wait first in line. */
    private void commandLine(String line, int from) {
        RequestSyntax.Split split = RequestSyntax.firstCommand(line, from);
        if (split.next() != RequestSyntax.Split.NONE) {
            waiting.addFirst(new CliInput.Rest(line, split.next()));
        }
        RequestSyntax.Words words = RequestSyntax.words(split.command());
        if (words.tooManyWords()) {
            answer(TOO_MANY_WORDS);
        } else if (RequestSyntax.announcesPayload(split.command())) {
            // the command line and the payload's ending empty line, each with its LF
            payload = new PendingPayload(words, split.command().length() + 2);
            if (interactive) {
                write(PAYLOAD_PROMPT);
            }
        } else {
            run(words.words(), Optional.empty());
        }
    }

    private void payloadLine(String rawLine) {
        String line = RequestSyntax.dropFinalCr(rawLine);
        if (!line.isEmpty()) {
            payload.append(line);
            if (interactive) {
                write(PAYLOAD_PROMPT);
            }
            return;
        }
        endPayload();
    }

    /** Payload lines cut together: as many {@link #payloadLine}s, with one write for their prompts. */
    private void payloadLines(CliInput.PayloadLines lines) {
        if (lines.lines() > 0) {
            payload.append(lines.text());
            if (interactive) {
                write(PAYLOAD_PROMPT.repeat(lines.lines()));
            }
        }
        if (lines.ends()) {
            endPayload();
        }
    }

    private void endPayload() {
        PendingPayload complete = payload;
        payload = null;
        if (complete.bytes > MAX_REQUEST_BYTES) {
            answer(REQUEST_TOO_LONG);
        } else {
            Optional<String> text = complete.command.payloadExpected() ? Optional.of(complete.text()) : Optional.empty();
            run(complete.command.words(), text);
        }
    }

    private void run(List<String> args, Optional<String> commandPayload) {
        CompletionStage<String> stage = dispatcher.dispatch(args, commandPayload, this);
        var future = stage.toCompletableFuture();
        if (future.isDone()) {
            answer(future.join());
            return;
        }
        commandRunning = true;
        stage.whenComplete((text, failure) -> ctx.executor().execute(() -> {
            commandRunning = false;
            answer(text);
            runWaiting();
            flush();
            closeWhenDone();
        }));
    }

    /**
     * Writes an answer and what ends it: an empty line, then the prompt in interactive mode. When
     * the command answered with a dump, the dump follows the text and the end follows the dump.
     */
    private void answer(String text) {
        AnswerDump dump = nextDump;
        nextDump = null;
        if (quitting || closing) {
            return;
        }
        if (dump != null) {
            write(text);
            streaming = new AnswerInPieces(dump, answerEnd(true));
            queueNextPiece();
            return;
        }
        boolean endsLine = text.isEmpty() || text.charAt(text.length() - 1) == '\n';
        String end = answerEnd(endsLine);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        int size = body.length + end.length();
        if (size >= PENDING_ANSWERS_MAX) {
            // After the answers before it, in one buffer sized exactly: a long answer's text is copied once.
            writePendingAnswers();
            ByteBuf bytes = ctx.alloc().buffer(size).writeBytes(body);
            ByteBufUtil.writeAscii(bytes, end);
            ctx.write(bytes, ctx.voidPromise());
            return;
        }
        if (pendingAnswers == null) {
            pendingAnswers = ctx.alloc().buffer(Math.max(size, 256));
        }
        pendingAnswers.writeBytes(body);
        ByteBufUtil.writeAscii(pendingAnswers, end);
        if (pendingAnswers.readableBytes() >= PENDING_ANSWERS_MAX) {
            writePendingAnswers();
        }
    }

    /** Hands the held answers to the channel (see {@link #pendingAnswers}). */
    private void writePendingAnswers() {
        ByteBuf answers = pendingAnswers;
        if (answers != null) {
            pendingAnswers = null;
            ctx.write(answers, ctx.voidPromise());
        }
    }

    private void dropPendingAnswers() {
        if (pendingAnswers != null) {
            pendingAnswers.release();
            pendingAnswers = null;
        }
    }

    /** What ends the running command's answer, given whether the answer ends its last line. */
    private String answerEnd(boolean endsLine) {
        String end = endsLine ? (interactive ? "\n" + PROMPT : "\n") : (interactive ? "\n\n" + PROMPT : "\n\n");
        if (omitAnswerEnd && !interactive) {
            end = "";
        }
        omitAnswerEnd = false;
        return end;
    }

    /**
     * Queues the writing of the next piece for the loop's next turn, so that every other session of
     * the loop (its input, its commands, the changes they make) runs between two pieces.
     *
     * <p>Scheduled with no delay rather than {@code execute}d: a Netty loop runs the tasks that
     * tasks queue within the same turn, for up to a second, before it looks at its sockets again;
     * it takes scheduled tasks in only once per turn, after the sockets.
     */
    private void queueNextPiece() {
        if (!pieceQueued) {
            pieceQueued = true;
            ctx.executor().schedule(this::writeNextPiece, 0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Writes one piece of the long answer while the channel takes more; when the client does not
     * read, the channel turns unwritable and {@link #channelWritabilityChanged} resumes the answer.
     * After the last piece the session goes on with its next command.
     */
    private void writeNextPiece() {
        pieceQueued = false;
        if (streaming == null || closing || !ctx.channel().isWritable()) {
            return;
        }
        AnswerInPieces answer = streaming;
        writePendingAnswers();
        boolean more;
        try {
            more = answer.writeNext(ctx);
        } catch (RuntimeException e) {
            // Half an answer is out: the client can only learn of the failure by the close.
            LOG.warn("stats socket session {}: a long answer failed midway, closing", ctx.channel(), e);
            streaming = null;
            closing = true;
            ctx.close();
            return;
        }
        if (closing) {
            return;
        }
        if (more) {
            flush();
            queueNextPiece();
            return;
        }
        streaming = null;
        runWaiting();
        flush();
        closeWhenDone();
    }

    private void write(String text) {
        writePendingAnswers();
        if (!text.isEmpty()) {
            ctx.write(ByteBufUtil.writeUtf8(ctx.alloc(), text), ctx.voidPromise());
        }
    }

    /** Sends what was written, once every change it answers for is visible to the data path. */
    private void flush() {
        control.publishPending();
        writePendingAnswers();
        ctx.flush();
    }

    /**
     * Closes once nothing is left to answer: after {@code quit}, at the end of input, or (not in
     * interactive mode, as HAProxy does) once no request is left, whole or partial, and the socket
     * holds no more either ({@link #closeUnlessMoreArrives}).
     */
    private void closeWhenDone() {
        closeWhenDone(false);
    }

    private void closeWhenDone(boolean socketLookedAt) {
        if (closing || commandRunning || streaming != null) {
            return;
        }
        if (quitting || (waiting.isEmpty() && inputEnded)) {
            close();
        } else if (waiting.isEmpty() && !interactive && payload == null && !decoder.hasPartialLine()) {
            if (socketLookedAt) {
                close();
            } else {
                closeUnlessMoreArrives();
            }
        }
    }

    /**
     * Closes a non-interactive session once the loop has looked at its sockets again and no line
     * came in meanwhile. Everything received being answered does not mean the client has sent
     * everything: a read stops at the end of Netty's read buffer or of the bytes the kernel had
     * at that instant, and when that falls right after a LF (about one read in 26 for a script of
     * {@code set server} lines) the client's next lines are already in the socket, or arrive while
     * the answers are written. Closing then left them unanswered and unapplied (over TCP, the
     * close resets the connection). The check runs from a task scheduled by a task: a Netty loop
     * takes scheduled tasks in once per turn, before running its tasks, so this one waits for the
     * next turn, whose first step reads what the sockets hold.
     */
    private void closeUnlessMoreArrives() {
        if (closeCheckQueued) {
            return;
        }
        closeCheckQueued = true;
        long linesSeen = linesReceived;
        ctx.executor().execute(() -> ctx.executor().schedule(() -> {
            closeCheckQueued = false;
            // Lines that came in meanwhile, all answered, may have ended at a LF too: look again.
            closeWhenDone(linesReceived == linesSeen);
        }, 0, TimeUnit.NANOSECONDS));
    }

    private void close() {
        closing = true;
        control.publishPending();
        writePendingAnswers();
        ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Bytes written to the channel and not yet taken by the socket: what this session buffers.
     * A long answer keeps it under the channel's high-water mark plus one piece. Callable from any
     * thread: Netty keeps that total in a volatile counter.
     */
    long unsentBytes() {
        ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
        return unsent == null ? 0 : unsent.totalPendingWriteBytes();
    }

    // CliSessionControl: called by handlers, on this event loop.

    @Override
    public AccessLevel level() {
        return level;
    }

    @Override
    public AccessLevel socketLevel() {
        return socketLevel;
    }

    @Override
    public void lowerLevel(AccessLevel newLevel) {
        if (level.allows(newLevel)) {
            level = newLevel;
            modes.clear();
        }
    }

    @Override
    public boolean inMode(SessionMode mode) {
        return modes.contains(mode);
    }

    @Override
    public void setMode(SessionMode mode, boolean on) {
        if (on) {
            modes.add(mode);
        } else {
            modes.remove(mode);
        }
    }

    @Override
    public void omitAnswerEnd() {
        omitAnswerEnd = true;
    }

    @Override
    public void answerInPieces(AnswerDump dump) {
        nextDump = dump;
    }

    @Override
    public void togglePrompt() {
        interactive = !interactive;
    }

    @Override
    public void quit() {
        quitting = true;
    }

    @Override
    public CommandRegistry commands() {
        return registry;
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        ctx.pipeline().replace(IDLE_HANDLER_NAME, IDLE_HANDLER_NAME,
                new IdleStateHandler(0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
}
