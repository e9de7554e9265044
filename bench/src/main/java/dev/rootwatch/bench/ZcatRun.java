package dev.rootwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The decompression floor as a user sees it: {@code zcat} of the same files, output discarded,
 * timed from start to exit. Issue 14 wants replay, start and stop included, at least as fast.
 */
final class ZcatRun {

    private final List<String> command;

    ZcatRun(List<Path> files) {
        List<String> c = new ArrayList<>(files.size() + 1);
        c.add("zcat");
        files.forEach(f -> c.add(f.toString()));
        this.command = List.copyOf(c);
    }

    /**
     * Runs {@code zcat FILES... > /dev/null} once.
     *
     * @return its seconds; empty if {@code zcat} cannot be started (not installed)
     * @throws IllegalStateException if it fails
     */
    OptionalDouble seconds() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException notFound) {
            return OptionalDouble.empty();
        }
        p.getOutputStream().close();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("zcat exited with " + exit);
        }
        return OptionalDouble.of(seconds);
    }
}
