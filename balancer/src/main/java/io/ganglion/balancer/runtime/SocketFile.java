package io.ganglion.balancer.runtime;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The file side of a unix stats socket, done the way HAProxy does it: bind under a temporary
 * name next to the target, set its mode, then rename it over the target in one step, so clients
 * never see a socket with the wrong mode or no socket at all while a stale one is replaced.
 *
 * <p>An existing file at the target is checked first: a socket nobody answers on (left by a dead
 * process) is replaced; a socket a live process answers on, or a file that is not a socket, stops
 * the start with a one-line reason.
 */
final class SocketFile {
    private SocketFile() {
    }

    /** The temporary name to bind before {@link #publish}. */
    static Path temporaryPath(Path target) {
        return target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** Refuses a target that is in use by a live process or is not a socket. */
    static void checkReplaceable(Path target) throws StatsSocketException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(target)) {
            throw new StatsSocketException("stats socket " + target + ": the file exists and is not a socket; not replacing it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(target));
        } catch (ConnectException stale) {
            return; // no process listens any more: safe to replace
        } catch (IOException unexpected) {
            throw new StatsSocketException("stats socket " + target + ": cannot check the existing socket: " + unexpected.getMessage(), unexpected);
        }
        throw new StatsSocketException("stats socket " + target + ": another process is already listening on it (is another balancer running?)");
    }

    /** Sets the mode of the freshly bound socket (when configured) and moves it over the target. */
    static Object publish(Path temporary, Path target, int mode) throws IOException {
        if (mode >= 0) {
            Files.setPosixFilePermissions(temporary, permissions(mode));
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return fileKey(target).orElse(null);
    }

    /** Removes the target if it is still the socket this process published (same file key). */
    static void removeIfOurs(Path target, Object fileKey) {
        try {
            if (fileKey != null && fileKey.equals(fileKey(target).orElse(null))) {
                Files.deleteIfExists(target);
            }
        } catch (IOException ignored) {
            // Nothing to do: the file is gone or not ours to remove.
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(bits[bit]);
            }
        }
        return set;
    }

    private static boolean isSocket(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Object> fileKey(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.ofNullable(Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey());
    }
}
