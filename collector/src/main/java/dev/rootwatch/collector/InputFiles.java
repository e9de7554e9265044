package dev.rootwatch.collector;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * What a list of file inputs names, decided from each path's type before anything is opened:
 * regular files to read (directories walked recursively, in path order, hidden ones left out,
 * symbolic links to files followed); paths that are no regular file (a named pipe, a socket, a
 * device, a link to a directory or to nothing) to skip, never to open, since opening a pipe waits
 * for a writer forever; and directories or links that cannot be read, to report. Nothing found
 * in a directory stops the walk.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /** One path named by the inputs, and what is to be done with it. */
    public sealed interface Entry {
        Path path();
    }

    /** A regular file: read it. */
    public record Readable(Path path) implements Entry {
    }

    /** Not a regular file: never opened, counted as skipped. */
    public record NotAFile(Path path, String detail) implements Entry {
    }

    /** A directory or file that cannot be read: a dead letter. */
    public record Unreadable(Path path, String detail) implements Entry {
    }

    /**
     * The entries of {@code inputs}, in order: each input as given, a directory's content in path order.
     *
     * @throws NoSuchFileException when an input named on the command line does not exist
     */
    public static List<Entry> scan(List<Path> inputs) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path input : inputs) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(input, BasicFileAttributes.class); // a link named on the command line is followed
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(input.toString(), null, "no such file or directory");
            } catch (IOException e) {
                entries.add(new Unreadable(input, "cannot read its attributes: " + e.getClass().getSimpleName()));
                continue;
            }
            if (attributes.isDirectory()) {
                entries.addAll(walk(input));
            } else {
                entries.add(entry(input, attributes));
            }
        }
        return entries;
    }

    /** The regular files of {@code inputs}, in order; everything else left out. */
    public static List<Path> regularFiles(List<Path> inputs) throws IOException {
        return scan(inputs).stream().filter(e -> e instanceof Readable).map(Entry::path).toList();
    }

    private static Entry entry(Path path, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            return new Readable(path);
        }
        if (attributes.isDirectory()) {
            return new NotAFile(path, "a symbolic link to a directory, not followed");
        }
        return new NotAFile(path, "not a regular file (a named pipe, socket or device), never opened");
    }

    private static List<Entry> walk(Path root) throws IOException {
        List<Entry> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!hidden(file)) {
                            found.add(attrs.isSymbolicLink() ? link(file) : entry(file, attrs));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        if (!hidden(file)) {
                            found.add(new Unreadable(file, "cannot be read: " + e.getClass().getSimpleName()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            found.add(new Unreadable(dir, "could not be listed to its end: " + e.getClass().getSimpleName()));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        found.sort(Comparator.comparing(e -> e.path().toString()));
        return found;
    }

    /** A symbolic link met in a directory: a link to a regular file is read, anything else is not. */
    private static Entry link(Path link) {
        try {
            BasicFileAttributes target = Files.readAttributes(link, BasicFileAttributes.class);
            return entry(link, target);
        } catch (IOException e) {
            return new NotAFile(link, "a symbolic link that leads to no file (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** Whether {@code path} is, right now, a regular file (a link followed): checked again just before it is opened. */
    static boolean isRegularFile(Path path) {
        return Files.isRegularFile(path);
    }
}
