package io.alp.evaluator.runner;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Small helpers for running child processes: their environment, their output and their end. */
public final class Processes {

    /** The {@code PATH} a candidate gets: the system default, never ALP's own. */
    static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String LANG = "C.UTF-8";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private Processes() {
    }

    /** An executable named {@code name} on ALP's {@code PATH} or the system default one. */
    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        return firstExecutable(path == null ? List.of() : List.of(path.split(File.pathSeparator)), name)
                .or(() -> findOnSystemPath(name));
    }

    /** An executable named {@code name} on {@link #SYSTEM_PATH}, the PATH candidates get. */
    static Optional<Path> findOnSystemPath(String name) {
        return firstExecutable(List.of(SYSTEM_PATH.split(":")), name);
    }

    private static Optional<Path> firstExecutable(List<String> dirs, String name) {
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** PATH, HOME and LANG, then {@code extra}: the whole environment of a candidate. */
    static Map<String, String> environment(String home, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", SYSTEM_PATH);
        env.put("HOME", home);
        env.put("LANG", LANG);
        env.putAll(extra);
        return env;
    }

    /** Those of the {@code names} set in ALP's own environment, with their values, in the order given. */
    public static Map<String, String> inherited(Collection<String> names) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : names) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /** Replaces the whole environment {@code builder} passes on with {@code env}: nothing of ALP's own is left. */
    public static ProcessBuilder clearedEnvironment(ProcessBuilder builder, Map<String, String> env) {
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }

    /**
     * Processes of the tree rooted at {@code process} (itself included) that belong to the candidate, not to the
     * sandbox's plumbing.
     */
    static long countTree(Process process, List<String> plumbing) {
        long n = 0;
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        for (ProcessHandle p : all) {
            Optional<String> command = p.info().command();
            if (command.isPresent() && plumbing.contains(Path.of(command.get()).getFileName().toString())) {
                continue;
            }
            if (p.isAlive()) {
                n++;
            }
        }
        return n;
    }

    /** Kills the process and everything it started, sweeping twice for children forked meanwhile. */
    public static void killTree(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        process.toHandle().destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        for (int sweep = 0; sweep < 2; sweep++) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            descendants.forEach(d -> d.descendants().forEach(ProcessHandle::destroyForcibly));
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code wait} for the reader of a process's stream to finish; past that (a process left behind may
     * hold the pipe open) closes the stream, which unblocks the reader, and cancels it.
     */
    public static void awaitOrClose(Future<?> reader, InputStream stream, Duration wait) {
        try {
            reader.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing only unblocks the reader
            }
            reader.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // what was read so far stays in the capture
        }
    }

    /** A timeout as people read it: {@code 30s}, {@code 1.5s}. */
    public static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s"
                : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    /** Daemon threads named {@code prefix} and a number, for the pools that start, feed and drain processes. */
    public static ThreadFactory daemonThreads(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Drains a stream to its end, keeping its head (up to a cap, reporting overflow) or its tail. */
    public static final class Capture implements Runnable {
        private final InputStream stream;
        private final int cap;
        private final boolean keepTail;
        private final Consumer<Capture> onOverflow;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;
        private boolean overflowed;

        /** @param onOverflow called once when a head capture goes over its cap; null to ignore */
        public Capture(InputStream stream, int cap, boolean keepTail, Consumer<Capture> onOverflow) {
            this.stream = stream;
            this.cap = cap;
            this.keepTail = keepTail;
            this.onOverflow = onOverflow;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    if (add(buffer, n) && onOverflow != null) {
                        onOverflow.accept(this);
                    }
                }
            } catch (IOException ignored) {
                // the stream was closed after a kill: keep what came
            }
        }

        /** @return true the first time a head capture overflows */
        private synchronized boolean add(byte[] buffer, int n) {
            total += n;
            if (keepTail) {
                kept.write(buffer, 0, n);
                if (kept.size() > 2 * cap) {
                    byte[] all = kept.toByteArray();
                    kept.reset();
                    kept.write(all, all.length - cap, cap);
                }
                return false;
            }
            int room = cap - kept.size();
            if (room > 0) {
                kept.write(buffer, 0, Math.min(room, n));
            }
            if (n > room && !overflowed) {
                overflowed = true;
                return true;
            }
            return false;
        }

        /** Whether a head capture went over its cap. */
        public synchronized boolean overflowed() {
            return overflowed;
        }

        /** What was kept, a tail capture that lost its start prefixed with {@code [earlier output cut]}. */
        public synchronized String text() {
            byte[] all = kept.toByteArray();
            boolean cut = total > all.length;
            if (keepTail && all.length > cap) {
                all = java.util.Arrays.copyOfRange(all, all.length - cap, all.length);
                cut = true;
            }
            String s = new String(all, StandardCharsets.UTF_8);
            return keepTail && cut ? "[earlier output cut] " + s : s;
        }
    }
}
