package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port range cut in blocks, each held by one holder at a time through a lock on its own file, the
 * ports of the held blocks handed out in sequence. The lock files' channels stay open for the JVM's
 * life: the operating system releases the locks when it ends, however it ends, so nothing is ever
 * left to clean up.
 */
final class PortBlocks {
    static final int BLOCK = 100;

    private final Path directory;
    private final int first;
    private final int blocks;
    private final List<Integer> held = new ArrayList<>();
    private final List<FileChannel> locks = new ArrayList<>();
    /** A random first block, so that holders started together seldom contend for the same file. */
    private int nextBlock;
    private int recycled;
    private int port;
    private int end;

    PortBlocks(Path directory, int first, int last) {
        this.directory = directory;
        this.first = first;
        this.blocks = (last - first) / BLOCK;
        this.nextBlock = ThreadLocalRandom.current().nextInt(blocks);
    }

    /** Blocks shared by every test JVM of this user on this machine. */
    static PortBlocks claimedInTempDir(int first, int last) {
        return new PortBlocks(Path.of(System.getProperty("java.io.tmpdir"), "ganglion-test-ports"), first, last);
    }

    /** The next port of a block this holder holds; a new block is claimed when one runs out. */
    synchronized int next() {
        if (port == end) {
            int block = claim();
            port = first + block * BLOCK;
            end = port + BLOCK;
        }
        return port++;
    }

    /** The blocks held now, by index (for tests). */
    synchronized List<Integer> held() {
        return List.copyOf(held);
    }

    private int claim() {
        for (int attempt = 0; attempt < blocks; attempt++) {
            int block = Math.floorMod(nextBlock++, blocks);
            if (!held.contains(block) && tryLock(block)) {
                held.add(block);
                return block;
            }
        }
        if (held.isEmpty()) {
            throw new UncheckedIOException(new IOException("every block of ports is held by other test JVMs (lock files in "
                    + directory + ")"));
        }
        // Every block is held, the most by this JVM: its own again, as the ports are checked before use.
        return held.get(recycled++ % held.size());
    }

    private boolean tryLock(int block) {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(block + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return false;
            }
            locks.add(channel);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock a block of test ports in " + directory, e);
        }
    }
}
