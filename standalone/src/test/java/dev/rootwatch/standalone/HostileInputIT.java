package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.json.Json;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12 from the outside: the packaged {@code rootwatch.jar} replays, with {@code -Xmx512m} as
 * the launcher runs it, each hostile input an outside tester found to blind or stop it, placed
 * between two good files that each hold a root console login without MFA. Each run must exit 0,
 * alert on both good files, count the hostile input as dead-lettered or skipped, stay under 600 MB
 * of peak RSS, and write no control character from the input to standard error. The results are
 * written to {@code target/reliability/hostile-inputs.md} and into the hostile-inputs section of
 * {@code docs/reliability.md}.
 *
 * <p>Large inputs are generated as they are written: the gzip bomb and the 900 MB arrays are
 * concatenated gzip members of one compressed block, so the files stay small. Where the test runs
 * as root, rootwatch runs as {@code nobody} (through {@code setpriv}): permissions do not bind
 * root, and an unreadable folder could not be made otherwise.
 */
class HostileInputIT {

    private static final Path JAR = Path.of("target", "rootwatch.jar");
    private static final long MAX_RSS_MB = 600;
    private static final long MIB = 1 << 20;
    private static final String GOOD_FIRST = "good-first-login";
    private static final String GOOD_LAST = "good-last-login";
    private static final Map<String, Result> RESULTS = new TreeMap<>();

    @TempDir
    static Path dir;

    private static Path goodFirst;
    private static Path goodLast;

    /** What one run measured. */
    private record Result(int order, String input, String outcome, int exit, long alerts, long deadLettered, long skipped,
                          long peakRssMb, double seconds) {
    }

    /**
     * One hostile input and what rootwatch must make of it.
     *
     * @param order        its place in the results table
     * @param name         the table's name for it
     * @param outcome      what must become of it, in words
     * @param inputs       writes it into the directory it is given; returns the INPUT paths
     * @param deadLettered at least this many records dead-lettered
     * @param skipped      at least this many inputs skipped
     * @param alertsOn     eventIDs of its own that must alert besides the two good files
     */
    private record Case(int order, String name, String outcome, Inputs inputs, long deadLettered, long skipped, List<String> alertsOn) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    private interface Inputs {
        List<Path> write(Path dir) throws Exception;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(1, "eventTime +1000000000-12-31T23:59:59.999999999Z", "dead-lettered (invalid_event)",
                        d -> List.of(write(d.resolve("time-max.json"), logFile(login("333333333333", "time-max",
                                "+1000000000-12-31T23:59:59.999999999Z")))), 1, 0, List.of()),
                new Case(2, "eventTime at Instant.MIN", "dead-lettered (invalid_event)",
                        d -> List.of(write(d.resolve("time-min.json"), logFile(login("333333333333", "time-min",
                                "-1000000000-01-01T00:00:00Z")))), 1, 0, List.of()),
                new Case(3, "gzip bomb: {\"Records\":[ + copies of one root login, 10 GB", "read to the 1 GiB bound, then dead-lettered"
                        + " (oversized); its copies are one event", HostileInputIT::gzipBomb, 1, 0, List.of("bomb-copy")),
                new Case(4, "one record holding a 900 MB array of small tokens (gzip)", "record dead-lettered (oversized), never built",
                        HostileInputIT::tokenArray, 1, 0, List.of()),
                new Case(5, "an unknown key whose value is a 900 MB array (gzip)", "object dead-lettered (oversized), never built",
                        HostileInputIT::unknownKey, 1, 0, List.of()),
                new Case(6, "one valid record then 1,000,000 junk lines", "each line dead-lettered: 10 sent, one summary for the rest",
                        HostileInputIT::junkLines, 1_000_000, 0, List.of()),
                new Case(7, "a root array of 1,000,000 numbers", "each element dead-lettered (unexpected_shape), summarized",
                        d -> List.of(numbers(d.resolve("numbers.json"))), 1_000_000, 0, List.of()),
                new Case(8, "a plain 94 MB Records file of 150,000 root logins", "read and published as found; 150,000 alerts",
                        HostileInputIT::manyLogins, 0, 0, List.of("many-0", "many-149999")),
                new Case(9, "recipientAccountId with a newline and ESC, \"12345\", Arabic-Indic digits", "each dead-lettered"
                        + " (invalid_event); nothing reaches the log raw", HostileInputIT::forgedAccounts, 3, 0, List.of()),
                new Case(10, "JSON Lines whose first line is broken", "that line dead-lettered; the lines after it alert",
                        d -> List.of(write(d.resolve("broken-first.jsonl"), login("444444444444", "cut", null).substring(0, 120)
                                + "\n" + login("444444444444", "jl-broken-1", null) + "\n" + login("444444444444", "jl-broken-2", null)
                                + "\n")), 1, 0, List.of("jl-broken-1", "jl-broken-2")),
                new Case(11, "JSON Lines whose first line holds a duplicate key", "that line dead-lettered; the lines after it alert",
                        d -> List.of(write(d.resolve("duplicate-first.jsonl"), twice(login("444444444444", "dup", null)) + "\n"
                                + login("444444444444", "jl-dup-1", null) + "\n")), 1, 0, List.of("jl-dup-1")),
                new Case(12, "a Records file where one record has a duplicate userIdentity key", "that record dead-lettered; the genuine"
                        + " root login beside it alerts", d -> List.of(write(d.resolve("duplicate-record.json"), "{\"Records\":["
                        + twice(login("555555555555", "dup-record", null)) + "," + login("555555555555", "genuine", null) + "]}")),
                        1, 0, List.of("genuine")),
                new Case(13, "a named pipe given as INPUT", "skipped unopened (not_a_file)",
                        d -> List.of(fifo(d.resolve("named.pipe"))), 0, 1, List.of()),
                new Case(14, "a named pipe inside a folder", "skipped unopened (not_a_file); the folder's log file read",
                        HostileInputIT::fifoInFolder, 0, 1, List.of("beside-pipe")),
                new Case(15, "an unreadable sub-folder", "dead-lettered (unreadable); the rest of the folder read",
                        HostileInputIT::unreadableFolder, 1, 0, List.of("beside-locked")));
    }

    @BeforeAll
    static void goodFiles() throws IOException {
        assumeThat(Files.isRegularFile(JAR)).as("the packaged jar (mvn package) at " + JAR.toAbsolutePath()).isTrue();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        goodFirst = write(dir.resolve("good-first.json"), logFile(login("111111111111", GOOD_FIRST, null)));
        goodLast = write(dir.resolve("good-last.json"), logFile(login("222222222222", GOOD_LAST, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputIsAccountedForAndTheGoodFilesAroundItStillAlert(Case hostile) throws Exception {
        // Given the hostile input between two good files, each with a root console login without MFA
        Path caseDir = Files.createDirectory(dir.resolve("case-" + hostile.order()));
        Files.setPosixFilePermissions(caseDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<Path> inputs = hostile.inputs().write(caseDir);
        Path alertsOut = caseDir.resolve("alerts.jsonl");

        // When the packaged jar replays them with -Xmx512m
        Run run = replay(alertsOut, inputs);
        JsonNode summary = run.summary();
        List<String> alerted = alertedEventIds(alertsOut);
        RESULTS.put(String.format("%02d", hostile.order()), new Result(hostile.order(), hostile.name(), hostile.outcome(), run.exit(),
                summary == null ? -1 : summary.path("alerts").asLong(), summary == null ? -1 : summary.path("deadLettered").asLong(),
                summary == null ? -1 : summary.path("skipped").asLong(), run.peakRssMb(), run.seconds()));

        // Then it ends well, alerts on both good files, accounts for the hostile input, in bounded memory, with an inert log
        assertThat(run.exit()).as("exit code; stderr ends:%n%s", run.stderrTail()).isZero();
        assertThat(alerted).as("alerted eventIDs").contains(GOOD_FIRST, GOOD_LAST).containsAll(hostile.alertsOn());
        assertThat(summary.path("deadLettered").asLong()).as("deadLettered").isGreaterThanOrEqualTo(hostile.deadLettered());
        assertThat(summary.path("skipped").asLong()).as("skipped").isGreaterThanOrEqualTo(hostile.skipped());
        assertThat(summary.path("deadLettered").asLong() + summary.path("skipped").asLong()).as("accounted for")
                .isGreaterThanOrEqualTo(hostile.deadLettered() + hostile.skipped());
        assertThat(run.peakRssMb()).as("peak RSS in MB").isLessThan(MAX_RSS_MB);
        assertThat(run.controlCharacters()).as("raw control characters on standard error").isZero();
        assertThat(run.stderr()).as("a log line forged by input").doesNotContainPattern("(?m)^\\[FAKE");
    }

    @AfterAll
    static void writeResults() throws IOException {
        if (RESULTS.isEmpty()) {
            return;
        }
        StringBuilder table = new StringBuilder();
        table.append("| # | hostile input | what becomes of it | exit | alerts | deadLettered | skipped | peak RSS (MB) | seconds |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : RESULTS.values()) {
            table.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %d | %d | %d | %d | %.1f |%n", r.order(),
                    r.input().replace("|", "\\|"), r.outcome(), r.exit(), r.alerts(), r.deadLettered(), r.skipped(), r.peakRssMb(),
                    r.seconds()));
        }
        String section = "Each input below was replayed by the packaged jar (`java -Xmx512m -jar rootwatch.jar replay`) between"
                + " two good files, each holding a root console login without MFA; both good logins alerted in every run."
                + " `alerts`, `deadLettered` and `skipped` are the replay summary's; peak RSS is the process's VmHWM. Written by"
                + " `HostileInputIT` on " + Runtime.getRuntime().availableProcessors() + " cores; times depend on the machine"
                + " and its load.\n\n" + table;
        Path report = Files.createDirectories(Path.of("target", "reliability")).resolve("hostile-inputs.md");
        Files.writeString(report, "# Hostile inputs\n\n" + section);
        ReliabilityDoc.render(Path.of("..", "docs", "reliability.md"), "hostile-inputs", section);
    }

    // ---- running the jar ------------------------------------------------------------------------------

    /** What one replay did. */
    private record Run(int exit, String stdout, String stderr, long peakRssMb, double seconds) {

        JsonNode summary() throws IOException {
            List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
            return lines.isEmpty() ? null : Json.mapper().readTree(lines.get(lines.size() - 1));
        }

        /** Control characters other than line feed and tab: an escape sequence, a carriage return, a NUL, a line separator... */
        long controlCharacters() {
            return stderr.chars().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\t' || c == 0x2028 || c == 0x2029)
                    .count();
        }

        String stderrTail() {
            return stderr.length() <= 4000 ? stderr : stderr.substring(stderr.length() - 4000);
        }
    }

    private static Run replay(Path alertsOut, List<Path> inputs) throws Exception {
        List<String> command = new ArrayList<>(unprivileged());
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                JAR.toAbsolutePath().toString(), "replay", "--alerts-out", alertsOut.toString(), goodFirst.toString()));
        inputs.forEach(p -> command.add(p.toString()));
        command.add(goodLast.toString());
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long peakKb = 0;
        long deadline = started + TimeUnit.MINUTES.toNanos(8);
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, highWaterMarkKb(process.pid()));
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                process.waitFor();
                break;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run(process.exitValue(), text(out), text(err), peakKb / 1024, seconds);
    }

    /** A file as UTF-8, whatever it holds (malformed bytes become U+FFFD). */
    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** The process's peak resident set (VmHWM), 0 once it is gone. */
    private static long highWaterMarkKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the process ended between two readings
        }
        return 0;
    }

    /** As root, rootwatch runs as nobody: file permissions do not bind root, and it should not run as root anyway. */
    private static List<String> unprivileged() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root && Files.isExecutable(Path.of("/usr/bin/setpriv"))
                ? List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
                : List.of();
    }

    private static List<String> alertedEventIds(Path alertsOut) throws IOException {
        if (!Files.exists(alertsOut)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<String> lines = Files.lines(alertsOut)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Json.mapper().readTree(line).path("eventIds").forEach(id -> ids.add(id.asText()));
            }
        }
        return ids;
    }

    // ---- the inputs ----------------------------------------------------------------------------------

    /** A root console login without MFA, one line; {@code eventTime} null for one of last month. */
    private static String login(String account, String eventId, String eventTime) {
        return ("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"%1$s\",\"arn\":\"arn:aws:iam::%1$s:root\","
                + "\"accountId\":\"%1$s\",\"accessKeyId\":\"\"},\"eventTime\":\"%3$s\",\"eventSource\":\"signin.amazonaws.com\","
                + "\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":"
                + "\"Mozilla/5.0\",\"requestParameters\":null,\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":"
                + "{\"LoginTo\":\"https://console.aws.amazon.com/\",\"MobileVersion\":\"No\",\"MFAUsed\":\"No\"},\"eventID\":\"%2$s\","
                + "\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":\"%1$s\"}")
                .formatted(account, eventId, eventTime == null ? java.time.Instant.now().minus(java.time.Duration.ofDays(30))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString() : eventTime);
    }

    private static String logFile(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    /** The record with its userIdentity given a second time, as an IAM user. */
    private static String twice(String record) {
        return record.replace("\"eventTime\"", "\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"decoy\"},\"eventTime\"");
    }

    private static Path write(Path path, String text) throws IOException {
        return readable(Files.writeString(path, text, StandardCharsets.UTF_8));
    }

    private static Path readable(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        return path;
    }

    private static List<Path> gzipBomb(Path d) throws IOException {
        // 16 MiB of ",<login>" compressed once and repeated: 640 gzip members inflate to 10 GiB
        String copy = "," + login("666666666666", "bomb-copy", null);
        byte[] block = copy.repeat((int) (16 * MIB / copy.length())).getBytes(StandardCharsets.UTF_8);
        return List.of(gzipMembers(d.resolve("bomb.json.gz"), "{\"Records\":[" + login("666666666666", "bomb-copy", null),
                block, (int) (10L * 1024 * MIB / block.length), "]}"));
    }

    private static List<Path> tokenArray(Path d) throws IOException {
        String record = login("777777777777", "tokens", null);
        byte[] block = "1,".repeat((int) (8 * MIB)).getBytes(StandardCharsets.UTF_8);
        return List.of(gzipMembers(d.resolve("tokens.json.gz"), "{\"Records\":[" + record.substring(0, record.length() - 1) + ",\"x\":[",
                block, (int) (900 * MIB / block.length), "1]}]}"));
    }

    private static List<Path> unknownKey(Path d) throws IOException {
        String record = login("777777777777", "unknown-key", null);
        byte[] block = "1,".repeat((int) (8 * MIB)).getBytes(StandardCharsets.UTF_8);
        return List.of(gzipMembers(d.resolve("unknown.json.gz"), "{\"unknown\":[", block, (int) (900 * MIB / block.length),
                "1]," + record.substring(1)));
    }

    /** A gzip file of concatenated members: {@code head}, {@code block} {@code times} over (compressed once), {@code tail}. */
    private static Path gzipMembers(Path path, String head, byte[] block, int times, String tail) throws IOException {
        byte[] repeated = gzip(block);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            out.write(gzip(head.getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < times; i++) {
                out.write(repeated);
            }
            out.write(gzip(tail.getBytes(StandardCharsets.UTF_8)));
        }
        return readable(path);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static List<Path> junkLines(Path d) throws IOException {
        Path path = d.resolve("junk.jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            out.write(("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"accountId\":\"111111111111\"},"
                    + "\"eventTime\":\"2026-11-01T10:00:00Z\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\","
                    + "\"eventID\":\"valid-first\",\"recipientAccountId\":\"111111111111\"}\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 1_000_000; i++) {
                out.write(("junk line " + i + " \u001b[31mred\u001b[0m \r[FAKE LOG LINE]\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return List.of(readable(path));
    }

    private static Path numbers(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            out.write('[');
            for (int i = 0; i < 1_000_000; i++) {
                out.write(((i == 0 ? "" : ",") + i).getBytes(StandardCharsets.US_ASCII));
            }
            out.write(']');
        }
        return readable(path);
    }

    private static List<Path> manyLogins(Path d) throws IOException {
        Path path = d.resolve("many.json");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            out.write("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 150_000; i++) {
                out.write(((i == 0 ? "" : ",") + login("888888888888", "many-" + i, null).replace("\"Mozilla/5.0\"",
                        "\"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\"")).getBytes(StandardCharsets.UTF_8));
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(path)).as("the file's size").isGreaterThan(94_000_000L);
        return List.of(readable(path));
    }

    private static List<Path> forgedAccounts(Path d) throws IOException {
        String forged = login("999999999999", "forged", null).replace("\"recipientAccountId\":\"999999999999\"",
                "\"recipientAccountId\":\"200000000047\\n[FAKE LOG LINE] \\u001b[31mred\"");
        String shortId = login("999999999999", "short", null).replace("\"recipientAccountId\":\"999999999999\"",
                "\"recipientAccountId\":\"12345\"");
        String arabic = login("999999999999", "arabic", null).replace("\"recipientAccountId\":\"999999999999\"",
                "\"recipientAccountId\":\"\u0662\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0664\u0667\"");
        return List.of(write(d.resolve("forged.json"), logFile(forged, shortId, arabic)));
    }

    private static Path fifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "666", path.toString()).start();
        assumeThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo works here").isTrue();
        return path;
    }

    private static List<Path> fifoInFolder(Path d) throws Exception {
        Path folder = Files.createDirectory(d.resolve("folder"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        fifo(folder.resolve("a.pipe"));
        write(folder.resolve("b.json"), logFile(login("123412341234", "beside-pipe", null)));
        return List.of(folder);
    }

    private static List<Path> unreadableFolder(Path d) throws IOException {
        Path folder = Files.createDirectory(d.resolve("folder"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path locked = Files.createDirectory(folder.resolve("a-locked"));
        write(locked.resolve("inside.json"), logFile(login("432143214321", "inside-locked", null)));
        write(folder.resolve("b.json"), logFile(login("432143214321", "beside-locked", null)));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeThat(!unprivileged().isEmpty() || !"root".equals(System.getProperty("user.name")))
                .as("an unprivileged rootwatch, for whom permissions bind").isTrue();
        return List.of(folder);
    }
}
