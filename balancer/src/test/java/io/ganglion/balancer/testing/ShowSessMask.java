package io.ganglion.balancer.testing;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes two {@code show sess} answers (HAProxy 2.6's and the balancer's, or two runs) comparable:
 * masks what varies from run to run or describes process internals, and puts the streams in an
 * order of their own, since HAProxy lists them thread by thread.
 *
 * <p>Masked: addresses of structures (the stream ids included), flag words, descriptors, scheduler
 * counters, timers, ages, dates, ports, ranks and epochs. Compared exactly: which streams there
 * are, their protocol, source address, frontend, backend, server, listener and proxy ids and
 * modes, the HTTP state, byte totals and the layout.
 */
public final class ShowSessMask {
    private ShowSessMask() {
    }

    /** Whether {@code answer} is a {@code show sess} listing or detailed block. */
    public static boolean isShowSess(String answer) {
        return answer.matches("(?s)0x[0-9a-f]+: (proto=|\\[).*");
    }

    /** The answer masked, its streams sorted (lines of the list, blocks of the detailed form). */
    public static String masked(String answer) {
        String masked = values(answer);
        boolean blocks = masked.contains("\n  flags=");
        List<String> streams = blocks
                ? Arrays.stream(masked.split("(?m)^(?=0x)")).map(ShowSessMask::withoutOwnDumpBytes).toList()
                : masked.lines().filter(line -> !line.isEmpty()).map(line -> line + "\n").toList();
        return streams.stream().map(s -> s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s).sorted()
                .collect(Collectors.joining()) + (answer.endsWith("\n\n") ? "\n" : "");
    }

    private static String values(String answer) {
        return answer
                .replaceAll("\\bepoch=(0x[0-9a-f]+|0)", "epoch=?")
                .replaceAll("0x[0-9a-f]+", "0x?")
                .replaceAll("\\[\\d\\d/\\w{3}/\\d{4}:[\\d:.]+]", "[date]")
                .replaceAll("(\\d+\\.\\d+\\.\\d+\\.\\d+):\\d+", "$1:port")
                .replaceAll("\\b(f|an)=[0-9a-f]+h", "$1=?h")
                .replaceAll("\\b(scf|scb)=\\[8,[0-9a-f]+h,fd=-?\\d+]", "$1=[8,?h,fd=?]")
                .replaceAll("\\b(fd|fd\\.state|updt|calls|rate|st0)=\\d+", "$1=?")
                .replaceAll("] id=\\d+ ", "] id=? ")
                .replaceAll("\\b(age|exp|c_exp|conn_exp|rx|rex)=[^ ,)\\n]*", "$1=?")
                .replaceAll("\\bsub=\\d", "sub=?");
    }

    /**
     * The session running the dump shows, in HAProxy, the bytes of the dump produced so far as its
     * response total: a count of where it happens to come in the list.
     */
    private static String withoutOwnDumpBytes(String block) {
        if (!block.contains("applet=<CLI>")) {
            return block;
        }
        return block.replaceAll("(res=0x\\? \\(.* total=)\\d+", "$1?").replaceAll("(?m)(^.*o=)\\d+ p=\\d+(.*size=16384)$", "$1? p=?$2");
    }
}
